"""Sign-in at the HTTP edge of ``qa serve``, once users exist (qa/access/store.py): every request names its
user or is refused, before it reaches Gradio, the /v1 routes or MCP.

- **Who.** ``Authorization: Bearer qa_…`` (an API token: scripts, /v1, MCP, Gradio's API) or the
  ``qa_session`` cookie the sign-in form sets (HttpOnly, SameSite=Lax, Secure over HTTPS; 12 hours). The
  user's name is passed on in the ``x-qa-user`` header, which this layer sets and strips from what clients
  send; the handlers read their caller's rights from it (qa/ui/app.py ``rights``, qa/ui/rest.py).
- **Nobody.** A page request goes to ``/login``; any other request is answered 401 with one line.
- **Guessing.** Past five failed sign-ins in a minute from an address or for a name, the next is refused
  (429) after a pause, whatever the password (qa/access/limiter.py). Every sign-in, refusal and sign-out is
  written to the audit log.

This is a layer of its own rather than Gradio's ``auth=``: Gradio's guards its own routes only (not /v1, nor
an MCP call's loopback), takes no tokens and counts no failures.
"""

from __future__ import annotations

import asyncio
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, urlsplit

from qa.access import audit
from qa.access.limiter import SLOW_S, Limiter
from qa.access.store import SESSION_S, Users
from qa.ui.guard import ASGIApp, Receive, Scope, Send, headers_of

if TYPE_CHECKING:
    from qa.access.store import User

USER_HEADER = "x-qa-user"  # the signed-in user's name, as the handlers read it (qa/ui/app.py, qa/ui/rest.py)
_USER_KEY = USER_HEADER.encode()
LOCAL_PEERS = ("127.0.0.1", "::1")  # a request from this machine (a proxy here, or Gradio itself)
COOKIE = "qa_session"
MAX_FORM = 8192  # bytes of a sign-in form: a name and a password
FAILED_S = 0.5  # every failed sign-in waits this long on top of the password check (~0.1 s)
# Gradio's launch asks its own server for this before it returns: a local call that reveals nothing. (An MCP
# tool call needs nothing open: the tools are not queued, so Gradio runs them on the MCP request itself,
# signed in with its caller's token, rather than through a loopback client.)
OPEN_LOCALLY = {"/gradio_api/startup-events"}


class SignIn:
    """ASGI middleware around the whole app: sign-in and sign-out, then every request named or refused."""

    def __init__(self, app: ASGIApp, users: Users, folder: Path) -> None:
        self.app = app
        self.users = users
        self.folder = folder  # where the audit log is kept: beside the users file
        self.limiter = Limiter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != _USER_KEY]}
        path = scope.get("path", "")
        if path == "/login" and scope["type"] == "http":
            await (self._sign_in(scope, receive, send) if scope["method"] == "POST" else _form(send, scope))
            return
        if path == "/logout" and scope["type"] == "http":
            await self._sign_out(scope, send)
            return
        user = self.caller(scope)
        if user is None and not (path in OPEN_LOCALLY and _address(scope) in LOCAL_PEERS):
            await _refuse(scope, send)
            return
        if user is not None:
            scope["headers"].append((_USER_KEY, user.name.encode()))
        await self.app(scope, receive, send)

    def caller(self, scope: Scope) -> User | None:
        """The user a request's token or session cookie names, else None."""
        headers = headers_of(scope)
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return self.users.by_token(token.strip())
        key = _cookies(headers).get(COOKIE)
        return self.users.by_session(key) if key else None

    async def _sign_in(self, scope: Scope, receive: Receive, send: Send) -> None:
        form = parse_qs((await _body(receive)).decode("utf-8", "replace"))
        name, password = (form.get(k, [""])[0] for k in ("name", "password"))
        back = _local(form.get("next", ["/"])[0])
        address = _address(scope)
        keys = [f"addr:{address}", f"user:{name}"]
        if self.limiter.blocked(keys):
            audit.record(self.folder, "sign-in-refused", user=name, address=address, why="too many failures")
            await asyncio.sleep(SLOW_S)
            await _form(send, scope, "too many failed sign-ins: wait a minute and try again", 429, back, name)
            return
        user = await asyncio.to_thread(self.users.check, name, password)
        if user is None:
            self.limiter.failed(keys)
            audit.record(self.folder, "sign-in-failed", user=name, address=address)
            await asyncio.sleep(FAILED_S)
            await _form(send, scope, "wrong name or password", 401, back, name)
            return
        key = self.users.open_session(user.name)
        audit.record(self.folder, "sign-in", user=user.name, address=address)
        cookie = f"{COOKIE}={key}; HttpOnly; SameSite=Lax; Path=/; Max-Age={SESSION_S}{_secure(scope)}"
        await _send(send, 303, b"", [(b"location", back.encode()), (b"set-cookie", cookie.encode())])

    async def _sign_out(self, scope: Scope, send: Send) -> None:
        key = _cookies(headers_of(scope)).get(COOKIE)
        user = self.users.by_session(key) if key else None
        if key:
            self.users.close_session(key)
        if user is not None:
            audit.record(self.folder, "sign-out", user=user.name, address=_address(scope))
        cookie = f"{COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{_secure(scope)}"
        await _send(send, 303, b"", [(b"location", b"/login"), (b"set-cookie", cookie.encode())])


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    pairs = (part.strip().partition("=") for part in headers.get("cookie", "").split(";"))
    return {name: value for name, _, value in pairs if name}


