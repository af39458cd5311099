"""Page images → words with their boxes, read by Tesseract (Debian's ``tesseract-ocr``, driven by
pytesseract).

One Tesseract run per page gives every word with its box, its line and paragraph, and a confidence; qa lays
those out as lines (qa/convert/pages.py) exactly like a PDF's text layer, so a scan is cited, highlighted and
checked like a born-digital page. A tilted page is straightened first (the angle is kept, so the page viewer
straightens the image the same way and the boxes fall on the words); a page on its side or upside down is
turned by Tesseract's orientation detection when the first reading is poor. Nothing is downloaded: the
languages are the ``tesseract-ocr-*`` packages installed.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.errors import QAError, SourceError
from qa.settings import Limits

if TYPE_CHECKING:
    from concurrent.futures import Future

    from PIL.Image import Image

    from qa.convert.pages import PageLines

# Tesseract reads best at ~300 dpi (its documentation; below 200 small print loses letters). PDF pages are
# rendered at this resolution whatever their scan resolution was.
OCR_DPI = 300
# Straightening: angles searched (degrees) and the step of the coarse and the fine search. Scanners tilt
# a page by a degree or two; beyond 5° a scan is a photo, and Tesseract's own line finding copes.
MAX_SKEW = 5.0
SKEW_STEPS = (0.5, 0.1)
SKEW_WIDTH = 1000  # pixels: the projection profile needs the lines, not the letters
# Below this mean word confidence (0–100) a page's citations say "OCR, low confidence". Tesseract's clean
# scans score 90–96; the made scan of the article with noise scores ~91; pages read at 100 dpi or with
# heavy noise fall under 70, where one word in five or more is wrong.
LOW_CONFIDENCE = 70.0
# A reading this poor (or with fewer words than this) makes qa ask Tesseract which way up the page is.
ORIENTATION_RETRY = 50.0
MIN_WORDS = 3
# Median filters (pixels) tried in turn while a reading stays under GOOD_READING; 0 reads the page as
# scanned, first: a filter takes specks out but also thin strokes of small print. A newspaper page of 1473 x
# 2000 pixels read 304 words at confidence 80 through 3 (the article it prints lost), 712 at 90.5 as scanned.
# 3 keeps the thinnest strokes at 300 dpi; 5 clears heavy noise. Measured on a made scan (three paragraphs,
# 1° tilt): 150 dpi with 1% of pixels flipped reads at confidence 60 unfiltered, 91 with 3, 96 with 5; 3%
# flipped reads nothing unfiltered or with 3, 93 with 5.
DESPECKLE = (0, 3, 5)
GOOD_READING = 90.0
# Pages read at once, one Tesseract process each: every core. Measured on this 2-core machine (the made
# scan of the article, 7 pages, side by side): 0.36 pages/s with one, 0.65 with two.
OCR_WORKERS = max(1, os.cpu_count() or 1)
# What a page costs on this 2-core machine with OCR_WORKERS readers, for the estimate an upload shows: the
# made scan of the article (specks, so each page is read as scanned and then filtered) 7 pages in 17.9 s;
# a clean page is read once, in about half that.
OCR_SECONDS_PER_PAGE = 2.6
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng"


@dataclass(frozen=True)
class Word:
    text: str
    line: tuple[int, int, int]  # Tesseract's (block, paragraph, line): which words share a line
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in ten-thousandths of the prepared page's width, height
    confidence: float


@dataclass(frozen=True)
class PageReading:
    words: tuple[Word, ...]
    confidence: float  # mean word confidence, 0–100 (0 for a page without words)
    angle: float  # degrees the page image was turned (counter-clockwise) to straighten it
    rotation: int  # 0, 90, 180 or 270: the quarter turns applied first (a page scanned on its side)

    def scan_page(self, page: int) -> ScanPage:
        """What the index keeps of this reading as page ``page`` (1-based)."""
        return ScanPage(page, self.confidence, self.angle, self.rotation)


@dataclass(frozen=True)
class ScanPage:
    """What the index keeps about one OCR'd page: enough to prepare its image again for the viewer."""

    page: int  # 1-based
    confidence: float
    angle: float
    rotation: int


