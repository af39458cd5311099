"""Negation and opposite predicates between a claim and its evidence: what similarity cannot see, since a
sentence that says the opposite is a close neighbour of the one that says it.

The opposites are a short list of the predicates that reports of change and policy use, compared on stems.
WordNet (the old ``wn`` 0.0.23 ships its data) was tried: its antonyms are narrower where it matters here
("improve" has only "worsen"; "cancel" and "decline" have none), it is unmaintained, and it takes 3.4 s to
load. It misses opposites outside the list and double negatives.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.text.terms import LETTERS, stem
from qa.text.vocabulary import NEGATED_AUXILIARIES

# A negation cue, but not "No. 7" (a number), "not only … but also" (emphasis) or "no longer" (kept).
_NEGATION = re.compile(
    r"\b(?:not(?!\s+only)|never|cannot|neither|nor|none|no(?!\s*[.\d])|\w+n't)\b", re.IGNORECASE
)

OPPOSITES = [
    ("improve", "worsen"),
    ("improve", "deteriorate"),
    ("narrow", "widen"),
    ("increase", "decrease"),
    ("increase", "decline"),
    ("increase", "reduce"),
    ("rise", "fall"),
    ("rise", "decline"),
    ("grow", "shrink"),
    ("expand", "shrink"),
    ("expand", "contract"),
    ("strengthen", "weaken"),
    ("raise", "lower"),
    ("raise", "cut"),
    ("higher", "lower"),
    ("more", "fewer"),
    ("more", "less"),
    ("gain", "lose"),
    ("establish", "abolish"),
    ("keep", "abolish"),
    ("keep", "cancel"),
    ("maintain", "cancel"),
    ("maintain", "abolish"),
    ("retain", "cancel"),
    ("retain", "abolish"),
    ("introduce", "abolish"),
    ("launch", "cancel"),
    ("accelerate", "slow"),
    ("alleviate", "aggravate"),
    ("ease", "worsen"),
    ("stable", "unstable"),
    ("success", "failure"),
    ("allow", "forbid"),
    ("allow", "ban"),
    ("legal", "illegal"),
    ("improve", "decline"),
    ("improve", "drop"),
    ("enhance", "weaken"),
    ("enhance", "reduce"),
    ("increase", "drop"),
    ("rise", "drop"),
    ("grow", "decline"),
    ("promote", "hinder"),
    ("increasing", "decreasing"),
    ("strict", "lax"),
    ("fair", "unfair"),
    # Irregular past forms, which stemming does not bring back to the present.
    ("kept", "cancel"),
    ("kept", "abolish"),
    ("rose", "fell"),
    ("rose", "fall"),
    ("rise", "fell"),
    ("risen", "fallen"),
    ("grew", "shrank"),
    ("grown", "shrunk"),
    ("gained", "lost"),
]


@lru_cache(maxsize=1)
def _opposite_stems() -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for a, b in OPPOSITES:
        table.setdefault(stem(a), set()).add(stem(b))
        table.setdefault(stem(b), set()).add(stem(a))
    return table


def _stems(text: str) -> dict[str, str]:
    """Stem → the word as written, for every word of ``text``."""
    return {stem(w.lower()): w for w in LETTERS.findall(text)}


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def flipped(text: str) -> str | None:
    """``text`` with its negation cues dropped, or else its opposite predicates turned round ("worsened" →
    "improve"); None when it has neither: what the claim denies or reverses, which the encoder places near
    the sentence that says it (a negated or reversed sentence drifts away from its evidence)."""
    if negated(text):  # what it denies: the sentence without the negation
        out = _NEGATION.sub(lambda m: m.group(0)[:-3] if m.group(0).lower().endswith("n't") else "", text)
    else:  # what it reverses: the sentence with its predicates turned round
        table = _opposite_words()
        out = LETTERS.sub(lambda m: table.get(stem(m.group(0).lower()), m.group(0)), text)
    out = re.sub(r"\s{2,}", " ", out).strip()
    return out if out != text.strip() else None


@lru_cache(maxsize=1)
def _opposite_words() -> dict[str, str]:
    """Stem → the first opposite as a word."""
    table: dict[str, str] = {}
    for a, b in OPPOSITES:
        table.setdefault(stem(a), b)
        table.setdefault(stem(b), a)
    return table


def opposites(claim: str, evidence: str) -> list[tuple[str, str]]:
    """(claim word, evidence word) pairs where the evidence uses the opposite predicate instead."""
    said, source = _stems(claim), _stems(evidence)
    table = _opposite_stems()
    return [
        (word, source[o])
        for stem, word in said.items()
        for o in table.get(stem, ())
        if o in source and o not in said and stem not in source
    ]


# Words after a negation cue that are not what it denies: auxiliaries, articles, adverbs of time.
_SCOPE_SKIP = NEGATED_AUXILIARIES | set(
    "the a an any yet always ever only also just to in of so very".split()
)
SCOPE_WORDS = (
    3  # content words after the cue that a negation is about ("cannot swim", "has not yet improved")
)


def denied_unsaid(claim: str, evidence: str) -> list[str]:
    """What a negated claim denies when its evidence never mentions it ("swim" for "Ducks cannot swim"
    against "Ducks have many predators"): unsaid, so the claim is not found rather than contradicted."""
    if not negated(claim) or _denies_what_other_says(claim, evidence):
        return []
    return [" ".join(_scopes(claim)[0])]


def _scopes(negative: str) -> list[list[str]]:
    """For each negation cue, the content words it is about (SCOPE_WORDS after it, auxiliaries skipped)."""
    out = []
    for cue in _NEGATION.finditer(negative):
        after = [w.lower() for w in LETTERS.findall(negative[cue.end() :])]
        out.append([w for w in after if w not in _SCOPE_SKIP and len(w) > 2][:SCOPE_WORDS])
    return out


def _denies_what_other_says(negative: str, other: str) -> bool:
    """Whether something ``negative`` denies is said in ``other``: "Ducks cannot swim" contradicts "ducks
    swim", not "Diving ducks forage deep underwater", which merely shares a word; "…do not represent a
    group…, since swans are not considered ducks" contradicts "Swans are considered ducks" by its second
    negation. True when a negation's scope cannot be read (nothing after the cue)."""
    said = set(_stems(other)) | {w.lower() for w in LETTERS.findall(other)}
    return any(not scope or any(stem(w) in said or w in said for w in scope) for scope in _scopes(negative))


def polarity_conflicts(claim: str, evidence: str) -> list[tuple[str, str]]:
    """What the claim says the other way round from its evidence sentence: an opposite predicate, or a
    negation one has and the other lacks."""
    found = opposites(claim, evidence)
    negative, other = (claim, evidence) if negated(claim) else (evidence, claim)
    if negated(claim) != negated(evidence) and _denies_what_other_says(negative, other):
        cue = _NEGATION.search(claim) or _NEGATION.search(evidence)
        negative = f'"{cue.group(0)}"' if cue else "a negation"
        found.append((negative, "affirmative") if negated(claim) else ("affirmative", negative))
    return found
