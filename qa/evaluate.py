"""Measured quality: answer@k, MRR and abstention on a questions file, with latency beside the bare encoder."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.answer import Answer
from qa.engine import Engine
from qa.errors import QAError


@dataclass(frozen=True)
class Case:
    question: str
    answer: str | None  # verbatim answer string, or None when the source does not answer


def _read_jsonl(path: Path, fields: tuple[str, str]) -> list[dict[str, Any]]:
    """Objects of a .jsonl file, each holding ``fields``; one line saying what is wrong otherwise."""
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
            rows.append({key: data[key] for key in fields})
        except (ValueError, KeyError, TypeError):
            raise QAError(f"{path}:{n}: expected {{\"{fields[0]}\": ..., \"{fields[1]}\": ...}}") from None
    if not rows:
        raise QAError(f"{path} holds no {fields[0]}s")
    return rows


def read_cases(path: Path) -> list[Case]:
    """Read a questions.jsonl file: {"question": str, "answer": str | null} per line."""
    return [Case(str(r["question"]), r["answer"]) for r in _read_jsonl(path, ("question", "answer"))]


def rank_of(answer: Answer, expected: str) -> int | None:
    """1-based rank of the first passage that contains the expected answer verbatim."""
    for cited in answer.cited:
        if expected in cited.passage.text:
            return cited.rank
    return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def evaluate(engine: Engine, cases: list[Case], k: int = 5) -> dict[str, Any]:
    """Run every case, timing the pipeline and a bare one-question encode side by side."""
    engine.index  # build or load before timing
    engine.embedder.encode(["warm-up"])
    per_case, pipeline_ms, encode_ms = [], [], []
    for case in cases:
        t0 = time.perf_counter()
        engine.embedder.encode([case.question])
        t1 = time.perf_counter()
        answer = engine.ask(case.question, k)
        t2 = time.perf_counter()
        encode_ms.append((t1 - t0) * 1000)
        pipeline_ms.append((t2 - t1) * 1000)
        rank = rank_of(answer, case.answer) if case.answer is not None else None
        per_case.append({"question": case.question, "expected": case.answer, "rank": rank,
                         "answerable": answer.answerable})
    return _summary(per_case, pipeline_ms, encode_ms)


def _summary(per_case: list[dict[str, Any]], pipeline_ms: list[float], encode_ms: list[float]) -> dict[str, Any]:
    answerable = [c for c in per_case if c["expected"] is not None]
    unanswerable = [c for c in per_case if c["expected"] is None]
    n = max(1, len(answerable))
    p50, enc50 = statistics.median(pipeline_ms), statistics.median(encode_ms)
    return {
        "questions": len(per_case),
        "answer@1": sum(c["rank"] == 1 for c in answerable) / n,
        "answer@3": sum(c["rank"] is not None and c["rank"] <= 3 for c in answerable) / n,
        "mrr": sum(1 / c["rank"] for c in answerable if c["rank"]) / n,
        "unanswerable_abstained": sum(not c["answerable"] for c in unanswerable),
        "unanswerable": len(unanswerable),
        "answerable_abstained": sum(not c["answerable"] for c in answerable),
        "answerable": len(answerable),
        "latency_ms": {"p50": p50, "p95": percentile(pipeline_ms, 0.95)},
        "encode_ms": {"p50": enc50, "p95": percentile(encode_ms, 0.95)},
        "ratio_p50": p50 / enc50 if enc50 else None,
        "cases": per_case,
    }


def read_claims(path: Path) -> list[tuple[str, bool]]:
    """Read a claims.jsonl file: {"claim": str, "supported": bool} per line."""
    return [(str(r["claim"]), bool(r["supported"])) for r in _read_jsonl(path, ("claim", "supported"))]


def evaluate_claims(engine: Engine, claims: list[tuple[str, bool]]) -> dict[str, Any]:
    """Verdict accuracy, with the cost of verifying a claim beside asking it as a question."""
    engine.index
    engine.verify("warm-up claim.")
    rows, verify_ms, ask_ms = [], [], []
    for claim, truth in claims:
        t0 = time.perf_counter()
        verdict = engine.verify(claim)
        t1 = time.perf_counter()
        engine.ask(claim)
        t2 = time.perf_counter()
        verify_ms.append((t1 - t0) * 1000)
        ask_ms.append((t2 - t1) * 1000)
        rows.append({"claim": claim, "expected": truth, "supported": verdict.supported})
    v50, a50 = statistics.median(verify_ms), statistics.median(ask_ms)
    return {
        "claims": len(rows),
        "accuracy": sum(r["expected"] == r["supported"] for r in rows) / len(rows),
        "verify_ms": {"p50": v50, "p95": percentile(verify_ms, 0.95)},
        "ask_ms": {"p50": a50, "p95": percentile(ask_ms, 0.95)},
        "ratio_p50": v50 / a50 if a50 else None,
        "cases": rows,
    }
