"""Conversation → standalone question: "And unemployment insurance?" after a question about medical
insurance becomes "How many people does unemployment insurance cover?"."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_MARKER = re.compile(r"^\s*(?:and\s+(?:what|how)\s+about|what\s+about|how\s+about|what\s+of|and)"
                     r"\s+(?P<rest>.+?)\s*[?.!]*\s*$", re.IGNORECASE)  # fmt: skip
_WH = re.compile(r"\b(who|whom|whose|what|which|when|where|why|how|is|are|was|were|do|does|did|can|could"
                 r"|will)\b", re.IGNORECASE)  # fmt: skip
# A question of at most this many words without any question word is read as elliptical ("Shanghai?").
ELLIPTICAL_MAX_WORDS = 3
_STOP = {"the", "a", "an", "of", "for", "in", "on", "to", "and", "its", "their"}


def _focus(fragment: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", fragment.strip(), flags=re.IGNORECASE)


def _substitute(previous: str, fragment: str) -> str | None:
    """Swap the phrase of ``previous`` that shares the fragment's head word ("…insurance") for the
    fragment."""
    head = fragment.split()[-1].lower()
    words = previous.split()
    for end, word in enumerate(words):
        if re.sub(r"\W", "", word.lower()) == head:
            start = end
            while (
                start > 0
                and words[start - 1].lower() not in _STOP
                and not _WH.fullmatch(words[start - 1])
                and words[start - 1][0].islower() == words[end][0].islower()
            ):
                start -= 1
            tail = word[len(re.sub(r"\W+$", "", word)) :]  # keep punctuation glued to the replaced word
            return " ".join(words[:start] + [fragment + tail] + words[end + 1 :])
    return None


def _substitute_phrase(previous: str, fragment: str) -> str | None:
    """ "in Shanghai" after "…wage in Beijing?" replaces the last phrase opened by the same preposition."""
    prep = fragment.split()[0].lower()
    if (
        prep not in {"in", "on", "at", "for", "from", "during", "since", "by", "under"}
        or len(fragment.split()) < 2
    ):
        return None
    matches = list(re.finditer(rf"\b{prep}\s+[^?,;]+", previous, re.IGNORECASE))
    if not matches:
        return None
    last = matches[-1]
    return previous[: last.start()] + fragment + previous[last.end() :]


# A one-word fragment takes the place of the previous question's word it is a variant of ("female" for "male",
# "pensions" for "pension"): their letters agree this much (difflib's ratio; "female"/"male" 0.8).
SIMILAR_WORD = 0.75
_NAME_RUN = re.compile(r"(?<=\s)[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*")


def _substitute_similar(previous: str, fragment: str) -> str | None:
    """A one-word fragment put in the place of the previous question's word most like it."""
    if len(fragment.split()) != 1:
        return None
    alike = [
        (SequenceMatcher(None, w.lower(), fragment.lower()).ratio(), w)
        for w in re.findall(r"[\w'’-]+", previous)
    ]
    ratio, best = max(alike, default=(0.0, ""))
    if ratio < SIMILAR_WORD:
        return None
    return re.sub(rf"\b{re.escape(best)}\b", fragment, previous, count=1)


def _substitute_name(previous: str, fragment: str) -> str | None:
    """A name ("Shanghai?") in the place of the last name the previous question named ("…in Beijing?")."""
    if not fragment[:1].isupper():
        return None
    names = list(_NAME_RUN.finditer(previous))
    if not names:
        return None
    last = names[-1]
    return previous[: last.start()] + fragment + previous[last.end() :]


def resolve(question: str, history: list[str]) -> str:
    """The question as it would be asked on its own, given the user's earlier questions (oldest first)."""
    if not history:
        return question
    marked = _MARKER.match(question)
    if marked:
        fragment = _focus(marked.group("rest"))
    elif len(question.split()) <= ELLIPTICAL_MAX_WORDS and not _WH.search(question):
        fragment = _focus(question.strip(" ?.!"))
    else:
        return question
    if not re.search(r"\w", fragment):
        return question  # nothing to carry over ("", "?", "what about ?"): the question as it was asked
    previous = history[-1]
    return (
        _substitute_phrase(previous, fragment)
        or _substitute(previous, fragment)
        or _substitute_similar(previous, fragment)
        or _substitute_name(previous, fragment)
        or f"What about {fragment}, as in: {previous.rstrip()}"
    )
