"""The Gradio web app: chat with cited quotes, sources panel, document viewer, answer checking, library.

Queue: ``Settings.concurrency`` answers at a time (16) and ``Settings.queue_size`` waiting (64); past that
Gradio answers "queue is full" at once, so a client is told to retry rather than left hanging. The plain JSON
routes of qa/rest.py are served by the same process.
"""


import os
from pathlib import Path
from typing import Callable

from qa.answer import Answer, Cited
from qa.engine import Engine
from qa.errors import QAError
from qa.followup import resolve
from qa.library import add_document, clean_stale_uploads, remove_document
from qa.paragraphs import parse
from qa.pdfpage import render as render_page
from qa.render import (CSS, chat_reply, choice_label, layout_html, library_html, md_escape, page_viewer_html,
                       sources_html, verdicts_html, viewer_html)
from qa.settings import DEFAULT_K, MAX_K
from qa.source import FORMATS, SUPPORTED_SUFFIXES, find_document

# Offered when the shipped article is in the library; other corpora get a generic starter.
ARTICLE_EXAMPLES = [
    "How many people does China's basic medical insurance cover?",
    "When was the Emergency Management Department established?",
    "How many firefighters are there in China?",
    "What did the Ministry of Civil Affairs publish together with 21 departments?",
]
SCROLL_JS = "() => { setTimeout(() => document.getElementById('qa-cited')?.scrollIntoView({block: 'center'}), 50); }"


