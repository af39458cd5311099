"""Claim → verdict: each sentence of a pasted answer is checked against the best evidence in the source.

A sentence is supported when the source holds a sentence close to it in meaning *and* every figure,
date and named actor it states agrees with that evidence. Mismatches are listed side by side.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from qa.document.passages import Passage
from qa.index.generation import Index
from qa.retrieve.cited import Cited, best_sentence, cite, sentence_text
from qa.retrieve.fusion import Hit, Query, retrieve
from qa.text.fields import fields, role_conflicts
from qa.text.figures import (
    Quantity,
    backed,
    closest_quantity,
    date_agrees,
    dates,
    quantities,
    quantity_agrees,
    respectively,
)
from qa.text.names import counterpart, mentioned, names, present, proper_nouns
from qa.text.polarity import denied_unsaid, polarity_conflicts
from qa.text.rows import row_cells
from qa.text.sentences import split
from qa.text.terms import terms
from qa.text.vocabulary import LETTER
from qa.verify.alignment import align, counts_unsaid, mostly_unsaid
from qa.verify.front import byline_role, date_line

# Evidence is sought in the sentences of the top passages of the usual hybrid retrieval; passages whose best
# sentence is bare (fewer than MIN_EVIDENCE_WORDS words: "Duck", "2024-07-02") are passed over, so a few more
# are
# retrieved (EVIDENCE_SPARE) to keep EVIDENCE_DEPTH candidates.
EVIDENCE_DEPTH = 3
MIN_EVIDENCE_WORDS = 3
EVIDENCE_SPARE = 3
# A claim sentence is on a topic the source covers when its evidence sentence reaches this cosine. On
# claims.jsonl every claim, true or false, finds its evidence at 0.50-1.00 (false ones differ in a figure
# or a name, caught below); claims on topics the article never discusses (GDP growth, retirement age,
# football, the Moon) scored 0.13-0.39. 0.45 sits in that gap, like the question threshold in
# qa/answer/compose.py.
MIN_SUPPORT_SIM = 0.45
# A long sentence that lists several things dilutes its cosine to a short claim about one of them:
# "FinTabNet contains 113k samples." scores 0.42 against "…data sets: PubTabNet (395k samples), FinTabNet
# (113k samples) and PubTables-1M (about 1M samples)." Such a sentence is still the claim's topic when it
# holds all of the claim's words but one (figures aside; two at least: the one missing is most often the verb,
# "contains" for "(113k samples)") and its cosine is not far below. On the shared and article claim files (131
# claims) accuracy is unchanged (1.000, 0.990, 1.000); their off-topic claims score under 0.35 or share fewer
# words.
LISTED_SIM = 0.35
LISTED_MISSING = 1


SUPPORTED, CONTRADICTED, NOT_FOUND = "supported", "contradicted", "not_found"


# Evidence is the sentence closest to the claim, unless one nearly as close (within this cosine) backs the
# claim where the closest raises a doubt: the closest to "China has more than 1500 national food safety
# standards" is a sentence about food safety in general, the next one holds the figure.
EVIDENCE_MARGIN = 0.05


class Candidate(NamedTuple):
    """A passage that may be a claim's evidence: its hit, its sentence closest to the claim, and that
    sentence's cosine to the claim."""

    hit: Hit
    span: tuple[int, int]
    sim: float


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
    unsupported: list[str] = field(default_factory=list)  # what the claim adds that the evidence never says
    listed: bool = False  # on topic by its words in a long sentence, under MIN_SUPPORT_SIM (see LISTED_SIM)

    @property
    def on_topic(self) -> bool:
        """False when the evidence is only the closest passage, not evidence."""
        return self.score >= MIN_SUPPORT_SIM or self.listed

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
            return "the source says otherwise: " + "; ".join(
                f"{m.claim} ≠ {m.source}" for m in self.mismatches
            )
        if self.verdict == SUPPORTED:
            return "the source says so"
        if self.unsupported:
            return "the source does not say: " + "; ".join(self.unsupported)
        return "nothing in the source says this"

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "supported": self.supported,
            "verdict": self.verdict,
            "reason": self.reason,
            "on_topic": self.on_topic,
            "score": round(self.score, 4),
            "evidence": self.evidence.to_json(),
            "mismatches": [m.to_json() for m in self.mismatches],
            "unsupported": self.unsupported,
        }


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
        return {
            "claim": self.claim,
            "supported": self.supported,
            "verdict": self.verdict,
            "sentences": [s.to_json() for s in self.sentences],
        }


def claim_sentences(claim: str) -> list[str]:
    """Each line's sentences: a pasted list without full stops still splits item by item."""
    return [s for line in claim.splitlines() for s in split(line)] or [claim]


