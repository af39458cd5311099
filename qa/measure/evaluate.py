"""Measured quality: answer@k, MRR, the right document, abstention and latency beside the bare encoder.

Two kinds of question file: ``questions.jsonl`` (a verbatim answer string, or null when the source does not
answer) over the configured source, and SQuAD-format ``.json`` benchmarks, whose articles become their own
corpus under the cache dir and whose answers are gold character spans.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.answer.compose import Answer
from qa.document.passages import Passage
from qa.engine import Engine, clean_text
from qa.errors import QAError
from qa.measure.squad import (
    Benchmark,
    covers,
    exact_match,
    f1,
    held_out_articles,
    only,
    read_squad,
    write_corpus,
)
from qa.measure.stats import timing
from qa.retrieve.cited import Cited
from qa.retrieve.fusion import Query, Weights, make_query, retrieve
from qa.settings import DEFAULT_K

# Each signal alone, ranked over the same candidates as the fusion: what every signal adds shows side by side.
ABLATIONS = {
    "bm25": Weights(passage=0.0, sentence=0.0, bm25=1.0, document=0.0),
    "dense passage": Weights(passage=1.0, sentence=0.0, bm25=0.0, document=0.0),
    "dense sentence": Weights(passage=0.0, sentence=1.0, bm25=0.0, document=0.0),
}
DEPTHS = (1, 3, 5)
# Abstention thresholds swept for the trade-off curve: the confidence of qa/answer/compose.py, the reader's
# probability that a top passage answers (0 to 1), or without the reader best-sentence cosine plus weighted
# term coverage (which lives between about 0.4 and 0.9).
CURVE = tuple(round(0.05 * i, 2) for i in range(1, 20))
RULES_CURVE = tuple(round(0.40 + 0.025 * i, 3) for i in range(21))


@dataclass(frozen=True)
class Case:
    """One question and how to recognise a passage that answers it."""

    question: str
    answer: str | None = None  # verbatim answer string (questions.jsonl)
    doc: str | None = None  # gold document (benchmarks, or a question that names the one answering it)
    spans: tuple[tuple[int, int], ...] = field(default=())  # gold answer spans in ``doc``
    answers: tuple[str, ...] = ()  # gold answer texts (benchmarks), for exact match and F1

    @property
    def answerable(self) -> bool:
        return self.answer is not None or bool(self.spans)

    def answered_by(self, cited: Cited) -> bool:
        """Whether the cited passage holds the answer (``holds``)."""
        return self.holds(cited.passage)

    def holds(self, p: Passage) -> bool:
        """Whether the passage holds the answer: a gold span of it, or the answer's text as the passage is
        shown, a table's cells with their names ("Calories per portion: 150")."""
        if self.spans:
            return p.doc == self.doc and any(covers(p.start, p.end, s) for s in self.spans)
        shown = p.view().text
        return (
            self.answer is not None
            and (self.doc is None or p.doc == self.doc)
            and (self.answer in shown or _letters(self.answer) in _letters(shown))
        )