def _address(scope: Scope) -> str:
    """The caller's address: the peer's, or the first a proxy on this machine forwards."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    forwarded = headers_of(scope).get("x-forwarded-for", "").split(",")[0].strip()
    return forwarded if forwarded and peer in LOCAL_PEERS else peer


def _secure(scope: Scope) -> str:
    https = scope.get("scheme") == "https" or headers_of(scope).get("x-forwarded-proto") == "https"
    return "; Secure" if https else ""


def _local(target: str) -> str:
    """Where to go after signing in: a path of this server only (never another site: "//evil", "http:…")."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


async def _body(receive: Receive) -> bytes:
    data = b""
    while True:
        message = await receive()
        data += message.get("body", b"")
        if not message.get("more_body") or len(data) > MAX_FORM:
            return data[:MAX_FORM]


async def _send(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse(scope: Scope, send: Send) -> None:
    """A page goes to the sign-in form; anything else is told in one line how to sign in."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    headers = headers_of(scope)
    if scope.get("method") == "GET" and "text/html" in headers.get("accept", ""):
        target = scope.get("path", "/") + (
            f"?{scope['query_string'].decode()}" if scope["query_string"] else ""
        )
        await _send(send, 303, b"", [(b"location", f"/login?next={quote(target, safe='')}".encode())])
        return
    body = json.dumps({"error": "sign in first: send 'Authorization: Bearer <token>' (`qa tokens create`)"})
    await _send(
        send,
        401,
        body.encode(),
        [(b"content-type", b"application/json"), (b"www-authenticate", b'Bearer realm="qa"')],
    )


async def _form(
    send: Send, scope: Scope, error: str = "", status: int = 200, back: str = "", name: str = ""
) -> None:
    """The sign-in page: a name (as typed before, after a failure), a password, and the page to return to."""
    query = parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"))
    back = back or _local(query.get("next", ["/"])[0])
    said = f"<p class='error' role='alert'>{html.escape(error)}</p>" if error else ""
    page = SIGN_IN_PAGE.format(
        error=said, next=html.escape(back, quote=True), name=html.escape(name, quote=True)
    )
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-store")]
    await _send(send, status, page.encode(), headers)


SIGN_IN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in — qa</title>
<style>body{{font-family:system-ui,sans-serif;background:#f6f7fb;display:flex;justify-content:center;
padding-top:12vh;margin:0}}form{{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002;
width:20rem}}h1{{font-size:1.3rem;margin:0 0 1rem}}label{{display:block;margin:.8rem 0 .3rem}}
input{{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #bbb;border-radius:6px}}
button{{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;border:0;border-radius:6px;
background:#4f46e5;color:#fff;cursor:pointer}}.error{{color:#b91c1c}}</style></head><body>
<form method="post" action="/login"><h1>qa — sign in</h1>{error}
<label for="name">Name</label>
<input id="name" name="name" value="{name}" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<input type="hidden" name="next" value="{next}"><button type="submit" id="sign-in">Sign in</button>
</form></body></html>"""

__all__ = ["COOKIE", "LOCAL_PEERS", "USER_HEADER", "SignIn"]
