"""Measured answer checking: verdicts on a file of claims against the truth, overall, per kind of claim and as
a confusion matrix over the three verdicts, with the cost of a verify beside an ask of the same text.

A claims file has ``{"claim": str, "supported": bool}`` per line, and optionally ``"verdict"`` (supported,
contradicted or not_found) and ``"kind"`` (what the claim tests: paraphrase, negation, swapped place…).
Without ``verdict`` a claim is scored true/false only, as the shared ``claims.jsonl`` is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.engine import Engine
from qa.errors import QAError
from qa.measure.evaluate import read_jsonl
from qa.measure.stats import timing
from qa.verify.verdict import CONTRADICTED, NOT_FOUND, SUPPORTED

VERDICTS = (SUPPORTED, CONTRADICTED, NOT_FOUND)


@dataclass(frozen=True)
class Claim:
    text: str
    supported: bool
    verdict: str | None = None  # the expected three-way verdict, when the file gives one
    kind: str | None = None

    @property
    def label(self) -> str:
        """The kind the claim is counted under."""
        return self.kind or ("true" if self.supported else "false")

    def right(self, got: str) -> bool:
        """Three-way when the expected verdict is known; else only supported or not."""
        return got == self.verdict if self.verdict else (got == SUPPORTED) == self.supported


def read_claims(path: Path) -> list[Claim]:
    claims = []
    for n, row in enumerate(read_jsonl(path, ("claim", "supported"), ("verdict", "kind")), start=1):
        verdict = row.get("verdict")
        if verdict is not None and verdict not in VERDICTS:
            raise QAError(f"{path}: claim {n}: verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
        kind = row.get("kind")
        claims.append(Claim(str(row["claim"]), bool(row["supported"]), verdict, str(kind) if kind else None))
    return claims


def evaluate_claims(engine: Engine, claims: list[Claim]) -> dict[str, Any]:
    """Accuracy overall and per kind, the confusion matrix, and verify's cost beside ask's."""
    _ = engine.index  # build or load before timing
    engine.verify("warm-up claim.")
    rows: list[dict[str, Any]] = []
    verify_ms: list[float] = []
    ask_ms: list[float] = []
    for claim in claims:
        t0 = time.perf_counter()
        verdict = engine.verify(claim.text)
        t1 = time.perf_counter()
        engine.ask(claim.text)
        t2 = time.perf_counter()
        verify_ms.append((t1 - t0) * 1000)
        ask_ms.append((t2 - t1) * 1000)
        reasons = [s.reason for s in verdict.sentences if s.verdict != SUPPORTED]
        rows.append(
            {
                "claim": claim.text,
                "kind": claim.label,
                "expected": claim.verdict or claim.supported,
                "verdict": verdict.verdict,
                "supported": verdict.supported,
                "right": claim.right(verdict.verdict),
                "reason": reasons[0] if reasons else "the source says so",
            }
        )
    verify, ask = timing(verify_ms), timing(ask_ms)
    return {
        "claims": len(rows),
        "accuracy": sum(r["right"] for r in rows) / len(rows),
        "three_way": all(c.verdict for c in claims),
        "by_kind": _by_kind(rows),
        "confusion": _confusion(claims, rows),
        "verify_ms": verify,
        "ask_ms": ask,
        "ratio_p50": verify["p50"] / ask["p50"] if ask["p50"] else None,
        "cases": rows,
    }


def _by_kind(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    kinds: dict[str, list[bool]] = {}
    for r in rows:
        kinds.setdefault(r["kind"], []).append(r["right"])
    return {k: {"claims": len(v), "accuracy": sum(v) / len(v)} for k, v in kinds.items()}


def _confusion(claims: list[Claim], rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Expected (a verdict, or true/false when the file gives none) against the verdict given."""
    expected = [c.verdict or str(c.supported).lower() for c in claims]
    return {
        e: {v: sum(x == e and r["verdict"] == v for x, r in zip(expected, rows)) for v in VERDICTS}
        for e in dict.fromkeys(expected)
    }


__all__ = ["Claim", "VERDICTS", "evaluate_claims", "read_claims"]
