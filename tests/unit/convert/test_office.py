"""Slides and spreadsheets: each slide a page cited by its number, each sheet row a passage named by the
header row and cited by the sheet's own row number."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from qa.convert.extract import extract
from qa.convert.extracted import FoundTable
from qa.document.library import add_document
from qa.document.paragraphs import parse
from qa.document.source import Document
from qa.errors import SourceError, UploadError
from tests import documents as D

STEEL = [
    ["Product", "Yield strength N/mm2", "Tensile strength N/mm2"],
    ["Bars", 890, 1000],
    ["Wire", 700, 850.0],
]


def test_each_rows_cells_are_named_by_the_header_and_cited_by_sheet_and_row():
    found = extract("steel.xlsx", D.workbook({"Steel": STEEL, "Notes": [["Rolled at 1,100 degrees."]]}))
    assert found.text.split("\n\n") == [
        "## Steel",
        "Product | Yield strength N/mm2 | Tensile strength N/mm2",
        "Bars — 890 | 1000",
        "Wire — 700 | 850",  # 850.0 as shown
        "## Notes",
        "Rolled at 1,100 degrees.\n",
    ]
    assert "Product: Bars — Yield strength N/mm2: 890 | Tensile strength N/mm2: 1000" in D.named(found)
    assert found.labels == ("1", "2", "3", "1")  # each row's number in its own sheet
    bars = found.text.index("Bars")
    doc = Document("steel.xlsx", found.text, "x", pages=found.pages, labels=found.labels)
    assert doc.label_of(doc.page_of(bars)) == "2"
    sections = {p.section for p in parse(doc).paragraphs if p.kind == "body"}
    assert sections == {"Steel", "Notes"}
    assert found.tables[0] == FoundTable(
        None, "Steel", [STEEL[0]], [["Bars", "890", "1000"], ["Wire", "700", "850"]]
    )


def test_a_csv_files_delimiter_is_sniffed():
    found = extract("berths.csv", b"Berth;Ships per week\nNorth quay;12\nSouth quay;7\n")
    assert D.named(found).split("\n\n")[:2] == [
        "Berth | Ships per week",
        "Berth: North quay — Ships per week: 12",
    ]
    assert found.labels == ("1", "2", "3")
    with pytest.raises(SourceError, match="binary"):
        extract("data.csv", b"\x00\x01\x02")


def test_a_csv_file_excel_wrote_in_its_code_page_or_as_unicode_text_is_read():
    """Excel saves "CSV" in the machine's code page (Windows-1252 in the West) and "Unicode Text" as
    UTF-16 with a byte-order mark, tab-separated: both read as written, the code page named in a note."""
    rows = "Quay\tCaf\u00e9 owner\nNorth\tRen\u00e9e M\u00fcller\n"
    western = extract("cafes.csv", rows.replace("\t", ";").encode("cp1252"))
    wide = extract("cafes.csv", rows.encode("utf-16"))
    for found in (western, wide):
        assert "Quay: North — Café owner: Renée Müller" in D.named(found)
    assert western.notes == ("cafes.csv: not UTF-8; read as cp1252",) and wide.notes == ()


def test_each_slide_is_a_page_with_its_title_text_table_and_notes():
    data = D.deck(
        [
            ("Harbour traffic", ["Ships called 1,240 times in 2023."], None, "Mention the new crane."),
            ("Berths", [], [["Berth", "Ships per week"], ["North quay", "12"]], ""),
        ]
    )
    found = extract("harbour.pptx", data)
    assert found.text.split("\n\n") == [
        "## Harbour traffic",
        "Ships called 1,240 times in 2023.",
        "Mention the new crane.",
        "## Berths",
        "Berth | Ships per week",
        "North quay — 12\n",
    ]
    assert "Berth: North quay — Ships per week: 12" in D.named(found)
    assert found.pages == (0, found.text.index("## Berths"))
    assert found.tables == (FoundTable(2, "", [["Berth", "Ships per week"]], [["North quay", "12"]]),)


def test_office_files_are_checked_as_zips_first():
    with pytest.raises(SourceError, match="not an Excel .xlsx workbook"):
        extract("steel.xlsx", b"just text")
    with pytest.raises(SourceError, match="zip bomb"):
        extract("deck.pptx", D.zip_bomb())
    with pytest.raises(SourceError, match="no ppt/presentation.xml"):
        extract("deck.pptx", D.workbook({"Steel": STEEL}))


def test_an_e_books_chapters_come_in_spine_order_each_a_page():
    data = D.epub(
        "The Harbour Book",
        [
            "<h1>Chapter 1. Cranes</h1><p>The old crane of Valmora lifted its last ship in 1968.</p>"
            "<ul><li>It is now a museum.</li></ul><script>alert(1)</script>",
            "<section><h2>Chapter 2. Berths</h2><table><tr><th>Berth</th><th>Ships per week</th></tr>"
            "<tr><td>North quay</td><td>12</td></tr></table>Loose text after the table.</section>",
        ],
    )
    found = extract("harbour.epub", data)
    assert found.text.split("\n\n") == [
        "# Chapter 1. Cranes",
        "The old crane of Valmora lifted its last ship in 1968.",
        "It is now a museum.",
        "## Chapter 2. Berths",
        "Berth | Ships per week",
        "North quay — 12",
        "Loose text after the table.\n",
    ]
    assert found.pages == (0, found.text.index("## Chapter 2")) and found.title == "The Harbour Book"
    assert found.tables == (FoundTable(2, "", [["Berth", "Ships per week"]], [["North quay", "12"]]),)
    with pytest.raises(SourceError, match="not an EPUB e-book"):
        extract("book.epub", b"plain text")


def test_an_opendocument_text_keeps_its_headings_lists_and_named_table_rows():
    data = D.odt(
        '<text:h text:outline-level="2">Berths</text:h>'
        "<text:p>The harbour has<text:s/>two quays.<office:annotation><text:p>check</text:p></office:annotation></text:p>"
        "<text:list><text:list-item><text:p>North quay</text:p></text:list-item></text:list>"
        "<text:p>Table 3: Berths of the harbour</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>Berth</text:p></table:table-cell>"
        "<table:table-cell><text:p>Ships per week</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>North quay</text:p></table:table-cell>"
        "<table:table-cell><text:p>12</text:p></table:table-cell></table:table-row></table:table>"
    )
    found = extract("harbour.odt", data)
    assert found.text.split("\n\n") == [
        "## Berths",
        "The harbour has two quays.",  # the margin comment is not the text
        "North quay",
        "Table 3: Berths of the harbour",
        "Berth | Ships per week",
        "North quay — 12\n",
    ]
    assert "Berth: North quay — Ships per week: 12" in D.named(found)
    assert found.tables == (
        FoundTable(
            None, "Table 3: Berths of the harbour", [["Berth", "Ships per week"]], [["North quay", "12"]]
        ),
    )


def test_every_word_a_word_document_shows_is_read():
    """python-docx reads a paragraph's plain runs, a cell's own paragraphs and a row's own cells: the words
    of a tracked insertion, a content control (a cover page, a cell), a nested table were lost. Deleted text and
    a comment in the body are not words the document shows."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    tracked = 'w:author="A" w:date="2024-01-01T00:00:00Z"'
    doc = docx.Document()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Berth"
    table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "North quay"
    body = doc.element.body
    body.insert(
        0,
        parse_xml(
            f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>Harbour report</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    body.insert(
        1,
        parse_xml(
            f'<w:p {w}><w:r><w:t xml:space="preserve">The crane lifted </w:t></w:r>'
            f'<w:ins w:id="1" {tracked}><w:r><w:t>the last ship</w:t></w:r></w:ins>'
            f'<w:del w:id="2" {tracked}><w:r><w:delText> a barge</w:delText></w:r></w:del>'
            "<w:r><w:t>.</w:t></w:r></w:p>"
        ),
    )
    body.insert(2, etree.Comment("written by a converter"))
    row = table._tbl.tr_lst[0]
    row.append(
        parse_xml(
            f"<w:sdt {w}><w:sdtContent><w:tc><w:p><w:r><w:t>Cranes 4</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt>"
        )
    )
    out = io.BytesIO()
    doc.save(out)
    text = extract("harbour.docx", out.getvalue()).text
    assert text.startswith("Harbour report\n\nThe crane lifted the last ship.\n")
    assert "barge" not in text and "converter" not in text
    assert "North quay" in text and "Cranes 4" in text  # a cell in a content control too


def test_an_odt_keeps_the_spaces_of_styled_words_its_footnotes_and_its_table_of_contents():
    """A styled word's own space parts it from the next ("And another test", not "Andanothertest"); a
    footnote's body follows its paragraph, its mark staying in place; a generated index is read."""
    data = D.odt(
        '<text:table-of-content text:name="Contents"><text:table-of-content-source>'
        "<text:index-title-template>Contents</text:index-title-template></text:table-of-content-source>"
        "<text:index-body><text:index-title><text:p>Contents</text:p></text:index-title>"
        "<text:p>Cargo handling 2</text:p></text:index-body></text:table-of-content>"
        "<text:p><text:span>And </text:span><text:span>another </text:span><text:span>test</text:span> is here"
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>A simple footnote.</text:p></text:note-body></text:note>.</text:p>"
    )
    assert extract("notes.odt", data).text == (
        "Contents\n\nCargo handling 2\n\nAnd another test is here1.\n\nA simple footnote.\n"
    )


def test_an_ods_sheets_rows_are_named_by_its_header_and_cited_by_sheet_and_row():
    """A LibreOffice Calc sheet reads as an Excel one; its empty tail, saved as one row repeated to the
    sheet's end, is never built."""
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    row = "<table:table-row>{}</table:table-row>"
    body = (
        '<table:table table:name="Berths">'
        + row.format(cell.format("Berth") + cell.format("Ships per week"))
        + '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
        + row.format(
            cell.format("North quay")
            + cell.format("12")
            + '<table:table-cell table:number-columns-repeated="1022"/>'
        )
        + '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        + "</table:table>"
    )
    found = extract("port.ods", D.odt(body, "spreadsheet"))
    assert "Berth: North quay — Ships per week: 12" in D.named(found)
    assert found.text.startswith("## Berths\n") and found.labels == ("1", "4")


def test_an_odp_slide_is_a_page_its_title_a_heading_its_frames_top_down_then_its_notes():
    frame = (
        '<draw:frame svg:x="1cm" svg:y="{}"{}><draw:text-box><text:p>{}</text:p></draw:text-box></draw:frame>'
    )
    slide = (
        '<draw:page draw:name="page1">'
        + frame.format("12cm", "", "Ships called 1,240 times in 2023.")
        + frame.format("1cm", ' presentation:class="title"', "Harbour traffic")
        + frame.format("6cm", "", "The new crane arrived in May.")
        + "<presentation:notes>"
        + frame.format("1cm", ' presentation:class="notes"', "Mention the crane.")
        + "</presentation:notes></draw:page>"
    )
    second = (
        '<draw:page draw:name="page2">'
        + frame.format("1cm", ' presentation:class="title"', "Berths")
        + "</draw:page>"
    )
    found = extract("port.odp", D.odt(slide + second, "presentation"))
    assert found.text == (
        "## Harbour traffic\n\nThe new crane arrived in May.\n\nShips called 1,240 times in 2023.\n\n"
        "Mention the crane.\n\n## Berths\n"
    )
    assert found.pages == (0, found.text.index("## Berths"))


def test_a_shape_python_pptx_does_not_know_is_passed_over_not_the_deck():
    """A shape with neither a preset nor a drawn outline (what some tools write) made python-pptx raise
    when asked its type, and the whole deck was skipped."""
    from pptx import Presentation

    data = D.deck([("Harbour traffic", ["Ships called 1,240 times in 2023."], None, "")])
    deck = Presentation(io.BytesIO(data))
    box = next(s for s in deck.slides[0].shapes if s.has_text_frame and not s.is_placeholder)
    outline = box._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}prstGeom")
    box._element.spPr.remove(outline)
    box._element.nvSpPr.cNvSpPr.set("txBox", "0")
    out = io.BytesIO()
    deck.save(out)
    assert (
        extract("port.pptx", out.getvalue()).text
        == "## Harbour traffic\n\nShips called 1,240 times in 2023.\n"
    )


def test_a_word_document_whose_package_names_another_main_part_is_read():
    """A .docx's main part may have any name its package relationships give ("/word/document2.xml")."""
    import zipfile

    original = D.docx([("p", "The crane lifted its last ship in 1968.")])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info).replace(b"word/document.xml", b"word/document2.xml")
            dst.writestr(info.filename.replace("word/document.xml", "word/document2.xml"), data)
    assert extract("crane.docx", out.getvalue()).text == "The crane lifted its last ship in 1968.\n"
    with pytest.raises(SourceError, match="no word/document.xml"):
        extract("cells.docx", D.workbook({"Sheet": [["a"]]}))


