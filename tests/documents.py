"""Real PDF, HTML and Word files made for the tests (fpdf2, python-docx, hand-written HTML and PDF)."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from qa.document.paragraphs import parse
from qa.document.source import Document
from tests.conftest import ARTICLE

LATIN1 = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "...", "·": "-"})


def latin1(text: str) -> str:
    """The core PDF fonts cover Latin-1 only (no font file is needed on a fresh machine)."""
    return text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")


def pdf(
    paragraphs: list[str],
    header: str | None = None,
    footer: bool = True,
    headings: dict[int, str] | None = None,
    width: float = 0,
) -> bytes:
    """A printed document: wrapped lines, optional running header, "Page N" footers, headings before
    the paragraph of the same index."""
    from fpdf import FPDF

    class Printed(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("Helvetica", size=8)
                self.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
                self.ln(2)

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                self.set_font("Helvetica", size=8)
                self.cell(0, 10, f"Page {self.page_no()}", align="C")

    doc = Printed(format=(148, 210))  # A5 in mm, given as numbers: fpdf2 warns about its named A5
    doc.set_auto_page_break(True, margin=18)
    doc.add_page()
    for i, para in enumerate(paragraphs):
        if headings and i in headings:
            doc.set_font("Helvetica", style="B", size=12)
            doc.multi_cell(width, 7, latin1(headings[i]), new_x="LMARGIN", new_y="NEXT")
        doc.set_font("Helvetica", size=10)
        doc.multi_cell(width, 5, latin1(para), new_x="LMARGIN", new_y="NEXT")
        doc.ln(3)
    return bytes(doc.output())


def pdf_with_javascript(sentence: str) -> bytes:
    """One page of text, and a JavaScript action run on opening (by readers that run scripts)."""
    content = f"BT /F1 12 Tf 72 720 Td ({sentence}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /S /JavaScript /JS (app.alert('opened');) >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return raw_pdf(objects)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1-based numbers, the first the catalog), with its cross-reference table."""
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx(blocks: list[tuple[str, str]], table: list[list[str]] | None = None, macro: bool = False) -> bytes:
    """A Word file of (style, text) blocks — "Title", "Heading 1", "Heading 2" or "" for body — and a table."""
    import docx as python_docx

    document = python_docx.Document()
    for style, text in blocks:
        if style == "Title":
            document.add_heading(text, level=0)
        elif style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    return _with_macro(data) if macro else data


def _with_macro(data: bytes) -> bytes:
    """The same document carrying a VBA project, as a macro-enabled file saved as .docx would."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/vbaProject.bin", b'Attribute VB_Name = "AutoOpen"\nShell "calc.exe"\n')
    return out.getvalue()


def zip_bomb() -> bytes:
    """20 MB of zeros packed into a few kB, named like a Word file."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 20_000_000)
    return out.getvalue()


def html(title: str, sections: list[tuple[str | None, list[str]]]) -> bytes:
    """A saved web page: site navigation, the article (h1, h2 sections, paragraphs), a footer."""
    body = "".join(
        (f"<h2>{heading}</h2>" if heading else "") + "".join(f"<p>{p}</p>" for p in paras)
        for heading, paras in sections
    )
    nav = "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in ("Home", "World", "Business", "Sports"))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} - Daily News</title></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>{body}</article></main>"
        f"<aside><h3>Most read</h3><ul><li><a href='/x'>Celebrity weds in secret ceremony</a></li></ul></aside>"
        "<footer><p>Copyright 2024 Daily News. All rights reserved.</p><p>Contact us | Privacy</p></footer>"
        "</body></html>"
    ).encode()


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


# --- documents the tests share -------------------------------------------------------------------

CARGO = (
    "The harbour of Port Vell handles five million tonnes of cargo every year, and its cranes work through "
    "the night to load the ships that wait in the outer basin for a free berth."
)


FEVER = (
    "Patients received a long course of hyperbaric treat-\nment that lowered their fever within three days."
)


RAIL = (
    "The mountain railway climbs 1,200 metres in forty minutes and passes through seven tunnels on the way."
)


FILLER = (
    "The committee met again in the spring and agreed to publish its accounts for every year, with the "
    "figures checked by an outside auditor before they go to the printer."
)


LIGHTHOUSE = (
    "The lighthouse on Cape Morrow was built in 1852 by the engineer Joan Ferrer, and its lamp "
    "can be seen from forty kilometres out at sea on a clear night."
)