def check_languages(langs: str) -> str:
    """``langs`` ("eng", "eng+deu") when Tesseract and every language pack are installed, else QAError."""
    installed = _installed()
    missing = [lang for lang in langs.split("+") if lang and lang not in installed]
    if not langs.strip("+") or missing:
        packages = " ".join(f"tesseract-ocr-{lang.lower()}" for lang in missing) or "tesseract-ocr-eng"
        raise QAError(
            f"QA_OCR_LANGS={langs!r}: Tesseract has no {'+'.join(missing) or 'language'} data; "
            f"install it with `apt-get install {packages}`"
        )
    return langs


@functools.lru_cache(maxsize=1)
def _installed() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        raise QAError(f"reading scans needs Tesseract, which is not installed: {INSTALL}") from None


def read_page(image: Image, langs: str) -> PageReading:
    """The words of one page image, a tilted page straightened, a page on its side turned upright. A page
    that reads poorly is read again with specks filtered out, then more strongly; the best reading wins.
    The languages are read_pages' to check."""
    from PIL import ImageFilter

    gray = shrunk(image.convert("L"), Limits.from_env().max_pixels)
    best: PageReading | None = None
    for size in DESPECKLE:
        reading = _upright(gray.filter(ImageFilter.MedianFilter(size)) if size else gray, langs)
        best = reading if best is None or reading.confidence > best.confidence else best
        if best.confidence >= GOOD_READING:
            break
    assert best is not None  # DESPECKLE is never empty: one reading at least
    return best


def shrunk(image: Image, max_pixels: int) -> Image:
    """``image``, scaled down to at most ``max_pixels`` when it holds more (a frame Pillow let through
    is at most its bomb limit, ~89 MP; Tesseract and the despeckle filters are then held to the cap)."""
    if image.width * image.height <= max_pixels:
        return image
    factor = (max_pixels / (image.width * image.height)) ** 0.5
    return image.resize((max(1, int(image.width * factor)), max(1, int(image.height * factor))))


def capped(pages: int, cap: int) -> str:
    """The note for a file with more pages to OCR than the cap: what was read, and the setting for more."""
    return f" only the first {cap} of its {pages} scanned pages were read by OCR (QA_MAX_OCR_PAGES={cap})"


def _upright(gray: Image, langs: str) -> PageReading:
    angle = skew_angle(gray)
    reading = _read(prepare(gray, angle, 0), langs, angle, 0)
    if reading.confidence < ORIENTATION_RETRY or len(reading.words) < MIN_WORDS:
        rotation = _orientation(gray)
        if rotation:
            angle = skew_angle(gray.rotate(-rotation, expand=True))  # Tesseract's "rotate" is clockwise
            other = _read(prepare(gray, angle, rotation), langs, angle, rotation)
            reading = other if other.confidence > reading.confidence else reading
    return reading