class App:
    """Handlers behind the UI; each turns domain errors into a visible notice, never a traceback."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
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
            return chat, message, asked, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        chat = (chat or []) + [
            {"role": "user", "content": md_escape(message)},
            {"role": "assistant", "content": chat_reply(answer, question if question != message else None)},
        ]
        choices = [choice_label(c) for c in answer.cited]
        return (chat, "", (asked or []) + [question], answer, sources_html(answer),
                gr.update(choices=choices, value=None), gr.Tabs(selected="sources-tab"))

    def open_citation(self, choice: str | None, answer: Answer | None):
        """Show the cited passage in its document and bring the Document tab forward."""
        import gradio as gr

        if not choice or not answer:
            return "<div class='qa-empty'>Pick a citation to see it in its document.</div>", gr.skip()
        rank = int(choice.split("]")[0].lstrip("["))
        cited = next(c for c in answer.cited if c.rank == rank)
        return self.document_html(cited.passage.doc, cited), gr.Tabs(selected="document-tab")

    def document_html(self, rel: str, cited: Cited | None = None) -> str:
        try:  # a converted file is shown as the text its citations index into: the index's stored copy
            doc = find_document(self.engine.settings, rel)
        except (QAError, OSError):
            return "<div class='qa-empty'>That document is no longer in the library.</div>"
        title = parse(doc).title
        if cited is not None and cited.passage.page and doc.suffix == ".pdf":
            try:  # the page itself, marked; the extracted text stays one click away
                image = render_page(self.engine.settings.source / rel, cited.passage.page, cited.passage.text,
                                    cited.sentence)
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
    def library(self):
        import gradio as gr

        index = self.engine.index
        docs = []
        for rel, info in index.manifest["docs"].items():
            first, count = info["passages"]
            title = index.passages[first].title if count else rel
            docs.append({"doc": rel, "title": title, "paragraphs": info.get("paragraphs", 0), "passages": count})
        names = [d["doc"] for d in docs]
        return (library_html(docs, index.manifest), gr.update(choices=names, value=None),
                gr.update(choices=names, value=None), gr.update(choices=names))

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
        import gradio as gr

        if not path:
            gr.Warning(f"choose a document first ({FORMATS})")
            return self.library()
        settings = self.engine.settings

        def add() -> str:
            name = add_document(settings.source, Path(path).name, Path(path).read_bytes(), settings.max_file_bytes)
            return f"added {name}; the index is up to date"

        return self._change_library(add)

    def remove(self, rel: str | None):
        import gradio as gr

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
            return self.engine.ask(question, max(1, min(int(k), MAX_K)), docs or None).to_json()
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
        docs = self.engine.index.manifest["docs"]
        if any("peoples-livelihood" in d for d in docs):
            return ARTICLE_EXAMPLES
        return ["What is this document about?"]


def build(engine: Engine):
    """The Blocks app (not launched). Long on purpose: it is the page's layout, read top to bottom like the
    page itself, and Gradio wires events to components only inside this ``with`` block."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    app = App(engine)
    with gr.Blocks(title="qa — answers quoted from your documents") as demo:
        gr.Markdown("## qa — answers quoted from your documents\nEvery quote is verbatim from the source, "
                    "with a citation to where it stands.")
        asked = gr.State([])
        answer = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chat = gr.Chatbot(elem_id="chat", height=520, label="Chat", buttons=["copy"])
                        with gr.Row():
                            box = gr.Textbox(elem_id="question", placeholder="Ask about the documents…",
                                             show_label=False, scale=5, max_length=2000)
                            send = gr.Button("Ask", elem_id="ask-button", variant="primary", scale=1)
                        scope = gr.Dropdown([], multiselect=True, elem_id="scope",
                                            label="Search in (empty: all documents)")
                        gr.Examples(app.examples(), inputs=box, label="Examples")
                    with gr.Column(scale=2):
                        pick = gr.Radio([], label="Open a citation in its document", elem_id="open-citation")
                        with gr.Tabs(selected="sources-tab") as side:
                            with gr.Tab("Sources", id="sources-tab"):
                                sources = gr.HTML(sources_html(None), elem_id="sources")
                            with gr.Tab("Document", id="document-tab"):
                                viewer = gr.HTML("<div class='qa-empty'>Pick a citation to see it in its "
                                                 "document.</div>", elem_id="viewer")
            with gr.Tab("Check an answer", id="check"):
                claim = gr.Textbox(lines=5, elem_id="claim", label="Answer or claim to check",
                                   placeholder="Paste one or more sentences…", max_length=20000)
                check = gr.Button("Check against the source", elem_id="check-button", variant="primary")
                verdicts = gr.HTML(verdicts_html(None), elem_id="verdicts")
            with gr.Tab("Library", id="library"):
                table = gr.HTML(elem_id="library")
                with gr.Row():
                    upload = gr.File(label=f"Add a document ({FORMATS})", file_types=list(SUPPORTED_SUFFIXES),
                                     type="filepath", elem_id="upload")
                    with gr.Column():
                        add = gr.Button("Add to library", elem_id="add-button")
                        remove_pick = gr.Dropdown([], label="Remove a document", elem_id="remove-pick")
                        remove = gr.Button("Remove", elem_id="remove-button", variant="stop")
                layout_pick = gr.Dropdown([], label="Show the layout of a document (each block and its role)",
                                          elem_id="layout-pick")
                layout = gr.HTML(layout_html(None), elem_id="layout")

        outputs = [chat, box, asked, answer, sources, pick, side]
        for trigger in (box.submit, send.click):
            trigger(app.respond, [box, chat, asked, scope], outputs, api_visibility="private")
        pick.input(app.open_citation, [pick, answer], [viewer, side], api_visibility="private").then(
            None, js=SCROLL_JS)
        check.click(app.check, claim, verdicts, api_visibility="private")
        claim.submit(app.check, claim, verdicts, api_visibility="private")
        library_outputs = [table, remove_pick, layout_pick, scope]
        add.click(app.upload, upload, library_outputs, api_visibility="private")
        remove.click(app.remove, remove_pick, library_outputs, api_visibility="private")
        layout_pick.input(app.layout, layout_pick, layout, api_visibility="private")

        def on_load(request: gr.Request):
            q = (request.query_params.get("q") or "").strip() if request else ""
            lib = app.library()
            if not q:
                # Leave the chat alone: a question typed before this load event ends must not be wiped.
                return (*[gr.skip()] * len(outputs), *lib)
            return (*app.respond(q, [], []), *lib)

        demo.load(on_load, None, outputs + library_outputs, api_visibility="private")
        gr.api(app.api_ask, api_name="ask")
        gr.api(app.api_verify, api_name="verify")
    demo.queue(default_concurrency_limit=engine.settings.concurrency, max_size=engine.settings.queue_size)
    return demo


def serve(engine: Engine, host: str = "127.0.0.1", port: int | None = 7860, mcp: bool = False,
          prevent_thread_lock: bool = False, quiet: bool = False):
    """Build the index if needed (with progress), then launch. Binds to loopback unless told otherwise."""
    engine.index
    demo = build(engine)
    import gradio as gr

    from qa.rest import routes

    demo.launch(server_name=host, server_port=port, share=False, show_error=False, quiet=quiet,
                prevent_thread_lock=prevent_thread_lock, mcp_server=mcp, css=CSS, theme=gr.themes.Soft(),
                app_kwargs={"routes": routes(engine)})
    return demo, demo.local_url