def harbour_pdf() -> bytes:
    """Three pages: a running header, "Page N" footers, headings, and a word hyphenated across lines."""
    paragraphs = [CARGO] + [FILLER] * 3 + [FEVER] + [FILLER] * 6 + [RAIL] + [FILLER] * 7
    return pdf(
        paragraphs,
        header="Harbour Quarterly - Spring issue",
        headings={0: "Cargo", 4: "Medicine", 11: "Railways"},
    )


def article_blocks() -> list[tuple[str, str]]:
    doc = Document(ARTICLE.name, ARTICLE.read_text(encoding="utf-8"), "0")
    layout = parse(doc)
    return [(p.kind, layout.text(p)) for p in layout.paragraphs]


def article_files() -> dict[str, bytes]:
    blocks = article_blocks()
    title = next(t for k, t in blocks if k == "title")
    body = [(k, t) for k, t in blocks if k not in ("title", "chrome")]
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for kind, text in body:
        if kind == "heading":
            sections.append((text, []))
        else:
            sections[-1][1].append(text)
    headings = {}
    paragraphs: list[str] = []
    for heading, paras in sections:
        if heading:
            headings[len(paragraphs)] = heading
        paragraphs += paras
    docx_blocks = [("Title", title)] + [("Heading 1" if k == "heading" else "", t) for k, t in body]
    printed = pdf([title] + paragraphs, header="Xinhua", headings={k + 1: v for k, v in headings.items()})
    return {"article.html": html(title, sections), "article.pdf": printed, "article.docx": docx(docx_blocks)}


# --- scans: text printed to page images, tilted and speckled like a scanner's, packed into an image-only PDF --


def scan_pages(
    paragraphs: list[str], dpi: int = 200, skew: float = 1.0, noise: float = 0.002, seed: int = 7
) -> list:
    """Letter-size page images of ``paragraphs`` (11 pt text), each turned by ``skew`` degrees and with a
    share ``noise`` of its pixels flipped (dust and toner specks). Pillow's own font: no font file needed."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=round(11 * dpi / 72))
    width, height, margin = round(8.5 * dpi), round(11 * dpi), dpi
    line_height = round(font.size * 1.35)
    lines: list[str] = []
    for para in paragraphs:
        words, line = para.split(), ""
        for word in words:
            trial = f"{line} {word}".strip()
            if font.getlength(trial) > width - 2 * margin and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines += [line, ""]
    per_page = (height - 2 * margin) // line_height
    rng = random.Random(seed)
    pages = []
    for first in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(lines[first : first + per_page]):
            draw.text((margin, margin + i * line_height), line, font=font, fill=0)
        page = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        pixels = page.load()
        for _ in range(int(noise * width * height)):
            x, y = rng.randrange(width), rng.randrange(height)
            pixels[x, y] = 255 - pixels[x, y]
        pages.append(page)
    return pages


def scan_pdf(paragraphs: list[str], dpi: int = 200, skew: float = 1.0, noise: float = 0.002) -> bytes:
    """An image-only PDF (no text layer) of the pages ``scan_pages`` prints."""
    pages = scan_pages(paragraphs, dpi, skew, noise)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


def article_scan(dpi: int = 200, skew: float = 1.0) -> bytes:
    """The shipped article as a scan: every block (title, date, headings, paragraphs) printed in order."""
    return scan_pdf([text for _kind, text in article_blocks()], dpi, skew)


# --- hostile files: tiny files that declare huge work (issue 37); each is made small and at once ---------------


def huge_page_pdf(points: int = 14400, text: str | None = None) -> bytes:
    """A one-page PDF of well under a kilobyte whose page is ``points`` wide and high: a 2×2 white image drawn
    over the whole page (no text: OCR reads it), or ``text`` set on it (the viewer draws it)."""
    image = zlib.compress(b"\xff" * 4)
    if text is None:
        content = b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (points, points)
        resources = b"/XObject << /Im0 4 0 R >>"
    else:
        content = b"BT /F1 200 Tf 400 %d Td (%s) Tj ET" % (points // 2, text.encode("latin-1"))
        resources = b"/Font << /F1 6 0 R >>"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << %s >> /Contents 5 0 R >>"
            % (points, points, resources),
            b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 "
            b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(image) + image + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def blank_scans_pdf(pages: int) -> bytes:
    """``pages`` blank scanned pages (images, no text layer), a few kilobytes in all."""
    from PIL import Image

    blank = [Image.new("1", (850, 1100), 1) for _ in range(pages)]
    out = io.BytesIO()
    blank[0].save(out, format="PDF", save_all=True, append_images=blank[1:], resolution=100)
    return out.getvalue()


def many_paragraphs_docx(paragraphs: int, last: str = "Harbour cranes lift cargo.") -> bytes:
    """A Word file of ``paragraphs`` empty paragraphs, then ``last``: each paragraph carries a random revision id,
    so the archive packs at a ratio under the zip-bomb check, as the attacker's 16-million-paragraph file did."""
    import random

    rng = random.Random(3)
    body = "".join(f'<w:p w:rsidR="{rng.getrandbits(32):08X}"/>' for _ in range(paragraphs))
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{namespace}"><w:body>{body}'
        f"<w:p><w:r><w:t>{last}</w:t></w:r></w:p></w:body></w:document>"
    )
    package = "http://schemas.openxmlformats.org/package/2006"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            (
                f'<?xml version="1.0"?><Types xmlns="{package}/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
            ),
        )
        archive.writestr(
            "_rels/.rels",
            (
                f'<?xml version="1.0"?><Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                'Target="word/document.xml"/></Relationships>'
            ),
        )
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def tiff_frames(frames: int, text: str) -> bytes:
    """A multi-frame TIFF, each frame a scanned page of ``text``."""
    pages = [page.convert("1") for page in scan_pages([text], dpi=150, skew=0.0, noise=0.0)] * frames
    out = io.BytesIO()
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:], compression="group4")
    return out.getvalue()