def test_an_rtf_letter_beyond_the_first_plane_is_one_letter_and_a_lone_half_is_no_text():
    """RTF spells 𐌲 as the two halves of its UTF-16 pair; a half alone (a damaged file) would make the
    tokenizer refuse the whole text, and the index with it."""
    rtf = rb"{\rtf1\ansi\uc1\pard Gothic \u-10240?\u-8398? and a lone \u-10240? half.\par}"
    assert extract("gothic.rtf", rtf).text == "Gothic \U00010332 and a lone \ufffd half.\n"


def test_an_rtf_picture_written_with_a_countless_bin_is_left_out_and_the_text_read():
    rtf = (
        rb"{\rtf1\ansi{\pard The crane in 1968:\par}{\pard {\pict\jpegblip\picw250 \bin ffd8ffe000104a46}\par}"
        rb"{\pard It is now a museum.\par}}"
    )
    assert extract("crane.rtf", rtf).text == "The crane in 1968:\n\nIt is now a museum.\n"


def test_an_rtf_ignorable_mark_in_the_middle_of_a_group_does_not_hide_its_text():
    """OpenOffice writes "\\*" before a character style in the middle of a group; only at a group's start
    does it mark a destination to ignore ("{\\*\\generator …}", still left out)."""
    rtf = (
        rb"{\rtf1\ansi{\*\generator Writer;}\pard\plain{\loch\f2\fs24\*\cs7\cf0 The quick brown fox jumps over"
        rb" the lazy dog}\par}"
    )
    assert extract("fox.rtf", rtf).text == "The quick brown fox jumps over the lazy dog\n"


