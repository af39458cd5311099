"""The HTTP edge without a server: other origins refused with no CORS headers, every response protected."""

from __future__ import annotations

import asyncio

from qa.ui.guard import Guard


def _call(origin: str | None, host: str = "127.0.0.1:7860", forwarded: str | None = None):
    sent: list[dict] = []
    reached: list[bool] = []

    async def app(scope, receive, send):
        reached.append(True)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"access-control-allow-origin", (origin or "").encode())],
            }
        )
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message):
        sent.append(message)

    headers = [(b"host", host.encode())] + ([(b"origin", origin.encode())] if origin else [])
    headers += [(b"x-forwarded-host", forwarded.encode())] if forwarded else []
    asyncio.run(Guard(app)({"type": "http", "method": "POST", "headers": headers}, None, send))
    start = sent[0]
    return start["status"], dict(start["headers"]), bool(reached)


def test_the_page_s_own_origin_and_scripts_pass_with_protective_headers():
    for origin in (None, "http://127.0.0.1:7860"):
        status, headers, reached = _call(origin)
        assert status == 200 and reached
        assert (
            headers[b"x-frame-options"] == b"DENY"
            and b"frame-ancestors 'none'" in headers[b"content-security-policy"]
        )


def test_other_origins_are_refused_before_the_app_without_cors_headers():
    for origin in ("http://localhost:7999", "http://127.0.0.1:7861", "null", "https://evil.example"):
        status, headers, reached = _call(origin)
        assert status == 403 and not reached
        assert not any(key.startswith(b"access-control") for key in headers)


def test_a_proxy_s_host_and_allowed_origins_pass(monkeypatch):
    assert _call("https://qa.example.org", forwarded="qa.example.org")[0] == 200
    monkeypatch.setenv("QA_ALLOWED_ORIGINS", "https://intranet.example.org")
    assert _call("https://intranet.example.org/")[0] == 200
