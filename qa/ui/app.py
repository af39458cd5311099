"""The web page's handlers: each turns one event into new component values, and a domain error into a visible
notice (``gr.Warning``), never a traceback. The page's layout is qa/ui/web.py; the JSON routes qa/ui/rest.py.
"""

# No `from __future__ import annotations`: gr.api reads the handlers' annotations as real types.
import logging
import tempfile
import threading
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, NamedTuple

from gradio import Request  # the handlers' caller: a real type, read by Gradio from each signature

from qa.access import audit
from qa.access.rights import EVERYONE, Rights
from qa.access.store import Users, caller_rights, valid_name
from qa.answer.compose import Answer
from qa.answer.followup import resolve
from qa.convert.extract import PAGED
from qa.document.collections import DEFAULT_COLLECTION, collection_of, collections
from qa.document.library import add_document, clean_stale_uploads, remove_document
from qa.document.paragraphs import parse
from qa.document.source import FORMATS
from qa.engine import Engine
from qa.errors import QAError, UploadError
from qa.index.skipped import skipped_files
from qa.index.texts import find_document
from qa.retrieve.cited import Cited
from qa.settings import DEFAULT_K, Settings
from qa.ui.examples import Ranked, pick, ranked_examples
from qa.ui.pdfpage import render as render_page
from qa.ui.pdfpage import render_scan
from qa.ui.render.chat import chat_reply
from qa.ui.render.cite import chip, context, esc, md_escape, numbered, rank_of_chip
from qa.ui.render.export import SHA_SHOWN, export_json, export_markdown
from qa.ui.render.html import (
    changed_html,
    layout_html,
    library_html,
    page_viewer_html,
    sources_html,
    verdicts_html,
    viewer_html,
)
from qa.ui.signin import USER_HEADER

log = logging.getLogger("qa")


def _warn(message: str) -> None:
    """A notice on the page. Gradio renders a notice's text as HTML: every one is escaped, since file names,
    query parameters and document text reach them (a phishing form in a ?doc= link must show as text)."""
    import gradio as gr

    gr.Warning(esc(message))


def _info(message: str) -> None:
    import gradio as gr

    gr.Info(esc(message))


def _notes(settings: Settings, rel: str) -> tuple[str, ...]:
    """How document ``rel`` was read, as its stored text keeps it (pages past the OCR cap among them)."""
    try:
        return find_document(settings, rel).notes
    except (QAError, OSError):
        return ()


def kept(handler: Callable[..., Any], outputs: int) -> Callable[..., Any]:
    """``handler`` for an event of the page: a bug in it becomes one notice (logged whole on the server)
    and leaves its ``outputs`` components as they are, so nothing on the page, the chat above all, is
    lost. Domain errors are each handler's own to say."""
    import functools

    @functools.wraps(handler)
    def run(*args: Any) -> Any:
        try:
            return handler(*args)
        except Exception:
            import gradio as gr

            log.exception("%s failed", handler.__name__)
            _warn("that did not work (an internal error, logged on the server); the page is as it was")
            return gr.skip() if outputs == 1 else tuple(gr.skip() for _ in range(outputs))

    return run


class Reply(NamedTuple):
    """What asking changes on the page: one field per component, in the order qa/ui/web.py wires them (it
    reads these names), so a value can never land in another component's place."""

    chat: Any
    box: Any
    asked: Any
    answer: Any
    sources: Any
    pick: Any
    side: Any
    shared: Any
    quoted: Any  # "doc@sha" of the passage the answer leads with: the version a shared link names
    history: Any  # every answer of the conversation, as JSON: what "Export" writes


class LibraryView(NamedTuple):
    """What a change to the library refreshes: its table, the document pickers and the examples."""

    table: Any
    remove_pick: Any
    layout_pick: Any
    scope: Any
    collections: Any  # the collection picker: shown when the library has more than one
    target: Any  # the collection an upload goes to: shown when the caller may add to more than one
    examples: Any
    example_list: Any


