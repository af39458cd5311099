"""`qa bench` phases on the corpus itself: build, query and cold start beside the bare encoder, and backends.

Each runs in its own process (see qa/measure/bench.py), so its peak memory is its own.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from qa.measure.stats import median_ms, p95_ms
from qa.settings import Settings

HEAVY = ("torch", "sentence_transformers", "faiss", "gradio", "bm25s")


def settings_args(settings: Settings) -> list[str]:
    """The flags that give a child `qa` process these settings' documents, index, model and backend."""
    return ["--source", str(settings.source), "--index", str(settings.index), "--model", settings.model,
            "--backend", settings.backend]  # fmt: skip


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def questions_for(settings: Settings, index) -> list[str]:
    """Eval questions when a questions file is configured, else the opening words of passages."""
    path = settings.extra_questions
    if path and Path(path).exists():
        return [json.loads(line)["question"] for line in Path(path).read_text().splitlines() if line.strip()]
    return [" ".join(p.text.split()[:12]) for p in index.passages[:40]]


def phase_build(settings: Settings, repeats: int) -> dict[str, Any]:
    """The whole `qa index` pipeline on a fresh index dir, beside a bare batched encode of the same texts
    (every passage and sentence, in one call), interleaved so machine noise hits both."""
    from dataclasses import replace

    from qa.encode.factory import make_embedder
    from qa.index.build import ensure_index
    from qa.index.parts import encoder_texts

    embedder = make_embedder(settings)
    embedder.encode(["warm-up"])
    pipeline, bare = [], []
    for _ in range(repeats):
        tmp = Path(tempfile.mkdtemp(prefix="qa-bench-"))
        try:
            t0 = time.perf_counter()
            index = ensure_index(
                replace(settings, index=tmp), embedder, progress=False, warn=lambda _msg: None
            )
            pipeline.append(time.perf_counter() - t0)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        texts = encoder_texts(_parts(settings, index))
        t0 = time.perf_counter()
        embedder.encode(texts)
        bare.append(time.perf_counter() - t0)
    n, p, b = len(index.passages), statistics.median(pipeline), statistics.median(bare)
    return {
        "passages": n,
        "sentences": index.n_sentences,
        "texts": len(texts),
        "pipeline_s": round(p, 3),
        "bare_encode_s": round(b, 3),
        "pipeline_passages_per_s": round(n / p, 1),
        "ratio": round(b / p, 3),
        "peak_rss_mb": peak_rss_mb(),
    }


def _parts(settings: Settings, index) -> list:
    """The built index's documents as the encoder saw them (what a bare encode of the same texts reads)."""
    from qa.document.source import read_corpus
    from qa.index.parts import DocPart

    docs = {
        d.path: d
        for d in read_corpus(
            settings.source, settings.max_file_bytes, lambda _m: None, ocr_langs=settings.ocr_langs
        )
    }
    return [DocPart(docs[e.path], index.passages[e.first : e.end], 0) for e in index.manifest.documents]


def phase_query(settings: Settings, repeats: int) -> dict[str, Any]:
    """Warm `ask` per question, interleaved with a bare encode of the same question."""
    from qa.engine import Engine

    engine = Engine(settings, progress=False, warn=lambda _msg: None)
    questions = questions_for(settings, engine.index)
    engine.ask(questions[0])
    engine.embedder.encode([questions[0]])
    ask, encode = [], []
    for _ in range(repeats):
        for q in questions:
            t0 = time.perf_counter()
            engine.embedder.encode([q])
            t1 = time.perf_counter()
            engine.ask(q)
            t2 = time.perf_counter()
            encode.append(t1 - t0)
            ask.append(t2 - t1)
    return {
        "questions": len(questions),
        "repeats": repeats,
        "ask_p50_ms": median_ms(ask),
        "ask_p95_ms": p95_ms(ask),
        "encode_p50_ms": median_ms(encode),
        "encode_p95_ms": p95_ms(encode),
        "ratio_p50": round(statistics.median(ask) / statistics.median(encode), 3),
        "peak_rss_mb": peak_rss_mb(),
    }