@dataclass(frozen=True)
class Check:
    """What a claim sentence raises against one evidence sentence."""

    mismatches: list[Mismatch]
    unsupported: list[str]

    @property
    def clean(self) -> bool:
        return not self.mismatches and not self.unsupported


def _candidates(index: Index, query: Query, hits: list[Hit]) -> list[Candidate]:
    """The best sentence of each of the top EVIDENCE_DEPTH passages that can be evidence, with its cosine
    to the claim, closest first. A bare sentence (a heading, a caption word, a date: fewer than
    MIN_EVIDENCE_WORDS words, not a date line, which a claim about the document's date cites) says nothing
    for or against a claim; it is used only when nothing else was found."""
    found: list[Candidate] = []
    bare: list[Candidate] = []
    for hit in hits:
        span = best_sentence(index, query, hit)
        entry = Candidate(hit, span, float(hit.sentence_sims[index.passages[hit.row].sentences.index(span)]))
        text = index.passages[hit.row].view(span).text  # a row counts its cells' names
        few = len(re.findall(LETTER + "+", text)) < MIN_EVIDENCE_WORDS
        (bare if few and not dates(text) else found).append(entry)  # a date line stays: bylines cite it
    return sorted(found[:EVIDENCE_DEPTH] or bare[:EVIDENCE_DEPTH], key=lambda c: -c.sim)


def _context(passage: Passage) -> str:
    """What a claim is read against beside its evidence sentence: the passage under its section's heading,
    which says what the passage is about (a table's caption, "Distribution of confirmed salmonellosis
    cases…"; a slide's title, "Summary of … Identity Credentials" over "Level 3: One-time Password"). A
    table's cells are read with their names (qa/text/cellnames.py), as the evidence sentence is. Every
    section's heading, not only a caption: real tune claims 0.771 → 0.800, the check half and the article's
    claim files unchanged (docs/quality.md)."""
    text = passage.view().text
    return f"{passage.section}\n{text}" if passage.section else text


def check(
    claim: str,
    evidence: str,
    context: str,
    in_corpus: Callable[[str], bool] = lambda word: True,
    section: str | None = None,
) -> Check:
    """Everything the claim says against its evidence sentence (and the passage around it, under its
    ``section``): conflicting figures, dates, polarity, names and roles; and content the evidence has
    nothing for."""
    found, absent = _figure_mismatches(claim, evidence, context, section)
    found += [Mismatch(said, source) for said, source in polarity_conflicts(claim, evidence)]
    absent += denied_unsaid(claim, evidence)
    found += _name_mismatches(claim, evidence, context, in_corpus)
    alignment = align(claim, evidence, context)
    named = " ".join(m.claim for m in found)
    if not fields(evidence):  # on a byline, who holds which role is role_conflicts' to say
        found += [Mismatch(said, source) for said, source in alignment.swapped if said not in named]
    unsaid = absent + alignment.added
    if not unsaid and (lacking := mostly_unsaid(claim, context)):  # asked only where nothing else is unsaid
        unsaid.append(lacking)
    return Check(
        found, [u for u in unsaid if not any(u != o and u in o for o in unsaid)]
    )  # "swim" in "cannot swim"


def _figure_mismatches(
    claim: str, evidence: str, context: str, section: str | None = None
) -> tuple[list[Mismatch], list[str]]:
    """Figures and dates of the claim that the evidence contradicts, and those it gives no figure or date
    for at all: a figure with nothing to compare to is not said, rather than said otherwise."""
    found: list[Mismatch] = []
    absent: list[str] = []
    in_percent = bool(section and _PERCENT.search(section))  # a table titled "… (by percent)"
    src_q, ctx_q = quantities(evidence) + _row_percents(evidence, in_percent), quantities(context)
    paired = _paired_figures(claim, evidence)
    for q in quantities(claim):
        if paired and not any(quantity_agrees(q, s) for _, s in paired):
            key, other = paired[0]
            found.append(Mismatch(q.text, f"{other.text} (for {key})"))
        elif not (backed(q, src_q) or backed(q, ctx_q)):
            column = _by_column(claim, evidence, q, in_percent)
            if column and quantity_agrees(q, column):
                continue  # the cell says it, in the unit its column's name gives ("Elongation %: 15")
            near = (
                column
                or _by_subject(claim, evidence, q, src_q)
                or closest_quantity(q, src_q)
                or closest_quantity(q, ctx_q)
            )
            if near and (column or not counts_unsaid(claim, q.text, context)):
                found.append(Mismatch(q.text, near.text))
            else:
                absent.append(q.text)
    src_d, ctx_d = dates(evidence), dates(context)
    for d in dates(claim):
        if not any(date_agrees(d, s) for s in src_d + ctx_d):
            known = src_d or ctx_d
            if known:
                found.append(Mismatch(d.text, known[0].text))
            else:
                absent.append(d.text)
    return found, absent


