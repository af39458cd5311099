"""Claim → verdict: each sentence of a pasted answer is checked against the best evidence in the source.

A sentence is supported when the source holds a sentence close to it in meaning *and* every figure,
date and named actor it states agrees with that evidence. Mismatches are listed side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from qa.answer import Cited, best_sentence, sentence_text
from qa.figures import Quantity, closest_quantity, date_agrees, dates, quantities, quantity_agrees, respectively
from qa.index import Index
from qa.lexical import terms
from qa.names import counterpart, mentioned, names, present, proper_nouns
from qa.polarity import polarity_conflicts
from qa.retrieve import Hit, Query, retrieve
from qa.sentences import split

# Evidence is sought in the sentences of the top passages of the usual hybrid retrieval.
EVIDENCE_DEPTH = 3
# A claim sentence is on a topic the source covers when its evidence sentence reaches this cosine. On
# claims.jsonl every claim, true or false, finds its evidence at 0.50-1.00 (false ones differ in a figure
# or a name, caught below); claims on topics the article never discusses (GDP growth, retirement age,
# football, the Moon) scored 0.13-0.39. 0.45 sits in that gap, like the question threshold in answer.py.
MIN_SUPPORT_SIM = 0.45


SUPPORTED, CONTRADICTED, NOT_FOUND = "supported", "contradicted", "not_found"
# How each verdict is marked on every surface (CLI, Check tab).
MARKS = {SUPPORTED: "✔", CONTRADICTED: "✘", NOT_FOUND: "?"}


@dataclass(frozen=True)
class Mismatch:
    claim: str
    source: str

    def to_json(self) -> dict[str, str]:
        return {"claim": self.claim, "source": self.source}


@dataclass(frozen=True)
class SentenceVerdict:
    text: str
    supported: bool
    score: float
    evidence: Cited
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def on_topic(self) -> bool:
        """False when the evidence is only the closest passage, not evidence."""
        return self.score >= MIN_SUPPORT_SIM

    @property
    def verdict(self) -> str:
        """As in fact-checking benchmarks (FEVER): "supported" (the evidence says it), "contradicted" (it says
        otherwise: the mismatches), or "not_found" (nothing in the source says it)."""
        if self.supported:
            return SUPPORTED
        return CONTRADICTED if self.mismatches else NOT_FOUND

    @property
    def reason(self) -> str:
        """One line a person can check against the quoted evidence."""
        if self.verdict == CONTRADICTED:
            return "the source says otherwise: " + "; ".join(f"{m.claim} ≠ {m.source}" for m in self.mismatches)
        return "the source says so" if self.verdict == SUPPORTED else "nothing in the source says this"

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "supported": self.supported, "verdict": self.verdict, "reason": self.reason,
                "on_topic": self.on_topic, "score": round(self.score, 4), "evidence": self.evidence.to_json(),
                "mismatches": [m.to_json() for m in self.mismatches]}


@dataclass(frozen=True)
class Verdict:
    claim: str
    sentences: list[SentenceVerdict]
    notice: str | None = None  # e.g. the claim was cut; shown to people, not part of the JSON

    @property
    def supported(self) -> bool:
        return bool(self.sentences) and all(s.supported for s in self.sentences)

    @property
    def verdict(self) -> str:
        """The claim as a whole: contradicted if any sentence is, else not_found if any is, else supported."""
        found = {s.verdict for s in self.sentences}
        return next((v for v in (CONTRADICTED, NOT_FOUND) if v in found), SUPPORTED if found else NOT_FOUND)

    def to_json(self) -> dict[str, Any]:
        return {"claim": self.claim, "supported": self.supported, "verdict": self.verdict,
                "sentences": [s.to_json() for s in self.sentences]}


def claim_sentences(claim: str) -> list[str]:
    """Each line's sentences: a pasted list without full stops still splits item by item."""
    return [s for line in claim.splitlines() for s in split(line)] or [claim]


def _evidence(index: Index, query: Query, hits: list[Hit]) -> tuple[Hit, tuple[int, int], float]:
    """The hit and sentence that best restate the claim, with that sentence's cosine to it."""
    best = None
    for hit in hits[:EVIDENCE_DEPTH]:
        span = best_sentence(index, query, hit, None)
        sim = float(hit.sentence_sims[index.passages[hit.row].sentences.index(span)])
        if best is None or sim > best[2]:
            best = (hit, span, sim)
    return best  # type: ignore[return-value]


def mismatches(claim: str, evidence: str, context: str,
               in_corpus: Callable[[str], bool] = lambda word: True) -> list[Mismatch]:
    """Figures, dates and named actors of the claim that the evidence sentence (or its passage) contradicts."""
    found: list[Mismatch] = []
    src_q, ctx_q = quantities(evidence), quantities(context)
    paired = _paired_figures(claim, evidence)
    for q in quantities(claim):
        if paired and not any(quantity_agrees(q, s) for _, s in paired):
            key, near = paired[0]
            found.append(Mismatch(q.text, f"{near.text} (for {key})"))
        elif not any(quantity_agrees(q, s) for s in src_q + ctx_q):
            near = closest_quantity(q, src_q) or closest_quantity(q, ctx_q)
            found.append(Mismatch(q.text, near.text if near else "no such figure"))
    src_d, ctx_d = dates(evidence), dates(context)
    for d in dates(claim):
        if not any(date_agrees(d, s) for s in src_d + ctx_d):
            near = (src_d or ctx_d or [None])[0]
            found.append(Mismatch(d.text, near.text if near else "no date given"))
    found += [Mismatch(said, source) for said, source in polarity_conflicts(claim, evidence)]
    return found + _name_mismatches(claim, evidence, context, in_corpus)


def _paired_figures(claim: str, evidence: str) -> list[tuple[str, Quantity]]:
    """The figures of a "respectively" list whose items the claim names: the only ones it may restate."""
    claim_terms = set(terms(claim))
    return [(key, q) for key, q in respectively(evidence) if set(terms(key)) & claim_terms]


def _name_mismatches(claim: str, evidence: str, context: str, in_corpus: Callable[[str], bool]) -> list[Mismatch]:
    """Named actors of the claim absent from the evidence, where the evidence names another in their place.

    A single-word name counts only when the whole corpus never uses it: "India" for "China" is a swap,
    but "China" missing from a passage that says "across the country" is just context.
    """
    found = []
    multi = [n for n in names(claim) if not present(n, context)]
    for name in multi:
        other = counterpart(name, names(evidence)) or counterpart(name, names(context))
        if other:
            found.append(Mismatch(name, other))
    covered = " ".join(multi)
    single = [w for w in proper_nouns(claim, context)
              if w not in covered and not mentioned(w, context) and not in_corpus(w)]
    if single:
        others = [w for w in proper_nouns(evidence, context) if not mentioned(w, claim)]
        if others:
            found.append(Mismatch(", ".join(single), ", ".join(others[:3])))
    return found


def verify_sentence(index: Index, query: Query) -> SentenceVerdict:
    hits = retrieve(index, query)
    hit, span, sim = _evidence(index, query, hits)
    passage = index.passages[hit.row]
    cited = Cited(1, hit.score, passage, span)
    if sim < MIN_SUPPORT_SIM:
        return SentenceVerdict(query.text, False, sim, cited)
    found = mismatches(query.text, sentence_text(passage, span), passage.text, index.lexical.knows)
    return SentenceVerdict(query.text, not found, sim, cited, found)
