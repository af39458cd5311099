"""Plain JSON over HTTP beside the web app: ``POST /v1/ask`` and ``POST /v1/verify`` take a JSON body and answer
with the JSON of ``qa ask --json`` and ``qa verify --json``, one request per question.

Gradio's own API (``/gradio_api/call/ask``) takes two requests per question (an event id, then an event
stream) and runs through its queue; measured side by side on one `qa serve` process, 20 clients × 20
questions: about 60 questions/s there against about 200/s here. Both stay: Gradio's for gradio_client and
the page, this one for scripts and services.

Like Gradio's queue, the routes refuse work past ``concurrency + queue_size`` requests in progress with
503 and a one-line reason, so a flood is told to retry rather than left to wait without bound.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

from fastapi.responses import JSONResponse  # this module is imported only to serve: the web stack is loaded
from fastapi.routing import APIRoute
from pydantic import BaseModel

from qa.errors import QAError
from qa.settings import DEFAULT_K

if TYPE_CHECKING:
    from qa.engine import Engine


class AskBody(BaseModel):
    question: str
    k: int = DEFAULT_K  # its range is the engine's to check (one message everywhere: 400)
    docs: list[str] | None = None


class VerifyBody(BaseModel):
    claim: str


def routes(engine: Engine) -> list[APIRoute]:
    """The /v1 routes, for the FastAPI app Gradio builds (``launch(app_kwargs={"routes": …})``)."""
    slots = threading.BoundedSemaphore(engine.settings.concurrency + engine.settings.queue_size)

    def ask(body: AskBody) -> Any:
        """Answer a question with verbatim, cited passages (same JSON as `qa ask --json`)."""
        return _guarded(slots, lambda: engine.ask(body.question, body.k, body.docs or None).to_json())

    def verify(body: VerifyBody) -> Any:
        """Check a claim sentence by sentence against the source (same JSON as `qa verify --json`)."""
        return _guarded(slots, lambda: engine.verify(body.claim).to_json())

    return [APIRoute("/v1/ask", ask, methods=["POST"]), APIRoute("/v1/verify", verify, methods=["POST"])]


def _guarded(slots: threading.BoundedSemaphore, work: Callable[[], dict[str, Any]]) -> Any:
    """The reply, or a JSON error: 503 when too many requests are in progress, 400 for a bad question."""
    if not slots.acquire(blocking=False):
        return JSONResponse({"error": "the server is busy: retry in a moment"}, status_code=503)
    try:
        return JSONResponse(work())
    except QAError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    finally:
        slots.release()


__all__ = ["routes"]
