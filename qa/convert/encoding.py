"""A plain-text file's bytes → its text: UTF-8 as most files are written, the encoding a byte-order mark
names (Excel's "Unicode text" is UTF-16), else the legacy code page the bytes read best in (Windows-1252
from Notepad or Excel's CSV, Cyrillic, EBCDIC), told by charset-normalizer and named in a note. A file
none of these reads is refused with one line, never read as mojibake."""

from __future__ import annotations

import codecs
import re

from qa.errors import SourceError

# Longest first: UTF-32's little-endian mark begins with UTF-16's.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _marked(data: bytes) -> str | None:
    """The encoding the byte-order mark ``data`` opens with names, or None."""
    return next((enc for mark, enc in _MARKS if data.startswith(mark)), None)


def wide(data: bytes) -> bool:
    """Whether ``data`` opens with the mark of UTF-16 or UTF-32, whose text holds NUL bytes."""
    return _marked(data) not in (None, "utf-8-sig")


def decoded(name: str, data: bytes) -> tuple[str, str | None]:
    """The text of ``data`` with universal newlines, and a note naming the encoding where it was not UTF-8;
    SourceError for bytes that are binary (NUL bytes and no mark of a wide encoding) or read in no
    encoding."""
    marked = _marked(data)
    if marked:
        return _lines(data.decode(marked, errors="replace")), None
    if b"\x00" in data:
        raise SourceError(f"skipped {name}: looks binary (contains NUL bytes)")
    try:
        return _lines(data.decode("utf-8")), None
    except UnicodeDecodeError as exc:
        at = exc.start
    return _legacy(name, data, at)


# The legacy code page chosen where the detector finds several that read the bytes equally well ("Café"
# reads as well in Windows-1250 or -1257 by the detector's measures, but as "Cafè"→"Cafč" there): Windows'
# Western code page, in which Notepad and Excel wrote most such files.
WESTERN = "cp1252"


def _legacy(name: str, data: bytes, at: int) -> tuple[str, str | None]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise SourceError(
            f"skipped {name}: not UTF-8 (byte {at}), and no other encoding reads it; save it as UTF-8"
        )
    top = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (top.chaos, top.coherence)]
    if any(WESTERN in m.could_be_from_charset for m in tied):
        return _lines(data.decode(WESTERN, errors="replace")), f"{name}: not UTF-8; read as {WESTERN}"
    return _lines(str(top)), f"{name}: not UTF-8; read as {top.encoding}"


def narrowed(data: bytes) -> bytes:
    """A UTF-16 or UTF-32 file's bytes (``wide``) as UTF-8, for readers that look for markup in ASCII (an
    HTML page's tags, which Word's "Unicode" web page writes two bytes a letter); other bytes as they are."""
    marked = _marked(data)
    if marked is None or marked == "utf-8-sig":
        return data
    return _DECLARED_WIDE.sub(rb"\1utf-8", data.decode(marked, errors="replace").encode("utf-8"))


# Where the page declares the wide encoding it was saved in (<meta charset="utf-16">, <?xml … encoding=
# "UTF-16"?>), the declaration is made to say what the bytes now are, or a parser would read UTF-8 as UTF-16.
_DECLARED_WIDE = re.compile(rb"""((?:charset|encoding)\s*=\s*["']?)utf-?(?:16|32)(?:[lb]e)?""", re.I)


def _lines(text: str) -> str:
    """Universal newlines, as ``open(..., newline=None)`` reads them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


__all__ = ["decoded", "narrowed", "wide"]