class App:
    """Handlers behind the UI; each turns domain errors into a visible notice, never a traceback."""

    def __init__(self, engine: Engine, users: Users | None = None) -> None:
        self.engine = engine
        self.users = users  # None: no sign-in, everyone reads and changes everything
        self._examples: tuple[str, Ranked] | None = None  # (index generation, its ranked examples)
        self._reading: threading.Thread | None = None  # the background read of the latest upload
        self._outcome: dict[str | None, str] = {}  # what became of each uploader's latest, said to them
        clean_stale_uploads(engine.settings.source)

    def rights(self, request: Request | None) -> Rights:
        """The caller's rights: everyone's without sign-in; else those of the user qa/ui/signin.py named
        on the request (nobody's when none is named: a handler reached around the sign-in reads nothing)."""
        headers = getattr(request, "headers", None) or {}
        return caller_rights(self.users, headers.get(USER_HEADER))

    def _audit(self, event: str, rights: Rights, **fields: Any) -> None:
        if self.users is not None:
            audit.record(self.engine.settings.index, event, user=rights.user, **fields)

    # --- asking -------------------------------------------------------------------------------------
    def respond(
        self,
        message: str,
        chat: list[dict],
        asked: list[str],
        docs: list[str] | None = None,
        history: list[dict] | None = None,
        chosen: list[str] | None = None,
        request: Request | None = None,
        *,
        note: str | None = None,
    ) -> Reply:
        """Answer ``message`` from what the caller may read; ``note``: said first (a shared link's)."""
        import gradio as gr

        try:
            question = resolve(message or "", asked or [])
            answer = self.engine.ask(question, None, docs or None, chosen or None, self.rights(request))
            data = answer.to_json()  # retrieval's ranks, as the API gives them
            answer = numbered(answer)  # the page's: as its passages are shown
            if answer.notice:
                _warn(answer.notice)
        except QAError as exc:
            _warn(str(exc))
            return Reply(chat, message, asked, *[gr.skip()] * 7)  # the rest of the page stays as it is
        except Exception:  # a bug, not the user's doing: said in one line, logged whole, the chat kept
            log.exception("answering %r failed", message)
            _warn("qa could not answer that question (an internal error, logged on the server); ask again")
            return Reply(chat, message, asked, *[gr.skip()] * 7)
        reply = chat_reply(answer, question if question != message else None)
        if note:
            _warn(note)
            reply = f"*Note: {md_escape(note)}*\n\n{reply}"
        chat = (chat or []) + [
            {"role": "user", "content": md_escape(message)},
            {"role": "assistant", "content": reply},
        ]
        choices = [chip(c) for c in answer.answers + context(answer)]  # what the Sources panel shows
        return Reply(
            chat=chat,
            box="",
            asked=(asked or []) + [question],
            answer=answer,
            sources=sources_html(answer),
            pick=gr.update(choices=choices, value=None),
            side=gr.Tabs(selected="sources-tab"),
            shared=answer.question,
            quoted=f"{answer.lead.passage.doc}@{answer.lead.doc_sha256[:SHA_SHOWN]}" if answer.lead else "",
            history=(history or []) + [data],
        )

    def changed_since(self, quoted: str, rights: Rights = EVERYONE) -> str | None:
        """What became of the document a shared link quoted (``quoted``: "doc@sha", as ``Reply.quoted``):
        a line saying it was removed or has changed since, else None (and nothing about a document the
        caller may not read)."""
        doc, _, sha = quoted.rpartition("@")
        if not doc or not sha or not rights.may_read(doc):
            return None
        now = self.engine.index.manifest.files.get(doc)
        if now is None:
            return f"this link quoted {doc}, which has since been removed from the library"
        if not now.startswith(sha):
            return f"{doc} has changed since this link was made: the answer below quotes it as it is now"
        return None

    def export(self, history: list[dict] | None):
        """The conversation as Markdown and JSON files to download (qa/ui/render/export.py)."""
        import gradio as gr

        if not history:
            _warn("ask a question first: there is nothing to export yet")
            return gr.update(value=None, visible=False)
        folder = Path(tempfile.mkdtemp(prefix="qa-export-"))
        generation = self.engine.index.folder.name
        files = {"qa-conversation.md": export_markdown(history, generation),
                 "qa-conversation.json": export_json(history, generation)}  # fmt: skip
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        return gr.update(value=[str(folder / name) for name in files], visible=True)

    def open_citation(self, choice: str | None, answer: Answer | None, request: Request | None = None):
        """Show the cited passage in its document and bring the Document tab forward."""
        import gradio as gr

        if not choice or not answer:
            return "<div class='qa-empty'>Pick a citation to see it in its document.</div>", gr.skip()
        cited = next(c for c in answer.cited if c.rank == rank_of_chip(choice))
        rights = self.rights(request)
        return self.document_html(cited.passage.doc, cited, rights), gr.Tabs(selected="document-tab")

    def document_html(self, rel: str, cited: Cited | None = None, rights: Rights = EVERYONE) -> str:
        try:  # a converted file is shown as the text its citations index into: the index's stored copy
            doc = self.engine.document(rel, rights)
        except (QAError, OSError):
            return "<div class='qa-empty'>That document is no longer in the library.</div>"
        title = parse(doc).title
        if cited is not None and cited.doc_sha256 and cited.doc_sha256 != doc.sha256:
            # Another file now stands under that name (or this one was edited): the citation's offsets index
            # into text the file no longer holds, so nothing is marked; the document is shown as it is now.
            return changed_html(viewer_html(doc.text, title, None))
        if cited is not None and cited.passage.page and doc.suffix in PAGED:
            try:  # the page itself, marked; the extracted text stays one click away
                path, page, p = self.engine.settings.source / rel, cited.passage.page, cited.passage
                image = (
                    render_scan(path, doc, page, (p.start, p.end), cited.highlight)
                    if doc.scan(page)
                    else render_page(path, page, p.text, cited.sentence)
                )
                return page_viewer_html(
                    title, cited, image, viewer_html(doc.text, title, cited, anchor=False)
                )
            except Exception:  # a PDF PDFium cannot render again: the text view still cites it exactly
                pass
        return viewer_html(doc.text, title, cited)

    # --- checking -----------------------------------------------------------------------------------
    def check(self, claim: str, request: Request | None = None) -> str:
        import gradio as gr

        try:
            verdict = self.engine.verify(claim or "", rights=self.rights(request))
            if verdict.notice:
                _warn(verdict.notice)
            return verdicts_html(verdict)
        except QAError as exc:
            _warn(str(exc))
        except Exception:  # a bug: one line on the page, logged whole; what the page shows stays
            log.exception("checking %r failed", claim)
            _warn("qa could not check that (an internal error, logged on the server); try again")
        return gr.skip()

    # --- library ------------------------------------------------------------------------------------
    def library(self, scope: list[str] | None = None, rights: Rights = EVERYONE) -> LibraryView:
        """The Library tab, the document pickers (the Ask tab's scope set to ``scope`` when given), the
        collections to add to and the examples, all for the index as it is now and of what ``rights`` may
        read: nothing of another collection, not even its count."""
        import gradio as gr

        index = self.engine.index
        names = self.engine.documents(rights)
        skipped = self.skipped(rights)
        chosen = (
            gr.update(choices=names, value=[d for d in scope if d in names])
            if scope
            else gr.update(choices=names)
        )
        examples = self.examples(None if rights.reads_all else names)
        groups = collections(names)
        removable = [
            rel for rel in names + [r for r, _ in skipped if r not in names] if rights.may_write(rel)
        ]
        targets = self.targets(rights, groups)
        return LibraryView(
            table=library_html(index, skipped, None if rights.reads_all else frozenset(names)),
            remove_pick=gr.update(choices=removable, value=None),
            layout_pick=gr.update(choices=names, value=None),
            scope=chosen,
            collections=gr.update(choices=groups, visible=len(groups) > 1),
            target=gr.update(
                choices=targets, value=targets[0] if targets else None, visible=len(targets) > 1
            ),
            examples=gr.update(samples=[[q] for q in examples]),
            example_list=examples,
        )

    @staticmethod
    def targets(rights: Rights, present: list[str]) -> list[str]:
        """The collections ``rights`` may add documents to: those present it writes, and those its rights
        name (a writer of "hr" starts it with a first upload); "default" first."""
        named = set() if rights.write is None else set(rights.write)
        found = {c for c in present if rights.writes(c)} | named
        if rights.write is None:
            found.add(DEFAULT_COLLECTION)
        return sorted(found, key=lambda c: (c != DEFAULT_COLLECTION, c))

    def skipped(self, rights: Rights = EVERYONE) -> list[tuple[str, str]]:
        """(path, reason) of each file in the source folder that could not be read and ``rights`` may read:
        listed with a Remove."""
        source = self.engine.settings.source
        return [
            (rel, why)
            for rel, why in skipped_files(self.engine.settings.index)
            if (source / rel).is_file() and rights.may_read(rel)
        ]

    def layout(self, rel: str | None, request: Request | None = None) -> str:
        """Each block of a document with its role: what is cited and what is set aside."""

        if not rel:
            return layout_html(None)
        try:
            return layout_html(parse(self.engine.document(rel, self.rights(request))))
        except (QAError, OSError) as exc:
            _warn(f"cannot show {rel}: {exc}")
            return layout_html(None)

    def _change_library(self, change: Callable[[], str], rights: Rights):
        """Apply a removal, refresh the index incrementally, and report either way."""
        try:
            done = change()
            self.engine.refresh()
        except QAError as exc:
            _warn(str(exc))
        except OSError as exc:  # a full disk or a read-only folder: say so, keep serving the index we have
            _warn(f"the library could not be changed: {exc.strerror or exc}")
        else:
            _info(done)
        return self.library(rights=rights)

    def upload(self, path: str | None, target: str | None = None, request: Request | None = None):
        """Add a document to the collection ``target``; then the timer that lists it once it has been read,
        and an empty upload box (the uploaded copy is deleted once added: the box is ready for the next
        file)."""
        import gradio as gr

        rights = self.rights(request)
        library = self._upload(path, target or DEFAULT_COLLECTION, rights)
        return (*library, gr.Timer(active=self._reading is not None), None)

    def poll_index(self, shown: str, request: Request | None = None):
        """With a watched folder: the library as it is now once the index has changed since ``shown`` (the
        generation the page lists), else nothing."""
        import gradio as gr

        generation = self.engine.index.folder.name
        if generation == shown:
            return (*[gr.skip()] * len(LibraryView._fields), gr.skip())
        return (*self.library(rights=self.rights(request)), generation)

    def poll_reading(self, request: Request | None = None):
        """While an upload is read in the background: nothing changes; then the library with it (or with
        the reason it was skipped, said to the one who added it), timer off."""
        import gradio as gr

        if self._reading is not None and self._reading.is_alive():
            return (*[gr.skip()] * len(LibraryView._fields), gr.skip())
        rights = self.rights(request)
        outcome = self._outcome.pop(rights.user, "")
        if outcome:
            (_warn if outcome.startswith("skipped") else _info)(outcome)
        return (*self.library(rights=rights), gr.Timer(active=False))

    def _read_only(self) -> bool:
        """A replica serves the index its builder keeps: the library is changed there, not here."""
        if self.engine.settings.follow:
            _warn(
                "this server is a replica of a shared index: add or remove documents in the source "
                "folder where `qa index` builds it; every replica then serves them within seconds"
            )
        return self.engine.settings.follow

    def _upload(self, path: str | None, target: str = DEFAULT_COLLECTION, rights: Rights = EVERYONE):
        """Keep the file (cheap checks only: name, size on disk, content type) in the collection ``target``
        and read it in the background: the request returns at once, the current index answers meanwhile,
        and the Library lists the document once it is read, or lists it under Skipped with the reason.
        Gradio's temporary copy is deleted."""
        upload = Path(path) if path else None
        try:
            if self._read_only():
                return self.library(rights=rights)
            if upload is None:
                _warn(f"choose a document first ({FORMATS})")
                return self.library(rights=rights)
            added = self._add(upload, target, rights)
        except QAError as exc:
            _warn(str(exc))
            return self.library(rights=rights)
        except OSError as exc:
            _warn(f"the library could not be changed: {exc.strerror or exc}")
            return self.library(rights=rights)
        finally:
            if upload is not None:
                upload.unlink(missing_ok=True)
        self._audit("upload", rights, document=added)
        self._read_in_background(added, rights.user)
        _info(f"added {added}: reading it in the background; it is answerable once the Library lists it")
        return self.library(rights=rights)

    def _add(self, upload: Path, target: str, rights: Rights) -> str:
        """Write ``upload`` into the collection ``target`` (its folder; "default": the source folder
        itself), if ``rights`` may write there; returns its path relative to the source folder."""
        settings = self.engine.settings
        if not rights.writes(valid_name(target, "collection")):
            raise UploadError(f"you may not add documents to {target!r}: choose a collection you may change")
        folder = "" if target == DEFAULT_COLLECTION else target
        added = add_document(settings.source / folder, upload.name, upload, settings.max_file_bytes)
        return f"{folder}/{added}" if folder else added

    def _read_in_background(self, added: str, user: str | None) -> None:
        """Refresh the index on a thread of its own, one at a time; what became of ``added`` is said by the
        next poll of ``user``'s page."""
        previous = self._reading

        def work() -> None:
            if previous is not None:
                previous.join()
            self._outcome[user] = self._refresh_quietly(added)

        self._reading = threading.Thread(target=work, name=f"read {added}", daemon=True)
        self._reading.start()

    def _refresh_quietly(self, added: str) -> str:
        """Refresh the index; returns what happened to ``added`` in one line."""
        try:
            index = self.engine.refresh()
        except (QAError, OSError) as exc:  # nobody waits on this thread: the log and the next poll say it
            log.warning("indexing in the background failed: %s", exc)
            return f"skipped {added}: {exc}"
        if added in index.manifest.files:
            capped = [note for note in _notes(self.engine.settings, added) if "only the first" in note]
            return f"{added} is read and answerable" + "".join(f"; {note}" for note in capped)
        reasons = dict(skipped_files(self.engine.settings.index))
        return reasons.get(added, f"skipped {added}: see the server's log")

    def remove(self, rel: str | None, request: Request | None = None):
        rights = self.rights(request)
        if self._read_only():
            return self.library(rights=rights)
        if not rel:
            _warn("choose a document to remove")
            return self.library(rights=rights)
        if not rights.may_write(rel):  # one the caller may read is theirs to see, not to remove
            _warn(
                f"you may not remove documents from {collection_of(rel)!r}"
                if rights.may_read(rel)
                else f"no document {rel!r} in the library"
            )
            return self.library(rights=rights)

        def take_out() -> str:
            remove_document(self.engine.settings.source, rel)
            self._audit("remove", rights, document=rel)
            return f"removed {rel} (kept in source/.removed/)"

        return self._change_library(take_out, rights)

    # --- API ----------------------------------------------------------------------------------------
    def api_ask(
        self,
        question: str,
        k: int = DEFAULT_K,
        docs: list[str] | None = None,
        request: Request | None = None,
    ) -> dict:
        """Answer a question with verbatim, cited passages (same JSON as `qa ask --json`), from the whole
        library or only the documents named in ``docs``."""
        import gradio as gr

        try:
            return self.engine.ask(question, k, docs or None, rights=self.rights(request)).to_json()
        except QAError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    def api_verify(self, claim: str, request: Request | None = None) -> dict:
        """Check a claim sentence by sentence against the source (same JSON as `qa verify --json`)."""
        import gradio as gr

        try:
            return self.engine.verify(claim, rights=self.rights(request)).to_json()
        except QAError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    def examples(self, readable: Collection[str] | None = None) -> list[str]:
        """Questions the library answers (qa/ui/examples.py), found once per index generation, about the
        documents ``readable`` only when given (a caller's)."""
        generation = self.engine.index.folder.name
        if self._examples is None or self._examples[0] != generation:
            self._examples = (generation, ranked_examples(self.engine))
        return pick(self._examples[1], readable)
