"""Headings of a PDF from its fonts (PDFium's per-character font box and name): a line larger or bolder than
the body's is a heading though it ends in ")"; a short line in the body's own font is not; where the PDF
sets everything in one font, the shape of the lines decides as for plain text."""

from __future__ import annotations

from qa.convert.extract import extract
from qa.document.paragraphs import parse
from qa.document.source import Document, read_bytes
from qa.index.texts import stored_texts, write_texts
from tests import documents as D


def _printed(blocks: list[tuple[str, str]]) -> bytes:
    from fpdf import FPDF

    doc = FPDF(format=(148, 210))
    doc.add_page()
    for style, text in blocks:
        doc.set_font(
            "Helvetica",
            style="B" if "bold" in style else "",
            size={"big": 16, "small": 8, "small bold": 8}.get(style, 10),
        )
        doc.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        doc.ln(3)
    return bytes(doc.output())


def _kinds(data: bytes) -> dict[str, str]:
    doc = read_bytes("printed.pdf", data)
    layout = parse(doc)
    return {layout.text(p): p.kind for p in layout.paragraphs}


def test_a_display_font_makes_a_heading_and_the_body_font_never_does():
    lines = [("big", "Harbour Report"), ("", D.FILLER), ("bold", "Cargo (2022 season)"),
             ("", "The port moved 5 million tonnes of grain in 2022. " + D.FILLER),
             ("", "In the dry docks"), ("", "Three ships were repaired in the dry docks. " + D.FILLER)]  # fmt: skip
    kinds = _kinds(_printed(lines))
    assert kinds["Cargo (2022 season)"] == "heading"  # bold, though it ends in ")"
    assert kinds["In the dry docks"] == "body"  # short, before a longer line, but in the body's own font


def test_one_font_throughout_leaves_headings_to_the_shape_of_the_lines():
    lines = [("", "Harbour Report"), ("", D.FILLER), ("", "Cargo"),
             ("", "The port moved 5 million tonnes of grain in 2022. " + D.FILLER)]  # fmt: skip
    kinds = _kinds(_printed(lines))
    assert kinds["Cargo"] == "heading"


def test_font_roles_are_kept_with_the_stored_text(tmp_path):
    data = _printed([("big", "Harbour Report"), ("", D.FILLER), ("bold", "Cargo"), ("", D.FILLER)])
    found = extract("printed.pdf", data)
    assert ("display" in {role for _, _, role in found.fonts}) and (
        "body" in {role for _, _, role in found.fonts}
    )
    doc = Document("printed.pdf", found.text, "abc", "extracted", found.pages, fonts=found.fonts)
    write_texts(tmp_path, [doc])
    assert stored_texts(tmp_path)("printed.pdf", "abc").fonts == found.fonts


def test_table_rows_code_addresses_contents_and_captions_are_never_headings():
    lines = [
        "HTML 0.969 0.927 0.955 0.857 5.39",
        "USER = ALICE",
        "ON <table name>",
        "1 http://www.example.org/",
        "Security fundamentals . . . . . . . . 2",
        "Table 2-1 FUNCTION_USAGE view",
        "2.1.7 Verifying usage IDs",
    ]
    text = "Report\n\n" + "".join(f"{line}\n\n{D.FILLER}\n\n" for line in lines)
    layout = parse(Document("notes.txt", text, "0"))
    kinds = {layout.text(p): p.kind for p in layout.paragraphs}
    assert [kinds[line] for line in lines] == ["body"] * 6 + ["heading"]  # a numbered heading has one number


def test_small_print_is_never_a_heading_bold_or_not():
    """A figure's labels ("Tightened nut", set small and bold in the FAA handbook) and footnotes are not
    sections, whatever their shape; with a heading font or without one."""
    display = [("big", "Harbour Report"), ("", D.FILLER), ("small bold", "Tightened nut"),
               ("small", "Keyway"), ("", "Three ships were repaired. " + D.FILLER)]  # fmt: skip
    with_display = _kinds(_printed(display))
    assert with_display["Harbour Report"] == "title" and with_display["Tightened nut"] == "body"
    assert with_display["Keyway"] == "body"
    lines = [("", "Harbour Report"), ("", D.FILLER), ("small bold", "Tightened nut"),
             ("", "Cargo"), ("", "The port moved 5 million tonnes of grain in 2022. " + D.FILLER)]  # fmt: skip
    plain = _kinds(_printed(lines))
    assert plain["Tightened nut"] == "body" and plain["Cargo"] == "heading"  # shapes decide the rest


def test_a_title_set_on_two_lines_of_the_display_font_is_one_title_never_cut_at_the_break():
    lines = [("big", "A New Framework for Structure Based"), ("big", "Design of Steel Bridges"),
             ("", D.FILLER), ("big", "Inspection"), ("", "The bridges are inspected each spring. " + D.FILLER)]  # fmt: skip
    layout = parse(read_bytes("printed.pdf", _printed(lines)))
    assert layout.title == "A New Framework for Structure Based Design of Steel Bridges"
    kinds = {layout.text(p): p.kind for p in layout.paragraphs}
    assert kinds["Design of Steel Bridges"] == "title" and kinds["Inspection"] == "heading"


def test_a_first_display_line_that_is_a_sentence_is_no_title_and_nothing_after_it_joins_one():
    lines = [("big", "The harbour reopened in May."), ("big", "Cargo returned"), ("", D.FILLER)]
    layout = parse(read_bytes("printed.pdf", _printed(lines)))
    assert [p.kind for p in layout.paragraphs][0] != "title"
