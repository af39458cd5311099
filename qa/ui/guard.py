"""The HTTP edge of ``qa serve``: requests from other sites are refused, and every response tells the browser
what the page may do.

- **Origin.** A browser names the page that sends a request in its ``Origin`` header. A request whose origin
  is not the served host itself (nor one listed in QA_ALLOWED_ORIGINS) is refused with 403 before it reaches
  Gradio: another site, or another port of localhost, can neither upload, ask through the API, nor read an
  answer. Gradio's own CORS layer would answer such origins with credentials; this layer stands outside it,
  so its headers never reach them. Scripts and ``curl`` send no Origin and are not affected.
- **Headers.** ``X-Frame-Options: DENY`` and a Content-Security-Policy that Gradio's page works under: its
  own scripts and styles (it inlines both), images from itself and ``data:`` (page images), no framing, no
  form posting elsewhere, no remote images or fonts, so markup that got into a page can neither phone
  home nor post a password elsewhere.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "media-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
REFUSED = (
    b'{"error": "cross-origin request refused: this server answers its own page only (QA_ALLOWED_ORIGINS)"}'
)


class Guard:
    """ASGI middleware: the origin check and the headers above, around the whole app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        listed = os.environ.get("QA_ALLOWED_ORIGINS", "").split(",")
        self.allowed = {o.strip().rstrip("/").lower() for o in listed if o.strip()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = headers_of(scope)
        # The host the request names, and the one a proxy in front forwards.
        hosts = {headers.get("host", ""), *headers.get("x-forwarded-host", "").split(",")}
        if not self.same_origin(headers.get("origin"), hosts):
            await _refuse(scope, send)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)

    def same_origin(self, origin: str | None, hosts: set[str]) -> bool:
        """No Origin (a script, a same-origin GET), the served host itself (as the request or a proxy in front
        names it), or an origin allowed by setting."""
        if origin is None:
            return True
        origin = origin.strip().rstrip("/").lower()
        served = {h.strip().lower() for h in hosts if h.strip()}
        return urlsplit(origin).netloc in served or origin in self.allowed


def headers_of(scope: Scope) -> dict[str, str]:
    """An ASGI request's headers by lower-case name (the last of a repeated one)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


async def _refuse(scope: Scope, send: Send) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"application/json"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": REFUSED})


def lifespan(*inner: Any) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """The app's lifespan: put ``Guard`` outside every layer Gradio added (its CORS one included), with the
    ``inner`` middleware (starlette ``Middleware``: sign-in, qa/ui/signin.py) just inside it, once the app
    starts: Gradio builds the app inside ``launch`` and adds its own layers first, so this is the one moment
    to wrap them."""

    @contextlib.asynccontextmanager
    async def wrapped(app: Any) -> AsyncIterator[None]:
        from starlette.middleware import Middleware

        if not any(m.cls is Guard for m in app.user_middleware):
            app.user_middleware[0:0] = [Middleware(Guard), *inner]
            app.middleware_stack = app.build_middleware_stack()
        yield

    return wrapped


__all__ = ["ASGIApp", "CSP", "Guard", "Receive", "Scope", "Send", "headers_of", "lifespan"]