def read_pages(name: str, images: Iterator[Image], total: int, langs: str) -> list[PageReading]:
    """Readings of ``images`` in order, OCR_WORKERS pages at a time (one Tesseract process each), with a
    progress bar of pages per second and the time left. Images are taken from ``images`` only as a reader
    frees up: a 200-page scan never sits in memory whole."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from tqdm import tqdm

    check_languages(langs)
    # Tesseract's own OpenMP threads fight the page-parallel processes on a small machine: one each, by
    # OMP_THREAD_LIMIT=1 in the reading child's environment (qa/convert/isolate.py), never here. Set in a
    # process that loads FAISS afterwards, it capped FAISS's OpenMP at one thread while its BLAS waited
    # for more: building an inverted-file index after an OCR'd page hung for good.
    readings: list[PageReading] = []
    pending: list[Future[PageReading]] = []
    with (
        ThreadPoolExecutor(OCR_WORKERS) as pool,
        tqdm(total=total, desc=f"OCR {name}", unit="page", file=sys.stderr, disable=None) as bar,
    ):
        for image in images:
            pending.append(pool.submit(read_page, image, langs))
            while len(pending) >= OCR_WORKERS:
                readings.append(_done(pending.pop(0), name, bar))
        while pending:
            readings.append(_done(pending.pop(0), name, bar))
    return readings


def _done(future: Future[PageReading], name: str, bar) -> PageReading:
    try:
        reading = future.result()
    except QAError:
        raise
    except Exception as exc:  # Tesseract crashed or refused the image: that file is skipped, with its reason
        raise ocr_failure(name, exc) from None
    bar.update(1)
    return reading


def prepare(image: Image, angle: float, rotation: int) -> Image:
    """The page as it was read: turned by ``rotation`` (clockwise quarter turns), then straightened by
    ``angle``. The viewer calls this too, so the stored boxes land on the words."""
    from PIL import Image as PILImage

    turned = image.rotate(-rotation, expand=True) if rotation else image
    if abs(angle) < SKEW_STEPS[1] / 2:
        return turned
    white = 255 if turned.mode == "L" else (255,) * len(turned.getbands())
    return turned.rotate(angle, resample=PILImage.Resampling.BICUBIC, expand=True, fillcolor=white)


def skew_angle(gray: Image) -> float:
    """The angle (degrees, counter-clockwise) that makes the text lines horizontal: where the ink's row
    profile is sharpest (lines of text and the gaps between them)."""
    import numpy as np
    from PIL import Image as PILImage

    scale = min(1.0, SKEW_WIDTH / max(1, gray.width))
    small = gray.resize((max(1, int(gray.width * scale)), max(1, int(gray.height * scale))))
    pixels = np.asarray(small, dtype=np.float32)
    if pixels.size == 0 or pixels.std() < 1:
        return 0.0
    ink = PILImage.fromarray(((pixels < pixels.mean() - pixels.std()) * 255).astype(np.uint8))

    def sharpness(a: float) -> float:
        rows = np.asarray(ink.rotate(a, resample=PILImage.Resampling.NEAREST), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = 0.0
    for step, span in ((SKEW_STEPS[0], MAX_SKEW), (SKEW_STEPS[1], SKEW_STEPS[0])):
        angles = np.arange(best - span, best + span + step / 2, step)
        best = float(max(angles, key=sharpness))
    return round(best, 2)


def _read(image: Image, langs: str, angle: float, rotation: int) -> PageReading:
    import pytesseract

    data = pytesseract.image_to_data(image, lang=langs, config="--psm 3", output_type=pytesseract.Output.DICT)
    words = []
    width, height = image.size
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if int(data["level"][i]) != 5 or conf < 0 or not text.strip():
            continue
        left, top, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        box = (_frac(left, width), _frac(top, height), _frac(left + w, width), _frac(top + h, height))
        words.append(
            Word(
                " ".join(text.split()),
                (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])),
                box,
                conf,
            )
        )
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return PageReading(tuple(words), round(confidence, 1), angle, rotation)


def _frac(value: int, size: int) -> int:
    return round(10000 * value / max(1, size))


def _orientation(gray: Image) -> int:
    """Clockwise quarter turns that put the page upright, by Tesseract's orientation detection (0 when it
    cannot tell: too little text)."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(gray, config="--psm 0", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return 0
    return int(found.get("rotate", 0)) % 360


def page_lines(reading: PageReading) -> PageLines:
    """A reading as the lines qa/convert/pages.py lays out: Tesseract's lines in its reading order, a blank
    line between its paragraphs, each word with its offsets in its line and its box."""
    from qa.convert.pages import PageLines

    page = PageLines([])
    last: tuple[int, int, int] | None = None
    for word in reading.words:
        if word.line != last:
            if last is not None and word.line[:2] != last[:2]:
                page.lines.append("")
            page.lines.append("")
            last = word.line
        i = len(page.lines) - 1
        at = len(page.lines[i]) + (1 if page.lines[i] else 0)
        page.lines[i] = f"{page.lines[i]} {word.text}" if page.lines[i] else word.text
        page.words.setdefault(i, []).append((at, at + len(word.text), word.box))
    return page


def ocr_failure(name: str, exc: Exception) -> SourceError:
    """A Tesseract failure on one file, as the one line that skips it."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[-1][:120]
    return SourceError(f"skipped {name}: OCR failed ({first})")


__all__ = [
    "LOW_CONFIDENCE",
    "OCR_DPI",
    "OCR_SECONDS_PER_PAGE",
    "PageReading",
    "ScanPage",
    "Word",
    "capped",
    "check_languages",
    "shrunk",
    "ocr_failure",
    "page_lines",
    "prepare",
    "read_page",
    "read_pages",
    "skew_angle",
]
