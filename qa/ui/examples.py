"""Example questions drawn from the library itself: questions about its own sections that it answers.

Candidates come from each document's section headings (its title when it has none), cut to their topic:
"Maintaining social fairness and justice, and effectively improving…" → "What is said about maintaining social
fairness and justice?". Each candidate is asked as a user would ask it, and kept only when the engine answers
it from that very document; the best of each document come first, so a library of several documents shows
questions about several of them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def topic(heading: str) -> str:
    """A heading's first clause (of ``MIN_TOPIC_WORDS`` words at least), at most ``TOPIC_WORDS`` words, read
    mid-sentence: its first letter lower-cased unless the word is a name or an acronym."""
    words = heading.strip().rstrip(".?!").split()
    for match in _CLAUSE_END.finditer(" ".join(words)):
        head = " ".join(words)[: match.start()].split()
        if len(head) >= MIN_TOPIC_WORDS:
            words = head
            break
    words = words[:TOPIC_WORDS]
    first = words[0] if words else ""
    if first[:1].isupper() and not first[1:2].isupper():
        words[0] = first[0].lower() + first[1:]
    text = " ".join(words)
    opened = text.count('"') % 2 or text.count("“") != text.count("”")
    return re.sub(r'["“”]', "", text) if opened else text  # a quote the cut left open is dropped


def candidates(index: Index) -> dict[str, list[str]]:
    """Document → the questions to try for it, from its sections (or its title), in document order."""
    out: dict[str, list[str]] = {}
    total = 0
    for entry, title in index.library():
        passages = index.passages[entry.first : entry.end]
        headings = list(dict.fromkeys(p.section for p in passages if p.section)) or [title]
        questions = [f"What is said about {t}?" for t in map(topic, headings) if t][:CANDIDATES_PER_DOCUMENT]
        out[entry.path] = questions[: max(0, MAX_CANDIDATES - total)]
        total += len(out[entry.path])
    return out


def library_examples(engine: Engine, limit: int = EXAMPLES) -> list[str]:
    """Up to ``limit`` questions the library answers, each from the document it is about, best first, taking
    one document's best before another document's second."""
    ranked: dict[str, list[tuple[float, str]]] = {}
    for doc, questions in candidates(engine.index).items():
        for question in questions:
            answer = engine.ask(question)
            if answer.answers and answer.answers[0].passage.doc == doc:
                ranked.setdefault(doc, []).append((answer.confidence, question))
    rounds = [sorted(found, reverse=True) for found in ranked.values()]
    picked = [
        q
        for depth in range(max(map(len, rounds), default=0))
        for _, q in sorted((r[depth] for r in rounds if depth < len(r)), reverse=True)
    ]
    return picked[:limit]


__all__ = ["library_examples", "topic"]