def test_an_rtf_documents_paragraphs_are_read_without_its_control_words():
    rtf = (
        rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard The old crane lifted its last ship in 1968.\par"
        + (rb"\pard It is now a museum.\par}")
    )
    assert (
        extract("crane.rtf", rtf).text
        == "The old crane lifted its last ship in 1968.\n\nIt is now a museum.\n"
    )
    with pytest.raises(SourceError, match="not an RTF file"):
        extract("crane.rtf", b"plain text")


def test_an_e_mails_fields_body_and_attachments_are_read():
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Harbour Office <office@valmora.example>"
    message["To"] = "crew@valmora.example"
    message["Subject"] = "Berth plan for May"
    message["Date"] = "Mon, 04 May 2026 09:00:00 +0000"
    message.set_content("North quay takes 12 ships a week in May.\n\nSouth quay is closed for repairs.\n")
    message.add_attachment(
        b"Crane 4 is out of service until June.", maintype="text", subtype="plain", filename="cranes.txt"
    )
    message.add_attachment(b"\x00\x01", maintype="application", subtype="octet-stream", filename="plan.bin")
    found = extract("may.eml", message.as_bytes())
    assert found.text.split("\n\n") == [
        "From: Harbour Office <office@valmora.example>",
        "To: crew@valmora.example",
        "Date: Mon, 04 May 2026 09:00:00 +0000",
        "Subject: Berth plan for May",
        "North quay takes 12 ships a week in May.",
        "South quay is closed for repairs.",
        "## cranes.txt",
        "Crane 4 is out of service until June.\n",
    ]
    assert found.title == "Berth plan for May"
    assert found.notes == ("may.eml: attachment plan.bin: a kind of file qa does not read",)
    # No field at all (a header line broken off ends the header there): the text is read, not skipped.
    plain = extract("note.eml", b"Received: from relay\nbroken Delivered-To: x\nFrom: a@b\n\nHello there.\n")
    assert "Hello there." in plain.text and plain.notes == (
        "note.eml: no From, To, Date or Subject in its header: read as text",
    )
    with pytest.raises(SourceError):
        extract("note.eml", b"\x00\x01\x02 binary")