TABLE_INTRO = "The stores survey counts the discount stores of each country in the two years it ran."


def table_pdf(
    header: list[list[tuple[str, int]]],
    body: list[list[str]],
    borders: str = "ALL",
    frame: bool = False,
    tall: dict[str, int] | None = None,
) -> bytes:
    """A PDF of one table drawn by fpdf2: header rows of (text, columns spanned), then body rows; ``frame``:
    a border and margin rules around the page's text, as some reports draw; ``tall``: header cells that
    span this many rows down."""
    from fpdf import FPDF

    doc = FPDF(format=(210, 297))
    doc.add_page()
    if frame:  # a border and margin rules across the page: pdfplumber finds a 3 x 3 "table" of them
        doc.rect(2, 2, 206, 293)
        for x in (8, 202):
            doc.line(x, 2, x, 295)
        for y in (8, 289):
            doc.line(2, y, 208, y)
        doc.set_font("Helvetica", size=5)
        doc.text(103, 293, "15")  # the page's number in the bottom margin
        doc.text(203, 150, "2010")  # and a year in the right margin
        doc.set_font("Helvetica", size=10)
    doc.set_font("Helvetica", size=10)
    doc.multi_cell(0, 5, "Table 6.7: Discount stores by country", new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    with doc.table(borders_layout=borders, text_align="LEFT", first_row_as_headings=False) as table:
        for cells in header:
            row = table.row()
            for text, span in cells:
                row.cell(text, colspan=span, rowspan=(tall or {}).get(text, 1))
        for cells in body:
            row = table.row()
            for text in cells:
                row.cell(text)
    doc.ln(3)
    doc.multi_cell(0, 5, TABLE_INTRO, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def statistics_pdf(
    groups: list[str], measures: list[str], sections: dict[str, list[tuple[str, list[str]]]]
) -> bytes:
    """A statistical table as offices print it, no rules: each group's name centred over its measures
    (``groups`` over ``measures`` repeated), then sections, each a heading on a line of its own over its
    rows, a row's label run to its figures by dot leaders."""
    from fpdf import FPDF

    doc = FPDF(format=(210, 297))
    doc.add_page()
    doc.set_font("Helvetica", size=8)
    doc.text(70, 20, "District Key Indicators")
    width, first = 16, 120  # each measure's column, millimetres; the first column's left edge

    def at(column: int, text: str, y: float) -> None:  # right-aligned in its column, as figures are
        doc.text(first + (column + 1) * width - doc.get_string_width(text), y, text)

    for g, name in enumerate(groups):
        middle = first + (g + 0.5) * len(measures) * width
        doc.text(middle - doc.get_string_width(name) / 2, 30, name)
    for c in range(len(groups) * len(measures)):
        at(c, measures[c % len(measures)], 35)
    y = 42.0
    for heading, rows in sections.items():
        doc.text(20, y, heading)
        y += 5
        for label, figures in rows:
            doc.text(22, y, label + " " + "." * 20)
            for c, figure in enumerate(figures):
                at(c, figure, y)
            y += 5
    return bytes(doc.output())


def turned_header_pdf(names: list[tuple[list[str], int]], body: list[list[str]]) -> bytes:
    """A ruled table whose column names are printed turned in tall, narrow cells, as statistical offices
    print them: each name its lines and its turn (0, or 90 to read up the page, -90 to read down it)."""
    from fpdf import FPDF

    doc = FPDF(format=(210, 297))
    doc.add_page()
    doc.set_font("Helvetica", size=8)
    left, top, width, tall, high = 20.0, 20.0, 24.0, 40.0, 6.0
    for c, (lines, turn) in enumerate(names):
        x = left + c * width
        doc.rect(x, top, width, tall)
        for k, line in enumerate(lines):
            if turn == 90:  # the first line leftmost, read from the bottom up
                with doc.rotation(90, x + 6 + 4 * k, top + tall - 2):
                    doc.text(x + 6 + 4 * k, top + tall - 2, line)
            elif turn == -90:  # the first line rightmost, read from the top down
                with doc.rotation(-90, x + width - 6 - 4 * k, top + 2):
                    doc.text(x + width - 6 - 4 * k, top + 2, line)
            else:
                doc.text(x + 2, top + 6 + 4 * k, line)
    for r, cells in enumerate(body):
        y = top + tall + r * high
        for c, text in enumerate(cells):
            doc.rect(left + c * width, y, width, high)
            doc.text(left + c * width + 2, y + 4, text)
    return bytes(doc.output())


def overprinted_pdf(sentence: str, tall: str = "bdfhiklt") -> bytes:
    """A PDF that prints ``sentence`` twice at one place, first in part (only its letters in ``tall``, each
    where it stands in the whole), then whole: what a generator leaves when it draws a block in layers."""
    from fpdf import FPDF

    doc = FPDF(format=(210, 297))
    doc.add_page()
    doc.set_font("Helvetica", size=11)
    for k, letter in enumerate(sentence):
        if letter in tall:
            doc.text(20 + doc.get_string_width(sentence[:k]), 40, letter)
    doc.text(20, 40, sentence)
    return bytes(doc.output())


def workbook(sheets: dict[str, list[list]], formats: dict[str, str] | None = None) -> bytes:
    """An Excel workbook of named sheets, each its rows of values (openpyxl); ``formats``: a number format
    for cells by their address ("C2": "0.0%")."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for address, number_format in (formats or {}).items():
            sheet[address].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def deck(slides: list[tuple[str, list[str], list[list[str]] | None, str]]) -> bytes:
    """A PowerPoint file: each slide its title, its text lines, a table (or None) and its speaker notes."""
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    for title, lines, table, notes in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # title only
        slide.shapes.title.text = title
        if lines:
            box = slide.shapes.add_textbox(Inches(1), Inches(1.5), Inches(8), Inches(1)).text_frame
            box.text = "\n".join(lines)
        if table:
            grid = slide.shapes.add_table(
                len(table), len(table[0]), Inches(1), Inches(3), Inches(8), Inches(2)
            )
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.table.cell(r, c).text = value
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def epub(title: str, chapters: list[str]) -> bytes:
    """An EPUB of XHTML chapters (each the inside of a <body>), in spine order; the mimetype first, stored."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        items = "".join(
            f'<item id="c{i}" href="text/c{i}.xhtml" media-type="application/xhtml+xml"/>'
            for i in range(len(chapters))
        )
        spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
        book.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata>'
            f"<manifest>{items}</manifest><spine>{spine}</spine></package>",
        )
        for i, body in enumerate(chapters):
            book.writestr(
                f"OEBPS/text/c{i}.xhtml",
                '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title>'
                f"</head><body>{body}</body></html>",
            )
    return buffer.getvalue()


