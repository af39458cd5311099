"""Negation and opposite predicates between a claim and its evidence: what similarity cannot see, since a
sentence that says the opposite is a close neighbour of the one that says it.

No antonym lexicon installs offline here (WordNet's data is fetched at run time), so the opposites are a
short list of the predicates that reports of change and policy use, compared on stems. It misses
opposites outside the list and double negatives.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A negation cue, but not "No. 7" (a number), "not only … but also" (emphasis) or "no longer" (kept).
_NEGATION = re.compile(r"\b(?:not(?!\s+only)|never|cannot|neither|nor|none|no(?!\s*[.\d])|\w+n't)\b", re.IGNORECASE)

OPPOSITES = [
    ("improve", "worsen"), ("improve", "deteriorate"), ("narrow", "widen"), ("increase", "decrease"),
    ("increase", "decline"), ("increase", "reduce"), ("rise", "fall"), ("rise", "decline"), ("grow", "shrink"),
    ("expand", "shrink"), ("expand", "contract"), ("strengthen", "weaken"), ("raise", "lower"),
    ("raise", "cut"), ("higher", "lower"), ("more", "fewer"), ("more", "less"), ("gain", "lose"),
    ("establish", "abolish"), ("keep", "abolish"), ("keep", "cancel"), ("maintain", "cancel"),
    ("maintain", "abolish"), ("retain", "cancel"), ("retain", "abolish"), ("introduce", "abolish"),
    ("launch", "cancel"), ("accelerate", "slow"), ("alleviate", "aggravate"), ("ease", "worsen"),
    ("stable", "unstable"), ("success", "failure"), ("allow", "forbid"), ("allow", "ban"),
    ("legal", "illegal"), ("increasing", "decreasing"), ("strict", "lax"), ("fair", "unfair"),
    # Irregular past forms, which stemming does not bring back to the present.
    ("kept", "cancel"), ("kept", "abolish"), ("rose", "fell"), ("rose", "fall"), ("rise", "fell"),
    ("risen", "fallen"), ("grew", "shrank"), ("grown", "shrunk"), ("gained", "lost"),
]


@lru_cache(maxsize=1)
def _opposite_stems() -> dict[str, set[str]]:
    from qa.lexical import _stem

    table: dict[str, set[str]] = {}
    for a, b in OPPOSITES:
        table.setdefault(_stem(a), set()).add(_stem(b))
        table.setdefault(_stem(b), set()).add(_stem(a))
    return table


def _stems(text: str) -> dict[str, str]:
    """Stem → the word as written, for every word of ``text``."""
    from qa.lexical import _stem

    return {_stem(w.lower()): w for w in re.findall(r"[A-Za-z]+", text)}


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def opposites(claim: str, evidence: str) -> list[tuple[str, str]]:
    """(claim word, evidence word) pairs where the evidence uses the opposite predicate instead."""
    said, source = _stems(claim), _stems(evidence)
    table = _opposite_stems()
    return [(word, source[o]) for stem, word in said.items() for o in table.get(stem, ())
            if o in source and o not in said and stem not in source]


def polarity_conflicts(claim: str, evidence: str) -> list[tuple[str, str]]:
    """What the claim says the other way round from its evidence sentence: an opposite predicate, or a
    negation one has and the other lacks."""
    found = opposites(claim, evidence)
    if negated(claim) != negated(evidence):
        cue = _NEGATION.search(claim) or _NEGATION.search(evidence)
        negative = f'"{cue.group(0)}"' if cue else "a negation"
        found.append((negative, "affirmative") if negated(claim) else ("affirmative", negative))
    return found
