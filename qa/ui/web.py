"""The Gradio web page: chat with cited quotes, sources panel, document viewer, answer checking, library.

Queue: ``Settings.concurrency`` answers at a time (16) and ``Settings.queue_size`` waiting (64); past that
Gradio answers "queue is full" at once, so a client is told to retry rather than left hanging. The plain JSON
routes of qa/ui/rest.py are served by the same process. The handlers behind the page are qa/ui/app.py.
"""

# No `from __future__ import annotations`: Gradio finds the gr.Request parameter of on_load by its real type.
import os
from typing import Any

from qa.access.store import Users
from qa.document.source import FORMATS, SUPPORTED_SUFFIXES, size_limit
from qa.engine import Engine
from qa.errors import QAError
from qa.text.language import language
from qa.ui.app import App, LibraryView, Reply, kept
from qa.ui.render.html import TO_MARKS_JS, layout_html, sources_html, stylesheet, verdicts_html

# After a citation opens: the cited passage into view; on a PDF page, the zoomed page's frame scrolled to its
# marks (ZOOM_JS in qa/ui/render/html.py does the same on each zoom).
SCROLL_JS = f"""() => {{ setTimeout(() => {{
  document.getElementById('qa-cited')?.scrollIntoView({{block: 'center'}});
  const f = document.querySelector('#viewer .qa-page-frame'), i = f && f.querySelector('img');
  const go = () => {{ {TO_MARKS_JS} }};
  if (i) {{ i.complete ? go() : i.addEventListener('load', go); }}
}}, 50); }}"""
# After each answer the address follows the conversation: ?q= the question as answered, &doc= each document it
# was limited to, so the address bar always holds a link that asks it again.
# &v= names the version (doc@sha256 prefix) of the document the answer quotes first: a link opened after that
# document changed, or went, says so (App.changed_since).
SHARE_JS = """(q, docs, v) => {
  const url = new URL(window.location.href);
  for (const key of ['q', 'doc', 'v']) url.searchParams.delete(key);
  if (q) url.searchParams.set('q', q);
  for (const d of docs || []) url.searchParams.append('doc', d);
  if (q && v) url.searchParams.set('v', v);
  window.history.replaceState(null, '', url);
}"""


