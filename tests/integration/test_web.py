"""The web app, for real: a Gradio server on 127.0.0.1, gradio_client for the API, Chromium for the UI."""

from __future__ import annotations

import contextlib
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, make_engine

XSS_DOC = (
    "Lighthouse keepers\n\n"
    "The lighthouse keeper logs <img src=x onerror=alert(1)> every storm in the harbour ledger.\n"
    "The keeper's <script>window.__xss = 1; alert(2)</script> lamp burns whale oil at night.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder, article_engine):
    """A live app over a private copy of the corpus and index (the article's index is reused, not rebuilt)."""
    from qa.ui.web import serve

    root = tmp_path_factory.mktemp("web")
    shutil.copytree(article_engine.settings.source, root / "source")
    shutil.copytree(article_engine.settings.index, root / "index")
    engine = make_engine(root / "source", root / "index", embedder)
    demo, url = serve(engine, port=None, prevent_thread_lock=True, quiet=True)
    yield engine, url
    demo.close()


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    return Client(server[1], verbose=False)


def test_api_ask_returns_verbatim_json(server, client):
    engine, _ = server
    answer = client.predict("How many people are covered by unemployment insurance?", 3, api_name="/ask")
    assert answer["answerable"] is True
    assert len(answer["passages"]) == 3
    for p in answer["passages"]:
        text = open(engine.settings.source / p["doc"], encoding="utf-8").read()
        assert text[p["start"] : p["end"]] == p["text"]
    assert "240 million" in answer["passages"][0]["text"]


def test_api_unanswerable_question(client):
    answer = client.predict("Who won the 2022 FIFA World Cup?", 5, api_name="/ask")
    assert answer["answerable"] is False
    assert answer["passages"]  # closest matches are still listed


def test_api_verify(client):
    verdict = client.predict(
        "Basic medical insurance in China covers about 1.5 billion people.", api_name="/verify"
    )
    assert verdict["supported"] is False
    assert verdict["sentences"][0]["mismatches"][0]["source"] == "about 1.334 billion"


def test_api_filters_by_document(server, client):
    from gradio_client.exceptions import AppError

    doc = sorted(server[0].index.manifest.paths)[0]
    answer = client.predict("How many firefighters are there?", 5, [doc], api_name="/ask")
    assert answer["passages"] and {p["doc"] for p in answer["passages"]} == {doc}
    with pytest.raises(AppError, match="no document 'missing.txt'"):
        client.predict("How many firefighters are there?", 5, ["missing.txt"], api_name="/ask")


def test_api_bad_input_is_a_clear_error(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        client.predict("   ", 5, api_name="/ask")
    # The engine's own rule and message, as on the CLI and /v1/ask.
    with pytest.raises(AppError, match="choose a whole number from 1 to 100"):
        client.predict("How many firefighters are there?", 0, api_name="/ask")


# --- real browser ----------------------------------------------------------------------------------


@pytest.fixture
def page(browser, server, tmp_path_factory):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(server[1])
    page.wait_for_selector("#question textarea", timeout=60_000)
    yield page
    context.close()


def ask(page, question: str, expect: str) -> None:
    page.fill("#question textarea", question)
    page.click("#ask-button")
    page.wait_for_function(
        "([n, t]) => { const m = document.querySelectorAll('#chat .message.bot'); "
        "return m.length >= n && m[m.length - 1].innerText.includes(t); }",
        arg=[1, expect],
        timeout=60_000,
    )


def last_bot(page) -> str:
    return page.locator("#chat .message.bot").last.inner_text()


def test_chat_quotes_cites_and_opens_the_source(page, shots):
    ask(page, "How many people are covered by unemployment insurance?", "240 million")
    reply = last_bot(page)
    assert "[1]" in reply and "¶" in reply
    # The reply leads with the answer: its first quote is the answering sentence (the reader's span, in bold
    # within it, is checked against the JSON API in the next test).
    assert "240 million" in page.locator("#chat .message.bot").last.locator("blockquote").first.inner_text()
    assert reply.index("240 million") < reply.index("[1]")
    assert "240 million" in page.locator("#sources").inner_text()
    page.screenshot(path=str(shots / "1-chat.png"), full_page=True)
    page.locator("#open-citation label").first.click()
    page.wait_for_selector("#viewer mark#qa-cited mark.qa-answer", timeout=30_000)
    assert "240 million" in page.locator("#viewer mark.qa-answer").inner_text()
    assert "Maintaining social fairness" in page.locator("#viewer h3").inner_text()
    page.screenshot(path=str(shots / "2-viewer.png"), full_page=True)


def test_the_answer_span_leads_the_reply_in_bold(page, client):
    question = "How many people are covered by unemployment insurance?"
    span = client.predict(question, 5, api_name="/ask")["answer"]
    assert span and span["text"]  # the reader's answer, as the JSON API gives it
    ask(page, question, span["text"])
    bot = page.locator("#chat .message.bot").last
    assert bot.locator("blockquote strong").first.inner_text().strip() == span["text"]
    reply = bot.inner_text()
    assert reply.index(span["text"]) < reply.index("[")  # the answer, then its citation
    assert page.locator("#sources strong.qa-span").first.inner_text() == span["text"]


def test_unanswerable_question_says_so_and_folds_the_closest_passages(page, shots):
    ask(page, "Who won the 2022 FIFA World Cup?", "does not answer")
    reply = last_bot(page)
    assert (
        reply.startswith("The source does not answer this: the documents never mention") and "FIFA" in reply
    )
    assert "they do not answer" in reply
    assert "2024-07-02" not in reply and "“" not in reply  # nothing quoted as if it were evidence
    sources = page.locator("#sources")
    assert (
        sources.locator("h3").inner_text().startswith("The source does not answer this: the documents never")
    )
    assert "these do not answer" in sources.locator("details.qa-more summary").inner_text()
    assert sources.locator("mark").count() == 0 and not sources.locator("details.qa-more").evaluate(
        "d => d.open"
    )
    page.screenshot(path=str(shots / "2-unanswerable.png"), full_page=True)


def test_chips_say_where_and_non_answers_are_folded(page):
    ask(page, "How many firefighters are there in China?", "firefighters")
    first = page.locator("#open-citation label").first.inner_text()
    assert first.startswith("[1] continuously-improving-peoples-livelihood.txt · ¶")
    assert "Maintain constant peace of mind" in first  # the section it stands in
    assert first in last_bot(page)  # the chat cites with the same chip
    answers = page.locator("#sources .qa-sources > .qa-source")
    assert answers.count() >= 1 and answers.first.locator("mark.qa-answer").count() == 1
    fold = page.locator("#sources details.qa-more")
    assert "these do not answer" in fold.locator("summary").inner_text()
    assert fold.locator("mark").count() == 0 and fold.locator(".qa-not-answer").count() >= 1


def test_the_address_follows_the_conversation(page):
    ask(page, "How many firefighters are there in China?", "firefighters")
    page.wait_for_function("() => location.search.includes('firefighters')", timeout=10_000)
    assert "q=How+many+firefighters+are+there+in+China%3F" in page.url and "doc=" not in page.url


def test_a_link_with_a_document_filter_keeps_it(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server[1] + "?doc=continuously-improving-peoples-livelihood.txt")
        page.wait_for_function(
            "() => document.querySelector('#scope')?.innerText.includes('continuously')", timeout=60_000
        )
        ask(page, "When was the Emergency Management Department established?", "2018")
        page.wait_for_function("() => location.search.includes('q=')", timeout=10_000)
        assert "doc=continuously-improving-peoples-livelihood.txt" in page.url and "Emergency" in page.url
    finally:
        context.close()


def test_nothing_covers_the_first_line_of_an_answer(page):
    for question in (
        "How many firefighters are there in China?",
        "How many people does basic medical insurance cover?",
        "How many people are covered by unemployment insurance?",
    ):
        ask(page, question, "[1]")
    bot = page.locator("#chat .message.bot").first
    bot.evaluate("m => m.scrollIntoView({block: 'start'})")  # the chat has scrolled: its top is this message
    page.wait_for_timeout(300)
    covered = bot.evaluate("""m => { const r = m.getBoundingClientRect(), out = [];
        for (const x of [r.left + 8, r.left + r.width / 2, r.right - 8]) {
          const e = document.elementFromPoint(x, r.top + 6);
          if (e && !m.contains(e)) out.push(e.outerHTML.slice(0, 80)); }
        return out; }""")
    assert covered == []


def test_a_long_paste_is_cut_with_a_notice(page):
    ask(page, "How many firefighters are there in China? " + "padding " * 3300, "only the first 2,000")
    assert last_bot(page).startswith("Note: the question was 26,441 characters long")
    page.wait_for_function("() => location.search.includes('padding')", timeout=10_000)
    assert len(page.url) < 2_000 * 3  # the link holds the question as answered, not the whole paste


def test_follow_up_question_is_resolved(page, shots):
    ask(page, "How many people does basic medical insurance cover?", "1.334 billion")
    ask(page, "And unemployment insurance?", "240 million")
    understood = last_bot(page).split("\n")[0]
    assert understood == "Understood as: How many people does unemployment insurance cover?"  # a question
    page.screenshot(path=str(shots / "3-follow-up.png"), full_page=True)


def test_check_tab_shows_verdicts_with_evidence(page, shots):
    page.get_by_role("tab", name="Check an answer").click()
    page.fill(
        "#claim textarea",
        "Since 2019, 50 million agricultural migrants have settled in cities. "
        "The Emergency Management Department was established in 2019.",
    )
    page.click("#check-button")
    page.wait_for_selector("#verdicts .qa-verdict", timeout=60_000)
    text = page.locator("#verdicts").inner_text()
    assert "✔ supported" in text and "✘ contradicted" in text and "the source says otherwise" in text
    assert "April 16, 2018" in text
    page.screenshot(path=str(shots / "4-check.png"), full_page=True)


def upload(page, path: Path) -> None:
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.wait_for_function(
        "(n) => document.querySelector('#library').innerText.includes(n)", arg=path.name, timeout=120_000
    )
    page.get_by_role("tab", name="Ask").click()


def test_an_empty_pdf_is_refused_as_empty(page, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files(str(empty))
    page.wait_for_function("() => document.body.innerText.includes('empty.pdf: empty')", timeout=30_000)
    assert "no %PDF- header" not in page.locator("body").inner_text()


def test_upload_markdown_then_ask_about_it(page, shots, tmp_path):
    doc = tmp_path / "harbour-report.md"
    doc.write_text(
        "---\ntitle: Harbour Report\n---\n# Harbour Report\n\n## Cargo\n\n"
        "The port of Valmora moved 5 million tonnes of grain in 2022.\n",
        encoding="utf-8",
    )
    upload(page, doc)
    ask(page, "How much grain did the port of Valmora move?", "5 million tonnes")
    assert "[1] harbour-report.md · ¶3 · Cargo" in last_bot(page)  # the chip names the uploaded file
    assert "Harbour Report" in page.locator("#sources").inner_text()  # its title stays in the Sources panel
    page.locator("#open-citation label").first.click()
    page.wait_for_selector("#viewer mark.qa-answer", timeout=30_000)
    assert "Valmora" in page.locator("#viewer mark.qa-answer").inner_text()
    page.get_by_role("tab", name="Library").click()
    page.screenshot(path=str(shots / "5-library.png"), full_page=True)


def test_an_uploaded_workbook_answers_with_its_sheet_and_row(page, tmp_path):
    from tests.documents import workbook

    book = tmp_path / "valmora-cargo.xlsx"
    rows = [["Cargo", "Tonnes handled in 2022"], ["Grain", 5_000_000], ["Coal", 1_200_000]]
    book.write_bytes(workbook({"Cargo": rows}))
    upload(page, book)
    ask(page, "How many tonnes of coal did the port handle in 2022?", "1200000")
    assert "valmora-cargo.xlsx · row 3 · Cargo" in last_bot(page)  # the sheet's own row, and the sheet


def test_untrusted_html_is_shown_as_text(page, shots, tmp_path):
    doc = tmp_path / "keepers.txt"
    doc.write_text(XSS_DOC, encoding="utf-8")
    upload(page, doc)
    # Either sentence may be quoted (both hold markup); what matters is that none of it runs.
    ask(page, "What does the lighthouse keeper log <img src=y onerror=alert(3)>?", "keeper")
    page.locator("#open-citation label").first.click()
    page.wait_for_selector("#viewer mark", timeout=30_000)
    page.get_by_role("tab", name="Check an answer").click()
    page.fill("#claim textarea", "The keeper's <script>alert(4)</script> lamp burns whale oil.")
    page.click("#check-button")
    page.wait_for_selector("#verdicts .qa-verdict", timeout=60_000)
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert page.evaluate("window.__xss") is None
    scripts = page.evaluate("[...document.querySelectorAll('script')].map(s => s.textContent).join(' ')")
    assert "__xss" not in scripts and "alert(" not in scripts
    assert page.locator("img[src='x'], img[src='y']").count() == 0
    assert "<script>" in page.locator("#verdicts").inner_text()
    page.screenshot(path=str(shots / "6-xss.png"), full_page=True)


def test_shareable_link_runs_the_question(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server[1] + "?q=When+was+the+article+published%3F")
    page.wait_for_function(
        "() => document.querySelector('#chat')?.innerText.includes('2024-07-02')", timeout=60_000
    )
    context.close()


@pytest.fixture(scope="module")
def pdf_server(tmp_path_factory, embedder):
    """A live app whose library is one printed PDF of three pages."""
    from qa.ui.web import serve
    from tests.documents import FILLER, LIGHTHOUSE, harbour_pdf, scan_pdf

    root = tmp_path_factory.mktemp("pdf-web")
    (root / "source").mkdir()
    (root / "source" / "harbour.pdf").write_bytes(harbour_pdf())
    (root / "source" / "lighthouse-scan.pdf").write_bytes(scan_pdf([LIGHTHOUSE, FILLER], dpi=200, skew=1.2))
    shutil.copy(ARTICLE, root / "source" / ARTICLE.name)  # a library of several documents
    engine = make_engine(root / "source", root / "index", embedder)
    demo, url = serve(engine, port=None, prevent_thread_lock=True, quiet=True)
    yield url
    demo.close()


@contextmanager
def first_citation_page(browser, url: str, question: str, expect: str, chip: str):
    """A fresh page at ``url``, ``question`` asked, its first citation (whose chip starts with ``chip``)
    opened on its page image."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_selector("#question textarea", timeout=60_000)
        ask(page, question, expect)
        assert page.locator("#open-citation label").first.inner_text().startswith(chip)
        page.locator("#open-citation label").first.click()
        page.wait_for_selector("#viewer img.qa-page", timeout=30_000)
        yield page
    finally:
        context.close()


def test_a_pdf_citation_opens_the_page_with_the_passage_marked(browser, pdf_server, shots):
    with first_citation_page(
        browser,
        pdf_server,
        "How long does the mountain railway take to climb?",
        "seven tunnels",
        "[1] harbour.pdf · p. 2 · Railways",
    ) as page:
        image = page.locator("#viewer img.qa-page")
        assert int(image.get_attribute("data-marks")) >= 2  # passage and answering sentence boxes drawn
        assert image.evaluate("img => img.complete && img.naturalWidth > 400")  # a real, rendered page
        assert "p. 2" in page.locator("#viewer h3").first.inner_text()
        frame = page.locator("#viewer .qa-page-frame")
        width = image.evaluate("img => img.clientWidth")
        assert width >= 1.5 * frame.evaluate("f => f.clientWidth")  # opens zoomed in: readable, not 420 px
        page.click("#viewer .qa-zoom-250")
        assert image.evaluate("img => img.clientWidth") > width  # zoomed further
        focus = float(frame.get_attribute("data-focus"))  # the marks stay in view at every zoom
        seen = frame.evaluate("f => [f.scrollTop, f.scrollTop + f.clientHeight]")
        assert seen[0] <= focus * image.evaluate("img => img.clientHeight") <= seen[1], (seen, focus)
        page.click("#viewer .qa-zoom-100")
        assert page.locator("#viewer .qa-zoom a[download]").get_attribute("href").startswith("data:image/png")
        page.screenshot(path=str(shots / "5-pdf-page.png"), full_page=True)
        page.locator("#viewer details.qa-text-view summary").click()  # the extracted text, one click away
        assert "seven tunnels" in page.locator("#viewer details mark.qa-answer").inner_text()
        # ... opened at the passage: it stands inside the visible part of the scrolled text, not at its top.
        # The page scrolls once the text is laid out: a busy machine may take a moment (the test waits).
        where = """() => { const m = document.querySelector('#viewer details mark.qa-passage'),
            d = m.closest('pre'), a = m.getBoundingClientRect(), b = d.getBoundingClientRect();
            return [d.scrollTop, a.top >= b.top && a.top < b.bottom]; }"""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                f"() => {{ const p = ({where})(); return p[0] > 0 && p[1]; }}", timeout=10_000
            )
        place = page.evaluate(where)
        assert place[0] > 0 and place[1], place


def test_a_scan_citation_marks_the_passage_on_the_page_image(browser, pdf_server, shots):
    """A page read by OCR: the chip says so, and the viewer shows the scan straightened with the words marked."""
    with first_citation_page(
        browser,
        pdf_server,
        "Who built the lighthouse on Cape Morrow?",
        "Joan Ferrer",
        "[1] lighthouse-scan.pdf · p. 1 (OCR)",
    ) as page:
        image = page.locator("#viewer img.qa-page")
        assert int(image.get_attribute("data-marks")) >= 2  # passage and sentence boxes, from the OCR words
        assert image.evaluate("img => img.complete && img.naturalWidth > 400")
        assert "(OCR)" in page.locator("#viewer h3").first.inner_text()
        # the yellow sentence mark is drawn on the image, where the words are (upper part of the page)
        yellow = image.evaluate("""img => { const c = document.createElement('canvas');
            c.width = img.naturalWidth; c.height = img.naturalHeight; const g = c.getContext('2d');
            g.drawImage(img, 0, 0); const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0, y = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i+1] > 170 && d[i+2] < 120) {
              n++; y += Math.floor(i / 4 / c.width); }
            return [n, n ? y / n / c.height : 0]; }""")
        assert yellow[0] > 1000 and yellow[1] < 0.5, yellow
        page.screenshot(path=str(shots / "5-scan-page.png"), full_page=True)


def test_an_uploaded_scan_is_read_in_the_background_then_answers(page, tmp_path):
    from tests.documents import scan_pages

    photo = tmp_path / "harbour-photo.png"
    scan_pages(
        ["The old harbour crane of Valmora lifted its last ship in 1968 and is now a museum."],
        dpi=200,
        skew=-0.8,
    )[0].save(photo)
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files(str(photo))
    page.wait_for_function("() => document.body.innerText.includes('in the background')", timeout=30_000)
    page.wait_for_function(
        "(n) => document.querySelector('#library').innerText.includes(n)", arg=photo.name, timeout=120_000
    )  # the timer lists it once it is read
    page.get_by_role("tab", name="Ask").click()
    ask(page, "When did the old harbour crane of Valmora lift its last ship?", "1968")
    assert "harbour-photo.png · p. 1 (OCR)" in last_bot(page)


def test_examples_are_questions_the_library_answers(browser, pdf_server):
    """A new user's first question, taken from the examples shown, gets an answer."""
    from qa.ui.examples import clean

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(pdf_server)
        page.wait_for_selector("#examples button", timeout=60_000)
        examples = page.locator("#examples button")
        shown = [examples.nth(i).inner_text() for i in range(examples.count())]
        assert shown and all(q.startswith("What is said about") for q in shown)
        # worded from clean text only: no file name, no OCR noise, no caption (qa/ui/examples.py: clean)
        assert all(clean(q.removeprefix("What is said about ").removesuffix("?")) for q in shown), shown
        assert not any("scan" in q.lower() or "harbour.pdf" in q.lower() for q in shown), shown
        examples.first.click()
        page.wait_for_function(
            "(q) => document.querySelector('#question textarea').value === q", arg=shown[0], timeout=10_000
        )
        page.click("#ask-button")
        page.wait_for_selector("#chat .message.bot", timeout=60_000)
        assert not last_bot(page).startswith("The source does not answer")
    finally:
        context.close()


def test_a_citation_of_a_document_replaced_since_says_so_instead_of_marking_other_words(page, tmp_path):
    """Issue 37, row 10: a document removed and another uploaded under its name; the old citation, opened,
    says the document has changed and marks nothing, rather than splicing old offsets into new text."""
    first = tmp_path / "pier-notes.md"
    first.write_text(
        "# Pier notes\n\nThe night ferry to Lundy leaves from pier seven at eleven.\n", encoding="utf-8"
    )
    upload(page, first)
    ask(page, "Where does the night ferry to Lundy leave from?", "pier seven")
    page.get_by_role("tab", name="Library").click()
    page.locator("#remove-pick input").click()
    page.get_by_role("option", name="pier-notes.md").click()
    page.click("#remove-button")
    page.wait_for_function(
        "() => !document.querySelector('#library').innerText.includes('pier-notes.md')", timeout=60_000
    )
    first.write_text(
        "# Pier notes\n\nThe harbour café on pier two sells oysters every Friday.\n", encoding="utf-8"
    )
    upload(page, first)  # another file, the same name
    page.get_by_role("tab", name="Ask").click()
    page.locator("#open-citation label").first.click()
    page.wait_for_selector("#viewer .qa-changed", timeout=30_000)
    viewer = page.locator("#viewer")
    assert "has changed since this answer" in viewer.inner_text() and "oysters" in viewer.inner_text()
    assert viewer.locator("mark").count() == 0 and "Lundy" not in viewer.inner_text()
