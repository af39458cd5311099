"""Converted formats without the model: uploads sniffed by content, scans named, the article's files kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.convert.extract import extract
from qa.document.library import add_document
from qa.errors import SourceError, UploadError
from tests import documents as D


def test_uploads_are_sniffed_by_content(tmp_path):
    src = tmp_path / "source"
    with pytest.raises(UploadError, match="not a PDF"):
        add_document(src, "report.pdf", b"just text, not a PDF", 1_000_000)
    with pytest.raises(UploadError, match="zip bomb"):
        add_document(src, "report.docx", D.zip_bomb(), 1_000_000)
    with pytest.raises(UploadError, match="not an HTML page"):
        add_document(src, "page.html", b"\x00\x01\x02binary", 1_000_000)
    assert add_document(src, "report.pdf", D.pdf([D.CARGO]), 1_000_000) == "report.pdf"
    assert not list(src.glob(".upload-*"))


def test_the_converted_article_files_can_be_kept(tmp_path):
    """The same files, written out for a person to open (and for `qa eval` by hand)."""
    for name, data in D.article_files().items():
        D.write(tmp_path, name, data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.docx", "article.html", "article.pdf"]
    shutil.rmtree(tmp_path)


def test_a_blank_pdf_says_so():
    with pytest.raises(SourceError, match="no text"):
        extract("blank.pdf", D.pdf([" "], footer=False))


def test_docs_py_is_not_collected():
    assert Path(D.__file__).name == "documents.py"


def test_a_gap_on_the_page_ends_a_block_though_its_line_is_long():
    """A running header of a one-page excerpt, set apart by space only, is not glued to the first body line."""
    from fpdf import FPDF

    doc = FPDF(format=(148, 210))
    doc.add_page()
    doc.set_font("Helvetica", size=8)
    doc.cell(
        0,
        5,
        "Optimized Harbour Logistics for Container Terminals and their Night Shifts 9",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.ln(8)
    doc.set_font("Helvetica", size=10)
    doc.multi_cell(
        0,
        5,
        "order to compute the berth schedule the cranes were timed on every shift. " + D.FILLER,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    text = extract("excerpt.pdf", bytes(doc.output())).text
    assert text.startswith(
        "Optimized Harbour Logistics for Container Terminals and their Night Shifts 9\n\norder to"
    )


def test_printed_page_labels_are_kept_and_cited():
    """A PDF whose front matter is numbered i, ii… and whose body starts at 20: citations give both."""
    from qa.document.passages import Passage
    from qa.retrieve.cited import Cited
    from qa.ui.render.cite import chip

    def page(n: int, content: int) -> bytes:
        return (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 7 0 R >> >> >>" % content
        )

    def stream(text: str) -> bytes:
        body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /PageLabels << /Nums [0 << /S /r >> 1 << /S /D /St 20 >>] >> >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        page(1, 5),
        page(2, 6),
        stream("The preface thanks the harbour staff for their patience."),
        stream("The cranes of the harbour work through the night."),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    found = extract("labelled.pdf", D.raw_pdf(objects))
    assert found.labels == ("i", "20")
    p = Passage("labelled.pdf", "T", None, 2, "body", 0, 4, "Text", ((0, 4),), page=2, page_label="20")
    assert "p. 20 (PDF p. 2)" in chip(Cited(1, 0.5, p, (0, 4)))
    unlabelled = Passage("plain.pdf", "T", None, 2, "body", 0, 4, "Text", ((0, 4),), page=2)
    assert "· p. 2" in chip(Cited(1, 0.5, unlabelled, (0, 4)))


def test_a_damaged_file_whose_error_has_no_message_still_gets_one_line():
    from qa.convert.extract import damaged
    from qa.convert.image import _unreadable

    assert str(damaged("x.pdf", ValueError())) == "skipped x.pdf: cannot read it (ValueError)"
    assert _unreadable("x.png", OSError()) == "skipped x.png: cannot read the image (OSError)"


def test_a_pdfs_metadata_title_names_it_only_when_the_page_prints_it():
    from fpdf import FPDF

    from qa.convert.pdf.text import own_title
    from qa.document.paragraphs import parse
    from qa.document.source import Document

    def report(title: str) -> bytes:
        doc = FPDF()
        doc.set_title(title)
        doc.add_page()
        doc.set_font("Helvetica", size=11)
        doc.multi_cell(0, 6, "Inadequate and unhealthy housing, 2007 and 2009. " * 4 + "Housing matters.")
        return bytes(doc.output())

    found = extract("mmwr-housing.pdf", report("Inadequate and Unhealthy Housing, 2007 and 2009"))
    doc = Document("mmwr-housing.pdf", found.text, "0", "extracted", pages=found.pages, title=found.title)
    assert parse(doc).title == "Inadequate and Unhealthy Housing, 2007 and 2009"  # not "Mmwr housing"
    assert not own_title("Microsoft Word - report.docx", "report")
    assert not own_title(
        "Quarterly Accounts of the Harbour", "Inadequate and unhealthy housing"
    )  # not printed
    assert extract("other.pdf", report("Untitled")).title == ""


_PAGE = (
    '<html><head><meta charset="utf-16"><title>Harbour report</title></head><body><h1>Harbour report</h1>'
    "<p>The north quay handled 12,000 tonnes of grain in 2023, Zoë said.</p>"
    "<p>Ship captains praised the quay’s new cranes, which lift 40 tonnes.</p></body></html>"
)


@pytest.mark.parametrize("wide", [_PAGE.encode("utf-16"), b"\xfe\xff" + _PAGE.encode("utf-16-be")])
def test_a_web_page_saved_as_utf16_reads_as_the_same_page(tmp_path, wide):
    """Word's "Unicode" web page is UTF-16, two bytes a letter: it was refused as binary ("no HTML tags"),
    and its own declaration of UTF-16 would have a parser misread the page once narrowed to UTF-8."""
    narrow = _PAGE.replace("utf-16", "utf-8").encode("utf-8")
    assert extract("page.html", wide).text == extract("page.html", narrow).text
    assert extract("page.html", wide).text.startswith("# Harbour report\n\nThe north quay handled 12,000")
    assert add_document(tmp_path / "source", "page.htm", wide, 1_000_000) == "page.htm"
