"""Image files (.png, .jpg, .tif, …) → text by OCR: a photo or scan of a page, each frame of a TIFF a page.

Pillow opens the image and guards it: a decompression bomb (more pixels than ``Image.MAX_IMAGE_PIXELS``,
Pillow's own limit) is refused before it is decoded, and a truncated or damaged file is skipped with one line.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from qa.convert import ocr
from qa.convert.extracted import Extracted
from qa.convert.pages import assemble
from qa.errors import QAError, SourceError, ToolMissing, first_line
from qa.settings import Limits

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
# Magic bytes of the formats above: an image is checked by its content, not its name.
MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")


def sniff(name: str, data: bytes) -> None:
    if not data.startswith(MAGIC) or (data.startswith(b"RIFF") and data[8:12] != b"WEBP"):
        raise SourceError(f"skipped {name}: not an image (unknown or damaged header)")


def frames(name: str, data: bytes) -> Iterator:
    """Each frame of the image as a decoded picture, or SourceError for a bomb or a damaged file."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            for frame in ImageSequence.Iterator(image):
                frame.load()
                yield frame.copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise SourceError(_bomb(name)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise SourceError(_unreadable(name, exc)) from None


def frame_count(name: str, data: bytes) -> int:
    """Pages in the image, its header checked (bomb, damage) without decoding the pixels."""
    import warnings

    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return getattr(image, "n_frames", 1)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise SourceError(_bomb(name)) from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise SourceError(_unreadable(name, exc)) from None


def _bomb(name: str) -> str:
    from PIL import Image

    return (
        f"skipped {name}: the image has more pixels than the {Image.MAX_IMAGE_PIXELS:,} Pillow allows "
        "(a decompression bomb?)"
    )


def _unreadable(name: str, exc: Exception) -> str:
    return f"skipped {name}: cannot read the image ({first_line(exc)})"


def read(name: str, data: bytes, ocr_langs: str = "eng") -> Extracted:
    """The text of every frame (the first ``Limits.ocr_pages``, with a note), read by OCR; SourceError when
    there is none or it cannot be read."""
    import itertools
    import warnings

    from PIL import Image

    sniff(name, data)
    total, cap = frame_count(name, data), Limits.from_env().ocr_pages
    with warnings.catch_warnings():  # past MAX_IMAGE_PIXELS Pillow warns, past twice that it refuses
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            first = itertools.islice(frames(name, data), cap)
            readings = ocr.read_pages(name, first, min(total, cap), ocr_langs)
        except SourceError:
            raise
        except QAError as exc:
            raise ToolMissing(f"skipped {name}: {exc}") from None
    done = assemble([ocr.page_lines(r) for r in readings])
    if not done.text.strip():
        raise SourceError(f"skipped {name}: OCR found no words in the image")
    scans = tuple(r.scan_page(n) for n, r in enumerate(readings, 1))
    notes: tuple[str, ...] = (f"{name}: {len(readings)} page(s) read by OCR",)
    notes += (f"{name}:{ocr.capped(total, cap)}",) if total > cap else ()
    return Extracted(done.text, done.pages, notes, done.boxes, scans)