def test_a_forwarded_message_a_nested_part_and_a_text_attachment_are_read():
    """A forwarded message (message/rfc822) read as an empty file, the parts of a nested multipart were
    passed over, a script sent as text/x-ruby was "a kind of file qa does not read", and a body in a
    character set Python does not know ("X-UNKNOWN") skipped the whole message."""
    from email.message import EmailMessage

    inner = EmailMessage()
    inner["From"], inner["Subject"] = "pilot@valmora.example", "Tug schedule"
    inner.set_content("Two tugs meet every ship over 200 metres.\n")
    nested = EmailMessage()
    nested.set_content("The dredger starts on the north quay in June.\n")
    nested.add_attachment(b"Depth after dredging: 14 metres.", maintype="text", subtype="plain")
    message = EmailMessage()
    message["From"], message["Subject"] = "office@valmora.example", "Fwd: Tug schedule"
    message.set_content("See the schedule below.\n")
    message.add_attachment(inner, filename="Tugs")
    message.add_attachment(b"puts 'berths'", maintype="text", subtype="x-ruby", filename="berths.rb")
    message.attach(nested)
    text = extract("fwd.eml", message.as_bytes()).text
    for said in (
        "## Tugs.eml",
        "Two tugs meet every ship over 200 metres.",
        "## berths.rb",
        "puts 'berths'",
        "The dredger starts on the north quay in June.",
        "## attachment.txt",
        "Depth after dredging: 14 metres.",
    ):
        assert said in text.split("\n\n") or said + "\n" in text.split("\n\n"), said
    odd = b"From: a@b\nSubject: Cargo\nContent-Type: text/plain; charset=X-UNKNOWN\n\nFive ships called.\n"
    assert "Five ships called." in extract("odd.eml", odd).text


def test_a_damaged_e_book_is_skipped_with_its_name_and_reason():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", "<container/>")
    with pytest.raises(SourceError, match=r"^skipped broken.epub: cannot read it \(no package file"):
        extract("broken.epub", buffer.getvalue())


def test_a_pictures_caption_in_an_opendocument_paragraph_stands_apart_from_its_words():
    data = D.odt(
        "<text:p><draw:frame><draw:text-box><text:p><draw:frame/></text:p><text:p>A factory</text:p>"
        "<text:p>Source: F. Coppin, 2004.</text:p></draw:text-box></draw:frame>Other gases include ozone.</text:p>"
    )
    found = extract("climate.odt", data)
    assert found.text.split("\n\n") == [
        "A factory",
        "Source: F. Coppin, 2004.",
        "Other gases include ozone.\n",
    ]


def test_a_spreadsheets_numbers_read_as_the_sheet_shows_them():
    data = D.workbook(
        {"Rates": [["Earnings", "Rate", "Fee", "Share"], [30000, 0.3714, 7, 0.13079200000000002]]},
        {"A2": "#,##0", "B2": "0.0%", "C2": '"£"#,##0.00'},
    )
    found = extract("rates.xlsx", data)
    assert "30,000 — 37.1% | £7.00 | 0.130792" in found.text  # General: no binary tail


def test_years_over_a_tables_figures_name_its_columns_in_word_and_a_spreadsheet():
    rows = [["Country", "1996", "1991"], ["Germany", "12130", "8290"]]
    for name, data in (("stores.docx", D.docx([("Normal", "Discount stores.")], table=rows)),
                       ("stores.xlsx", D.workbook({"Stores": [["Country", 1996, 1991], ["Germany", 12130, 8290]]}))):  # fmt: skip
        assert "Country: Germany — 1996: 12130 | 1991: 8290" in D.named(extract(name, data)), name


def test_a_sheets_rows_are_named_by_the_labels_over_its_header():
    """A government workbook: a title, a row of labels over the header ("FULL RATE PRSI | SINGLE"), a
    header of a currency sign and years, and further down another group's labels over the same columns:
    each figure is named by its year and its group, each group's rows by their own."""
    rows = [
        ["AVERAGE TAX RATES ON ANNUAL EARNINGS", None, None, None],
        ["FULL RATE PRSI", None, "SINGLE", None],
        ["€", "£", 1997, 2007],
        [30000, 23627, "37.1%", "13.4%"],
        [40000, 31503, "40.6%", "19.7%"],
        ["FULL RATE PRSI", None, "MARRIED ONE INCOME", None],
        [30000, 23627, "24.6%", "5.1%"],
    ]
    text = D.named(extract("tax.xlsx", D.workbook({"Avgtxfull": rows})))
    assert (
        "FULL RATE PRSI €: 30000 — FULL RATE PRSI £: 23627 | SINGLE 1997: 37.1% | SINGLE 2007: 13.4%" in text
    )
    assert "MARRIED ONE INCOME 1997: 24.6%" in text and "SINGLE 2007: 19.7%" in text
    assert "\n€ | £ | 1997 | 2007\n" in extract("tax.xlsx", D.workbook({"Avgtxfull": rows})).text


