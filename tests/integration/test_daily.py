"""The app a team lives in (issue 34), for real: a watched folder, exported conversations, links that say when
their document changed, and a chat that survives odd input. A live Gradio server, Chromium, the bundled
model."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.conftest import TEST_CACHE, make_engine
from tests.integration.test_web import ask, last_bot

HARBOUR = (
    "Harbour notes\n\nThe harbour of Valmora keeps seventeen tugboats ready for the winter storms. "
    "Each tugboat is painted orange so that pilots can see it in fog.\n"
)
ANSWERABLE_WITHIN_S = 5  # the bound: a dropped file answers within 5 s


@pytest.fixture(scope="module")
def watched(tmp_path_factory, embedder, article_engine):
    """A live app over a private copy of the article, its source folder watched."""
    from qa.ui.web import serve

    root = tmp_path_factory.mktemp("daily")
    shutil.copytree(article_engine.settings.source, root / "source")
    shutil.copytree(article_engine.settings.index, root / "index")
    engine = make_engine(root / "source", root / "index", embedder, watch=True)
    demo, url = serve(engine, port=None, prevent_thread_lock=True, quiet=True)
    time.sleep(0.5)  # the watcher thread subscribes to the folder
    yield engine, url
    demo.close()


@pytest.fixture
def page(browser, watched):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(watched[1])
    page.wait_for_selector("#question textarea", timeout=60_000)
    yield page
    context.close()


def _cited_docs(engine, question: str) -> set[str]:
    return {p["doc"] for p in engine.ask(question).to_json()["passages"]}


def _indexed(engine, name: str, present: bool = True) -> float:
    """Seconds until ``name`` is in the served index (or gone from it)."""
    started = time.monotonic()
    while (name in engine.index.manifest.paths) != present and time.monotonic() - started < 30:
        time.sleep(0.05)
    return time.monotonic() - started


def test_a_file_dropped_into_the_watched_folder_answers_within_seconds_and_a_deleted_one_stops(
    watched, page, shots
):
    engine, _ = watched
    question = "How many tugboats does the harbour of Valmora keep?"
    dropped = engine.settings.source / "harbour.txt"
    partial = engine.settings.source / "harbour.txt.part"
    partial.write_text(HARBOUR, encoding="utf-8")
    started = time.monotonic()
    partial.rename(dropped)  # as a browser's download lands: written, then renamed into place
    while "harbour.txt" not in engine.index.manifest.paths and time.monotonic() - started < 30:
        time.sleep(0.1)
    took = time.monotonic() - started
    assert took <= ANSWERABLE_WITHIN_S, f"indexed after {took:.1f} s"
    ask(page, question, "seventeen")
    assert "harbour.txt" in last_bot(page)
    page.get_by_role("tab", name="Library").click()
    page.wait_for_function(  # the page's library lists it without a reload
        "() => document.querySelector('#library')?.innerText.includes('harbour.txt')", timeout=10_000
    )
    page.screenshot(path=str(shots / "6-watched-library.png"), full_page=True)
    dropped.unlink()
    started = time.monotonic()
    while "harbour.txt" in engine.index.manifest.paths and time.monotonic() - started < 30:
        time.sleep(0.1)
    assert time.monotonic() - started <= ANSWERABLE_WITHIN_S
    assert "harbour.txt" not in _cited_docs(engine, question)  # its passages are gone with it
    page.wait_for_function(
        "() => !document.querySelector('#library')?.innerText.includes('harbour.txt')", timeout=10_000
    )


def test_qa_index_watch_follows_the_folder_even_emptied_and_stops_on_interrupt(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    source = tmp_path / "source"
    source.mkdir()
    (source / "a.txt").write_text("The old mill grinds wheat every Tuesday.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env["QA_CACHE"] = str(TEST_CACHE)  # the encoder exported once for the whole run
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "qa",
            "index",
            "--watch",
            "--source",
            str(source),
            "--index",
            str(tmp_path / "i"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert "1 documents" in proc.stdout.readline()
        assert "watching" in proc.stdout.readline()
        (source / "b.txt").write_text("The new bakery sells rye bread on Fridays.\n", encoding="utf-8")
        assert "2 documents" in proc.stdout.readline()  # blocks until the refresh is printed
        (source / "a.txt").unlink()
        (source / "b.txt").unlink()
        assert "0 documents" in proc.stdout.readline()  # emptied: an index of none, not the last one kept
    finally:
        proc.send_signal(signal.SIGTERM)  # as a service manager stops it (Ctrl+C sets the same event)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err


ARTICLE_DOC = "continuously-improving-peoples-livelihood.txt"


def test_an_exported_conversation_quotes_verbatim_with_citations(watched, page, shots):
    engine, _ = watched
    ask(page, "How many people are covered by unemployment insurance?", "240 million")
    ask(page, "Who won the 2022 FIFA World Cup?", "does not answer")
    page.click("#export-button")
    page.wait_for_selector("#exported a", timeout=30_000)
    page.screenshot(path=str(shots / "7-export.png"), full_page=True)
    with page.expect_download() as got:
        page.click("#exported a[download='qa-conversation.md']")
    markdown = open(got.value.path(), encoding="utf-8").read()
    assert "## 1. How many people are covered by unemployment insurance?" in markdown
    assert "**Answer:** 240 million" in markdown
    assert "## 2. Who won the 2022 FIFA World Cup?" in markdown and "do not answer this" in markdown
    text = (engine.settings.source / ARTICLE_DOC).read_text(encoding="utf-8")
    sha = engine.index.manifest.files[ARTICLE_DOC][:12]
    quotes = [block for block in markdown.split("\n\n") if block.startswith("> ")]
    assert quotes and all(block[2:] in text for block in quotes)  # every quote is the source's own text
    assert f"`{ARTICLE_DOC}`, ¶12" in markdown and f"version sha256 {sha}" in markdown
    assert "characters 3845–4372" in markdown  # where the answering passage stands


def test_the_export_route_gives_the_same_for_api_clients(watched):
    import httpx

    engine, url = watched
    questions = ["How many people are covered by unemployment insurance?", "and by basic pension insurance?"]
    md = httpx.post(url + "v1/export", json={"questions": questions, "k": 3}, timeout=120)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "**Answer:** 240 million" in md.text and "**Answer:** 1.07 billion" in md.text  # a follow-up, read
    data = httpx.post(url + "v1/export", json={"questions": questions[:1], "format": "json"}, timeout=120)
    answers = data.json()["answers"]
    assert answers[0]["answer"]["text"] == "240 million" and len(answers[0]["passages"]) == 5
    bad = httpx.post(url + "v1/export", json={"questions": [], "format": "json"}, timeout=30)
    assert bad.status_code == 422 and bad.json()["error"].startswith("questions")


def test_a_shared_link_opened_after_its_document_changed_says_so(watched, page, browser):
    engine, url = watched
    source = engine.settings.source
    (source / "ferry.txt").write_text(
        "Ferry timetable\n\nThe ferry to Isola Verde leaves the harbour at 7:40 every morning.\n",
        encoding="utf-8",
    )
    started = time.monotonic()
    while "ferry.txt" not in engine.index.manifest.paths and time.monotonic() - started < 30:
        time.sleep(0.1)
    ask(page, "When does the ferry to Isola Verde leave?", "7:40")
    page.wait_for_function("() => location.search.includes('v=ferry.txt')", timeout=10_000)
    link = page.url
    (source / "ferry.txt").write_text(
        "Ferry timetable\n\nThe ferry to Isola Verde leaves the harbour at 8:15 every morning.\n",
        encoding="utf-8",
    )
    old = engine.index.folder
    while engine.index.folder == old and time.monotonic() - started < 30:
        time.sleep(0.1)
    later = browser.new_context().new_page()
    try:
        later.goto(link)
        later.wait_for_function(
            "() => document.querySelector('#chat .message.bot')?.innerText.includes('has changed')",
            timeout=60_000,
        )
        assert "8:15" in later.locator("#chat .message.bot").last.inner_text()  # read as it is now
        (source / "ferry.txt").unlink()
        old = engine.index.folder
        while engine.index.folder == old and time.monotonic() - started < 30:
            time.sleep(0.1)
        later.goto(link)
        later.wait_for_function(
            "() => document.querySelector('#chat .message.bot')?.innerText.includes('since been removed')",
            timeout=60_000,
        )
    finally:
        later.context.close()


def test_mcp_tools_answer_through_a_real_mcp_client(tmp_path_factory, embedder, article_engine):
    """`qa serve --mcp` after `make`: the MCP extra is installed, and an MCP client lists and calls the tools."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from mcp import ClientSession
    from mcp.client.sse import sse_client

    from qa.ui.web import serve

    root = tmp_path_factory.mktemp("mcp")
    shutil.copytree(article_engine.settings.source, root / "source")
    shutil.copytree(article_engine.settings.index, root / "index")
    demo, url = serve(make_engine(root / "source", root / "index", embedder), port=None,
                      prevent_thread_lock=True, quiet=True, mcp=True)  # fmt: skip

    async def call() -> tuple[list[str], str]:
        async with sse_client(url + "gradio_api/mcp/sse") as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = [t.name for t in (await session.list_tools()).tools]
                question = {"question": "How many people are covered by unemployment insurance?"}
                result = await session.call_tool("api_ask", question)
                return tools, str(result.content[0])

    try:  # on a thread of its own: the browser tests' driver keeps an event loop running on this one
        with ThreadPoolExecutor(1) as pool:
            tools, answer = pool.submit(asyncio.run, call()).result(timeout=120)
    finally:
        demo.close()
    assert tools == ["api_ask", "api_verify"] and "240 million" in answer