def build(engine: Engine, users: Users | None = None):
    """The Blocks app (not launched): the page's layout, tab by tab, then the events wired to it. With
    ``users``, every handler answers from what its caller may read (qa/ui/app.py: ``App.rights``)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    app = App(engine, users)
    # Gradio keeps each upload in its cache: files older than an hour go every hour (and all at a restart);
    # an added document is copied into the source folder and its upload deleted at once (qa/ui/app.py).
    with gr.Blocks(title="qa — answers quoted from your documents", delete_cache=UPLOAD_CACHE) as demo:
        gr.Markdown(
            "## qa — answers quoted from your documents\nEvery quote is verbatim from the source, "
            "with a citation to where it stands."
        )
        who = gr.HTML("", elem_id="signed-in", visible=users is not None)
        parts: dict[str, Any] = {
            "asked": gr.State([]),
            "history": gr.State([]),
            "answer": gr.State(None),
            "example_list": gr.State([]),
        }
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                parts.update(_ask_tab(app))
            with gr.Tab("Check an answer", id="check"):
                parts.update(_check_tab())
            with gr.Tab("Library", id="library"):
                parts.update(_library_tab())
        # With a watched folder the page looks for a new index this often, and lists what changed.
        parts["watched"] = gr.Timer(WATCH_POLL_S, active=engine.settings.watch)
        parts["shown"] = gr.State("")  # the index generation the page's library lists
        parts["who"] = who
        _wire(app, demo, parts)
        # Not queued (qa's engine batches concurrent encodes itself): an MCP tool call then runs on the MCP
        # request, which carries its caller's sign-in, not through a loopback client that carries none.
        gr.api(app.api_ask, api_name="ask", queue=False)
        gr.api(app.api_verify, api_name="verify", queue=False)
    demo.queue(default_concurrency_limit=engine.settings.concurrency, max_size=engine.settings.queue_size)
    return demo


def _ask_tab(app: App) -> dict[str, Any]:
    """The chat, the question box and scope on the left; the citation picker, sources and document on the
    right."""
    import gradio as gr

    with gr.Row():
        with gr.Column(scale=3):
            # No label: Gradio floats it over the first line of the conversation once the chat scrolls.
            chat = gr.Chatbot(elem_id="chat", height=520, show_label=False, buttons=["copy"])
            with gr.Row():
                # No max_length: the browser would cut a long paste silently; the engine cuts it with a
                # notice.
                box = gr.Textbox(
                    elem_id="question", placeholder="Ask about the documents…", show_label=False, scale=5
                )
                send = gr.Button("Ask", elem_id="ask-button", variant="primary", scale=1)
            scope = gr.Dropdown(
                [], multiselect=True, elem_id="scope", label="Search in (empty: all documents)"
            )
            collections = gr.Dropdown(
                [], multiselect=True, elem_id="collections", label="Collections (empty: all)", visible=False
            )
            examples = gr.Dataset(
                components=[box],
                samples=[],
                type="index",
                label="Questions these documents answer",
                elem_id="examples",
            )
            shared = gr.Textbox(visible="hidden", elem_id="shared-question")
            quoted = gr.Textbox(visible="hidden", elem_id="quoted-version")
            export, exported = _export_row()
        with gr.Column(scale=2):
            pick = gr.Radio([], label="Open a citation in its document", elem_id="open-citation")
            with gr.Tabs(selected="sources-tab") as side:
                with gr.Tab("Sources", id="sources-tab"):
                    sources = gr.HTML(sources_html(None), elem_id="sources")
                with gr.Tab("Document", id="document-tab"):
                    viewer = gr.HTML(
                        "<div class='qa-empty'>Pick a citation to see it in its document.</div>",
                        elem_id="viewer",
                    )
    return {"chat": chat, "box": box, "send": send, "scope": scope, "collections": collections,
            "examples": examples, "shared": shared,
            "quoted": quoted, "export": export, "exported": exported, "pick": pick, "side": side,
            "sources": sources, "viewer": viewer}  # fmt: skip


def _export_row():
    """The button that exports the conversation, and the files it gives (shown once there are some)."""
    import gradio as gr

    with gr.Row():
        export = gr.Button("Export conversation", elem_id="export-button", size="sm", scale=0)
        exported = gr.File(
            label="The conversation, with its quotes and citations",
            file_count="multiple",
            visible=False,
            interactive=False,
            elem_id="exported",
        )
    return export, exported


def _check_tab() -> dict[str, Any]:
    import gradio as gr

    claim = gr.Textbox(
        lines=5, elem_id="claim", label="Answer or claim to check", placeholder="Paste one or more sentences…"
    )  # cut by the engine, with a notice
    check = gr.Button("Check against the source", elem_id="check-button", variant="primary")
    return {"claim": claim, "check": check, "verdicts": gr.HTML(verdicts_html(None), elem_id="verdicts")}


UPLOAD_CACHE = (3600, 3600)  # (how often, how old) in seconds: Gradio's delete_cache
READING_POLL_S = 3  # seconds between looks at a background OCR read: a page takes ~2 s
WATCH_POLL_S = 1  # seconds between looks for an index a watched folder's change made (a file is read in ~1 s)


def _library_tab() -> dict[str, Any]:
    import gradio as gr

    table = gr.HTML(elem_id="library")
    with gr.Row():
        upload = gr.File(
            label=f"Add a document: choose or drop a file, it is added at once ({FORMATS})",
            # No file_types: Gradio would refuse another kind with its own "Invalid file type"; the
            # upload's check names the formats qa reads instead (qa/document/library.py: safe_name).
            type="filepath",
            elem_id="upload",
        )
        with gr.Column():
            target = gr.Dropdown([], label="Add to collection", elem_id="upload-target", visible=False)
            remove_pick = gr.Dropdown([], label="Remove a document", elem_id="remove-pick")
            remove = gr.Button("Remove", elem_id="remove-button", variant="stop")
    layout_pick = gr.Dropdown(
        [], label="Show the layout of a document (each block and its role)", elem_id="layout-pick"
    )
    # Ticks only while a scan is read by OCR in the background, to list it once it is answerable.
    reading = gr.Timer(READING_POLL_S, active=False)
    return {
        "table": table,
        "upload": upload,
        "target": target,
        "remove_pick": remove_pick,
        "remove": remove,
        "layout_pick": layout_pick,
        "layout": gr.HTML(layout_html(None), elem_id="layout"),
        "reading": reading,
    }


def _wire(app: App, demo, c: dict[str, Any]) -> None:
    """Every event of the page; none is part of the public API (that is ``ask`` and ``verify``)."""
    import gradio as gr

    outputs = [c[k] for k in Reply._fields]
    for trigger in (c["box"].submit, c["send"].click):
        trigger(
            app.respond,
            [c["box"], c["chat"], c["asked"], c["scope"], c["history"], c["collections"]],
            outputs,
            api_visibility="private",
        ).then(None, [c["shared"], c["scope"], c["quoted"]], None, js=SHARE_JS)
    c["export"].click(kept(app.export, 1), c["history"], c["exported"], api_visibility="private")
    c["examples"].click(
        lambda i, found: found[i], [c["examples"], c["example_list"]], c["box"], api_visibility="private"
    )
    c["pick"].input(
        kept(app.open_citation, 2),
        [c["pick"], c["answer"]],
        [c["viewer"], c["side"]],
        api_visibility="private",
    ).then(None, js=SCROLL_JS)
    for trigger in (c["check"].click, c["claim"].submit):
        trigger(app.check, c["claim"], c["verdicts"], api_visibility="private")  # its own notice for a bug
    library_outputs = [c[k] for k in LibraryView._fields]
    n = len(library_outputs)
    adding = [*library_outputs, c["reading"], c["upload"]]
    # A chosen (or dropped) file is added at once: no second step to miss.
    c["upload"].upload(kept(app.upload, n + 2), [c["upload"], c["target"]], adding, api_visibility="private")
    reading = library_outputs + [c["reading"]]
    c["reading"].tick(kept(app.poll_reading, n + 1), None, reading, api_visibility="private")
    c["remove"].click(kept(app.remove, n), c["remove_pick"], library_outputs, api_visibility="private")
    watching = [*library_outputs, c["shown"]]
    c["watched"].tick(kept(app.poll_index, n + 1), c["shown"], watching, api_visibility="private")
    c["layout_pick"].input(kept(app.layout, 1), c["layout_pick"], c["layout"], api_visibility="private")

    def on_load(request: gr.Request):
        q = (request.query_params.get("q") or "").strip() if request else ""
        docs = request.query_params.getlist("doc") if request else []
        rights = app.rights(request)
        lib = app.library(docs, rights)
        who = signed_in_html(rights.user)
        if not q:
            # Leave the chat alone: a question typed before this load event ends must not be wiped.
            return (*[gr.skip()] * len(outputs), *lib, who)
        note = app.changed_since(request.query_params.get("v") or "", rights)
        return (*app.respond(q, [], [], docs, [], None, request, note=note), *lib, who)

    demo.load(on_load, None, outputs + library_outputs + [c["who"]], api_visibility="private")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def signed_in_html(user: str | None) -> str:
    """Who the page answers for, and the way out (empty without sign-in)."""
    from qa.ui.render.cite import esc

    if user is None:
        return ""
    return f"<div class='qa-signed-in'>Signed in as <b>{esc(user)}</b> · <a href='/logout'>Sign out</a></div>"


def access(engine: Engine, host: str, no_auth: bool = False) -> Users | None:
    """The users the server signs in (None: no sign-in). Without users, only loopback is served, unless
    ``no_auth`` says deliberately to serve everyone everything."""
    users = Users(engine.settings.index)
    if no_auth:
        return None
    if users.exists():
        return users
    if host not in LOOPBACK:
        raise QAError(
            f"refusing to serve {host} with no users: anyone could read every document; add one "
            "(`qa users add NAME --read COLLECTION`) or pass --no-auth to serve everyone deliberately"
        )
    return None


def serve(
    engine: Engine,
    host: str = "127.0.0.1",
    port: int | None = 7860,
    mcp: bool = False,
    prevent_thread_lock: bool = False,
    quiet: bool = False,
    no_auth: bool = False,
):
    """Build the index if needed (with progress), then launch. Binds to loopback unless told otherwise; with
    users defined (`qa users add`), every request signs in (qa/ui/signin.py)."""
    users = access(engine, host, no_auth)
    _ = engine.index  # built or loaded before the server answers anyone
    if engine.settings.follow:
        engine.follow()
    elif engine.settings.watch:
        engine.watching()
    language(
        "warm up"
    )  # the language model (0.9 s to load) is read before the first abstention, not during it
    if engine.reader is not None:
        engine.reader.session  # noqa: B018 (the reader's model opens at start, not on the first question)
    demo = build(engine, users)
    _launch(demo, engine, host, port, mcp, users)
    if not quiet:
        signed = f", {len(users.all())} users sign in" if users is not None else ""
        print(f"qa: serving on {demo.local_url}{signed} (Ctrl+C stops)", flush=True)
    if not prevent_thread_lock:
        demo.block_thread()
    return demo, demo.local_url


def _launch(demo, engine: Engine, host: str, port: int | None, mcp: bool, users: Users | None) -> None:
    import gradio as gr
    from starlette.middleware import Middleware

    from qa.ui.guard import lifespan
    from qa.ui.rest import routes
    from qa.ui.signin import SignIn

    inner = [Middleware(SignIn, users=users, folder=engine.settings.index)] if users is not None else []
    # Gradio refuses a larger upload while it streams in (413), before it is written whole or read.
    biggest = max(size_limit(suffix, engine.settings.max_file_bytes) for suffix in SUPPORTED_SUFFIXES)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        show_error=False,
        quiet=True,  # Gradio's own lines end with a hint to share the app publicly: qa says where it is
        prevent_thread_lock=True,
        mcp_server=mcp,
        css=stylesheet(),
        theme=gr.themes.Soft(),
        max_file_size=biggest,
        app_kwargs={"routes": routes(engine, users), "lifespan": lifespan(*inner)},
    )