def odt(body: str, kind: str = "text") -> bytes:
    """An OpenDocument file whose office:text holds ``body`` (text:, table:, draw:, presentation:, svg:
    prefixes bound); ``kind`` "spreadsheet" or "presentation" makes an .ods or .odp."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">'
        f"<office:body><office:{kind}>{body}</office:{kind}></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", f"application/vnd.oasis.opendocument.{kind}", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def named(found) -> str:
    """A converted file's text as retrieval and the reader see it: each table cell after its column's name
    (the text itself holds the cells alone)."""
    from qa.text.cellnames import view

    return view(found.text, 0, found.names).text


def ocr_layered_pdf(paragraphs: list[str], layer: str) -> bytes:
    """A scan of ``paragraphs`` with an invisible text layer ``layer`` drawn over it (text render mode 3), as
    an OCR program leaves one: what a viewer's search finds, not what the page shows."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    image = scan_pages(paragraphs, dpi=200, skew=0.0, noise=0.0)[0]
    doc = FPDF(unit="pt", format="letter")
    doc.add_page()
    doc.image(image, x=0, y=0, w=612, h=792)
    doc.set_font("Helvetica", size=11)
    doc.text_mode = TextMode.INVISIBLE
    doc.set_xy(72, 72)
    doc.multi_cell(468, 14, latin1(layer))
    return bytes(doc.output())


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def unmapped_ligatures_pdf(paragraphs: list[str], unmapped: str = "\ufb01\ufb02") -> bytes:
    """A PDF set in an embedded font whose map to Unicode lacks the glyphs of ``unmapped`` (ligature
    characters such as U+FB01 "ﬁ", written into ``paragraphs``): PDFium reads their bare codes, as it does
    in reports set with ligatures whose fonts were subset without them."""
    import re

    from fpdf import FPDF

    pdf = FPDF()
    pdf.compress = False  # the map stays plain text, to take entries out of
    pdf.add_page()
    pdf.add_font("dejavu", "", str(DEJAVU))
    pdf.set_font("dejavu", "", 12)
    for text in paragraphs:
        pdf.multi_cell(0, 7, text)
        pdf.ln(4)
    data = bytes(pdf.output())
    wanted = "|".join(f"{ord(ch):04X}" for ch in unmapped)
    data, gone = re.subn(rb"<[0-9A-F]{4}> <(?:" + wanted.encode() + rb")>\n", b"", data)
    count = re.search(rb"(\d+) beginbfchar", data)
    assert count is not None and gone
    return data[: count.start(1)] + str(int(count.group(1)) - gone).encode() + data[count.end(1) :]


