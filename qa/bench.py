"""`qa bench`: what the pipeline costs beside the encoder, measured side by side in one run.

Each phase runs in its own process so its peak memory (RSS) is its own: ``python -m qa.bench PHASE``
prints one JSON object. Timings are medians over repeats with a warm-up excluded; ratios compare our
pipeline with a bare ``model.encode`` timed in the same process, interleaved, so machine noise hits both.
"""

from __future__ import annotations

import argparse
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
from typing import TYPE_CHECKING, Any, Callable

from qa.settings import DEFAULT_K, Settings

if TYPE_CHECKING:
    import numpy as np

HEAVY = ("torch", "sentence_transformers", "faiss", "gradio", "bm25s")
QUERIES = 100  # search queries per scale size
TOP = 10  # recall@10


def _median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 3)


def _p95_ms(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.95 * (len(ordered) - 1) + 0.5))] * 1000, 3)


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _questions(settings: Settings, index) -> list[str]:
    """Eval questions when a questions file is configured, else the opening words of passages."""
    path = settings.extra_questions
    if path and Path(path).exists():
        return [json.loads(line)["question"] for line in Path(path).read_text().splitlines() if line.strip()]
    return [" ".join(p.text.split()[:12]) for p in index.passages[:40]]


# --- phases (each in its own process) -----------------------------------------------------------

def phase_build(settings: Settings, repeats: int) -> dict[str, Any]:
    """The whole `qa index` pipeline on a fresh index dir, beside a bare batched encode of the same texts
    (every passage and sentence, in one call), interleaved so machine noise hits both."""
    from dataclasses import replace

    from qa.build import _texts, _DocPart, ensure_index
    from qa.embedder import make_embedder

    embedder = make_embedder(settings)
    embedder.encode(["warm-up"])
    pipeline, bare = [], []
    for _ in range(repeats):
        tmp = Path(tempfile.mkdtemp(prefix="qa-bench-"))
        try:
            t0 = time.perf_counter()
            index = ensure_index(replace(settings, index=tmp), embedder, progress=False, warn=lambda _msg: None)
            pipeline.append(time.perf_counter() - t0)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        texts = _texts([_DocPart(d, index.passages[f : f + n], 0) for d, (f, n) in _doc_ranges(settings, index)])
        t0 = time.perf_counter()
        embedder.encode(texts)
        bare.append(time.perf_counter() - t0)
    n, p, b = len(index.passages), statistics.median(pipeline), statistics.median(bare)
    return {"passages": n, "sentences": index.n_sentences, "texts": len(texts), "pipeline_s": round(p, 3),
            "bare_encode_s": round(b, 3), "pipeline_passages_per_s": round(n / p, 1), "ratio": round(b / p, 3),
            "peak_rss_mb": _peak_rss_mb()}


def _doc_ranges(settings: Settings, index) -> list[tuple[Any, tuple[int, int]]]:
    from qa.source import read_corpus

    docs = {d.path: d for d in read_corpus(settings.source, settings.max_file_bytes, lambda _m: None)}
    return [(docs[path], tuple(info["passages"])) for path, info in index.manifest["docs"].items()]


def phase_query(settings: Settings, repeats: int) -> dict[str, Any]:
    """Warm `ask` per question, interleaved with a bare encode of the same question."""
    from qa.engine import Engine

    engine = Engine(settings, progress=False, warn=lambda _msg: None)
    questions = _questions(settings, engine.index)
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
    return {"questions": len(questions), "repeats": repeats,
            "ask_p50_ms": _median_ms(ask), "ask_p95_ms": _p95_ms(ask),
            "encode_p50_ms": _median_ms(encode), "encode_p95_ms": _p95_ms(encode),
            "ratio_p50": round(statistics.median(ask) / statistics.median(encode), 3),
            "peak_rss_mb": _peak_rss_mb()}


