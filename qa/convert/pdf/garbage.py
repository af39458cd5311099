"""Is a PDF page's text layer usable, or must the page be read by OCR? A scan has no layer; a font without
a Unicode map gives a layer of letters that spell nothing ("Wkh sodq iru"), though its glyphs render right.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from importlib import resources

from qa.text.vocabulary import LETTER

# A text layer is garbage (a font whose Unicode map is wrong: "Wkh sodq iru") when both its words and its
# letters look unlike a language: fewer than DICTIONARY_SHARE of its words (two or more letters) are English
# words (qa/convert/pdf/words.txt), and its letter frequencies are further than LETTER_LIKENESS (cosine) from
# English's. Measured (share, likeness): born-digital English pages 0.83–0.98, 0.92–0.98 (the article's PDF,
# docling's test PDFs); German prose 0.29–0.32, 0.92–0.94; Portuguese 0.40, 0.84; Lorem ipsum 0.25–0.32, 0.93;
# the article with letters shifted by 1 or 3 or permuted 0.07–0.18, 0.52–0.70. The dictionary alone would
# OCR German and Lorem ipsum; the letters alone are nearer the line for Portuguese.
DICTIONARY_SHARE = 0.3

LETTER_LIKENESS = 0.8

GARBAGE_MIN_WORDS = 20  # fewer words than this say too little to judge: the text layer is kept

GARBAGE_SYMBOL_SHARE = 0.3  # or when this share of its characters are control or private-use glyphs

# Only Latin script is judged: a Korean or Arabic page (its letters mostly outside a–z) keeps its layer.
LATIN_SHARE = 0.5

# English letter frequencies (%, the usual table of printed English), which LETTER_LIKENESS compares with.
ENGLISH_LETTERS = dict(
    zip(
        "etaoinshrdlcumwfgypbvkjxqz",
        (
            12.7,
            9.1,
            8.2,
            7.5,
            7.0,
            6.7,
            6.3,
            6.1,
            6.0,
            4.3,
            4.0,
            2.8,
            2.8,
            2.4,
            2.4,
            2.2,
            2.0,
            2.0,
            1.9,
            1.5,
            1.0,
            0.8,
            0.15,
            0.15,
            0.1,
            0.07,
        ),
    )
)


def needs_ocr(lines: list[str], has_image: bool, raw_codes: bool = False) -> bool:
    """No text layer but an image (a scan), or a text layer that spells nothing (its glyphs still render
    right, so OCR of the rendered page reads them): OCR reads the page instead. A blank page is left alone."""
    if raw_codes:
        return True
    text = " ".join(lines)
    if not text.strip():
        return has_image
    return garbled(text)


def garbled(text: str) -> bool:
    """Latin-script text whose words are not words and whose letters are not a language's."""
    letters = [ch for ch in unicodedata.normalize("NFKD", text.lower()) if ch.isalpha()]
    latin = [ch for ch in letters if "a" <= ch <= "z"]
    if not latin or len(latin) < LATIN_SHARE * len(letters):
        return False
    return dictionary_share(text) < DICTIONARY_SHARE and letter_likeness(latin) < LETTER_LIKENESS


def letter_likeness(latin: list[str]) -> float:
    """Cosine between the letter counts of ``latin`` and English's letter frequencies."""
    counts = {ch: 0 for ch in ENGLISH_LETTERS}
    for ch in latin:
        counts[ch] += 1
    dot = sum(counts[ch] * f for ch, f in ENGLISH_LETTERS.items())
    norm = math.sqrt(sum(n * n for n in counts.values())) * math.sqrt(
        sum(f * f for f in ENGLISH_LETTERS.values())
    )
    return dot / norm if norm else 1.0


def dictionary_share(text: str, least: int = GARBAGE_MIN_WORDS) -> float:
    """Share of the words (two or more letters) of ``text`` that are English words; 1.0 when there are
    fewer than ``least`` to judge (0.0 for none at all when ``least`` is 1)."""
    words = [w.lower() for w in re.findall(LETTER + "{2,}", text)]
    if not words and least <= 1:
        return 0.0
    if len(words) < least:
        return 1.0
    known = _words()
    return sum(w in known for w in words) / len(words)


def known(word: str) -> bool:
    """Whether ``word`` (any case) is an English word of the bundled list."""
    return word.lower() in _words()


@functools.lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    """The whole English words of the bundled MiniLM's WordPiece vocabulary (21,719; Apache-2.0)."""
    words = resources.files("qa.convert.pdf").joinpath("words.txt").read_text(encoding="utf-8")
    return frozenset(words.split())
