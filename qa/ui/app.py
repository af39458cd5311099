"""The web page's handlers: each turns one event into new component values, and a domain error into a visible
notice (``gr.Warning``), never a traceback. The page's layout is qa/ui/web.py; the JSON routes qa/ui/rest.py.
"""

# No `from __future__ import annotations`: gr.api reads the handlers' annotations as real types.
import logging
import threading
from pathlib import Path
from typing import Callable

from qa.answer.compose import Answer
from qa.answer.followup import resolve
from qa.engine import Engine
from qa.errors import QAError
from qa.index.texts import find_document
from qa.ingest.extract import PAGED, scan_pages
from qa.ingest.library import add_document, clean_stale_uploads, remove_document
from qa.ingest.ocr import OCR_SECONDS_PER_PAGE
from qa.ingest.paragraphs import parse
from qa.ingest.source import FORMATS
from qa.retrieve.cited import Cited
from qa.settings import DEFAULT_K
from qa.ui.examples import library_examples
from qa.ui.pdfpage import render as render_page
from qa.ui.pdfpage import render_scan
from qa.ui.render.chat import chat_reply
from qa.ui.render.cite import chip, context, md_escape, rank_of_chip
from qa.ui.render.html import layout_html, library_html, page_viewer_html, sources_html, verdicts_html, viewer_html

log = logging.getLogger("qa")