def _timed_child(cmd: list[str]) -> tuple[float, float, str]:
    """Wall time, peak RSS (MB) and stdout of a child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, out


# What each backend must import before it can answer: the floor a cold `qa ask` is compared with.
IMPORT_FLOORS = {
    "torch": "import torch, sentence_transformers, faiss, bm25s, numpy",
    "onnx": "import onnxruntime, tokenizers, faiss, bm25s, numpy",
}


def phase_cold(settings: Settings, repeats: int) -> dict[str, Any]:
    """Process start to first answer, beside the bare import of torch + sentence-transformers (the floor a
    torch-based tool cannot go under) and of what this backend needs."""
    from qa.engine import Engine

    Engine(settings, progress=False, warn=lambda _m: None).ask("warm the index and the exported model")
    py = sys.executable
    floors = {name: [py, "-c", code] for name, code in IMPORT_FLOORS.items()}
    ask = [py, "-m", "qa", "ask", "--json", "-k", "3", *settings_args(settings), "When was it published?"]
    helper = [
        py,
        "-c",
        "import sys, qa.ui.cli\ntry: qa.ui.cli.main(['--help'])\nexcept SystemExit: pass\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))",
    ]
    times: dict[str, list[float]] = {"torch": [], "onnx": [], "ask": [], "help": []}
    rss, out = [], ""
    for _ in range(repeats):
        for name, cmd in floors.items():
            times[name].append(_timed_child(cmd)[0])
        wall, peak, _ = _timed_child(ask)
        times["ask"].append(wall)
        rss.append(peak)
        wall, _, out = _timed_child(helper)
        times["help"].append(wall)
    med = {k: round(statistics.median(v), 3) for k, v in times.items()}
    heavy = next((line[6:] for line in out.splitlines() if line.startswith("HEAVY=")), "")
    return {
        "first_answer_s": med["ask"],
        "torch_floor_s": med["torch"],
        "onnx_floor_s": med["onnx"],
        "ratio_to_torch_floor": round(med["ask"] / med["torch"], 3),
        "help_s": med["help"],
        "help_imports_heavy": heavy or "none",
        "peak_rss_mb": round(max(rss), 1),
    }


def _backend_row(engine: Any, repeats: int, questions: str | None) -> dict[str, Any]:
    """One backend's figures: passages encoded a second, one question's encode, and (with a questions
    file) answer@3 and abstention."""
    from qa.index.views import embed_text
    from qa.measure.evaluate import evaluate, read_cases

    texts = [embed_text(p) for p in engine.index.passages]
    engine.embedder.encode(texts[:8])
    batch, single = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        engine.embedder.encode(texts)
        batch.append(time.perf_counter() - t0)
        for q in texts[:20]:
            t0 = time.perf_counter()
            engine.embedder.encode([q[:80]])
            single.append(time.perf_counter() - t0)
    row: dict[str, Any] = {
        "passages_per_s": round(len(texts) / statistics.median(batch), 1),
        "one_question_ms": median_ms(single),
    }
    if questions and Path(questions).exists():
        report = evaluate(engine, read_cases(Path(questions)))
        row["answer@3"] = round(report["answer@3"], 3)
        row["abstained"] = f"{report['unanswerable_abstained']}/{report['unanswerable']}"
        row["wrongly_abstained"] = report["answerable_abstained"]
    return row


def phase_backends(settings: Settings, repeats: int) -> dict[str, Any]:
    """Each encoder backend: batch throughput over the corpus's passages, one-question latency, and
    (with a questions file) answer@3 and abstention, so a faster backend is only taken if it is as good;
    each in a temporary index, cleaned up after."""
    from dataclasses import replace

    from qa.encode.base import BACKENDS
    from qa.engine import Engine

    out: dict[str, Any] = {}
    for backend in BACKENDS:
        tmp = Path(tempfile.mkdtemp(prefix="qa-bench-"))
        try:
            engine = Engine(
                replace(settings, index=tmp, backend=backend), progress=False, warn=lambda _m: None
            )
            out[backend] = _backend_row(engine, repeats, settings.extra_questions)
        except Exception as exc:  # a backend whose runtime is missing is reported, not fatal
            out[backend] = {"error": str(exc).splitlines()[0][:120]}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    torch_row = out.get("torch", {})
    for row in out.values():
        if "error" not in row and "error" not in torch_row:
            row["throughput_speedup"] = round(row["passages_per_s"] / torch_row["passages_per_s"], 2)
            row["query_speedup"] = round(torch_row["one_question_ms"] / row["one_question_ms"], 2)
    out["peak_rss_mb"] = peak_rss_mb()
    return out
