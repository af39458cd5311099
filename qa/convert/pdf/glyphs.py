"""Glyphs drawn without Unicode: a font whose map to Unicode lacks its ligatures ("fi", "fl", "ffi", "Th")
leaves PDFium the glyph's bare code, a control character, where the page draws letters: "classi\\x10ed".
Shown as a gap ("classi ed"), the word could be neither found nor quoted.

Each such code is one glyph of one font, so it stands for the same letters wherever it is: the ligature
that turns the most of its words into English words (qa/convert/pdf/garbage.py's list) is its reading,
when one does ("of\\x10ce", "classi\\x10ed", "\\x10xed": "fi" makes all three words). A code no ligature
explains stays as it was (a gap), and the page's other checks (a layer of raw codes is read by OCR) stand.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from qa.convert.pdf.garbage import known

# The ligatures fonts draw as one glyph, most common first (a tie goes to the earlier).
LIGATURES = ("fi", "fl", "ff", "ffi", "ffl", "Th", "ft", "st", "ct", "tt", "fj")
_EDGES = re.compile(r"^\W+|\W+$")


def unmapped(ch: str) -> bool:
    """A glyph's bare code: a control or private-use character (tabs and line ends are the text's own)."""
    return ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Co")


def readings(lines: list[str]) -> dict[str, str]:
    """Each unmapped code of ``lines`` that a ligature explains, with its letters."""
    words = [w for line in lines for w in line.split() if any(map(unmapped, w))]
    codes = {ch for w in words for ch in w if unmapped(ch)}
    found = {code: _reading(code, [w for w in words if code in w]) for code in codes}
    return {code: letters for code, letters in found.items() if letters}


def restore(line: str, read: dict[str, str]) -> str:
    """``line`` with the codes ``read`` explains replaced by their letters."""
    return "".join(read.get(ch, ch) for ch in line) if read else line


def _reading(code: str, words: list[str]) -> str | None:
    """The ligature that makes the most of ``words`` English words, if one makes more than any other."""
    made = Counter(
        {lig: sum(known(_EDGES.sub("", w.replace(code, lig))) for w in words) for lig in LIGATURES}
    )
    (best, most), *rest = made.most_common(2) or [("", 0)]
    return best if most and (not rest or rest[0][1] < most) else None


__all__ = ["LIGATURES", "readings", "restore", "unmapped"]
