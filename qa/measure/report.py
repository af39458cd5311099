"""`qa eval` reports as text: scores, ablations, abstention, claim verdicts and their cost."""

from __future__ import annotations

from typing import Any


def claims_report(report: dict[str, Any]) -> str:
    """`qa eval --claims`: wrong verdicts with their reason, accuracy per kind, the confusion matrix, and
    verify's cost beside ask."""
    lines = [
        f"  wrong ({c['kind']}: {c['verdict']}, expected {c['expected']}): {c['claim']}\n      {c['reason']}"
        for c in report["cases"]
        if not c["right"]
    ]
    scoring = "three-way" if report["three_way"] else "supported or not"
    lines += [
        f"claims           {report['claims']}",
        f"accuracy         {report['accuracy']:.3f} ({scoring})",
    ]
    lines += [f"  {kind:<14} {k['accuracy']:.3f}  ({k['claims']})" for kind, k in report["by_kind"].items()]
    verdicts = list(next(iter(report["confusion"].values())))
    lines.append("expected \\ got  " + " ".join(f"{v:>12}" for v in verdicts))
    lines += [
        f"  {e:<14} " + " ".join(f"{row[v]:>12}" for v in verdicts) for e, row in report["confusion"].items()
    ]
    lines += [
        _timing("verify", report["verify_ms"]),
        _timing("ask   ", report["ask_ms"]) + " (same text)",
        f"ratio p50        {report['ratio_p50']:.2f}x",
    ]
    return "\n".join(lines)


def _timing(label: str, ms: dict[str, float]) -> str:
    return f"{label} p50/p95   {ms['p50']:.1f} / {ms['p95']:.1f} ms"


def _score_row(name: str, scores: dict[str, Any]) -> str:
    return (
        f"{name:<16} {scores['answer@1']:>8.3f} {scores['answer@3']:>8.3f} {scores['answer@5']:>8.3f} "
        f"{scores['mrr@5']:>8.3f}"
    )


def _rules_lines(report: dict[str, Any]) -> list[str]:
    """The reader's ablation: the same questions decided by the closeness rules alone."""
    rules = report.get("rules")
    if not rules:
        return []
    lines = [
        f"without reader   answer@1 {rules['answer@1']:.3f}; abstained {rules['unanswerable_abstained']}/"
        f"{report['unanswerable']} unanswerable, {rules['answerable_abstained']}/{report['answerable']} "
        "answerable (wrongly)"
    ]
    if "in_corpus_unanswerable_abstained" in rules:
        lines.append(
            f"  in corpus      {rules['in_corpus_unanswerable_abstained']}/{report['in_corpus_unanswerable']}"
        )
    if "rules_f1" in report:
        lines.append(f"  answer F1      {report['rules_f1']:.3f} (the answering sentence shown)")
    if rules["abstention_curve"]:
        lines.append(
            "  curve without reader: "
            + ", ".join(
                f"{p['threshold']:.3f}: {p['abstained']:.3f}/{p['wrongly_abstained']:.3f}"
                for p in rules["abstention_curve"]
            )
        )
    return lines


def eval_report(report: dict[str, Any]) -> str:
    """`qa eval` as text: misses, the fusion against each signal alone, abstention and latency."""
    lines = [
        f"  rank {c['rank']}: {c['question']}"
        for c in report["cases"]
        if c["answerable_gold"] and c["rank"] != 1 and report["questions"] <= 100
    ]
    lines.append(f"{'':<16} {'answer@1':>8} {'answer@3':>8} {'answer@5':>8} {'MRR@5':>8}")
    lines.append(_score_row("qa (fusion)", report))
    lines += [_score_row(name, scores) for name, scores in report["ablations"].items()]
    lat, enc = report["latency_ms"], report["encode_ms"]
    if "doc@1" in report:
        lines.append(f"right document at rank 1  {report['doc@1']:.3f}")
    lines.append(
        f"abstained        {report['unanswerable_abstained']}/{report['unanswerable']} unanswerable, "
        f"{report['answerable_abstained']}/{report['answerable']} answerable (wrongly)"
    )
    if "in_corpus_unanswerable" in report:
        lines.append(
            f"  in corpus      {report['in_corpus_unanswerable_abstained']}/"
            f"{report['in_corpus_unanswerable']} "
            "unanswerable questions written against an indexed paragraph"
        )
    if "answer_f1" in report:
        lines.append(
            f"answer span      EM {report['answer_em']:.3f}, F1 {report['answer_f1']:.3f} (SQuAD's "
            "normalisation; the answer shown, nothing when abstained)"
        )
    lines += _rules_lines(report)
    if report["abstention_curve"]:
        lines.append("abstention curve (threshold: abstained / wrongly abstained)")
        lines += [
            f"  {p['threshold']:.2f}: {p['abstained']:.3f} / {p['wrongly_abstained']:.3f}"
            for p in report["abstention_curve"]
        ]
    if any(b["answerable"] < 1 for b in report.get("calibration", [])):
        lines.append("calibration (mean confidence: share answerable, questions)")
        lines += [
            f"  {b['confidence']:.2f}: {b['answerable']:.3f}, {b['questions']}" for b in report["calibration"]
        ]
    lines.append(_timing("ask   ", lat) + " per question (full pipeline)")
    lines.append(_timing("encode", enc) + " (bare encode of one question)")
    lines.append(f"ratio p50        {report['ratio_p50']:.2f}x")
    return "\n".join(lines)