def _letters(text: str) -> str:
    """Letters and digits only: an OCR'd "1.334 bil-lion" or a curly quote still holds the expected answer."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def read_jsonl(path: Path, fields: tuple[str, str], optional: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Objects of a .jsonl file, each holding ``fields`` (and ``optional`` ones when given); one line saying
    what is wrong otherwise."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QAError(f"cannot read {path}: {exc.strerror}") from None
    rows = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            rows.append(
                {key: data[key] for key in fields} | {key: data[key] for key in optional if key in data}
            )
        except (ValueError, KeyError, TypeError):
            raise QAError(f'{path}:{n}: expected {{"{fields[0]}": ..., "{fields[1]}": ...}}') from None
    if not rows:
        raise QAError(f"{path} holds no {fields[0]}s")
    return rows


def read_cases(path: Path) -> list[Case]:
    """Read a questions.jsonl file: {"question": str, "answer": str | null} per line, and optionally the
    document that answers it ("doc", its path in the source folder): a passage of another document holding
    the same string ("20", "5.4%") then does not count."""
    rows = read_jsonl(path, ("question", "answer"), optional=("doc",))
    return [Case(str(r["question"]), r["answer"], r.get("doc")) for r in rows]


def rank_of(answer: Answer, case: Case) -> int | None:
    """1-based rank of the first passage that answers the case."""
    return next((c.rank for c in answer.cited if case.answered_by(c)), None)


def _bar(total: int, progress: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="questions", unit="q", file=sys.stderr, disable=None if progress else True)


def evaluate(engine: Engine, cases: list[Case], k: int = DEFAULT_K, progress: bool = False) -> dict[str, Any]:
    """Run every case, timing the pipeline and a bare one-question encode side by side; rank each query
    again by every signal alone (no extra encode) for the ablation table."""
    _ = engine.index  # build or load before timing
    engine.embedder.encode(["warm-up"])
    k = max(k, max(DEPTHS))
    per_case, pipeline_ms, encode_ms = [], [], []
    with _bar(len(cases), progress) as bar:
        for case in cases:
            t0 = time.perf_counter()
            vector = engine.embedder.encode([clean_text(case.question)[0]])[0]
            t1 = time.perf_counter()
            answer = engine.ask(case.question, k)
            t2 = time.perf_counter()
            encode_ms.append((t1 - t0) * 1000)
            pipeline_ms.append((t2 - t1) * 1000)
            per_case.append(_case_row(engine, case, answer, vector, k))
            bar.update()
    return _summary(per_case, pipeline_ms, encode_ms)


def _case_row(engine: Engine, case: Case, answer: Answer, vector, k: int) -> dict[str, Any]:
    query = make_query(answer.question, vector)
    ablations = {  # ranks only: retrieval by each signal alone, without the reader
        name: rank_of(engine.answer(query, k, weights, read=False), case)
        for name, weights in ABLATIONS.items()
    }
    rules = engine.answer(query, k, read=False) if engine.reader is not None else None
    top_doc = answer.cited[0].passage.doc if answer.cited else None
    row: dict[str, Any] = {
        "question": case.question,
        "expected": case.answer,
        "doc": case.doc,
        "answerable_gold": case.answerable,
        "rank": rank_of(answer, case),
        "doc@1": case.doc is not None and top_doc == case.doc,
        "answerable": answer.answerable,
        "confidence": round(answer.confidence, 4),
        "ablations": ablations,
    }
    if (
        answer.weighed
    ):  # what the learned decision weighed, with the truth: `python -m qa.train.decision`'s data
        row["read"] = [{"x": x, "y": case.answered_by(c)} for c, x in answer.weighed]
    if case.answerable:  # every fusion candidate with the truth: `python -m qa.train.fusion`'s data
        row["fused"] = _fused(engine, case, query)
    if rules is not None:  # the reader's ablation
        row["rules"] = {
            "answerable": rules.answerable,
            "confidence": round(rules.confidence, 4),
            "rank": rank_of(rules, case),
        }
    golds = case.answers or ((case.answer,) if case.answer else ())
    if golds:  # SQuAD's scores of the answer shown: the reader's span (else the sentence), or nothing
        row.update(em=exact_match(_shown(answer), golds), f1=f1(_shown(answer), golds))
        if rules is not None:
            row["rules_f1"] = f1(_shown(rules), golds)
    return row


def _fused(engine: Engine, case: Case, query: Query) -> list[list[float]]:
    """Each passage fusion ranks for the query: its four signals (passage, sentence, BM25, document) and 1
    when it holds the answer, else 0; signals rounded to four places, which no ranking decision reaches."""
    index = engine.index
    return [
        [round(v, 4) for v in (h.passage_sim, h.sentence_sim, h.bm25, h.document)]
        + [int(case.holds(index.passages[h.row]))]
        for h in retrieve(index, query)
    ]


def _shown(answer: Answer) -> str:
    if answer.answer is not None:
        return answer.answer.text
    return answer.answers[0].sentence if answer.answers else ""


def rank_scores(ranks: list[int | None]) -> dict[str, float]:
    """answer@1/3/5 and MRR@5 of the first answering passages' ranks (None: none in the passages shown)."""
    n = max(1, len(ranks))
    out = {f"answer@{d}": sum(r is not None and r <= d for r in ranks) / n for d in DEPTHS}
    out["mrr@5"] = sum(1 / r for r in ranks if r and r <= 5) / n
    return out