def test_a_table_rows_cells_show_their_column_names_beside_the_quote(watched, page, shots):
    """A spreadsheet's row is quoted as its cells; each cell's column name stands beside it, apart."""
    engine, _ = watched
    sheet = engine.settings.source / "berths.csv"
    sheet.write_text("Berth,Ships per week,Depth (m)\nNorth quay,12,14\nSouth quay,7,9\n", encoding="utf-8")
    assert _indexed(engine, "berths.csv") <= ANSWERABLE_WITHIN_S
    ask(page, "How many ships per week use the North quay?", "12")
    card = page.locator("#sources .qa-source").first
    names = [n.strip() for n in card.locator("span.qa-name").all_inner_texts()]
    assert names == ["Berth:", "Ships per week:", "Depth (m):"]
    assert card.locator("strong.qa-span").inner_text() == "12"  # the answer is the cell alone
    quoted = card.locator("blockquote").evaluate(
        "b => { const c = b.cloneNode(true); c.querySelectorAll('.qa-name').forEach(n => n.remove()); "
        "return c.innerText.trim(); }"
    )
    assert quoted == "North quay — 12 | 14"  # without the names: the document's text, verbatim
    page.screenshot(path=str(shots / "8-table-row.png"), full_page=True)
    sheet.unlink()
    _indexed(engine, "berths.csv", present=False)