XLS = Path(__file__).parents[2] / "data" / "sheets" / "formate.xls"


def test_an_excel_97_workbook_reads_as_its_sheets_show_it_cited_by_sheet_and_row():
    """A real .xls (Excel 97–2003, xlrd): dates, times of no day, percentages and euro sums as the sheet
    shows them, each sheet a section and each row cited by its number, as an .xlsx's are."""
    found = extract("formate.xls", XLS.read_bytes())
    blocks = found.text.split("\n\n")
    assert blocks[:4] == ["## Blätt1", "Huber | 1907-07-03", "Äcker | 2005-02-23", "Öcker | 1988-05-03"]
    assert {"Morgen | 06:34:00", "gut | 97.4%", "viel | 1,000.30 €"} <= set(blocks)
    assert found.labels[:4] == ("1", "2", "3", "4")
    doc = Document("formate.xls", found.text, "x", pages=found.pages, labels=found.labels)
    assert doc.label_of(doc.page_of(found.text.index("viel"))) == "9"
    assert {p.section for p in parse(doc).paragraphs if p.kind == "body"} >= {"Blätt1", "Blätt3"}


def test_an_xls_file_is_read_as_what_it_is_and_anything_else_refused_in_one_line():
    """Excel opens a workbook saved as .xlsx and a web page's table under ".xls" (many sites' "export to
    Excel"): each is read as what it is; bytes that are none of the three are refused with one line."""
    as_xlsx = extract("steel.xls", D.workbook({"Steel": STEEL}))
    assert "Bars — 890 | 1000" in as_xlsx.text
    rows = "".join(
        f"<tr><td>{b} quay</td><td>{k}</td></tr>" for b, k in [("North", 12), ("South", 7), ("East", 9)]
    )
    page = f"<html><body><table><tr><th>Berth</th><th>Ships per week</th></tr>{rows}</table></body></html>"
    assert "North quay — 12" in extract("berths.xls", page.encode()).text
    with pytest.raises(SourceError, match="not an Excel workbook"):
        extract("notes.xls", b"just some text")


def test_a_sheets_title_over_its_table_is_the_section_its_rows_are_cited_under():
    """Government workbooks put what a table counts in a title row above it ("Household debt as a
    percentage of household income" over "Year | Percentages"): its rows stand in that section, so a
    question naming it finds them. A sentence above a table (an instruction) stays a line of its own."""
    sheet = [
        ["Data for Figure 7"],
        ["Household debt as a percentage of household income"],
        ["Year", "Percentages"],
        [2007, 172.8],
        [2008, 168.9],
    ]
    told = [["Select a table below to see its data."], ["Table", "Title"], ["Figure 7", "Household debt"]]
    found = extract("trends.xlsx", D.workbook({"Figure 7": sheet, "Contents": told}))
    doc = Document("trends.xlsx", found.text, "x", pages=found.pages, labels=found.labels)
    sections = {doc.text[p.start : p.end]: p.section for p in parse(doc).paragraphs if p.kind == "body"}
    assert sections["2007 — 172.8"] == "Household debt as a percentage of household income"
    assert sections["Select a table below to see its data."] == "Contents"
    assert "Household debt as a percentage of household income" in found.text  # every word stays


def test_a_doc_or_ppt_file_is_told_by_its_bytes_and_needs_libreoffice_only_when_it_is_97_2003(monkeypatch):
    """A ".doc" may be Word 97–2003, a .docx renamed, RTF or a web page (Word saves all four so): each is
    read as what it is, and only the first needs LibreOffice; where that is missing, one line says what
    to install. Bytes that are none of these are refused in one line, on upload as when indexed."""
    from qa.convert import legacy
    from qa.convert.archive import OLE2

    monkeypatch.setattr(legacy.shutil, "which", lambda _: None)
    as_docx = D.docx([("Heading 1", "Cranes"), ("", "Twelve electric cranes work at night.")])
    assert "Twelve electric cranes work at night." in extract("cranes.doc", as_docx).text
    rtf_doc = rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard The ferry leaves at seven.\par}"
    assert extract("ferry.doc", rtf_doc).text == "The ferry leaves at seven.\n"
    with pytest.raises(SourceError, match=r"needs LibreOffice \(apt-get install libreoffice-impress-nogui\)"):
        extract("talk.ppt", OLE2 + b"\x00" * 512)
    with pytest.raises(SourceError, match="not a doc file"):
        extract("notes.doc", b"just some text")
    with pytest.raises(UploadError, match="not a ppt file"):
        add_document(Path("/nonexistent-source"), "talk.ppt", b"plain words", 1_000_000)


def _title(name: str, data: bytes) -> str:
    found = extract(name, data)
    doc = Document(
        name, found.text, "x", "extracted", pages=found.pages, labels=found.labels, names=found.names
    )
    return parse(doc).title