def tariff_pdf(names: list[list[str]], units: list[str], body: list[list[str]]) -> bytes:
    """A price table as a supplier's label prints it: each column's name in one line, or in two lines
    (``names``) set above and below the one-line names beside it, a row of units, then the rows; each row
    ruled as two boxes, one around its label and one around all its figures, so the rules part two columns
    where the words stand in many. Names stand centred over their figures."""
    from fpdf import FPDF

    doc = FPDF(format=(210, 297))
    doc.add_page()
    doc.set_font("Helvetica", size=7)
    left, split, width, high = 20.0, 60.0, 22.0, 5.0
    columns = [left, left + 20] + [split + 2 + k * width for k in range(len(units) - 2)]
    right = columns[-1] + width
    doc.rect(left, 40, split - left, 12)
    doc.rect(split, 40, right - split, 12)
    for x, lines in zip(columns[2:], names):
        for k, line in enumerate(lines):
            centre = x + 0.5 + doc.get_string_width("00.00") / 2  # over the column's figures
            doc.text(centre - doc.get_string_width(line) / 2, 46 - 2.5 * (len(lines) - 1) + 5 * k, line)
    for x, unit in zip(columns, units):
        doc.text(x, 50.5, unit)
    for r, cells in enumerate(body):
        y = 52 + r * high
        doc.rect(left, y, split - left, high)
        doc.rect(split, y, right - split, high)
        for x, cell in zip(columns, cells):
            doc.text(x + (0.5 if x > split else 0), y + 3.5, cell)
    return bytes(doc.output())


def banded_pdf(
    body: list[list[str]], banded: set[int], joined: dict[int, tuple[int, int]] | None = None
) -> bytes:
    """A ruled table whose rows in ``banded`` are each drawn as one box across the table (a shaded band,
    no rules inside), their words still set in the columns; ``joined``: a row's columns first..last drawn as
    one box; the other cells are ruled one by one. The first row is the header."""
    from fpdf import FPDF

    doc = FPDF(format=(210, 297))
    doc.add_page()
    doc.set_font("Helvetica", size=8)
    left, width, high = 20.0, 30.0, 6.0
    right = left + width * len(body[0])
    for r, cells in enumerate(body):
        y = 30 + r * high
        first, last = (0, len(cells) - 1) if r in banded else (joined or {}).get(r, (-1, -1))
        if r in banded:
            doc.set_fill_color(220, 220, 220)
            doc.rect(left, y, right - left, high, style="DF")
        else:
            for c in range(len(cells)):
                if not first <= c <= last:
                    doc.rect(left + c * width, y, width, high)
            if first >= 0:
                doc.rect(left + first * width, y, (last - first + 1) * width, high)
        for c, text in enumerate(cells):
            doc.text(left + c * width + 2, y + 4, text)
    return bytes(doc.output())