def _timed_child(cmd: list[str]) -> tuple[float, float, str]:
    """Wall time, peak RSS (MB) and stdout of a child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, out


# What each backend must import before it can answer: the floor a cold `qa ask` is compared with.
IMPORT_FLOORS = {"torch": "import torch, sentence_transformers, faiss, bm25s, numpy",
                 "onnx": "import onnxruntime, tokenizers, faiss, bm25s, numpy"}


def phase_cold(settings: Settings, repeats: int) -> dict[str, Any]:
    """Process start to first answer, beside the bare import of torch + sentence-transformers (the floor a
    torch-based tool cannot go under) and of what this backend needs."""
    from qa.engine import Engine

    Engine(settings, progress=False, warn=lambda _m: None).ask("warm the index and the exported model")
    py = sys.executable
    floors = {name: [py, "-c", code] for name, code in IMPORT_FLOORS.items()}
    ask = [py, "-m", "qa", "ask", "--json", "-k", "3", "--source", str(settings.source),
           "--index", str(settings.index), "--backend", settings.backend, "When was it published?"]
    helper = [py, "-c", "import sys, qa.cli\ntry: qa.cli.main(['--help'])\nexcept SystemExit: pass\n"
                        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"]
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
    return {"first_answer_s": med["ask"], "torch_floor_s": med["torch"], "onnx_floor_s": med["onnx"],
            "ratio_to_torch_floor": round(med["ask"] / med["torch"], 3), "help_s": med["help"],
            "help_imports_heavy": heavy or "none", "peak_rss_mb": round(max(rss), 1)}


def _synthetic_vectors(base: "np.ndarray", n: int, rng) -> "np.ndarray":
    """Points clustered around real embeddings: each cluster centre is a real passage or sentence vector
    pushed in a random direction (cos ≈ 0.78 to it), each point is near its centre (cos ≈ 0.9), with
    ~100 points per cluster, so neighbours are as crowded as in a large real corpus."""
    import numpy as np

    dim = base.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    centres = max(1, n // 100)
    anchor = base[rng.integers(0, len(base), centres)]
    c = anchor + 0.8 * _unit_rows(rng.standard_normal((centres, dim)).astype(np.float32))
    c = _unit_rows(c)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        owner = rng.integers(0, centres, stop - start)
        noise = _unit_rows(rng.standard_normal((stop - start, dim)).astype(np.float32))
        out[start:stop] = _unit_rows(c[owner] + 0.5 * noise)
    return out


def _unit_rows(x: "np.ndarray") -> "np.ndarray":
    import numpy as np

    return x / np.linalg.norm(x, axis=1, keepdims=True)


def phase_scale(settings: Settings, size: int) -> dict[str, Any]:
    """Search latency, recall@10 against exact search, build time and bytes per passage at ``size``.
    One function on purpose: the measurements share the synthetic data, which is too big to pass around."""
    import faiss
    import numpy as np

    from qa import dense
    from qa.build import ensure_index
    from qa.embedder import make_embedder

    index = ensure_index(settings, make_embedder(settings), progress=False, warn=lambda _m: None)
    base = np.concatenate([dense.vectors(index.passage_index), dense.vectors(index.sentence_index)])
    rng = np.random.default_rng(size)
    data = _synthetic_vectors(base, size, rng)
    picks = rng.integers(0, size, QUERIES)
    queries = _unit_rows(data[picks] + 0.6 * _unit_rows(rng.standard_normal(data[picks].shape).astype(np.float32)))
    exact = faiss.IndexFlatIP(data.shape[1])
    exact.add(data)
    _, truth = exact.search(queries, TOP)
    t0 = time.perf_counter()
    built = dense.build(data)
    build_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        dense.save(built, Path(tmp) / "v.faiss")
        size_bytes = (Path(tmp) / "v.faiss").stat().st_size
    times, hits = [], 0
    for i, q in enumerate(queries):
        t0 = time.perf_counter()
        _, ids = dense.search(built, q, TOP)
        times.append(time.perf_counter() - t0)
        hits += len(set(ids.tolist()) & set(truth[i].tolist()))
    exact_times = []
    for q in queries[:20]:
        t0 = time.perf_counter()
        exact.search(q.reshape(1, -1), TOP)
        exact_times.append(time.perf_counter() - t0)
    del exact, data
    return {"size": size, "index": type(built).__name__, "build_s": round(build_s, 2),
            "bytes_per_passage": round(size_bytes / size, 1), "search_p50_ms": _median_ms(times),
            "search_p95_ms": _p95_ms(times), "exact_p50_ms": _median_ms(exact_times),
            "recall_at_10": round(hits / (TOP * len(queries)), 4), **_bm25_at(index, size, rng),
            "peak_rss_mb": _peak_rss_mb()}


def _bm25_at(index, size: int, rng) -> dict[str, Any]:
    """BM25 build and query latency over ``size`` synthetic documents drawn from the corpus's term mix."""
    from collections import Counter

    import bm25s
    import numpy as np
    from bm25s.tokenization import Tokenized

    from qa.lexical import Lexical, terms

    counts = Counter(t for p in index.passages for t in terms(p.text))
    vocab = {t: i for i, t in enumerate(counts)}
    tail = 50_000  # a Zipf tail of rare terms, as a large corpus has
    vocab.update({f"rare{i}": len(vocab) + i for i in range(tail)})
    weights = np.array(list(counts.values()) + [1.0 / (i + 1) for i in range(tail)], dtype=np.float64)
    weights /= weights.sum()
    ids = rng.choice(len(weights), size=(size, 40), p=weights).tolist()
    t0 = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
    build_s = time.perf_counter() - t0
    del ids
    lexical = Lexical(retriever, size)
    queries = [terms(p.text)[:8] for p in index.passages[:50]]
    times = []
    for q in queries:
        t0 = time.perf_counter()
        scores = lexical.scores(q)
        np.argpartition(-scores, TOP)[:TOP]
        times.append(time.perf_counter() - t0)
    return {"bm25_build_s": round(build_s, 2), "bm25_p50_ms": _median_ms(times), "bm25_p95_ms": _p95_ms(times)}


