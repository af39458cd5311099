"""Scans without Tesseract: the layout of OCR'd words (offsets and boxes through every join), straightening,
the garbage-text rule, image checks and the citation note. OCR itself is tested in tests/integration."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image, ImageDraw

from qa.convert import image, ocr
from qa.convert.pages import PageLines, assemble
from qa.convert.pdf import garbage
from qa.convert.pdf import text as pdf
from qa.document.source import Document
from qa.errors import SourceError
from qa.ui.pdfpage import _word_rects


def _reading(lines: list[list[str]], paragraph_breaks: tuple[int, ...] = ()) -> ocr.PageReading:
    """Words laid out as Tesseract reports them: one box per word, a new paragraph at ``paragraph_breaks``."""
    words, par = [], 1
    for n, line in enumerate(lines):
        par += n in paragraph_breaks
        for i, text in enumerate(line):
            words.append(
                ocr.Word(text, (1, par, n), (1000 + 600 * i, 500 * n, 1500 + 600 * i, 500 * n + 300), 95)
            )
    return ocr.PageReading(tuple(words), 95.0, 0.0, 0)


def test_every_ocr_word_box_points_at_that_word_in_the_assembled_text():
    first = _reading(
        [
            ["The", "harbour", "moves", "cargo", "day", "and"],
            ["night", "with", "twelve", "cranes."],
            ["A", "second", "paragraph", "about", "hyperbaric", "treat-"],
            ["ment", "follows", "here"],
        ],
        paragraph_breaks=(2,),
    )
    second = _reading([["and", "it", "runs", "on", "to", "this", "page."]])
    done = assemble([ocr.page_lines(first), ocr.page_lines(second)])  # "here": runs on to the next page
    words = [w.text for r in (first, second) for w in r.words]
    assert len(done.boxes) == len(words)
    for (start, end, _page, *_), word in zip(done.boxes, words):
        shown = done.text[start:end]
        assert shown == word or word == "treat-" and shown == "treatm", (
            shown,
            word,
        )  # its hyphen joined away
    assert "treatment follows here and it runs on" in done.text  # hyphen joined, page continued
    assert [b[2] for b in done.boxes][-1] == 2 and done.pages[1] == done.text.index("and it runs")


def test_a_paragraph_ending_in_of_continues_on_the_next_page_though_it_opens_with_a_capital():
    done = assemble(
        [
            PageLines(["A long paragraph about the study session of the Political Bureau of"]),
            PageLines(["China held in February."]),
        ]
    )
    assert "Bureau of China held" in done.text


def test_word_rects_cover_the_span_and_merge_a_line():
    doc = Document(
        "scan.png",
        "aa bb cc\n",
        "0",
        text_source="ocr",
        pages=(0,),
        boxes=(
            (0, 2, 1, 1000, 1000, 2000, 1500),
            (3, 5, 1, 2200, 1000, 3000, 1500),
            (6, 8, 1, 1000, 3000, 2000, 3500),
        ),
        scans=(ocr.ScanPage(1, 95, 0, 0),),
    )
    rects = _word_rects(doc, 1, (0, 8), (1000, 2000))
    assert rects == [(100.0, 200.0, 300.0, 300.0), (100.0, 600.0, 200.0, 700.0)]
    assert _word_rects(doc, 1, (6, 8), (1000, 2000)) == [(100.0, 600.0, 200.0, 700.0)]
    assert _word_rects(doc, 2, (0, 8), (1000, 2000)) == []


def _lines_image(angle: float) -> Image.Image:
    page = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(page)
    for y in range(200, 1400, 60):
        draw.rectangle((150, y, 1050, y + 18), fill=0)  # a text line, as the row profile sees it
    return page.rotate(angle, fillcolor=255)


@pytest.mark.parametrize("tilt", [0.0, 1.5, -2.5])
def test_skew_is_found_and_undone(tilt):
    angle = ocr.skew_angle(_lines_image(tilt))
    assert abs(angle + tilt) <= 0.15
    straightened = ocr.prepare(_lines_image(tilt), angle, 0)
    assert abs(ocr.skew_angle(straightened)) <= 0.15


PROSE = (
    "The plan for people's livelihood lies in ensuring the safety, prosperity and happiness of the "
    "people, and the reform of the social system continues to benefit all the people more fairly."
)
LOREM = (
    "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt ut "
    "labore et dolore magna aliquyam erat, sed diam voluptua. At vero eos et accusam et justo duo dolores."
)
KOREAN = (
    "코로나바이러스감염증 국내 확진자는 구천육백 명으로 나타났으며 세계보건기구는 세계적 유행 단계를 선언하였다 "
    * 4
)


def test_a_shifted_font_map_is_garbage_and_prose_in_any_language_is_not():
    shifted = "".join(chr(ord(c) + 3) if c.isalpha() else c for c in PROSE)  # "Wkh sodq iru…"
    assert garbage.dictionary_share(PROSE) > 0.9
    assert garbage.dictionary_share(shifted) < garbage.DICTIONARY_SHARE
    assert garbage.garbled(shifted) and not garbage.garbled(PROSE)
    assert garbage.dictionary_share(LOREM) < garbage.DICTIONARY_SHARE and not garbage.garbled(
        LOREM
    )  # letters of a language
    assert not garbage.garbled(
        KOREAN + "COVID-19 pandemic"
    )  # another script is never judged by English words
    assert garbage.needs_ocr([shifted], has_image=False) and not garbage.needs_ocr([PROSE], has_image=True)
    assert not garbage.needs_ocr([""], has_image=False)  # a blank page is not read
    assert garbage.needs_ocr([""], has_image=True)


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, 255).save(out, format="PNG")
    return out.getvalue()


def test_images_are_checked_by_content_and_size_before_any_ocr():
    with pytest.raises(SourceError, match="not an image"):
        image.read("photo.png", b"GIF89a not a png")
    with pytest.raises(SourceError, match="cannot read the image"):
        image.read("photo.png", _png((40, 40))[:60])
    pixels = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = 1000  # Pillow's own limit, lowered so the test needs no huge file
        for size in ((40, 30), (100, 100)):  # past the limit (a warning) and past twice it (an error)
            with pytest.raises(SourceError, match="decompression bomb"):
                image.read("photo.png", _png(size))
    finally:
        Image.MAX_IMAGE_PIXELS = pixels
    assert image.frame_count("photo.png", _png((40, 40))) == 1


def test_a_low_confidence_page_says_so_in_its_citation():
    from qa.document.passages import Passage
    from qa.retrieve.cited import Cited
    from qa.ui.render.cite import chip, citation

    def cited(confidence):
        p = Passage(
            "scan.pdf",
            "T",
            None,
            1,
            "body",
            0,
            4,
            "Text",
            ((0, 4),),
            page=3,
            text_source="ocr",
            ocr_confidence=confidence,
        )
        return Cited(1, 0.5, p, (0, 4))

    assert citation(cited(None)).endswith("p. 3")
    assert citation(cited(92.0)).endswith("p. 3 (OCR)")
    assert citation(cited(ocr.LOW_CONFIDENCE - 1)).endswith("(OCR, low confidence)")
    assert "p. 3 (OCR, low confidence)" in chip(cited(40.0))


def test_raw_glyph_codes_are_never_quoted():
    assert pdf.glyphs("r\x01 Database performance") == "r  Database performance"
    assert pdf.glyphs("click Schemas \uf0ae HR_SCHEMA") == "click Schemas • HR_SCHEMA"


def test_reading_a_scan_leaves_this_processs_openmp_alone(monkeypatch):
    """OMP_THREAD_LIMIT=1 belongs to Tesseract's processes in the reading child: set here, a FAISS loaded
    later got one OpenMP thread while its BLAS waited for more, and building an inverted-file index hung."""
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    page = Image.new("L", (400, 100), 255)
    ImageDraw.Draw(page).text((10, 40), "Harbour cargo", fill=0)
    try:
        image.read("cargo.png", _png_of(page))
    except SourceError:
        pass  # whether Tesseract finds words in so small a print is not what is asked here
    assert "OMP_THREAD_LIMIT" not in os.environ


def _png_of(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()