def _by_column(claim: str, evidence: str, q: Quantity, in_percent: bool = False) -> Quantity | None:
    """In a table's row, the figure of the column the claim names ("inference time … 3.5 seconds" against
    "Inference time (secs): 2.73"): the cell whose column name shares most words with the claim. Its name
    says what the figure measures, so a unit the row writes otherwise ("secs") still compares. None for any
    other evidence, or when the claim names no column of a figure."""
    row = row_cells(evidence)
    if not row or not _unit_fits(claim, q, evidence):
        return None
    said = set(terms(claim))
    unit = " %" if in_percent else ""  # every figure of a table whose title says it is in percent
    cells = [
        (len(set(terms(name)) & said), found[0])
        for name, value in row
        if (found := [f for f in quantities(_with_unit(name + unit, value)) if f.kind == q.kind])
    ]
    best = max(cells, key=lambda cell: cell[0], default=(0, None))
    return best[1] if best[0] else None


def _row_percents(evidence: str, in_percent: bool = False) -> list[Quantity]:
    """A table row's figures in the unit its label, its column's name or its table's title gives them:
    under "Awareness of RTI/STI and HIV/AIDS (%)" the row "Women who have heard of HIV/AIDS — …: 98.9" says
    98.9%, and so does "… attending school (Age 6-17 years) (%) Person Total: 92.8", however long the name,
    and every row of a chart titled "Highest Level of Attainment…, 2008 (by percent)". None for any other
    evidence."""
    label, dash, rest = evidence.partition(" — ")
    if not dash or not row_cells(evidence):
        return []
    whole = in_percent or bool(_PERCENT.search(label))
    cells = [part.rpartition(": ") for part in rest.split(" | ")]
    return [
        f
        for name, _, value in cells
        if whole or _PERCENT.search(name)
        for f in quantities(_with_unit("%", value))
        if f.kind == "percent"
    ]


def _with_unit(name: str, value: str) -> str:
    """A cell's figure with the unit its column's name gives it: "Elongation %: 15" is 15%."""
    if _PERCENT.search(name) and re.fullmatch(r"[-+−]?\d[\d.,]*", value.strip()):
        return value.strip() + "%"
    return value


_PERCENT = re.compile(r"%|\bper ?cent\b|\bpercentage\b", re.IGNORECASE)


def _unit_fits(claim: str, q: Quantity, evidence: str) -> bool:
    """Whether the word after the claim's figure (its unit: "seconds", "dollars") is one the row writes, in
    full or cut short ("secs"); a claim without one fits."""
    if q.kind == "percent":
        return True  # "%" is its unit: the word after it ("86.2% of cases") is what it counts
    at = claim.find(q.text)
    unit = terms(claim[at + len(q.text) :])[:1] if at >= 0 else []
    if not unit or unit[0][0].isdigit():
        return True
    return any(w[:UNIT_PREFIX] == unit[0][:UNIT_PREFIX] for w in terms(evidence) if not w[0].isdigit())


UNIT_PREFIX = 3  # "sec" of "secs" and "seconds": a unit cut short keeps its first letters


def _by_subject(claim: str, evidence: str, q: Quantity, found: list[Quantity]) -> Quantity | None:
    """Among several figures of the evidence, the one standing next to the name the claim is about: for
    "FinTabNet contains 500k samples", 113k in "PubTabNet (395k samples), FinTabNet (113k samples)", not the
    395k nearest in size. None when the claim names nothing the evidence holds, or one figure alone is
    there."""
    same = [f for f in found if f.kind == q.kind]
    opening = re.match(r"\W*([A-Z][\w-]+)", claim)  # the sentence's subject, most often ("Berries have…")
    named = proper_nouns(claim, evidence) or ([opening.group(1)] if opening else [])
    subjects = [m.end() for name in named for m in re.finditer(rf"\b{re.escape(name)}\b", evidence)]
    if len(same) < 2 or not subjects:
        return None

    def distance(f: Quantity) -> int:
        at = evidence.find(f.text)
        return min(abs(at - s) for s in subjects) if at >= 0 else len(evidence)

    return min(same, key=distance)


def _paired_figures(claim: str, evidence: str) -> list[tuple[str, Quantity]]:
    """The figures of a "respectively" list whose items the claim names: the only ones it may restate."""
    claim_terms = set(terms(claim))
    return [(key, q) for key, q in respectively(evidence) if set(terms(key)) & claim_terms]


