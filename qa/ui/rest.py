"""Plain JSON over HTTP beside the web app: ``POST /v1/ask`` and ``POST /v1/verify`` take a JSON body and
answer with the JSON of ``qa ask --json`` and ``qa verify --json``, one request per question.

Gradio's own API (``/gradio_api/call/ask``) takes two requests per question (an event id, then an event
stream) and runs through its queue; measured side by side on one `qa serve` process, 20 clients × 20
questions: about 60 questions/s there against about 200/s here. Both stay: Gradio's for gradio_client and
the page, this one for scripts and services.

Like Gradio's queue, the routes refuse work past ``concurrency + queue_size`` requests in progress with
503 and a one-line reason, so a flood is told to retry rather than left to wait without bound.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Request, Response  # this module is imported only to serve: the web stack is loaded
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from qa.access.store import Users, caller_rights
from qa.errors import QAError
from qa.settings import DEFAULT_K, K_RULE, MAX_K
from qa.ui.signin import USER_HEADER

if TYPE_CHECKING:
    from qa.access.rights import Rights
    from qa.engine import Engine

MAX_EXPORT = 100  # questions in one /v1/export: a long conversation, not a batch job (that is `qa ask`)


class AskBody(BaseModel):
    # Strict: `true` and "5" are not a k, nor is 5.0 or 1e999 (which JSON parsing makes infinite).
    model_config = ConfigDict(strict=True)

    question: str
    k: int = Field(DEFAULT_K, ge=1, le=MAX_K)  # a malformed body, a k out of range: 422, the field named
    docs: list[str] | None = None
    collections: list[str] | None = (
        None  # only the documents of these collections (qa/document/collections.py)
    )


class ExportBody(BaseModel):
    model_config = ConfigDict(strict=True)

    questions: list[str] = Field(min_length=1, max_length=MAX_EXPORT)  # a conversation, in order
    k: int = Field(DEFAULT_K, ge=1, le=MAX_K)
    docs: list[str] | None = None
    collections: list[str] | None = None
    format: Literal["markdown", "json"] = "markdown"


class VerifyBody(BaseModel):
    model_config = ConfigDict(strict=True)

    claim: str
    collections: list[str] | None = None


class _Route(APIRoute):
    """A /v1 route whose malformed body is answered 422 with one line, like every other error here:
    FastAPI's own 422 echoes the input back, and fails (500) when that input is an infinite number."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handle(request)
            except RequestValidationError as exc:
                return JSONResponse({"error": _one_line(exc)}, status_code=422)

        return guarded


def _one_line(exc: RequestValidationError) -> str:
    """The first problem with the body, without the value sent ("k: Input should be a valid integer")."""
    first = (exc.errors() or [{}])[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body") or "body"
    if first.get("type") == "json_invalid":
        return "the body is not valid JSON"
    if where == "k":  # the engine's own words (qa/settings.py: valid_k), as the CLI and the page say it
        return f"k: {K_RULE.removeprefix('is ')}"
    return f"{where}: {first.get('msg', 'invalid value')}"


def routes(engine: Engine, users: Users | None = None) -> list[APIRoute]:
    """The /v1 routes, for the FastAPI app Gradio builds (``launch(app_kwargs={"routes": …})``). With
    ``users``, each answers from what its caller (named by qa/ui/signin.py) may read."""
    slots = threading.BoundedSemaphore(engine.settings.concurrency + engine.settings.queue_size)

    def rights(request: Request) -> Rights:
        return caller_rights(users, request.headers.get(USER_HEADER))

    def ask(body: AskBody, request: Request) -> Any:
        """Answer a question with verbatim, cited passages (same JSON as `qa ask --json`)."""
        return _guarded(
            slots,
            lambda: engine.ask(
                body.question, body.k, body.docs or None, body.collections, rights(request)
            ).to_json(),
        )

    def verify(body: VerifyBody, request: Request) -> Any:
        """Check a claim sentence by sentence against the source (same JSON as `qa verify --json`)."""
        return _guarded(slots, lambda: engine.verify(body.claim, body.collections, rights(request)).to_json())

    def export(body: ExportBody, request: Request) -> Any:
        """Ask a conversation's questions in order (a follow-up read against the ones before, as the page
        reads it) and return it as Markdown or JSON, the page's "Export conversation"."""
        return _guarded(slots, lambda: _exported(engine, body, rights(request)))

    return [
        _Route("/v1/ask", ask, methods=["POST"]),
        _Route("/v1/verify", verify, methods=["POST"]),
        _Route("/v1/export", export, methods=["POST"]),
    ]


def _exported(engine: Engine, body: ExportBody, rights: Rights) -> Response:
    from qa.answer.followup import resolve
    from qa.ui.render.export import export_json, export_markdown

    asked: list[str] = []
    answers = []
    for message in body.questions:
        question = resolve(message, asked)
        answers.append(engine.ask(question, body.k, body.docs or None, body.collections, rights).to_json())
        asked.append(question)
    generation = engine.index.folder.name
    if body.format == "json":
        return Response(export_json(answers, generation), media_type="application/json")
    return Response(export_markdown(answers, generation), media_type="text/markdown; charset=utf-8")


def _guarded(slots: threading.BoundedSemaphore, work: Callable[[], dict[str, Any] | Response]) -> Any:
    """The reply (JSON, or the response ``work`` made), or a JSON error: 503 when too many requests are in
    progress, 400 for a bad question."""
    if not slots.acquire(blocking=False):
        return JSONResponse({"error": "the server is busy: retry in a moment"}, status_code=503)
    try:
        done = work()
        return done if isinstance(done, Response) else JSONResponse(done)
    except QAError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    finally:
        slots.release()


__all__ = ["routes"]
