"""Issue 33, in the browser: a live server starts on an empty library, says so when asked, and takes a
real public file of each format qa reads beyond PDF, HTML, Word and text (eval/real/source: a lecture deck,
a workbook, an Excel 97–2003 workbook, a CSV file, Word and PowerPoint 97–2003 files, an e-book, an OpenDocument text, an RTF file, an e-mail with an attachment) in the
Library tab; a question about each is then answered from it, with a citation that says where the answer
stands: slide, sheet and row, chapter, section or attachment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import make_engine
from tests.integration.test_web import ask, last_bot, upload

REAL = Path(__file__).parents[2] / "eval" / "real" / "source"

# (file, question from eval/real's questions, the answer, what the citation names)
UPLOADS = [
    ("geometry_lecture.pptx", "How many books make up Euclid's Elements?", "13 books", "slide "),
    ("cities.xlsx", "What is the latitude of Longyearbyen, Svalbard?", "78.22", "row 11"),
    (
        "ons_expenditure.xls",
        "What was the average weekly household expenditure in London in 2006–2008?",
        "544.7",
        "row 10",
    ),
    ("csv-comma.csv", "Which company does Preston Lozano work for?", "Vega-Gentry", "row 3"),
    (
        "linac_lattice_design.doc",
        "For which facility were the klystrons available from Toshiba developed?",
        "Japanese Hadron Facility",
        "Lattice design strategy for the multi-GeV SC linac",
    ),
    (
        "thin_film_subcontracts.ppt",
        "By how much has subcontract money out the door dropped since 2002?",
        "36%",
        "slide 1",
    ),
    ("wasteland.epub", "Which month is the cruellest?", "April", "chapter 1"),
    (
        "eea_climate_change.odt",
        "Where was the United Nations Framework Convention on Climate Change drawn up?",
        "Rio de Janeiro",
        "The international response",
    ),
    ("pandoc_writer.rtf", "What did the spider say its name was?", "Shelob", "Smart quotes"),
    (
        "btrfs_check.eml",
        "Which device did the sender run btrfs check on?",
        "/dev/nvme0n1p6",
        "btrfscheck.txt",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    """A live app over an empty library, as `qa serve` starts on an empty folder: every document in it is
    one the test uploaded."""
    from qa.ui.web import serve

    root = tmp_path_factory.mktemp("formats")
    (root / "source").mkdir()
    engine = make_engine(root / "source", root / "index", embedder, empty=True)
    demo, url = serve(engine, port=None, prevent_thread_lock=True, quiet=True)
    yield engine, url
    demo.close()


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(server[1])
    page.wait_for_selector("#question textarea", timeout=60_000)
    yield page
    context.close()


def test_an_empty_library_says_so_and_how_to_fill_it(page):
    page.fill("#question textarea", "Which month is the cruellest?")
    page.click("#ask-button")
    page.wait_for_function(
        "() => document.body.innerText.includes('the library is empty: upload a document')", timeout=30_000
    )
    assert page.locator("#chat .message.bot").count() == 0  # nothing is answered from no document


@pytest.mark.parametrize(("name", "question", "answer", "where"), UPLOADS, ids=[u[0] for u in UPLOADS])
def test_an_uploaded_real_file_answers_with_where_it_stands(page, name, question, answer, where):
    upload(page, REAL / name)
    ask(page, question, answer)
    reply = last_bot(page)
    chip = next(line for line in reply.splitlines() if re.match(r"\[\d+\] ", line))  # the answer's own
    assert name in chip and where in chip, reply
