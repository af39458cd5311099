"""Reader training examples from SQuAD-format data: each question against its paragraph, plus negatives made
by rule, because the data's own unanswerable questions are few and come from a single training article.

A negative is a question that looks answerable against a passage that does not answer it:
- **another paragraph**: the question asked of the closest other paragraph of the same article that does not
  hold the answer (the "about the same thing" passage that retrieval puts first);
- **swapped name or figure**: a name, year or number of the question replaced by another one of the same
  article that its paragraph never mentions (SQuAD 2.0's "entity swap" kind, written by rule);
- **answer cut out**: the question against its own paragraph with the sentence holding the answer removed,
  when the answer appears nowhere else in it: a passage about exactly the same thing that no longer answers;
- **role swap**: a name of the question replaced by another name of the same paragraph (not the answer):
  both still stand in the paragraph, in other roles ("Daniel Craig stars as Blofeld" where Waltz does);
- **antonym** and **negation**: a word of the question replaced by its opposite that the paragraph never
  uses ("largest" → "smallest"), or a "not" after its auxiliary: SQuAD 2.0's two commonest rewrites after
  entity swaps (Rajpurkar et al., 2018, table 2).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from qa.text.sentences import split_spans
from qa.text.terms import FUNCTION_WORDS, stopwords, term_set


@dataclass(frozen=True)
class Example:
    question: str
    context: str
    start: int  # character offset of the answer in ``context``; -1 when the context does not answer
    text: str  # the answer; "" when it does not answer
    kind: str  # "answer", "unanswerable", "other-paragraph" or "swap"

    @property
    def answers(self) -> bool:
        return self.start >= 0


# Opposites a question can be turned with (each pair both ways); a hand list of common words, since no
# lexicon installs offline.
_OPPOSITES = dict(
    pair
    for a, b in (
        ("first", "last"),
        ("largest", "smallest"),
        ("biggest", "smallest"),
        ("highest", "lowest"),
        ("most", "least"),
        ("earliest", "latest"),
        ("before", "after"),
        ("best", "worst"),
        ("longest", "shortest"),
        ("oldest", "newest"),
        ("increase", "decrease"),
        ("increased", "decreased"),
        ("won", "lost"),
        ("win", "lose"),
        ("start", "end"),
        ("started", "ended"),
        ("began", "ended"),
        ("open", "close"),
        ("opened", "closed"),
        ("north", "south"),
        ("east", "west"),
        ("northern", "southern"),
        ("eastern", "western"),
        ("major", "minor"),
        ("more", "fewer"),
        ("higher", "lower"),
        ("larger", "smaller"),
        ("rise", "fall"),
        ("rose", "fell"),
        ("support", "oppose"),
        ("supported", "opposed"),
        ("accept", "reject"),
        ("accepted", "rejected"),
        ("allowed", "banned"),
        ("legal", "illegal"),
        ("public", "private"),
        ("male", "female"),
        ("early", "late"),
        ("popular", "unpopular"),
        ("successful", "unsuccessful"),
        ("positive", "negative"),
        ("modern", "ancient"),
        ("internal", "external"),
        ("maximum", "minimum"),
        ("inside", "outside"),
        ("above", "below"),
        ("joined", "left"),
        ("bought", "sold"),
        ("gained", "lost"),
        ("created", "destroyed"),
        ("built", "demolished"),
        ("wrote", "directed"),
        ("produced", "wrote"),
        ("composed", "performed"),
        ("invented", "improved"),
    )
    for pair in ((a, b), (b, a))
)
_AUXILIARY = re.compile(r"\b(did|does|do|was|were|is|are|has|have|had|can|could|will|would)\b (?=[a-z])")

# A name (capitalised words, not the first word) or a figure: what a swap replaces.
_SWAPPABLE = re.compile(r"(?<!^)(?<![.?!] )\b(?:[A-Z][a-z]+(?: [A-Z][a-z]+)*|\d{1,4}(?:[.,]\d+)?)\b")


def squad_examples(
    data: dict[str, Any],
    titles: set[str],
    seed: int = 0,
    other: float = 0.6,
    swap: float = 0.4,
    cut: float = 0.0,
    turn: float = 0.0,
    repeat: int = 1,
    role: float = 0.0,
) -> list[Example]:
    """Every question of the named articles against its paragraph, and rule negatives for a share of the
    answerable ones (``other``, ``swap``, ``cut`` and ``turn`` (antonym or negation): the share that gets
    each kind). The data's own unanswerable questions are taken ``repeat`` times: they are the few real
    ones."""
    rng = random.Random(seed)
    out: list[Example] = []
    for article in data["data"]:
        if article["title"] not in titles:
            continue
        contexts = [p["context"] for p in article["paragraphs"]]
        bags = [_bag(c) for c in contexts]
        names = sorted(
            {m.group(0) for c in contexts for m in _SWAPPABLE.finditer(c) if _nameable(m.group(0))}
        )
        for i, para in enumerate(article["paragraphs"]):
            for qa in para["qas"]:
                out += _examples_of(qa, i, contexts, bags, names, rng, (other, swap, cut, turn, role), repeat)
    rng.shuffle(out)
    return out


def _examples_of(
    qa: dict[str, Any],
    i: int,
    contexts: list[str],
    bags: list[frozenset[str]],
    names: list[str],
    rng: random.Random,
    shares: tuple[float, ...],
    repeat: int = 1,
) -> list[Example]:
    other, swap, cut, turn, role = shares
    question, context = qa["question"].strip(), contexts[i]
    if qa.get("is_impossible") or not qa.get("answers"):
        return [Example(question, context, -1, "", "unanswerable")] * repeat
    gold = qa["answers"][0]
    out = [Example(question, context, gold["answer_start"], gold["text"], "answer")]
    if rng.random() < other:
        j = _closest_other(question, gold["text"], i, contexts, bags)
        if j is not None:
            out.append(Example(question, contexts[j], -1, "", "other-paragraph"))
    if rng.random() < swap:
        swapped = _swap(question, context, names, rng)
        if swapped:
            out.append(Example(swapped, context, -1, "", "swap"))
    if cut and rng.random() < cut:  # no draw when off, so the other negatives stay as they were
        rest = _cut_answer(context, gold["answer_start"], gold["text"])
        if rest:
            out.append(Example(question, rest, -1, "", "cut"))
    if turn and rng.random() < turn:
        turned = _turn(question, context, rng)
        if turned:
            out.append(Example(turned, context, -1, "", "turn"))
    if role and rng.random() < role:
        swapped = _role_swap(question, context, gold["text"], rng)
        if swapped:
            out.append(Example(swapped, context, -1, "", "role"))
    return out


def _role_swap(question: str, context: str, answer: str, rng: random.Random) -> str | None:
    """The question with one of its names replaced by another name of the paragraph, not part of the
    answer."""
    found = [
        m
        for m in _SWAPPABLE.finditer(question)
        if m.group(0) in context and _nameable(m.group(0)) and not m.group(0)[0].isdigit()
    ]
    if not found:
        return None
    target = rng.choice(found)
    pool = sorted(
        {
            m.group(0)
            for m in _SWAPPABLE.finditer(context)
            if _nameable(m.group(0))
            and not m.group(0)[0].isdigit()
            and m.group(0) not in question
            and m.group(0) not in answer
            and answer not in m.group(0)
            and target.group(0) not in m.group(0)
        }
    )
    if not pool:
        return None
    return question[: target.start()] + rng.choice(pool) + question[target.end() :]


def _turn(question: str, context: str, rng: random.Random) -> str | None:
    """The question with a word turned to its opposite (one the paragraph never uses), else negated."""
    words = [
        m
        for m in re.finditer(r"[a-z]+", question)
        if m.group(0) in _OPPOSITES
        and not re.search(rf"\b{_OPPOSITES[m.group(0)]}\b", context, re.IGNORECASE)
    ]
    if words:
        m = rng.choice(words)
        return question[: m.start()] + _OPPOSITES[m.group(0)] + question[m.end() :]
    aux = _AUXILIARY.search(question)
    if aux and " not " not in question and "n't" not in question:
        return question[: aux.end()] + "not " + question[aux.end() :]
    return None


def _cut_answer(context: str, start: int, answer: str) -> str | None:
    """The paragraph without the sentence(s) the answer stands in; None when the answer is repeated
    elsewhere or nothing would be left."""
    spans = [(a, b) for a, b in split_spans(context) if a < start + len(answer) and b > start]
    if not spans:
        return None
    rest = (context[: spans[0][0]] + context[spans[-1][1] :]).strip()
    if len(rest) < 80 or answer.lower() in rest.lower():
        return None
    return " ".join(rest.split())


def _nameable(text: str) -> bool:
    """A name or figure worth swapping: not a capitalised function word ("His", "The") and not one letter."""
    return len(text) > 1 and text.lower() not in stopwords() and text.lower() not in FUNCTION_WORDS


def _bag(text: str) -> frozenset[str]:
    return term_set(text)


def _closest_other(
    question: str, answer: str, i: int, contexts: list[str], bags: list[frozenset[str]]
) -> int | None:
    """The paragraph sharing most question words, among those that do not contain the answer text."""
    words = _bag(question)
    scored = [
        (len(words & bags[j]), j)
        for j in range(len(contexts))
        if j != i and answer.lower() not in contexts[j].lower()
    ]
    best = max(scored, default=(0, None))
    return best[1] if best[0] > 0 else None


def _swap(question: str, context: str, names: list[str], rng: random.Random) -> str | None:
    """The question with one name or figure replaced by one of the same shape the paragraph never mentions."""
    found = [m for m in _SWAPPABLE.finditer(question) if m.group(0) in context and _nameable(m.group(0))]
    if not found:
        return None
    target = rng.choice(found)
    digit = target.group(0)[0].isdigit()
    pool = [n for n in names if n[0].isdigit() == digit and n not in context and n != target.group(0)]
    if not pool:
        return None
    return question[: target.start()] + rng.choice(pool) + question[target.end() :]