def phase_backends(settings: Settings, repeats: int) -> dict[str, Any]:
    """Each encoder backend: batch throughput over the corpus's passages, one-question latency, and
    (with a questions file) answer@3 and abstention, so a faster backend is only taken if it is as good.
    Long because each backend's figures are taken in one temporary index that must be cleaned up."""
    from dataclasses import replace

    from qa.build import embed_text
    from qa.engine import Engine
    from qa.evaluate import evaluate, read_cases
    from qa.embedder import BACKENDS

    out: dict[str, Any] = {}
    for backend in BACKENDS:
        tmp = Path(tempfile.mkdtemp(prefix="qa-bench-"))
        try:
            engine = Engine(replace(settings, index=tmp, backend=backend), progress=False, warn=lambda _m: None)
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
            row = {"passages_per_s": round(len(texts) / statistics.median(batch), 1),
                   "one_question_ms": _median_ms(single)}
            if settings.extra_questions and Path(settings.extra_questions).exists():
                report = evaluate(engine, read_cases(Path(settings.extra_questions)))
                row.update({"answer@3": round(report["answer@3"], 3),
                            "abstained": f"{report['unanswerable_abstained']}/{report['unanswerable']}",
                            "wrongly_abstained": report["answerable_abstained"]})
            out[backend] = row
        except Exception as exc:  # a backend whose runtime is missing is reported, not fatal
            out[backend] = {"error": str(exc).splitlines()[0][:120]}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    torch_row = out.get("torch", {})
    for backend, row in out.items():
        if "error" not in row and "error" not in torch_row:
            row["throughput_speedup"] = round(row["passages_per_s"] / torch_row["passages_per_s"], 2)
            row["query_speedup"] = round(torch_row["one_question_ms"] / row["one_question_ms"], 2)
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


# --- served load: a real `qa serve` process, many clients speaking Gradio's HTTP API ----------------

LOAD_CLIENTS = 20
LOAD_PER_CLIENT = 20


def ask_over_http(http, url: str, question: str, k: int = DEFAULT_K, docs: list[str] | None = None) -> dict[str, Any]:
    """One /ask call the way Gradio's HTTP API takes it: post every input (the API takes no defaults over
    HTTP), read the event stream."""
    payload = {"data": [question, k, docs]}
    event_id = http.post(f"{url}/gradio_api/call/ask", json=payload).json()["event_id"]
    with http.stream("GET", f"{url}/gradio_api/call/ask/{event_id}") as reply:
        event = None
        for line in reply.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                if event == "error":
                    raise RuntimeError(f"/ask failed: {line[5:].strip()}")
                return json.loads(line[5:])[0]
    raise RuntimeError("/ask closed without an answer")


