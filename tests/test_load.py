"""Load on a live server: 200 questions from 20 concurrent clients, and a full queue that says so."""

from __future__ import annotations

import json
import shutil
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from qa.evaluate import percentile, read_cases
from tests.conftest import QUESTIONS, make_engine

CLIENTS = 20
REQUESTS = 200


def _launch(tmp_path_factory, embedder, article_engine, **settings):
    from qa.web import serve

    root = tmp_path_factory.mktemp("load")
    shutil.copytree(article_engine.settings.source, root / "source")
    shutil.copytree(article_engine.settings.index, root / "index")
    engine = make_engine(root / "source", root / "index", embedder, **settings)
    demo, url = serve(engine, port=None, prevent_thread_lock=True, quiet=True)
    return engine, demo, url


@pytest.mark.slow
def test_200_questions_from_20_clients(tmp_path_factory, embedder, article_engine):
    from gradio_client import Client

    engine, demo, url = _launch(tmp_path_factory, embedder, article_engine)
    try:
        questions = [c.question for c in read_cases(QUESTIONS)]
        expected = {q: engine.ask(q).to_json() for q in questions}
        work = [questions[i % len(questions)] for i in range(REQUESTS)]
        clients = [Client(url, verbose=False) for _ in range(CLIENTS)]

        def run(i: int) -> tuple[str, dict, float]:
            t0 = time.perf_counter()
            reply = clients[i % CLIENTS].predict(work[i], 5, api_name="/ask")
            return work[i], reply, time.perf_counter() - t0

        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(run, range(REQUESTS)))
        elapsed = time.perf_counter() - started
    finally:
        demo.close()
    latencies = [r[2] for r in results]
    for question, reply, _ in results:
        assert reply == expected[question]  # every reply is the correct answer, not just some JSON
    figures = {"requests": REQUESTS, "clients": CLIENTS, "errors": 0, "seconds": round(elapsed, 2),
               "throughput_per_s": round(REQUESTS / elapsed, 2),
               "p50_ms": round(statistics.median(latencies) * 1000), "p95_ms": round(percentile(latencies, 0.95) * 1000)}
    print("\nload test:", json.dumps(figures))


def test_full_queue_says_busy_instead_of_hanging(tmp_path_factory, embedder, article_engine):
    from gradio_client import Client

    engine, demo, url = _launch(tmp_path_factory, embedder, article_engine, concurrency=1, queue_size=1)
    try:
        client = Client(url, verbose=False)
        long_claim = " ".join(["Over 98% of bulk food samples passed the safety evaluation."] * 40)
        jobs = [client.submit(long_claim, api_name="/verify") for _ in range(8)]
        outcomes = []
        started = time.perf_counter()
        for job in jobs:
            try:
                job.result(timeout=120)
                outcomes.append("ok")
            except Exception as exc:  # noqa: BLE001 - what the client raises is what we inspect
                outcomes.append(f"{type(exc).__name__}: {exc}")
        assert time.perf_counter() - started < 120
    finally:
        demo.close()
    busy = [o for o in outcomes if o != "ok"]
    print("\nqueue full:", outcomes)
    assert "ok" in outcomes
    assert busy, outcomes
    assert all("full" in o.lower() or "busy" in o.lower() for o in busy), busy


def test_settings_are_used_for_the_queue():
    from qa.settings import Settings

    s = Settings.from_env({"QA_QUEUE_SIZE": "3", "QA_CONCURRENCY": "1"})
    assert (s.concurrency, s.queue_size) == (1, 3)