def _summary(
    per_case: list[dict[str, Any]], pipeline_ms: list[float], encode_ms: list[float]
) -> dict[str, Any]:
    answerable = [c for c in per_case if c["answerable_gold"]]
    unanswerable = [c for c in per_case if not c["answerable_gold"]]
    p50, enc50 = statistics.median(pipeline_ms), statistics.median(encode_ms)
    report: dict[str, Any] = {"questions": len(per_case), **rank_scores([c["rank"] for c in answerable])}
    report["mrr"] = report["mrr@5"]
    named = [c for c in answerable if c["doc"]]  # questions that name the document answering them
    if named:
        report["doc@1"] = sum(c["doc@1"] for c in named) / len(named)
    report["ablations"] = {
        name: rank_scores([c["ablations"][name] for c in answerable]) for name in ABLATIONS
    }
    spans = [c for c in answerable if "f1" in c]
    if spans:
        report["answer_em"] = sum(c["em"] for c in spans) / len(spans)
        report["answer_f1"] = sum(c["f1"] for c in spans) / len(spans)
        if "rules_f1" in spans[0]:
            report["rules_f1"] = sum(c["rules_f1"] for c in spans) / len(spans)
    in_corpus = [c for c in unanswerable if c["doc"]]  # written against an indexed paragraph (SQuAD 2.0)
    if in_corpus:
        report["in_corpus_unanswerable_abstained"] = sum(not c["answerable"] for c in in_corpus)
        report["in_corpus_unanswerable"] = len(in_corpus)
    report.update(
        {
            "unanswerable_abstained": sum(not c["answerable"] for c in unanswerable),
            "unanswerable": len(unanswerable),
            "answerable_abstained": sum(not c["answerable"] for c in answerable),
            "answerable": len(answerable),
            "abstention_curve": _curve(answerable, unanswerable),
            "calibration": calibration(per_case),
            "latency_ms": timing(pipeline_ms),
            "encode_ms": timing(encode_ms),
            "ratio_p50": p50 / enc50 if enc50 else None,
            "cases": per_case,
        }
    )
    if per_case and "rules" in per_case[0]:
        report["rules"] = _rules(answerable, unanswerable, in_corpus)
    return report


def calibration(cases: list[dict[str, Any]], bins: int = 10) -> list[dict[str, float]]:
    """Per confidence bin (tenths): the mean confidence against the share of its questions the source does
    answer. A calibrated confidence matches the share."""
    groups: list[list[dict[str, Any]]] = [[] for _ in range(bins)]
    for c in cases:
        groups[min(bins - 1, int(c["confidence"] * bins))].append(c)
    return [
        {
            "confidence": sum(c["confidence"] for c in g) / len(g),
            "answerable": sum(c["answerable_gold"] for c in g) / len(g),
            "questions": len(g),
        }
        for g in groups
        if g
    ]


def _curve(
    answerable: list[dict[str, Any]],
    unanswerable: list[dict[str, Any]],
    thresholds: tuple[float, ...] = CURVE,
    key=lambda c: c["confidence"],
) -> list[dict[str, float]]:
    """Share of unanswerable questions abstained against share of answerable ones wrongly abstained."""
    if not unanswerable:
        return []
    return [
        {
            "threshold": t,
            "abstained": sum(key(c) < t for c in unanswerable) / len(unanswerable),
            "wrongly_abstained": sum(key(c) < t for c in answerable) / max(1, len(answerable)),
        }
        for t in thresholds
    ]