def ask_over_rest(http, url: str, question: str, k: int = DEFAULT_K,
                  docs: list[str] | None = None) -> dict[str, Any]:
    """One /v1/ask call (qa/rest.py): a JSON body in, the answer's JSON out."""
    reply = http.post(f"{url}/v1/ask", json={"question": question, "k": k, "docs": docs})
    if reply.status_code != 200:
        raise RuntimeError(f"/v1/ask failed: {reply.status_code} {reply.text[:200]}")
    return reply.json()


def load(url: str, questions: list[str], clients: int = LOAD_CLIENTS, per_client: int = LOAD_PER_CLIENT,
         ask: Callable[..., dict[str, Any]] = ask_over_http) -> tuple[list[tuple[str, Any, float]], float]:
    """``clients`` threads × ``per_client`` questions: (question, reply or error, seconds) and wall time."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def run(client_no: int) -> list[tuple[str, Any, float]]:
        out = []
        with httpx.Client(timeout=60) as http:
            for i in range(per_client):
                question = questions[(client_no * per_client + i) % len(questions)]
                t0 = time.perf_counter()
                try:
                    reply: Any = ask(http, url, question)
                except Exception as exc:  # an error is a result to count, not a crash of the bench
                    reply = exc
                out.append((question, reply, time.perf_counter() - t0))
        return out

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = [r for rows in pool.map(run, range(clients)) for r in rows]
    return results, time.perf_counter() - started


def start_server(settings: Settings, port: int) -> tuple[subprocess.Popen, str]:
    """`qa serve` in its own process, as a user runs it; returns once it answers."""
    import httpx

    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "qa", "serve", "--port", str(port), "--source", str(settings.source),
           "--index", str(settings.index), "--model", settings.model, "--backend", settings.backend]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "QA_CACHE": str(settings.cache), "GRADIO_ANALYTICS_ENABLED": "False"})
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/gradio_api/info", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"qa serve did not start on port {port}")


def bare_encode_rate(embedder, questions: list[str], repeats: int = 3) -> float:
    """Questions per second of a bare one-question encode, one after another (median time)."""
    embedder.encode(questions[:1])
    times = []
    for q in questions * repeats:
        t0 = time.perf_counter()
        embedder.encode([q])
        times.append(time.perf_counter() - t0)
    return 1 / statistics.median(times)


def phase_serve(settings: Settings, repeats: int) -> dict[str, Any]:
    """Served throughput and p95 of 20 clients × 20 questions on each API of one `qa serve` process (the plain
    JSON route and Gradio's queue), beside the bare encode rate on the same encoder settings (one thread, as
    `qa serve` runs it), measured in this run before the load."""

    from qa.embedder import make_embedder
    from qa.engine import Engine

    engine = Engine(settings, progress=False, warn=lambda _m: None)
    questions = _questions(settings, engine.index)
    rate = bare_encode_rate(make_embedder(settings, threads=1), questions)
    proc, url = start_server(settings, _free_port())
    report: dict[str, Any] = {"clients": LOAD_CLIENTS, "per_client": LOAD_PER_CLIENT,
                              "bare_encode_per_s": round(rate, 1)}
    try:
        for name, ask in (("rest", ask_over_rest), ("gradio", ask_over_http)):
            load(url, questions[:4], clients=4, per_client=2, ask=ask)  # warm-up
            results, wall = load(url, questions, ask=ask)
            latencies = sorted(r[2] for r in results)
            served = len(results) / wall
            report[name] = {"requests": len(results), "errors": sum(isinstance(r[1], Exception) for r in results),
                            "served_per_s": round(served, 1),
                            "p95_s": round(latencies[int(0.95 * (len(latencies) - 1))], 3),
                            "ratio": round(served / rate, 3)}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # The plain JSON route's figures are the served ones; Gradio's stay beside them under "gradio".
    return {**report, **report["rest"], "peak_rss_mb": _peak_rss_mb()}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PHASES: dict[str, Callable[..., dict[str, Any]]] = {
    "build": phase_build, "query": phase_query, "cold": phase_cold, "scale": phase_scale,
    "backends": phase_backends, "serve": phase_serve}


# --- the parent: run phases as children, print one table ---------------------------------------

def _child(phase: str, settings: Settings, arg: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "qa.bench", phase, str(arg), "--source", str(settings.source),
           "--index", str(settings.index), "--model", settings.model, "--backend", settings.backend]
    if settings.extra_questions:
        cmd += ["--questions", settings.extra_questions]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{phase} failed: {tail}"}
    return json.loads(lines[-1])


def run(settings: Settings, sizes: list[int], repeats: int, progress: Callable[[str], None]) -> dict[str, Any]:
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
    ("build", "build", "{passages} passages + {sentences} sentences in {pipeline_s} s ({pipeline_passages_per_s} "
                       "passages/s) vs bare encode of the same {texts} texts {bare_encode_s} s: ratio {ratio}, "
                       "peak {peak_rss_mb} MB"),
    ("query", "query", "ask p50/p95 {ask_p50_ms}/{ask_p95_ms} ms vs encode {encode_p50_ms}/{encode_p95_ms} ms "
                       "(p50 ratio {ratio_p50}), peak {peak_rss_mb} MB"),
    ("cold start", "cold", "first answer {first_answer_s} s vs import floors: torch + sentence-transformers "
                           "{torch_floor_s} s (ratio {ratio_to_torch_floor}), onnxruntime {onnx_floor_s} s; "
                           "`qa --help` {help_s} s importing {help_imports_heavy}; peak {peak_rss_mb} MB"),
    ("served", "serve", "{clients} clients x {per_client} questions on /v1/ask: {served_per_s}/s, p95 {p95_s} s, "
                        "{errors} errors vs bare one-question encode {bare_encode_per_s}/s (ratio {ratio}); "
                        "on Gradio's /ask: {gradio[served_per_s]}/s, p95 {gradio[p95_s]} s, {gradio[errors]} "
                        "errors (ratio {gradio[ratio]})"),
]


def table(report: dict[str, Any]) -> str:
    lines = [f"qa bench — {report['date']}, {report['cores']} cores, medians of {report['repeats']} repeats", ""]
    for label, key, describe in ROWS:
        data = report.get(key, {"error": "not run"})
        lines.append(f"{label:<12} {data['error'] if 'error' in data else describe.format(**data)}")
    lines.append("")
    for backend, row in report.get("backends", {}).items():
        if backend == "peak_rss_mb" or not isinstance(row, dict):
            continue
        if "error" in row:
            lines.append(f"backend {backend:<9} {row['error']}")
            continue
        quality = (f", answer@3 {row['answer@3']}, abstained {row['abstained']} (+{row['wrongly_abstained']} wrongly)"
                   if "answer@3" in row else "")
        lines.append(f"backend {backend:<9} {row['passages_per_s']} passages/s (x{row.get('throughput_speedup')}), "
                     f"one question {row['one_question_ms']} ms (x{row.get('query_speedup')}){quality}")
    lines += ["", f"{'size':>9} {'index':>13} {'build s':>8} {'B/passage':>9} {'p50 ms':>7} {'p95 ms':>7} "
                  f"{'exact ms':>8} {'recall@10':>9} {'bm25 build':>10} {'bm25 p50':>8} {'bm25 p95':>8} {'RSS MB':>7}"]
    for s in report["scale"]:
        if "error" in s:
            lines.append(f"{'':>9} {s['error']}")
            continue
        lines.append(f"{s['size']:>9,} {s['index']:>13} {s['build_s']:>8} {s['bytes_per_passage']:>9} "
                     f"{s['search_p50_ms']:>7} {s['search_p95_ms']:>7} {s['exact_p50_ms']:>8} {s['recall_at_10']:>9} "
                     f"{s['bm25_build_s']:>10} {s['bm25_p50_ms']:>8} {s['bm25_p95_ms']:>8} {s['peak_rss_mb']:>7}")
    return "\n".join(lines)


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
    settings = Settings.from_env(source=args.source, index=args.index, model=args.model,
                                 extra_questions=args.questions, backend=args.backend)
    print(json.dumps(PHASES[args.phase](settings, args.arg)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
