"""SQuAD questions → the windows the reader is trained on, shaped as it reads them at run time.

At run time the reader reads a passage's best sentence with one sentence either side (``compose._window``),
so it learns on the same: the answer's sentence with 0–2 sentences either side (one most often), and now and
then the whole paragraph. Negatives are the passages retrieval puts first that do not answer:
- **unanswerable**: SQuAD 2.0's own unanswerable questions (written by crowdworkers to look answerable
  against that very paragraph), around their plausible answer's sentence, taken ``repeat`` times;
- **far window**: an answerable question against the window of its own paragraph that shares most of its
  words without holding the answer (what a top passage about the same thing looks like);
- **other paragraph**: the same against the closest other paragraph of its article.

Answerable and unanswerable windows are balanced by these shares (see ``Shares``); ``balance`` reports the
count of each kind. Everything here is plain Python (no index, no stemmer), so the same windows are cut on
a training machine that has only torch.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from qa.text.sentences import split_spans
from qa.text.terms import FUNCTION_WORDS

_WORD = re.compile(r"[a-z0-9]+")
# The commonest English words, beyond FUNCTION_WORDS: they say nothing about which window is "about" a
# question.
_COMMON = frozenset(
    "the and for was were are is did does what which who whom when where why how many much that this with "
    "has have had not but its his her their they been be by of in on at to an or as".split()
)


@dataclass(frozen=True)
class Example:
    """One training window: a question, the text read with it, and where its answer stands in that text."""

    question: str
    context: str
    start: int  # character offset of the answer in ``context``; -1 when the context does not answer
    text: str  # the answer; "" when it does not answer
    kind: str  # "answer", "unanswerable", "far" or "other"

    @property
    def answers(self) -> bool:
        return self.start >= 0


# How often the window around an answer has this many sentences either side: mostly one, as at run time.
RADII = (0, 1, 1, 1, 2)


@dataclass(frozen=True)
class Shares:
    """How many negatives of each kind per question (chances, or a count for ``repeat``)."""

    far: float = 0.4  # answerable questions that also get a far-window negative
    other: float = 0.1  # … an other-paragraph negative
    whole: float = 0.15  # questions read against their whole paragraph instead of a window
    repeat: int = 2  # times each real unanswerable question is taken (a new window each time)


def words(text: str) -> frozenset[str]:
    """Content words, lower case: what "shares most words" counts."""
    return frozenset(
        w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _COMMON and w not in FUNCTION_WORDS
    )


def article_windows(article: dict[str, Any], rng: random.Random, shares: Shares = Shares()) -> list[Example]:
    """Every question of one SQuAD article as training windows (see the module's docstring)."""
    contexts = [p["context"] for p in article["paragraphs"]]
    bags = [words(c) for c in contexts]
    out: list[Example] = []
    for i, para in enumerate(article["paragraphs"]):
        spans = split_spans(para["context"])
        for qa in para["qas"]:
            out += _question_windows(qa, i, contexts, bags, spans, rng, shares)
    return out


def _question_windows(
    qa: dict[str, Any],
    i: int,
    contexts: list[str],
    bags: list[frozenset[str]],
    spans: list[tuple[int, int]],
    rng: random.Random,
    shares: Shares,
) -> list[Example]:
    question, context = qa["question"].strip(), contexts[i]
    asked = words(question)
    if qa.get("is_impossible") or not qa.get("answers"):
        plausible = qa.get("plausible_answers") or []
        out = []
        for _ in range(shares.repeat):
            if plausible:
                a, b = plausible[0]["answer_start"], plausible[0]["answer_start"] + len(plausible[0]["text"])
            else:
                k = _closest(asked, [words(context[s:e]) for s, e in spans], rng)
                a, b = spans[k]
            ws, we = _around(spans, a, b, rng, shares, len(context))
            out.append(Example(question, context[ws:we], -1, "", "unanswerable"))
        return out
    gold = qa["answers"][0]
    a, b = gold["answer_start"], gold["answer_start"] + len(gold["text"])
    ws, we = _around(spans, a, b, rng, shares, len(context))
    out = [Example(question, context[ws:we], a - ws, gold["text"], "answer")]
    if rng.random() < shares.far:
        far = _far_window(spans, context, gold["text"], a, b, asked, rng)
        if far:
            out.append(Example(question, context[far[0] : far[1]], -1, "", "far"))
    if rng.random() < shares.other:
        others = [
            j for j in range(len(contexts)) if j != i and gold["text"].lower() not in contexts[j].lower()
        ]
        if others:
            j = others[_closest(asked, [bags[j] for j in others], rng)]
            other_spans = split_spans(contexts[j])
            k = _closest(asked, [words(contexts[j][s:e]) for s, e in other_spans], rng)
            s, e = _around(other_spans, *other_spans[k], rng, shares, len(contexts[j]))
            out.append(Example(question, contexts[j][s:e], -1, "", "other"))
    return out


def _around(
    spans: list[tuple[int, int]], a: int, b: int, rng: random.Random, shares: Shares, length: int
) -> tuple[int, int]:
    """The window from the sentence holding ``a`` to the one holding ``b``, with a random radius of
    sentences either side (or, at ``shares.whole``, the whole paragraph)."""
    if rng.random() < shares.whole or not spans:
        return 0, length
    first = next((k for k, (s, e) in enumerate(spans) if a < e), len(spans) - 1)
    last = next((k for k, (s, e) in enumerate(spans) if b <= e), len(spans) - 1)
    r = rng.choice(RADII)
    return spans[max(0, first - r)][0], spans[min(len(spans) - 1, max(first, last) + r)][1]


def _far_window(
    spans: list[tuple[int, int]],
    context: str,
    answer: str,
    a: int,
    b: int,
    asked: frozenset[str],
    rng: random.Random,
) -> tuple[int, int] | None:
    """The one-sentence-either-side window of the paragraph that shares most words with the question and
    neither overlaps the answer nor holds its text anywhere."""
    candidates = []
    for k in range(len(spans)):
        s, e = spans[max(0, k - 1)][0], spans[min(len(spans) - 1, k + 1)][1]
        if e <= a or s >= b:
            if answer.lower() not in context[s:e].lower():
                candidates.append((s, e))
    if not candidates:
        return None
    return candidates[_closest(asked, [words(context[s:e]) for s, e in candidates], rng)]


def _closest(asked: frozenset[str], bags: list[frozenset[str]], rng: random.Random) -> int:
    """The index of the bag sharing most words with ``asked`` (ties broken at random)."""
    scores = [(len(asked & bag), rng.random(), k) for k, bag in enumerate(bags)]
    return max(scores)[2]


def squad_windows(
    data: dict[str, Any], keep: set[str], seed: int = 0, shares: Shares = Shares()
) -> list[Example]:
    """The windows of the articles whose titles are in ``keep``, shuffled."""
    rng = random.Random(seed)
    out = [
        ex
        for article in data["data"]
        if article["title"] in keep
        for ex in article_windows(article, rng, shares)
    ]
    rng.shuffle(out)
    return out


def balance(examples: list[Example]) -> dict[str, int]:
    """How many windows of each kind: answering ones against each kind of negative."""
    counts: dict[str, int] = {}
    for ex in examples:
        counts[ex.kind] = counts.get(ex.kind, 0) + 1
    return counts


__all__ = ["RADII", "Example", "Shares", "article_windows", "balance", "squad_windows", "words"]
