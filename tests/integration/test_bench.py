"""`qa bench` runs end to end at a tiny size and reports every field (timings themselves are not judged)."""

from __future__ import annotations

import json

from tests.integration.test_cli import qa

FIELDS = {
    "build": {
        "passages",
        "sentences",
        "texts",
        "pipeline_s",
        "bare_encode_s",
        "pipeline_passages_per_s",
        "ratio",
        "peak_rss_mb",
    },
    "query": {
        "questions",
        "ask_p50_ms",
        "ask_p95_ms",
        "encode_p50_ms",
        "encode_p95_ms",
        "ratio_p50",
        "peak_rss_mb",
    },
    "cold": {
        "first_answer_s",
        "torch_floor_s",
        "onnx_floor_s",
        "ratio_to_torch_floor",
        "help_s",
        "help_imports_heavy",
        "peak_rss_mb",
    },
    "serve": {
        "requests",
        "clients",
        "per_client",
        "errors",
        "served_per_s",
        "p95_s",
        "bare_encode_per_s",
        "ratio",
        "peak_rss_mb",
    },
}
SCALE = {
    "size",
    "index",
    "build_s",
    "bytes_per_passage",
    "search_p50_ms",
    "search_p95_ms",
    "exact_p50_ms",
    "recall_at_10",
    "bm25_build_s",
    "bm25_p50_ms",
    "bm25_p95_ms",
    "peak_rss_mb",
}


def test_bench_reports_every_field(corpus, tmp_path):
    proc = qa(
        "bench",
        "--json",
        "--sizes",
        "300",
        "--repeats",
        "1",
        "--source",
        str(corpus),
        "--index",
        str(tmp_path / "index"),
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    for phase, fields in FIELDS.items():
        assert fields <= set(report[phase]), (phase, report[phase])
    (scale,) = report["scale"]
    assert SCALE <= set(scale)
    assert scale["size"] == 300 and scale["recall_at_10"] == 1.0  # exact search below the IVF threshold
    assert report["cold"]["help_imports_heavy"] == "none"
    assert report["build"]["passages"] > 0 and report["cores"] >= 1
    assert report["serve"]["errors"] == 0 and report["serve"]["requests"] == 400
    assert report["serve"]["gradio"]["errors"] == 0 and report["serve"]["gradio"]["requests"] == 400
