"""`qa bench`: what the pipeline costs beside the encoder, measured side by side in one run.

Each phase runs in its own process so its peak memory (RSS) is its own: ``python -m qa.measure.bench PHASE``
prints one JSON object. Timings are medians over repeats with a warm-up excluded; ratios compare our
pipeline with a bare ``model.encode`` timed in the same process, interleaved, so machine noise hits both.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from qa.measure.load import phase_serve
from qa.measure.phases import phase_backends, phase_build, phase_cold, phase_query, settings_args
from qa.measure.scale import phase_scale
from qa.settings import Settings

PHASES: dict[str, Callable[..., dict[str, Any]]] = {
    "build": phase_build,
    "query": phase_query,
    "cold": phase_cold,
    "scale": phase_scale,
    "backends": phase_backends,
    "serve": phase_serve,
}


# --- the parent: run phases as children, print one table ---------------------------------------


def _child(phase: str, settings: Settings, arg: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "qa.measure.bench", phase, str(arg), *settings_args(settings)]
    if settings.extra_questions:
        cmd += ["--questions", settings.extra_questions]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{phase} failed: {tail}"}
    return json.loads(lines[-1])


def run(
    settings: Settings, sizes: list[int], repeats: int, progress: Callable[[str], None]
) -> dict[str, Any]:
    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(), "repeats": repeats}
    for phase in ("build", "query", "cold", "serve", "backends"):
        progress(f"bench: {phase}…")
        report[phase] = _child(phase, settings, repeats)
    report["scale"] = []
    for size in sizes:
        progress(f"bench: scale {size:,}…")
        report["scale"].append(_child("scale", settings, size))
    return report


def first_error(report: dict[str, Any]) -> str | None:
    """The first phase that failed, if any: `qa bench` then exits non-zero with it."""
    phases = [report[p] for p in ("build", "query", "cold", "serve")] + report["scale"]
    return next((phase["error"] for phase in phases if "error" in phase), None)


# One table line per phase: (label, report key, what its figures say).
ROWS = [
    (
        "build",
        "build",
        "{passages} passages + {sentences} sentences in {pipeline_s} s ({pipeline_passages_per_s} "
        "passages/s) vs bare encode of the same {texts} texts {bare_encode_s} s: ratio {ratio}, "
        "peak {peak_rss_mb} MB",
    ),
    (
        "query",
        "query",
        "ask p50/p95 {ask_p50_ms}/{ask_p95_ms} ms vs encode {encode_p50_ms}/{encode_p95_ms} ms "
        "(p50 ratio {ratio_p50}), peak {peak_rss_mb} MB",
    ),
    (
        "cold start",
        "cold",
        "first answer {first_answer_s} s vs import floors: torch + sentence-transformers "
        "{torch_floor_s} s (ratio {ratio_to_torch_floor}), onnxruntime {onnx_floor_s} s; "
        "`qa --help` {help_s} s importing {help_imports_heavy}; peak {peak_rss_mb} MB",
    ),
    (
        "served",
        "serve",
        "{clients} clients x {per_client} questions on /v1/ask: {served_per_s}/s, p95 {p95_s} s, "
        "{errors} errors vs bare one-question encode {bare_encode_per_s}/s (ratio {ratio}); "
        "on Gradio's /ask: {gradio[served_per_s]}/s, p95 {gradio[p95_s]} s, {gradio[errors]} "
        "errors (ratio {gradio[ratio]})",
    ),
]


def table(report: dict[str, Any]) -> str:
    """The report as text: the phases, the encoder backends, then search at scale."""
    lines = [
        f"qa bench — {report['date']}, {report['cores']} cores, medians of {report['repeats']} repeats",
        "",
    ]
    for label, key, describe in ROWS:
        data = report.get(key, {"error": "not run"})
        lines.append(f"{label:<12} {data['error'] if 'error' in data else describe.format(**data)}")
    lines.append("")
    lines += [
        _backend_line(backend, row)
        for backend, row in report.get("backends", {}).items()
        if backend != "peak_rss_mb" and isinstance(row, dict)
    ]
    return "\n".join(lines + _scale_lines(report["scale"]))


def _backend_line(backend: str, row: dict[str, Any]) -> str:
    if "error" in row:
        return f"backend {backend:<9} {row['error']}"
    quality = (
        f", answer@3 {row['answer@3']}, abstained {row['abstained']} (+{row['wrongly_abstained']} wrongly)"
        if "answer@3" in row
        else ""
    )
    return (
        f"backend {backend:<9} {row['passages_per_s']} passages/s (x{row.get('throughput_speedup')}), "
        f"one question {row['one_question_ms']} ms (x{row.get('query_speedup')}){quality}"
    )


def _scale_lines(scale: list[dict[str, Any]]) -> list[str]:
    """Search at scale: exact, default and 8-bit indexes per size, then each variant."""
    lines = [
        "",
        f"{'size':>9} {'index':>13} {'build s':>8} {'B/passage':>9} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'exact ms':>8} {'recall@10':>9} {'bm25 build':>10} {'bm25 p50':>8} {'bm25 p95':>8} {'RSS MB':>7}",
    ]
    for s in scale:
        if "error" in s:
            lines.append(f"{'':>9} {s['error']}")
            continue
        lines.append(
            f"{s['size']:>9,} {s['index']:>13} {s['build_s']:>8} {s['bytes_per_passage']:>9} "
            f"{s['search_p50_ms']:>7} {s['search_p95_ms']:>7} {s['exact_p50_ms']:>8} {s['recall_at_10']:>9} "
            f"{s['bm25_build_s']:>10} {s['bm25_p50_ms']:>8} {s['bm25_p95_ms']:>8} {s['peak_rss_mb']:>7}"
        )
    lines += [
        "",
        f"{'size':>9} {'kind':>8} {'index':>24} {'build s':>8} {'B/vector':>9} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'recall@10':>9}",
    ]
    lines += [
        f"{s['size']:>9,} {v['kind']:>8} {v['index']:>24} {v['build_s']:>8} {v['bytes_per_passage']:>9} "
        f"{v['search_p50_ms']:>7} {v['search_p95_ms']:>7} {v['recall_at_10']:>9}"
        for s in scale
        for v in s.get("variants", [])
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.bench")
    parser.add_argument("phase", choices=sorted(PHASES))
    parser.add_argument("arg", type=int, help="repeats, or the size for `scale`")
    parser.add_argument("--source")
    parser.add_argument("--index")
    parser.add_argument("--model")
    parser.add_argument("--questions")
    parser.add_argument("--backend")
    args = parser.parse_args(argv)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    settings = Settings.from_env(
        source=args.source,
        index=args.index,
        model=args.model,
        extra_questions=args.questions,
        backend=args.backend,
    )
    print(json.dumps(PHASES[args.phase](settings, args.arg)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
