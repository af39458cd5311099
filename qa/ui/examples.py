"""Example questions drawn from the library itself: questions about its own sections that it answers.

Candidates come from each document's section headings (its title when it has none), cut to their topic:
"Maintaining social fairness and justice, and effectively improving…" → "What is said about maintaining social
fairness and justice?". Each candidate is asked as a user would ask it, and kept only when the engine answers
it from that very document; the best of each document come first, so a library of several documents shows
questions about several of them.

A question is worded from clean text only: a heading read by OCR below its confidence floor, a table's
caption, or a topic with a word no reader would type (symbols, "steelJIS", "«POAH") or cut off after a
function word ("change in") makes no example. Where no good one exists, fewer or none are shown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.convert.ocr import LOW_CONFIDENCE
from qa.document.paragraphs import title_from_path
from qa.text.rows import CAPTION, LABEL
from qa.text.terms import stopwords

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from qa.document.passages import Passage
    from qa.engine import Engine
    from qa.index.generation import Index

# Four fit on one row under the question box.
EXAMPLES = 4
# A topic is a heading's first clause of at most this many words (headings of reports run to twenty).
TOPIC_WORDS = 8
MIN_TOPIC_WORDS = 3
# Each candidate costs one question (~10 ms): enough to find four answered ones in a large library.
CANDIDATES_PER_DOCUMENT = 6
MAX_CANDIDATES = 24
_CLAUSE_END = re.compile(r",|;|:|\s+(?:and|—|–|-)\s+")
# A word as people type it: lower-case after its first letter (a name, or a word opening the heading), an
# acronym ("COVID", "EU", "SMEs"), a number, or a hyphenated or possessive form of those.
_CLEAN_WORD = re.compile(r"(?:[A-Za-z][a-z]*|[A-Z]{2,}s?|\d+(?:[.,]\d+)*)(?:['’-](?:[A-Za-z][a-z]*|\d+))*")
CLEAN_WORDS = 2
LONGEST_WORD = 20  # letters: longer is two words run together, or noise
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVX]+)\.?\s+")  # a heading's number: "5.1 ", "II. "


def topic(heading: str) -> str:
    """A heading's first clause (of ``MIN_TOPIC_WORDS`` words at least), at most ``TOPIC_WORDS`` words, read
    mid-sentence: its first letter lower-cased unless the word is a name or an acronym."""
    words = _NUMBERED.sub("", heading).strip().rstrip(".?!").split()
    for match in _CLAUSE_END.finditer(" ".join(words)):
        head = " ".join(words)[: match.start()].split()
        if len(head) >= MIN_TOPIC_WORDS:
            words = head
            break
    words = words[:TOPIC_WORDS]
    while len(words) > 1 and words[-1].lower() in stopwords():
        words.pop()  # a clause cut after "of" or "the" ends on its last content word
    first = words[0] if words else ""
    if first[:1].isupper() and not first[1:2].isupper():
        words[0] = first[0].lower() + first[1:]
    text = " ".join(words)
    opened = text.count('"') % 2 or text.count("“") != text.count("”")
    return re.sub(r'["“”]', "", text) if opened else text  # a quote the cut left open is dropped


def clean(topic: str) -> bool:
    """Whether a topic reads as words a person types: every word plain (see ``_CLEAN_WORD``), not ending on
    a function word, and CLEAN_WORDS long at least ("methods" alone asks nothing)."""
    words = topic.split()
    return (
        len(words) >= CLEAN_WORDS
        and all(_CLEAN_WORD.fullmatch(w) and len(w) <= LONGEST_WORD for w in words)
        and words[-1].lower() not in stopwords()
    )


def _headings(passages: Sequence[Passage], title: str) -> list[str]:
    """The sections a document's passages stand in (its title when none), leaving out a table's caption
    and any heading read from a page whose OCR confidence is low."""
    found = [
        p.section
        for p in passages
        if p.section
        and not (CAPTION.match(p.section) or LABEL.match(p.section))
        and (p.ocr_confidence is None or p.ocr_confidence >= LOW_CONFIDENCE)
    ]
    shaky = any(p.ocr_confidence is not None and p.ocr_confidence < LOW_CONFIDENCE for p in passages)
    return list(dict.fromkeys(found)) or ([] if shaky or not title else [title])


def candidates(index: Index) -> dict[str, list[str]]:
    """Document → the questions to try for it, from its sections (or its title), in document order."""
    out: dict[str, list[str]] = {}
    total = 0
    for entry, title in index.library():
        named = title if title != title_from_path(entry.path) else ""  # a file's name is no text of it
        headings = _headings(index.passages[entry.first : entry.end], named)
        topics = [t for t in map(topic, headings) if clean(t)]
        questions = [f"What is said about {t}?" for t in topics][:CANDIDATES_PER_DOCUMENT]
        out[entry.path] = questions[: max(0, MAX_CANDIDATES - total)]
        total += len(out[entry.path])
    return out


Ranked = dict[str, list[tuple[float, str]]]  # document → (confidence, question) of each it answers


def ranked_examples(engine: Engine) -> Ranked:
    """Each document's candidate questions that the engine answers from that very document, with the
    answer's confidence: found once per index, then picked from for each caller (``pick``)."""
    ranked: Ranked = {}
    for doc, questions in candidates(engine.index).items():
        for question in questions:
            answer = engine.ask(question)
            if answer.answers and answer.answers[0].passage.doc == doc:
                ranked.setdefault(doc, []).append((answer.confidence, question))
    return ranked


def pick(ranked: Ranked, docs: Collection[str] | None = None, limit: int = EXAMPLES) -> list[str]:
    """Up to ``limit`` questions, best first, taking one document's best before another document's second,
    from the documents ``docs`` only when given (a caller sees no question about a document they may not
    read)."""
    rounds = [sorted(found, reverse=True) for doc, found in ranked.items() if docs is None or doc in docs]
    picked = [
        q
        for depth in range(max(map(len, rounds), default=0))
        for _, q in sorted((r[depth] for r in rounds if depth < len(r)), reverse=True)
    ]
    return picked[:limit]


def library_examples(engine: Engine, limit: int = EXAMPLES) -> list[str]:
    """Up to ``limit`` questions the library answers, each from the document it is about."""
    return pick(ranked_examples(engine), None, limit)


__all__ = ["Ranked", "clean", "library_examples", "pick", "ranked_examples", "topic"]