def test_a_document_is_titled_by_what_it_says_not_by_its_file_name_nor_a_sheet_name():
    """A deck without a title in its properties is titled by its first slide's title; a workbook by its
    first table's title, never by a sheet's name ("Avgtxfull"); a column named "#" is a column, not a
    heading that titles the file; with none of these, the file's name."""
    deck = D.deck([("Harbour operations 2024", ["Twelve electric cranes work at night."], None, "")])
    assert _title("ops_2024.pptx", deck) == "Harbour operations 2024"
    sheet = [["Average tax rates on annual earnings"], ["Earnings", "Rate"], [30000, 0.37], [40000, 0.41]]
    assert _title("avg.xlsx", D.workbook({"Avgtxfull": sheet})) == "Average tax rates on annual earnings"
    numbered = [
        ["#", "Title", "Author"],
        [1, "The Hound of the Baskervilles", "Arthur Conan Doyle"],
        [2, "Dubliners", "James Joyce"],
    ]
    assert _title("reading_list.xlsx", D.workbook({"Sheet1": numbered})) == "Reading list"


def _document(name: str, data: bytes) -> Document:
    found = extract(name, data)
    return Document(
        name, found.text, "x", "extracted", pages=found.pages, fonts=found.fonts, names=found.names
    )


def _kinds(name: str, data: bytes) -> dict[str, str]:
    doc = _document(name, data)
    return {doc.text[p.start : p.end]: p.kind for p in parse(doc).paragraphs}


def test_a_title_slides_subtitle_is_the_decks_byline_and_other_slides_text_is_body():
    """Who gave a talk stands in its title slide's subtitle, which no heading or sentence says: as a byline,
    "Who gave the talk on …?" finds it (a title slide's names were body text no question reached)."""
    from pptx import Presentation

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[0])  # title slide: title and subtitle placeholders
    first.shapes.title.text = "Harbour operations 2024"
    first.placeholders[1].text = "Jane Doe & Ravi Kumar\nPort Authority of Tern, Ph.D.\nMarch 3, 2024"
    second = deck.slides.add_slide(deck.slide_layouts[1])  # title and content
    second.shapes.title.text = "Cranes"
    second.placeholders[1].text = "Twelve electric cranes"
    out = io.BytesIO()
    deck.save(out)
    kinds = _kinds("ops.pptx", out.getvalue())
    assert kinds["Jane Doe & Ravi Kumar"] == "byline"
    assert kinds["Port Authority of Tern, Ph.D."] == "byline"
    assert kinds["March 3, 2024"] == "date"
    assert kinds["Twelve electric cranes"] == "body"
    plain = D.deck([("Harbour operations 2024", ["Jane Doe & Ravi Kumar"], None, "")])  # a text box
    assert _kinds("ops.pptx", plain)["Jane Doe & Ravi Kumar"] == "body"


def test_an_odp_title_slides_subtitle_is_the_decks_byline():
    frame = '<draw:frame svg:x="1cm" svg:y="{}" presentation:class="{}"><draw:text-box><text:p>{}</text:p></draw:text-box></draw:frame>'
    slide = '<draw:page draw:name="page{}">{}{}</draw:page>'
    pages = slide.format(
        1,
        frame.format("1cm", "title", "Harbour operations 2024"),
        frame.format("5cm", "subtitle", "Jane Doe"),
    ) + slide.format(2, frame.format("1cm", "title", "Cranes"), frame.format("5cm", "subtitle", "Ravi Kumar"))
    kinds = _kinds("port.odp", D.odt(pages, "presentation"))
    assert kinds["Jane Doe"] == "byline"
    assert kinds["Ravi Kumar"] == "body"  # a subtitle on a later slide is the slide's own text


def test_a_charts_data_is_a_table_its_categories_down_and_its_series_across():
    """A deck's chart holds figures no slide text repeats: they were lost with it. Each category is a row
    named by the series, each value as the chart's number format shows it, cited by its slide."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Cargo"
    data = CategoryChartData(number_format="0.0%")
    data.categories = ["North quay", "South quay"]
    data.add_series("Containers", (0.412, 0.3))
    data.add_series("Bulk", (0.588, None))
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_STACKED_100, Inches(1), Inches(1.5), Inches(6), Inches(4), data
    ).chart
    chart.has_title = True
    chart.chart_title.text_frame.text = "Share of cargo by quay, 2024"
    out = io.BytesIO()
    deck.save(out)
    found = extract("port.pptx", out.getvalue())
    named = D.named(found)
    assert "### Share of cargo by quay, 2024" in found.text.split("\n\n")  # its rows stand under it
    assert "North quay — Containers: 41.2% | Bulk: 58.8%" in named
    assert "South quay — Containers: 30.0%" in named  # a point the chart leaves empty is no cell
    assert found.tables[-1].rows == [["North quay", "41.2%", "58.8%"], ["South quay", "30.0%", ""]]
    # An untitled chart's rows stand under the line above it, which says what they count.
    chart.has_title = False
    box = slide.shapes.add_textbox(Inches(1), Inches(0.9), Inches(6), Inches(0.5)).text_frame
    box.text = "Share of cargo by quay, 2024 (per cent)"
    out = io.BytesIO()
    deck.save(out)
    layout = parse(_document("port.pptx", out.getvalue()))
    row = next(p for p in layout.paragraphs if layout.text(p).startswith("North quay"))
    assert row.section == "Share of cargo by quay, 2024 (per cent)"


def _retyped(data: bytes, plain_type: str, variant_type: str, macros: bool = False) -> bytes:
    """An Office file saved as one of its variants: its main part typed so, and a macro project if asked."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                part = part.replace(plain_type.encode(), variant_type.encode())
            copy.writestr(info, part)
        if macros:
            copy.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run")
    return out.getvalue()


