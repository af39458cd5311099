"""Served load: a real `qa serve` process, many clients speaking its HTTP APIs, beside the bare encode
rate."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from qa.measure.phases import peak_rss_mb, questions_for, settings_args
from qa.measure.stats import percentile
from qa.settings import DEFAULT_K, Settings

LOAD_CLIENTS = 20
LOAD_PER_CLIENT = 20


def ask_over_http(
    http, url: str, question: str, k: int = DEFAULT_K, docs: list[str] | None = None
) -> dict[str, Any]:
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


def ask_over_rest(
    http, url: str, question: str, k: int = DEFAULT_K, docs: list[str] | None = None
) -> dict[str, Any]:
    """One /v1/ask call (qa/ui/rest.py): a JSON body in, the answer's JSON out."""
    reply = http.post(f"{url}/v1/ask", json={"question": question, "k": k, "docs": docs})
    if reply.status_code != 200:
        raise RuntimeError(f"/v1/ask failed: {reply.status_code} {reply.text[:200]}")
    return reply.json()


def load(
    url: str,
    questions: list[str],
    clients: int = LOAD_CLIENTS,
    per_client: int = LOAD_PER_CLIENT,
    ask: Callable[..., dict[str, Any]] = ask_over_http,
    headers: dict[str, str] | None = None,
) -> tuple[list[tuple[str, Any, float]], float]:
    """``clients`` threads × ``per_client`` questions (with ``headers``: a token), each a (question, reply
    or error, seconds), and the wall time."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def run(client_no: int) -> list[tuple[str, Any, float]]:
        out = []
        with httpx.Client(timeout=60, headers=headers) as http:
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


def start_server(
    settings: Settings, port: int, follow: bool = False, headers: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """`qa serve` in its own process, as a user runs it (``follow``: as a replica); returns once it
    answers (to ``headers``: a token, where users sign in)."""
    import httpx

    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "qa", "serve", "--port", str(port), *settings_args(settings)]
    cmd += ["--follow"] if follow else []
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "QA_CACHE": str(settings.cache), "GRADIO_ANALYTICS_ENABLED": "False"},
    )
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/gradio_api/info", timeout=2, headers=headers).status_code == 200:
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

    from qa.encode.factory import make_embedder
    from qa.engine import Engine

    engine = Engine(settings, progress=False, warn=lambda _m: None)
    questions = questions_for(settings, engine.index)
    rate = bare_encode_rate(make_embedder(settings, threads=1), questions)
    proc, url = start_server(settings, free_port())
    report: dict[str, Any] = {
        "clients": LOAD_CLIENTS,
        "per_client": LOAD_PER_CLIENT,
        "bare_encode_per_s": round(rate, 1),
    }
    try:
        for name, ask in (("rest", ask_over_rest), ("gradio", ask_over_http)):
            load(url, questions[:4], clients=4, per_client=2, ask=ask)  # warm-up
            results, wall = load(url, questions, ask=ask)
            latencies = [r[2] for r in results]
            served = len(results) / wall
            report[name] = {
                "requests": len(results),
                "errors": sum(isinstance(r[1], Exception) for r in results),
                "served_per_s": round(served, 1),
                "p95_s": round(percentile(latencies, 0.95), 3),
                "ratio": round(served / rate, 3),
            }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # The plain JSON route's figures are the served ones; Gradio's stay beside them under "gradio".
    return {**report, **report["rest"], "peak_rss_mb": peak_rss_mb()}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