def _rules(
    answerable: list[dict[str, Any]], unanswerable: list[dict[str, Any]], in_corpus: list[dict[str, Any]]
) -> dict[str, Any]:
    """The ablation: the same questions decided by the closeness rules alone, without the reader."""
    out = {
        "answer@1": sum(c["rules"]["rank"] == 1 for c in answerable) / max(1, len(answerable)),
        "unanswerable_abstained": sum(not c["rules"]["answerable"] for c in unanswerable),
        "answerable_abstained": sum(not c["rules"]["answerable"] for c in answerable),
        "abstention_curve": _curve(answerable, unanswerable, RULES_CURVE, lambda c: c["rules"]["confidence"]),
    }
    if in_corpus:
        out["in_corpus_unanswerable_abstained"] = sum(not c["rules"]["answerable"] for c in in_corpus)
    return out


# --- SQuAD-format benchmarks --------------------------------------------------------------------


def split_out_of_corpus(bench: Benchmark, fraction: float) -> tuple[list[str], list[str]]:
    """Documents indexed and documents left out, drawn by a fixed seed so runs compare."""
    if not 0 <= fraction < 1:
        raise QAError(f"--out-of-corpus takes a fraction in [0, 1), not {fraction}")
    names = list(bench.docs)
    random.Random(0).shuffle(names)
    cut = len(names) - int(round(fraction * len(names)))
    if cut < 1:
        raise QAError("--out-of-corpus leaves no document to index")
    kept = set(names[:cut])
    return [n for n in bench.docs if n in kept], [n for n in bench.docs if n not in kept]


def benchmark_cases(bench: Benchmark, left_out: set[str]) -> list[Case]:
    """Questions about left-out documents are asked as unanswerable ones; a SQuAD 2.0 impossible question is
    unanswerable in corpus (its document is indexed, and named)."""
    return [
        Case(q.question)
        if q.doc in left_out
        else Case(q.question, doc=q.doc, spans=q.spans, answers=q.answers)
        for q in bench.questions
    ]


def _workdir(settings_cache: Path, path: Path) -> Path:
    from qa.index.store import sha256_file

    return settings_cache / "eval" / f"{path.stem}-{sha256_file(path)[:10]}"


def _seed_index(target: Path, full: Path) -> None:
    """Start a subset's index from the full corpus's, so only removals happen: nothing is embedded again."""
    from qa.index.store import CURRENT, current_generation

    if (target / CURRENT).exists():
        return
    generation = current_generation(full) if (full / CURRENT).exists() else None
    if generation is None:
        return
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(generation, target / generation.name)
    (target / CURRENT).write_text(generation.name + "\n", encoding="utf-8")


def evaluate_benchmark(
    engine_for: Callable[[Path, Path], Engine],
    cache: Path,
    path: Path,
    k: int,
    out_of_corpus: float = 0.0,
    progress: bool = False,
    held_out: float = 0.0,
) -> dict[str, Any]:
    """Materialise the benchmark's corpus under the cache dir (reused across runs), index it, evaluate;
    with ``held_out``, only the articles of the fixed held-out split (``squad.held_out_articles``)."""
    bench = read_squad(path)
    if held_out:
        bench = only(bench, held_out_articles(bench, held_out))
    kept, left = split_out_of_corpus(bench, out_of_corpus)
    work = _workdir(cache, path) / (f"dev-{held_out:g}" if held_out else "")
    name = "all" if not left else f"ooc-{out_of_corpus:g}"
    write_corpus(bench, work / name / "source", kept)
    if left:
        _seed_index(work / name / "index", work / "all" / "index")
    engine = engine_for(work / name / "source", work / name / "index")
    report = evaluate(engine, benchmark_cases(bench, set(left)), k, progress)
    report.update(
        documents=len(kept), left_out=len(left), corpus=str(work / name / "source"), held_out=held_out
    )
    return report


__all__ = ["Case", "evaluate", "evaluate_benchmark", "read_cases", "read_jsonl"]