# Offered when the shipped article is in the library; other corpora get a generic starter.
class App:
    """Handlers behind the UI; each turns domain errors into a visible notice, never a traceback."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._examples: tuple[str, list[str]] | None = None  # (index generation, its examples)
        self._reading: "threading.Thread | None" = None  # the background OCR read of an uploaded scan
        clean_stale_uploads(engine.settings.source)

    # --- asking -------------------------------------------------------------------------------------
    def respond(self, message: str, chat: list[dict], asked: list[str], docs: list[str] | None = None):
        import gradio as gr

        try:
            question = resolve(message or "", asked or [])
            answer = self.engine.ask(question, docs=docs or None)
            if answer.notice:
                gr.Warning(answer.notice)
        except QAError as exc:
            gr.Warning(str(exc))
            return chat, message, asked, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        chat = (chat or []) + [
            {"role": "user", "content": md_escape(message)},
            {"role": "assistant", "content": chat_reply(answer, question if question != message else None)},
        ]
        choices = [chip(c) for c in answer.answers + context(answer)]  # what the Sources panel shows
        return (chat, "", (asked or []) + [question], answer, sources_html(answer),
                gr.update(choices=choices, value=None), gr.Tabs(selected="sources-tab"), answer.question)

    def open_citation(self, choice: str | None, answer: Answer | None):
        """Show the cited passage in its document and bring the Document tab forward."""
        import gradio as gr

        if not choice or not answer:
            return "<div class='qa-empty'>Pick a citation to see it in its document.</div>", gr.skip()
        cited = next(c for c in answer.cited if c.rank == rank_of_chip(choice))
        return self.document_html(cited.passage.doc, cited), gr.Tabs(selected="document-tab")

    def document_html(self, rel: str, cited: Cited | None = None) -> str:
        try:  # a converted file is shown as the text its citations index into: the index's stored copy
            doc = find_document(self.engine.settings, rel)
        except (QAError, OSError):
            return "<div class='qa-empty'>That document is no longer in the library.</div>"
        title = parse(doc).title
        if cited is not None and cited.passage.page and doc.suffix in PAGED:
            try:  # the page itself, marked; the extracted text stays one click away
                path, page, p = self.engine.settings.source / rel, cited.passage.page, cited.passage
                image = (render_scan(path, doc, page, (p.start, p.end), cited.highlight) if doc.scan(page)
                         else render_page(path, page, p.text, cited.sentence))
                return page_viewer_html(title, cited, image, viewer_html(doc.text, title, cited, anchor=False))
            except Exception:  # a PDF PDFium cannot render again: the text view still cites it exactly
                pass
        return viewer_html(doc.text, title, cited)

    # --- checking -----------------------------------------------------------------------------------
    def check(self, claim: str) -> str:
        import gradio as gr

        try:
            verdict = self.engine.verify(claim or "")
            if verdict.notice:
                gr.Warning(verdict.notice)
            return verdicts_html(verdict)
        except QAError as exc:
            gr.Warning(str(exc))
            return verdicts_html(None)

    # --- library ------------------------------------------------------------------------------------
    def library(self, scope: list[str] | None = None):
        """The Library tab, the document pickers (the Ask tab's scope set to ``scope`` when given) and the
        examples, all for the index as it is now."""
        import gradio as gr

        index = self.engine.index
        names = index.manifest.paths
        chosen = gr.update(choices=names, value=[d for d in scope if d in names]) if scope else gr.update(choices=names)
        examples = self.examples()
        return (library_html(index), gr.update(choices=names, value=None), gr.update(choices=names, value=None),
                chosen, gr.update(samples=[[q] for q in examples]), examples)

    def layout(self, rel: str | None) -> str:
        """Each block of a document with its role: what is cited and what is set aside."""
        import gradio as gr

        if not rel:
            return layout_html(None)
        try:
            return layout_html(parse(find_document(self.engine.settings, rel)))
        except (QAError, OSError) as exc:
            gr.Warning(f"cannot show {rel}: {exc}")
            return layout_html(None)

    def _change_library(self, change: Callable[[], str]):
        """Apply an add or remove, refresh the index incrementally, and report either way."""
        import gradio as gr

        try:
            done = change()
            self.engine.refresh()
        except QAError as exc:
            gr.Warning(str(exc))
        except OSError as exc:  # a full disk or a read-only folder: say so, keep serving the index we have
            gr.Warning(f"the library could not be changed: {exc.strerror or exc}")
        else:
            gr.Info(done)
        return self.library()

    def upload(self, path: str | None):
        """Add a document; the last value turns on the timer that lists a scan once it has been read."""
        import gradio as gr

        library = self._upload(path)
        return (*library, gr.Timer(active=self._reading is not None and self._reading.is_alive()))

    def poll_reading(self):
        """While a scan is read in the background: nothing changes; then the library with it, timer off."""
        import gradio as gr

        if self._reading is not None and self._reading.is_alive():
            return (*[gr.skip()] * 6, gr.skip())
        self._reading = None
        return (*self.library(), gr.Timer(active=False))

    def _read_only(self) -> bool:
        """A replica serves the index its builder keeps: the library is changed there, not here."""
        import gradio as gr

        if self.engine.settings.follow:
            gr.Warning("this server is a replica of a shared index: add or remove documents in the source "
                       "folder where `qa index` builds it; every replica then serves them within seconds")
        return self.engine.settings.follow

    def _upload(self, path: str | None):
        import gradio as gr

        if self._read_only():
            return self.library()
        if not path:
            gr.Warning(f"choose a document first ({FORMATS})")
            return self.library()
        settings = self.engine.settings
        data = Path(path).read_bytes()
        scans: int | None = None
        try:
            scans = scan_pages(Path(path).name, data)
        except QAError:
            pass  # add_document checks it again and says what is wrong with it
        if scans:
            return self._add_scan(Path(path).name, data, scans)

        def add() -> str:
            name = add_document(settings.source, Path(path).name, data, settings.max_file_bytes, scans=scans)
            return f"added {name}; the index is up to date"

        return self._change_library(add)

    def _add_scan(self, name: str, data: bytes, pages: int):
        """A scan is added at once and read by OCR in the background (seconds a page): the page stays
        usable, the current index answers meanwhile, and the Library lists the scan once it is read."""
        import gradio as gr

        settings = self.engine.settings
        try:
            added = add_document(settings.source, name, data, settings.max_file_bytes, scans=pages)
        except QAError as exc:
            gr.Warning(str(exc))
            return self.library()
        self._reading = threading.Thread(target=self._refresh_quietly, name=f"ocr {added}", daemon=True)
        self._reading.start()
        gr.Info(f"added {added}: reading its {pages} scanned page(s) by OCR in the background "
                f"(about {max(1, round(pages * OCR_SECONDS_PER_PAGE))} s); it is answerable once the Library lists it")
        return self.library()

    def _refresh_quietly(self) -> None:
        try:
            self.engine.refresh()
        except (QAError, OSError) as exc:  # nobody waits on this thread: the log says what went wrong
            log.warning("indexing in the background failed: %s", exc)

    def remove(self, rel: str | None):
        import gradio as gr

        if self._read_only():
            return self.library()
        if not rel:
            gr.Warning("choose a document to remove")
            return self.library()

        def take_out() -> str:
            remove_document(self.engine.settings.source, rel)
            return f"removed {rel} (kept in source/.removed/)"

        return self._change_library(take_out)

    # --- API ----------------------------------------------------------------------------------------
    def api_ask(self, question: str, k: int = DEFAULT_K, docs: list[str] | None = None) -> dict:
        """Answer a question with verbatim, cited passages (same JSON as `qa ask --json`), from the whole
        library or only the documents named in ``docs``."""
        import gradio as gr

        try:
            return self.engine.ask(question, k, docs or None).to_json()
        except QAError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    def api_verify(self, claim: str) -> dict:
        """Check a claim sentence by sentence against the source (same JSON as `qa verify --json`)."""
        import gradio as gr

        try:
            return self.engine.verify(claim).to_json()
        except QAError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    def examples(self) -> list[str]:
        """Questions the library answers (qa/ui/examples.py), found once per index generation."""
        generation = self.engine.index.folder.name
        if self._examples is None or self._examples[0] != generation:
            self._examples = (generation, library_examples(self.engine))
        return self._examples[1]