OOXML = "application/vnd.openxmlformats-officedocument."


def test_macro_enabled_template_and_slide_show_files_read_as_their_format():
    """A .docm, .dotx, .ppsx or .xltx holds the parts of the format it varies; python-docx and python-pptx
    refused the first ("is not a Word file, content type is …macroEnabled.main+xml") and qa skipped them as
    a kind it does not read. Macros are never run, and a note says they were ignored."""
    word_type = OOXML + "wordprocessingml.document.main+xml"
    words = D.docx([("", "The harbour handles five million tonnes of cargo.")])
    docm = _retyped(words, word_type, "application/vnd.ms-word.document.macroEnabled.main+xml", macros=True)
    found = extract("port.docm", docm)
    assert found.text == "The harbour handles five million tonnes of cargo.\n"
    assert found.notes == ("port.docm: macros in the document are ignored (never run)",)
    dotx = _retyped(words, word_type, OOXML + "wordprocessingml.template.main+xml")
    assert extract("port.dotx", dotx).text == found.text
    deck = D.deck([("Harbour traffic", ["Ships called 1,240 times in 2023."], None, "")])
    show = _retyped(
        deck, OOXML + "presentationml.presentation.main+xml", OOXML + "presentationml.slideshow.main+xml"
    )
    assert extract("port.ppsx", show).text == "## Harbour traffic\n\nShips called 1,240 times in 2023.\n"
    book = D.workbook({"Steel": STEEL})
    template = _retyped(
        book, OOXML + "spreadsheetml.sheet.main+xml", OOXML + "spreadsheetml.template.main+xml"
    )
    assert "Product: Wire" in D.named(extract("steel.xltx", template))
    with pytest.raises(SourceError, match="not a Word .docm file"):
        extract("port.docm", b"PK\x03\x04 not a zip at all")


def _book(chapters: dict[str, tuple[str, bytes]], flagged: bool = True) -> bytes:
    """An EPUB whose spine is ``chapters`` (file name → media type, bytes), hrefs written as URLs; with
    ``flagged`` False, its names stored as UTF-8 without the zip's UTF-8 flag, as some zip tools write."""
    import zipfile
    from urllib.parse import quote

    class Unflagged(zipfile.ZipInfo):
        def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's own name)
            return self.filename.encode("utf-8"), self.flag_bits & ~0x800

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr(
            "META-INF/container.xml",
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OPS/book.opf"/></rootfiles></container>',
        )
        items = "".join(
            f'<item id="i{n}" href="{quote(name)}" media-type="{kind}"/>'
            for n, (name, (kind, _)) in enumerate(chapters.items())
        )
        spine = "".join(f'<itemref idref="i{n}"/>' for n in range(len(chapters)))
        book.writestr(
            "OPS/book.opf",
            '<package xmlns="http://www.idpf.org/2007/opf"><metadata/>'
            f"<manifest>{items}</manifest><spine>{spine}</spine></package>",
        )
        for name, (_, data) in chapters.items():
            book.writestr(zipfile.ZipInfo(f"OPS/{name}") if flagged else Unflagged(f"OPS/{name}"), data)
    return out.getvalue()


def test_an_e_books_svg_pages_pictures_and_names_in_any_script_are_read():
    """A fixed-layout book draws its pages in SVG (its text was skipped with the drawing); a comic's page
    in the spine is a picture (read as XML, it made the whole book "damaged"); a chapter's href is a URL
    ("%E4%B8%80.xhtml" is "一.xhtml"), and a zip may store UTF-8 names without saying so."""
    page = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><svg xmlns="http://www.w3.org/2000/svg">'
        "<text><tspan>Sous le vent, roman, </tspan><tspan>paru en 2012.</tspan></text></svg></body></html>"
    )
    chapter = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>吾輩は猫である。</p></body></html>'
    chapters = {
        "cover.jpg": ("image/jpeg", b"\xff\xd8\xff\xe0 a picture"),
        "page-1.xhtml": ("application/xhtml+xml", page.encode()),
        "一.xhtml": ("application/xhtml+xml", chapter.encode()),
    }
    for flagged in (True, False):
        text = extract("vent.epub", _book(chapters, flagged)).text
        assert text == "Sous le vent, roman, paru en 2012.\n\n吾輩は猫である。\n", flagged


