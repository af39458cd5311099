"""SQuAD-format benchmark files → a corpus of documents plus questions with gold answer spans.

Each article becomes one document: its contexts joined by blank lines (one context is the whole document,
as in COVID-QA). Gold ``answer_start`` offsets are shifted into document offsets, so a returned passage is
scored by where it stands, not by whether its text happens to repeat the answer string.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import string
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import QAError

JOIN = "\n\n"


@dataclass(frozen=True)
class GoldQuestion:
    question: str
    doc: str  # file name of the article's document
    spans: tuple[tuple[int, int], ...]  # [start, end) of each gold answer in the document; () when impossible
    answers: tuple[str, ...] = ()  # the gold answer texts, for exact match and F1

    @property
    def impossible(self) -> bool:
        """A SQuAD 2.0 question written against its paragraph to look answerable there, but not answered by
        it."""
        return not self.spans


@dataclass(frozen=True)
class Benchmark:
    docs: dict[str, str]  # file name → text, in article order
    questions: list[GoldQuestion]


def _doc_name(number: int, title: str | None) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title or "").strip("-")[:60]
    return f"{number:03d}-{slug}.txt" if slug else f"{number:03d}.txt"


def _article(number: int, article: dict[str, Any]) -> tuple[str, str, list[GoldQuestion]]:
    name = _doc_name(number, article.get("title"))
    parts, questions, offset = [], [], 0
    for para in article["paragraphs"]:
        context = para["context"]
        for qa in para.get("qas", []):
            answers = (
                [a for a in qa.get("answers", []) if a.get("text")] if not qa.get("is_impossible") else []
            )
            spans = tuple(
                (offset + a["answer_start"], offset + a["answer_start"] + len(a["text"])) for a in answers
            )
            questions.append(GoldQuestion(qa["question"], name, spans, tuple(a["text"] for a in answers)))
        parts.append(context)
        offset += len(context) + len(JOIN)
    return name, JOIN.join(parts), questions


def load_json(path: Path) -> Any:
    """A SQuAD file's JSON, gzipped (``.gz``: SQuAD's train set ships compressed) or plain."""
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    return json.loads(path.read_text(encoding="utf-8"))


def read_squad(path: Path) -> Benchmark:
    """Read a SQuAD-format file; one line saying what is wrong when it is not one."""
    try:
        data = load_json(path)
        docs, questions = {}, []
        for number, article in enumerate(data["data"], start=1):
            name, text, qs = _article(number, article)
            docs[name] = text
            questions += qs
    except OSError as exc:
        raise QAError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, AttributeError, EOFError):
        raise QAError(f"{path}: expected SQuAD format: data[].paragraphs[].context/qas[].answers[]") from None
    if not questions:
        raise QAError(f"{path} holds no questions")
    _check_spans(path, docs, questions)
    return Benchmark(docs, questions)


def _check_spans(path: Path, docs: dict[str, str], questions: list[GoldQuestion]) -> None:
    """Gold offsets must point into the text: a file with shifted offsets would score nonsense."""
    for q in questions:
        if any(s < 0 or e > len(docs[q.doc]) for s, e in q.spans):
            raise QAError(f"{path}: an answer of {q.question!r} lies outside its context")


def held_out_articles(bench: Benchmark, fraction: float) -> list[str]:
    """The articles of a fixed held-out split (seeded, so evaluation and any training script agree): a dev
    set of whole articles, never seen in training. Articles with unanswerable questions are split apart from
    the others (stratified), so that both sides hold some when the file has any."""
    if not 0 < fraction < 1:
        raise QAError(f"--held-out takes a fraction in (0, 1), not {fraction}")
    impossible = {q.doc for q in bench.questions if q.impossible}
    dev: set[str] = set()
    for stratum in (
        [n for n in bench.docs if n in impossible],
        [n for n in bench.docs if n not in impossible],
    ):
        random.Random(1).shuffle(stratum)
        dev.update(stratum[: int(round(fraction * len(stratum)))])
    return [n for n in bench.docs if n in dev] or [next(iter(bench.docs))]


def only(bench: Benchmark, names: list[str]) -> Benchmark:
    """The benchmark cut to the named articles and their questions."""
    keep = set(names)
    return Benchmark(
        {n: t for n, t in bench.docs.items() if n in keep}, [q for q in bench.questions if q.doc in keep]
    )


_PUNCTUATION = frozenset(string.punctuation)


def normalize_answer(text: str) -> str:
    """SQuAD's normalisation: lower case, no punctuation, no articles, single spaces (its official
    scorer's)."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def exact_match(prediction: str, golds: tuple[str, ...]) -> float:
    return float(any(normalize_answer(prediction) == normalize_answer(g) for g in golds))


def f1(prediction: str, golds: tuple[str, ...]) -> float:
    """The best token F1 of ``prediction`` against any gold answer (SQuAD's definition)."""
    return max(
        (_f1(normalize_answer(prediction).split(), normalize_answer(g).split()) for g in golds), default=0.0
    )


def _f1(predicted: list[str], gold: list[str]) -> float:
    same = sum((Counter(predicted) & Counter(gold)).values())
    if not same:
        return 0.0
    precision, recall = same / len(predicted), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def covers(start: int, end: int, span: tuple[int, int]) -> bool:
    """A passage ``[start, end)`` answers when it covers at least half of the gold span."""
    overlap = min(end, span[1]) - max(start, span[0])
    return overlap > 0 and 2 * overlap >= span[1] - span[0]


def write_corpus(bench: Benchmark, folder: Path, names: list[str]) -> None:
    """Write the named documents verbatim (``newline=""`` keeps offsets exact); drop any others."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set(names)
    for old in folder.glob("*.txt"):
        if old.name not in wanted:
            old.unlink()
    for name in names:
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != bench.docs[name]:
            path.write_text(bench.docs[name], encoding="utf-8", newline="")
