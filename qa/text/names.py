"""Named actors in text (ministries, departments, committees…), so a claim cannot swap one for another."""

from __future__ import annotations

import re

from qa.text.terms import PREFIX_LETTERS, WORD, prefix
from qa.text.vocabulary import MONTHS, WEEKDAYS

_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|on|the)\s+)*[A-Z][\w'’-]*)+")
_LEADING = {"The", "A", "An", "On", "In", "At", "Since", "From", "By", "For", "And", "Of", "With", "Under"}
_CONNECTORS = {"of", "and", "for", "on", "the"}
_JOINED = re.compile(r"\s+and\s+(?:the\s+)?")  # between two names said together


def names(text: str) -> list[str]:
    """Multi-word capitalised names, without a leading article or preposition."""
    out = []
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        while words and words[0] in _LEADING:
            words = words[1:]
        while words and words[-1] in _CONNECTORS:
            words = words[:-1]
        if len(words) >= 2:
            out.append(" ".join(words))
    return out


# A shortened name ("the Central Committee of the Party") still names what the source names in full ("the
# Central Committee of the Communist Party of China") when its words appear in order within this many
# words per word of the short form.
SHORT_FORM_SPREAD = 3


def present(name: str, context: str) -> bool:
    """Is ``name`` in ``context``, in full or shortened? A name joined by "and" is present when each
    part is."""
    words = [w.lower() for w in WORD.findall(context)]
    return all(_in_order(part, words) for part in _JOINED.split(name) if part.strip())


def _in_order(part: str, words: list[str]) -> bool:
    wanted = [w.lower() for w in WORD.findall(part) if w.lower() not in _CONNECTORS]
    if not wanted:
        return True
    limit = SHORT_FORM_SPREAD * len(wanted)
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        pos, found = start, 1
        while found < len(wanted) and pos < len(words) - 1 and pos - start < limit:
            pos += 1
            found += words[pos] == wanted[found]
        if found == len(wanted):
            return True
    return False


def _heads(name: str) -> set[str]:
    """Words that say what kind of actor a name is: "Ministry" in "Ministry of Education"."""
    words = [w for w in name.split() if w not in _CONNECTORS]
    return {words[0].lower(), words[-1].lower()}


def counterpart(name: str, candidates: list[str]) -> str | None:
    """A source name of the same kind but different identity, which a claim's name contradicts. Names
    joined by "and" are weighed one by one ("Faculty and Institute" is two), and one the claim's name holds
    is that name said less fully, not another ("Net Asset Value" in "Class B's Net Asset Value", "Institute"
    in "French Institute")."""
    for other in candidates:
        for part in _JOINED.split(other):
            if part.lower() != name.lower() and _heads(name) & _heads(part) and not present(part, name):
                return other
    return None


_CALENDAR = frozenset(MONTHS + WEEKDAYS)


def proper_nouns(text: str, context: str) -> list[str]:
    """Capitalised words that are names: mid-sentence in ``text``, or seen mid-sentence in ``context``."""

    def mid_sentence(t: str) -> list[str]:
        return [
            m.group(0)
            for m in WORD.finditer(t)
            if m.group(0)[0].isupper() and m.start() > 0 and not re.search(r"[.!?\"“]\s*$", t[: m.start()])
        ]

    known = set(mid_sentence(context))
    words = [m.group(0) for m in WORD.finditer(text) if m.group(0)[0].isupper()]
    mids = set(mid_sentence(text))
    return [
        w
        for w in dict.fromkeys(words)
        if (w in mids or w in known) and w.lower() not in _CALENDAR and w not in _LEADING
    ]


def mentioned(word: str, text: str) -> bool:
    """Is ``word`` in ``text``, allowing another spelling of the same name (the same first letters)?"""
    if word.lower() in text.lower():
        return True
    return len(word) > PREFIX_LETTERS and any(prefix(w) == prefix(word) for w in WORD.findall(text))