def _name_mismatches(
    claim: str, evidence: str, context: str, in_corpus: Callable[[str], bool]
) -> list[Mismatch]:
    """Named actors of the claim absent from the evidence, where the evidence names another in their place.

    A single-word name counts only when the whole corpus never uses it: "India" for "China" is a swap,
    but "China" missing from a passage that says "across the country" is just context. (A name the corpus
    knows, put in the place of another, is found by the alignment.)
    """
    found = []
    multi = [n for n in names(claim) if not present(n, context)]
    for name in multi:
        other = counterpart(name, names(evidence)) or counterpart(name, names(context))
        if other:
            found.append(Mismatch(name, other))
    covered = " ".join(multi)
    single = [
        w
        for w in proper_nouns(claim, context)
        if w not in covered and not mentioned(w, context) and not in_corpus(w)
    ]
    if single:
        others = [w for w in proper_nouns(evidence, context) if not mentioned(w, claim)]
        if others:
            found.append(Mismatch(", ".join(single), ", ".join(others[:3])))
    return found


def _front_claim(index: Index, claim: str, hit: Hit) -> SentenceVerdict | None:
    """A claim about the document itself (its byline, its date: qa/verify/front.py), checked against the
    front matter of the document retrieval found, wherever that ranked; None for any other claim."""
    doc = index.passages[hit.row].doc
    conflicts: list[Mismatch] = []
    value = None
    if role := byline_role(index, claim, doc):
        label, values, row = role
        value = values[label]
        conflicts = [Mismatch(said, source) for said, source in role_conflicts(claim, values)]
    elif (dated := date_line(index, claim, doc)) is not None:
        row = dated
    else:
        return None
    passage = index.passages[row]
    span = next(
        s
        for s in passage.sentences
        if value is None
        or value in passage.text[s[0] - passage.start : s[1] - passage.start]
        or s == passage.sentences[-1]
    )
    context = f"{passage.title}\n{_context(passage)}"  # "The Pandoc Test Suite is dated …": its title
    found = check(claim, sentence_text(passage, span), context, index.lexical.knows)
    cited = cite(index, 1, 1.0, row, span)
    return SentenceVerdict(
        claim, found.clean and not conflicts, 1.0, cited, conflicts + found.mismatches, found.unsupported
    )


def verify_sentence(
    index: Index, query: Query, denied: Query | None = None, docs: frozenset[str] | None = None
) -> SentenceVerdict:
    """The verdict on one claim sentence; ``denied`` is a negated claim without its negation, whose evidence
    is the sentence the claim denies; ``docs``: the documents evidence may come from (None: all)."""
    depth = EVIDENCE_DEPTH + EVIDENCE_SPARE
    candidates = _candidates(index, query, retrieve(index, query, k=depth, docs=docs))
    if denied is not None:
        other = _candidates(index, denied, retrieve(index, denied, k=depth, docs=docs))
        candidates = other if other[0].sim > candidates[0].sim else candidates
    about_document = _front_claim(index, query.text, candidates[0].hit)
    if about_document:
        return about_document
    best_sim = candidates[0].sim
    listed = _listed(index, query, candidates) if best_sim < MIN_SUPPORT_SIM else None
    if listed is not None:
        candidates = [listed]
    elif best_sim < MIN_SUPPORT_SIM:
        hit, span, sim = candidates[0]
        return SentenceVerdict(query.text, False, sim, cite(index, 1, hit.score, hit.row, span))
    chosen: tuple[Candidate, Check] | None = None  # the closest, unless a near one is clean
    for candidate in candidates:
        if candidate.sim < candidates[0].sim - EVIDENCE_MARGIN:
            break
        passage = index.passages[candidate.hit.row]
        evidence = passage.view(candidate.span).text
        found = check(query.text, evidence, _context(passage), index.lexical.knows, passage.section)
        if chosen is None or found.clean:
            chosen = (candidate, found)
        if found.clean:
            break
    assert chosen is not None  # the first candidate is always within the margin of itself
    (hit, span, sim), found = chosen
    cited = cite(index, 1, hit.score, hit.row, span)
    return SentenceVerdict(
        query.text, found.clean, sim, cited, found.mismatches, found.unsupported, listed is not None
    )


def _listed(index: Index, query: Query, candidates: list[Candidate]) -> Candidate | None:
    """The candidate sentence that holds all of the claim's words but LISTED_MISSING (figures aside), within
    LISTED_SIM."""
    words = {t for t in query.terms if not t.isdigit() and len(t) > 1}
    for hit, span, sim in candidates:
        have = words & set(terms(index.passages[hit.row].view(span).text))
        if sim >= LISTED_SIM and len(have) >= 2 and len(words - have) <= LISTED_MISSING:
            return Candidate(hit, span, sim)
    return None
