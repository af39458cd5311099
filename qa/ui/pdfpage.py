"""A cited PDF page as an image, with the passage and its answering sentence marked where they stand.

The marks come from PDFium's own character boxes: the quoted text is found on the page by its first and
last words (the extracted text joins wrapped lines, so whole sentences are not searched verbatim), and the
boxes of every character between them are drawn. Forms are never initialised, so no PDF script runs.
A page read by OCR (a scan, an image file) has no such boxes: its words' boxes, stored with the index, are
drawn instead, by the offsets of the passage and the sentence, on the page turned as it was read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa.convert.pdf.text import draw
from qa.settings import Limits

if TYPE_CHECKING:
    from PIL.Image import Image

    from qa.document.source import Document

# Render scale: 1.5 × 72 dpi reads comfortably in the Document panel and keeps a page image near 200 kB.
SCALE = 1.5
# Words of a quote used to find where it starts and ends on the page; fewer are tried when a word was
# re-joined across a line break (the page has "treat-⏎ment" where the quote has "treatment").
ANCHOR_WORDS = (5, 3, 2)
PASSAGE_FILL = (80, 130, 230, 60)  # light blue, see-through
SENTENCE_FILL = (255, 210, 0, 110)  # yellow, like the text view's highlight


@dataclass(frozen=True)
class PageImage:
    png: bytes
    passage_boxes: int  # rectangles drawn for the passage (0 when it was not found on this page)
    sentence_boxes: int
    focus: float = 0.0  # where the marks start, as a share of the page's height: what zooming keeps in view


def _find(textpage, words: list[str], first: bool, start: int = 0) -> tuple[int, int] | None:
    """(char index, count) of the quote's opening (``first``) or closing words on the page."""
    for n in ANCHOR_WORDS:
        anchor = " ".join(words[:n] if first else words[-n:])
        if not anchor:
            return None
        searcher = textpage.search(anchor, index=start, match_case=True)
        try:
            found = searcher.get_next()
        finally:
            searcher.close()
        if found:
            return found
    return None


def _span(textpage, text: str) -> tuple[int, int] | None:
    """[first char, last char) of ``text`` on the page, or None when it is not there."""
    words = text.split()
    head = _find(textpage, words, first=True)
    if head is None:
        return None
    tail = _find(textpage, words, first=False, start=head[0])
    return (head[0], tail[0] + tail[1]) if tail else (head[0], head[0] + head[1])


def _boxes(
    textpage, span: tuple[int, int] | None, height: float, scale: float
) -> list[tuple[float, float, float, float]]:
    """Line rectangles of a char span, in image pixels (PDF points grow upwards, pixels downwards)."""
    if span is None:
        return []
    n = textpage.count_rects(span[0], span[1] - span[0])
    rects = [textpage.get_rect(i) for i in range(n)]
    return [
        (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
        for left, bottom, right, top in rects
    ]


def render(path: Path, page: int, passage: str, sentence: str) -> PageImage:
    """Page ``page`` (1-based) of the PDF at ``path``, with ``passage`` and ``sentence`` marked."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pdf_page = pdf[page - 1]
        textpage = pdf_page.get_textpage()
        height = pdf_page.get_height()
        picture, scale = draw(pdf_page, SCALE, Limits.from_env().max_pixels)  # a huge page is drawn smaller
        image = picture.convert("RGBA")
        passage_boxes = _boxes(textpage, _span(textpage, passage), height, scale)
        sentence_boxes = _boxes(textpage, _span(textpage, sentence), height, scale)
    finally:
        pdf.close()
    return _marked(image, passage_boxes, sentence_boxes)


def _marked(image: Image, passage_boxes: list, sentence_boxes: list) -> PageImage:
    from PIL import Image, ImageDraw

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in passage_boxes:
        draw.rectangle(box, fill=PASSAGE_FILL)
    for box in sentence_boxes:
        draw.rectangle(box, fill=SENTENCE_FILL)
    out = io.BytesIO()
    Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB").save(
        out, format="PNG", optimize=True
    )
    tops = [box[1] for box in sentence_boxes or passage_boxes]
    focus = min(tops) / image.size[1] if tops and image.size[1] else 0.0
    return PageImage(out.getvalue(), len(passage_boxes), len(sentence_boxes), focus)


def render_scan(
    path: Path, doc: Document, page: int, passage: tuple[int, int], sentence: tuple[int, int]
) -> PageImage:
    """Page ``page`` of a scanned PDF or an image file, turned and straightened as OCR read it, with the
    words of the ``passage`` and ``sentence`` offsets marked by their stored boxes."""
    from qa.convert import image as image_file
    from qa.convert.ocr import prepare

    scan = doc.scan(page)
    if scan is None:
        raise ValueError(f"page {page} of {doc.path} was not read by OCR")
    if doc.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            picture = draw(pdf[page - 1], SCALE, Limits.from_env().max_pixels)[0]
        finally:
            pdf.close()
    else:
        picture = next(
            f for n, f in enumerate(image_file.frames(doc.path, path.read_bytes()), 1) if n == page
        )
        picture.thumbnail(
            (round(8.5 * 72 * SCALE), round(11 * 72 * SCALE))
        )  # a phone photo, shown page-sized
    picture = prepare(picture.convert("RGB"), scan.angle, scan.rotation)
    return _marked(
        picture, _word_rects(doc, page, passage, picture.size), _word_rects(doc, page, sentence, picture.size)
    )


def _word_rects(doc: Document, page: int, span: tuple[int, int], size: tuple[int, int]) -> list:
    """Rectangles of the words of ``span`` on ``page``, in pixels; words of one line merged into one."""
    width, height = size
    rects: list[list[float]] = []
    for start, end, on, x0, y0, x1, y1 in doc.boxes:
        if on != page or end <= span[0] or start >= span[1]:
            continue
        box = [x0 * width / 10000, y0 * height / 10000, x1 * width / 10000, y1 * height / 10000]
        last = rects[-1] if rects else None
        if (
            last
            and box[0] >= last[0]
            and min(last[3], box[3]) - max(last[1], box[1]) > 0.5 * (box[3] - box[1])
        ):
            last[1], last[2], last[3] = min(last[1], box[1]), max(last[2], box[2]), max(last[3], box[3])
        else:
            rects.append(box)
    return [tuple(r) for r in rects]
