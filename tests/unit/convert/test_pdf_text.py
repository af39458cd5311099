"""A PDF page's characters as text: one per PDFium index (so offsets stay on their boxes), ligatures and
scripts as they are written."""

from __future__ import annotations


def test_pdfium_codes_become_text_one_character_per_index():
    from qa.convert.pdf.text import letters

    word = [ord(c) for c in "اإلنتاجية"]  # PDFium's spelling of الإنتاجية: the ligature's alef first
    assert letters(word, [False] * len(word), lambda i: i == 1) == "الإنتاجية"
    assert letters(word, [False] * len(word), lambda i: False) == "اإلنتاجية"  # two glyphs: as printed
    assert letters([ord("a"), 2, ord("b")], [False, True, False], lambda i: False) == "a\ufffeb"
    emoji = [0xD83D, 0xDE00, ord("!")]
    assert letters(emoji, [False] * 3, lambda i: False) == "\U0001f600\u00ad!"  # one letter, two indexes


def test_a_latin_word_meeting_an_arabic_one_is_set_apart():
    from qa.convert.pdf.text import _RTL_EDGE

    assert _RTL_EDGE.sub(" ", "البرمجة بلغة R و Pythonمن الأدوات") == "البرمجة بلغة R و Python من الأدوات"
