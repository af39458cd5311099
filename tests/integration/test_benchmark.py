"""`qa eval` on a SQuAD-format benchmark with the real model: scored by gold span."""

from __future__ import annotations

from pathlib import Path

from qa.measure.evaluate import evaluate_benchmark
from tests.conftest import make_engine


def test_eval_on_a_benchmark_scores_by_gold_span(tmp_path: Path, squad_file: Path, embedder) -> None:
    def engine_for(source: Path, index: Path):
        return make_engine(source, index, embedder)

    report = evaluate_benchmark(engine_for, tmp_path / "cache", squad_file, k=5)
    assert report["questions"] == 4 and report["documents"] == 2 and report["answerable"] == 3
    assert report["answer@1"] == 1.0 and report["doc@1"] == 1.0
    assert (
        report["in_corpus_unanswerable"] == 1
    )  # SQuAD 2.0's impossible question, asked about its own article
    assert 0 < report["answer_f1"] <= 1 and 0 <= report["answer_em"] <= report["answer_f1"]
    assert set(report["ablations"]) == {"bm25", "dense passage", "dense sentence"}
    assert report["latency_ms"]["p50"] > 0 and report["ratio_p50"] > 0

    ooc = evaluate_benchmark(engine_for, tmp_path / "cache", squad_file, k=5, out_of_corpus=0.5)
    assert ooc["left_out"] == 1 and ooc["unanswerable"] + ooc["answerable"] == 4
    assert ooc["abstention_curve"] and all(0 <= p["abstained"] <= 1 for p in ooc["abstention_curve"])


def test_eval_on_the_held_out_articles_only(tmp_path: Path, squad_file: Path, embedder) -> None:
    report = evaluate_benchmark(
        lambda s, i: make_engine(s, i, embedder), tmp_path / "cache", squad_file, k=5, held_out=0.5
    )
    assert report["documents"] == 1 and report["held_out"] == 0.5
    assert report["questions"] in (1, 3)  # one whole article's questions