def test_odd_input_after_a_real_question_never_loses_the_chat(page):
    ask(page, "How many people are covered by unemployment insurance?", "240 million")
    first = page.locator("#chat .message.user").first.inner_text()
    for odd in ("", "   ", "?", "...", "what about ?", "\u0007", "a" * 3000):
        page.fill("#question textarea", odd)
        page.click("#ask-button")
        page.wait_for_timeout(800)
        assert page.locator("#chat .message.user").first.inner_text() == first, repr(odd)
        assert "240 million" in page.locator("#chat .message.bot").first.inner_text()
        assert page.locator("#chat .error, .toast-body.error:has-text('Error')").count() == 0
    assert page.locator("#chat .message.user").count() >= 1


def test_a_file_of_a_kind_qa_does_not_read_gets_one_notice_naming_the_formats(page, tmp_path):
    odd = tmp_path / "notes.exe"
    odd.write_bytes(b"MZ\x90\x00 not a document")
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files(str(odd))
    page.wait_for_function(
        "() => document.body.innerText.includes(\"rejected 'notes.exe': only these documents can be added\")",
        timeout=30_000,
    )
    body = page.locator("body").inner_text()
    assert ".pdf" in body and ".xlsx" in body and "Invalid file type" not in body
    assert "choose a document first" not in body


def test_a_collection_picked_on_the_page_limits_the_answer_to_its_documents(watched, page):
    """A first-level folder is a collection: once there are two, the page offers them, and the engine
    answers from the chosen one only."""
    engine, _ = watched
    folder = engine.settings.source / "railway"
    folder.mkdir()
    (folder / "trains.txt").write_text(
        "Railway notes\n\nThe railway keeps seventeen trains ready for the winter timetable.\n",
        encoding="utf-8",
    )
    try:
        assert _indexed(engine, "railway/trains.txt") <= ANSWERABLE_WITHIN_S
        page.wait_for_selector("#collections input", timeout=15_000)  # shown once there are two
        page.locator("#collections input").click()
        page.get_by_role("option", name="railway").click()
        page.keyboard.press("Escape")
        ask(page, "How many people are covered by unemployment insurance?", "does not answer")
        assert "continuously-improving" not in page.locator("#open-citation").inner_text()
        assert "railway/trains.txt" in page.locator("#open-citation").inner_text()  # its closest passages
    finally:
        shutil.rmtree(folder)
        _indexed(engine, "railway/trains.txt", present=False)
