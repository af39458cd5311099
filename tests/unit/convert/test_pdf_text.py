"""A PDF page's characters as text: one per PDFium index (so offsets stay on their boxes), ligatures and
scripts as they are written."""

from __future__ import annotations

import pytest


def test_pdfium_codes_become_text_one_character_per_index():
    from qa.convert.pdf.text import letters

    word = [ord(c) for c in "اإلنتاجية"]  # PDFium's spelling of الإنتاجية: the ligature's alef first
    assert letters(word, [False] * len(word), lambda i: i == 1) == "الإنتاجية"
    assert letters(word, [False] * len(word), lambda i: False) == "اإلنتاجية"  # two glyphs: as printed
    assert letters([ord("a"), 2, ord("b")], [False, True, False], lambda i: False) == "a\ufffeb"
    emoji = [0xD83D, 0xDE00, ord("!")]
    assert letters(emoji, [False] * 3, lambda i: False) == "\U0001f600\u00ad!"  # one letter, two indexes


def test_a_latin_word_meeting_an_arabic_one_is_set_apart():
    from qa.convert.pdf.text import _RTL_EDGE

    assert _RTL_EDGE.sub(" ", "البرمجة بلغة R و Pythonمن الأدوات") == "البرمجة بلغة R و Python من الأدوات"


def test_a_ligature_drawn_without_unicode_is_read_as_the_letters_its_words_need():
    from qa.convert.extract import extract
    from tests import documents as D

    text = "\ufb01The proportion of houses classi\ufb01ed as unhealthy rose. The of\ufb01ce \ufb02oor was \ufb01xed."
    found = extract("report.pdf", D.unmapped_ligatures_pdf([text.removeprefix("\ufb01")]))
    assert "classified as unhealthy" in found.text and "office floor was fixed" in found.text


def test_a_code_no_ligature_explains_stays_a_gap():
    from qa.convert.pdf.glyphs import readings, restore

    read = readings(["\x11e proportion of houses", "\x11is report", "a \x12zq mark", "the of\x10ce"])
    assert read == {"\x11": "Th", "\x10": "fi"}  # "\x12zq" is no word with any ligature
    assert readings(["\x11e end"]) == {}  # "The" or "fie": one word cannot tell, so it stays a gap
    assert restore("\x11e of\x10ce \x12zq", read) == "The office \x12zq"


def test_a_character_drawn_twice_at_one_place_is_read_once_in_its_whole_word():
    from qa.convert.pdf.text import DRAWN_TWICE, drawn_once

    boxes = {0: (0, 0, 5, 9), 1: (5, 0, 8, 9), 3: (0, 0, 5, 9), 4: (5, 0, 8, 9), 5: (8, 0, 13, 9)}
    assert drawn_once("bi bit", boxes.get) == f"{DRAWN_TWICE * 2} bit"  # the copy in part goes
    assert drawn_once("bit bi", {0: boxes[3], 1: boxes[4], 2: boxes[5], 4: boxes[0], 5: boxes[1]}.get) == (
        f"bit {DRAWN_TWICE * 2}"
    )
    assert drawn_once("aa", {0: (0, 0, 5, 9), 1: (5, 0, 10, 9)}.get) == "aa"  # side by side: both stay


def test_a_block_drawn_in_part_and_then_whole_reads_once():
    from qa.convert.extract import extract
    from tests import documents as D

    sentence = "The brand seed is distributed by Doebler's PA Hybrids, Inc."
    text = extract("trial.pdf", D.overprinted_pdf(sentence)).text
    assert text.strip() == sentence


def test_a_pdf_pdfminer_cannot_open_is_read_by_pdfium_without_ruled_tables():
    """pdfplumber only finds ruled tables: a file its pdfminer refuses is read, not skipped."""
    from qa.convert.extract import extract
    from tests.conftest import ROOT

    data = (ROOT / "tests" / "data" / "pdf" / "tika_owner_empty.pdf").read_bytes()
    assert extract("hello.pdf", data).text == "Hello World\n"


def test_a_pdf_locked_with_a_password_is_skipped_with_a_line_that_says_so():
    from fpdf import FPDF

    from qa.convert.extract import extract
    from qa.errors import SourceError

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=11)
    doc.text(20, 20, "The harbour handles five million tonnes.")
    doc.set_encryption(owner_password="owner", user_password="reader")
    with pytest.raises(SourceError, match="locked with a password"):
        extract("locked.pdf", bytes(doc.output()))


def test_a_pdf_pdfium_cannot_open_is_read_by_pdfminer_and_says_so(monkeypatch):
    """PDFium refuses some files other readers open ("Data format error": py-pdf's sample datasheet, four
    pages of text lost): pdfminer reads their text layer, paragraphs where the page leaves a gap, and a
    note says which reader read it and what is missing."""
    import pypdfium2 as pdfium

    from qa.convert.extract import extract
    from qa.errors import SourceError
    from tests import documents as D

    paragraphs = [
        "The harbour handled five million tonnes of cargo in 2023, a record for the port, and its twelve "
        "electric cranes worked through the night to clear the quays before the winter storms arrived.",
        "Twelve cranes work at night.",
        "The port authority plans a third berth on the north quay, to open in 2026 if the dredging is "
        "finished on time.",
    ]
    data = D.pdf(paragraphs, footer=False)
    by_pdfium = extract("port.pdf", data)

    def refuse(*_args, **_kwargs):
        raise pdfium.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pdfium, "PdfDocument", refuse)
    found = extract("port.pdf", data)
    assert found.text == by_pdfium.text == "\n\n".join(paragraphs) + "\n"  # the same paragraphs
    assert any("read by pdfminer" in note and "Data format error" in note for note in found.notes)
    monkeypatch.setattr("qa.convert.pdf.miner.pages", lambda _data: None)  # pdfminer cannot either
    with pytest.raises(SourceError, match="cannot read it .*Data format error"):  # PDFium's reason, one line
        extract("port.pdf", data)


def test_bytes_before_a_pdfs_header_are_passed_over_as_acrobat_does():
    """A mail or web server's bytes before "%PDF-" (within the first kilobyte) made the file "not a PDF";
    read from its header, where its offsets count from, it is read whole, fonts and tables included."""
    from qa.convert.extract import extract
    from qa.errors import SourceError
    from tests import documents as D

    data = D.pdf(["The harbour handled five million tonnes of cargo in 2023."], footer=False)
    found = extract("port.pdf", b"Content-Type: application/pdf\r\n\r\n" + data)
    assert found.text.strip() == "The harbour handled five million tonnes of cargo in 2023."
    assert found.notes == ()  # PDFium's reading, not the fallback's
    with pytest.raises(SourceError, match="no %PDF- header"):
        extract("port.pdf", b" " * 2000 + data)  # past the first kilobyte: not a PDF