def test_a_template_named_docx_a_picture_for_a_title_and_a_locked_file():
    """Found among Apache POI's test files: a template or slide show saved under the plain name (python-docx
    and python-pptx refused its main part); a deck whose title placeholder holds a picture (the whole deck
    was skipped: "'PlaceholderPicture' object has no attribute 'text_frame'"); and a file locked with a
    password, which is an OLE2 file, not a zip: it was called "not a Word .docx file (not a zip archive)"."""
    from pptx import Presentation
    from pptx.util import Inches

    words = D.docx([("", "The harbour handles five million tonnes of cargo.")])
    plain_type = OOXML + "wordprocessingml.document.main+xml"
    template = _retyped(words, plain_type, OOXML + "wordprocessingml.template.main+xml")
    assert extract("port.docx", template).text == "The harbour handles five million tonnes of cargo.\n"

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame.text = "Twelve cranes."
    picture = slide.shapes.add_picture(io.BytesIO(_png_bytes()), Inches(1), Inches(0.2))
    picture._element.nvPicPr.nvPr.get_or_add_ph().set("type", "title")  # a picture where the title stands
    out = io.BytesIO()
    deck.save(out)
    assert extract("cranes.pptx", out.getvalue()).text == "Twelve cranes.\n"

    locked = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(SourceError, match="locked with a password"):
        extract("report.docx", locked)


def _png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, "PNG")
    return out.getvalue()


def test_a_word_documents_chart_is_read_as_a_table():
    """A chart in a Word report holds its figures in its own part, which the text never repeats: a document
    of a chart alone was "the document holds no text" (Apache POI's 61745.docx)."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.enum.chart import XL_CHART_TYPE

    data = CategoryChartData(number_format="#,##0")
    data.categories = ["North quay", "South quay"]
    data.add_series("Ships 2023", (1240, 860))
    blob = ChartXmlWriter(XL_CHART_TYPE.COLUMN_CLUSTERED, data).xml.encode()
    document = docx.Document()
    document.add_paragraph("Figure 2: Ships by quay")
    kind = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    part = Part(PackURI("/word/charts/chart1.xml"), kind, blob, document.part.package)
    rid = document.part.relate_to(part, RELATIONSHIP_TYPE.CHART)
    document.add_paragraph().add_run()._r.append(
        parse_xml(
            '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><wp:inline><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
        )
    )
    out = io.BytesIO()
    document.save(out)
    found = extract("ships.docx", out.getvalue())
    assert "North quay — Ships 2023: 1,240" in D.named(found)
    assert found.tables[-1].rows == [["North quay", "1,240"], ["South quay", "860"]]


def test_an_opendocument_file_locked_with_a_password_says_so():
    """Its content.xml is ciphertext: it was "cannot read it (content.xml is not XML)" (Apache Tika's
    testODTEncrypted.odt)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data '
            'manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>',
        )
        odt.writestr("content.xml", b"\x8a\x13 ciphertext \xfe")
    with pytest.raises(SourceError, match="locked with a password"):
        extract("minutes.odt", out.getvalue())


DIAGRAM_DATA = (
    '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
    '<dgm:pt modelId="0" type="doc"><dgm:t><a:p><a:r><a:t>root</a:t></a:r></a:p></dgm:t></dgm:pt>'
    '<dgm:pt modelId="1"><dgm:t><a:p><a:r><a:t>1- A line can be drawn </a:t></a:r>'
    "<a:r><a:t>from any point to another.</a:t></a:r></a:p></dgm:t></dgm:pt>"
    '<dgm:pt modelId="2" type="parTrans"><dgm:t><a:p><a:r><a:t>arrow</a:t></a:r></a:p></dgm:t></dgm:pt>'
    '<dgm:pt modelId="3"><dgm:t><a:p><a:r><a:t>2- A finite line can be extended.</a:t></a:r></a:p></dgm:t>'
    "</dgm:pt></dgm:ptLst></dgm:dataModel>"
)
RELIDS = (
    '<dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:dm="{}"/>'
)


def test_a_smartart_diagrams_text_is_read_in_a_deck_and_in_a_word_file():
    """A SmartArt diagram keeps its words in its own data part, which the slide or page only points to:
    Euclid's five postulates (eval/real's geometry lecture) were lost with it."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from pptx import Presentation
    from pptx.opc.package import Part as SlidePart
    from pptx.opc.packuri import PackURI as SlideURI
    from pptx.oxml import parse_xml as slide_xml

    kind = "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"
    data_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData"
    said = ["1- A line can be drawn from any point to another.", "2- A finite line can be extended."]

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Euclid's postulates"
    part = SlidePart(SlideURI("/ppt/diagrams/data1.xml"), kind, deck.part.package, DIAGRAM_DATA.encode())
    rid = slide.part.relate_to(part, data_rel)
    frame = slide.shapes.add_table(1, 1, 0, 0, 100, 100)._element  # a graphic frame to hold the diagram
    graphic = frame.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}graphicData")
    graphic.clear()
    graphic.set("uri", "http://schemas.openxmlformats.org/drawingml/2006/diagram")
    graphic.append(slide_xml(RELIDS.format(rid)))
    out = io.BytesIO()
    deck.save(out)
    assert extract("euclid.pptx", out.getvalue()).text.split("\n\n")[1:3] == [said[0], said[1] + "\n"]

    document = docx.Document()
    document.add_paragraph("Euclid's postulates")
    part = Part(PackURI("/word/diagrams/data1.xml"), kind, DIAGRAM_DATA.encode(), document.part.package)
    rid = document.part.relate_to(part, RELATIONSHIP_TYPE.DIAGRAM_DATA)
    document.add_paragraph().add_run()._r.append(parse_xml(RELIDS.format(rid)))
    out = io.BytesIO()
    document.save(out)
    assert extract("euclid.docx", out.getvalue()).text.split("\n\n")[1:3] == [said[0], said[1] + "\n"]
