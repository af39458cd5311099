"""Load on a live server: 200 questions from 20 concurrent clients, and a full queue that says so."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from qa.measure.evaluate import read_cases
from qa.measure.stats import percentile
from tests.conftest import QUESTIONS, make_engine

# Issue 10's latency target on this 2-core machine. Throughput is asserted against the bare one-question
# encode rate measured in the same run, with room for a slower or busier CI machine: `qa bench` reports the
# ratios (docs/performance.md). The plain JSON route's floor is issue 10's target, 0.5; Gradio's own
# request path (two requests and its queue per question) is the limit there, so its floor stays at 0.25.
# The reader reads one window per answered question and three for the others (issue 31): measured 49.5 and
# 37.6 questions/s against a bare encode's ~205 (0.24 and 0.18; issue 19's reader 0.22 and 0.17), p95 0.88 and
# 0.76 s. Issue 31 asks ≥ 1× with p95 ≤ 1 s: the p95 is met, the rate is not (docs/performance.md). With
# windows padded to 16 pieces, not 64 (2026-12-05, side by side in one session): 62.7–66.5 and 43.8/s against
# ~210 (0.30 and 0.20), against 52.2 and 35.7 (0.23 and 0.16) before. The floors are three quarters of what
# is measured, raised from 0.18 and 0.13 (issue 19's were 0.12 and 0.09).
MAX_P95_S = 2.0
MIN_RATE_VS_ENCODE = {"rest": 0.22, "gradio": 0.15}


def _launch(tmp_path_factory, embedder, article_engine, **settings):
    from qa.ui.web import serve

    root = tmp_path_factory.mktemp("load")
    shutil.copytree(article_engine.settings.source, root / "source")
    shutil.copytree(article_engine.settings.index, root / "index")
    engine = make_engine(root / "source", root / "index", embedder, **settings)
    demo, url = serve(engine, port=None, prevent_thread_lock=True, quiet=True)
    return engine, demo, url.rstrip("/")


@pytest.mark.slow
@pytest.mark.parametrize("route", ["rest", "gradio"])
def test_20_clients_asking_20_questions_each(tmp_path_factory, embedder, article_engine, model_cache, route):
    """A real `qa serve` process under 400 questions from 20 HTTP clients, on the plain JSON route and on
    Gradio's: no errors, the engine's own answers (batched encodes change nothing), p95 within target."""
    from dataclasses import replace

    from qa.encode.factory import make_embedder
    from qa.measure.load import (
        LOAD_CLIENTS,
        LOAD_PER_CLIENT,
        ask_over_http,
        ask_over_rest,
        bare_encode_rate,
        free_port,
        load,
        start_server,
    )

    root = tmp_path_factory.mktemp("served")
    shutil.copytree(article_engine.settings.source, root / "source")
    shutil.copytree(article_engine.settings.index, root / "index")
    settings = replace(
        article_engine.settings, source=root / "source", index=root / "index", cache=model_cache
    )
    questions = [c.question for c in read_cases(QUESTIONS)]
    expected = {q: article_engine.ask(q).to_json() for q in questions}
    rate = bare_encode_rate(make_embedder(settings, threads=1), questions)
    proc, url = start_server(settings, free_port())
    try:
        results, wall = load(url, questions, ask=ask_over_rest if route == "rest" else ask_over_http)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    latencies = [r[2] for r in results]
    figures = {
        "route": route,
        "requests": len(results),
        "rate": round(len(results) / wall, 1),
        "bare_encode_rate": round(rate, 1),
        "p95_s": round(percentile(latencies, 0.95), 3),
    }
    print("\nload test:", json.dumps(figures))
    assert len(results) == LOAD_CLIENTS * LOAD_PER_CLIENT
    errors = [r[1] for r in results if isinstance(r[1], Exception)]
    assert not errors, errors[:3]
    for question, reply, _ in results:
        assert reply == expected[question]  # every reply is the engine's own answer, batched or not
    assert figures["p95_s"] <= MAX_P95_S
    assert figures["rate"] >= MIN_RATE_VS_ENCODE[route] * rate, figures


def test_rest_routes_answer_in_json_and_say_what_is_wrong(tmp_path_factory, embedder, article_engine):
    import httpx

    engine, demo, url = _launch(tmp_path_factory, embedder, article_engine)
    try:
        with httpx.Client(timeout=60) as http:
            asked = http.post(f"{url}/v1/ask", json={"question": "How many firefighters are there?", "k": 2})
            checked = http.post(
                f"{url}/v1/verify", json={"claim": "The income distribution gap is widening."}
            )
            empty = http.post(f"{url}/v1/ask", json={"question": "  "})
            unknown = http.post(f"{url}/v1/ask", json={"question": "x", "docs": ["nope.txt"]})
            too_many = http.post(f"{url}/v1/ask", json={"question": "x", "k": 1000})
            malformed = http.post(f"{url}/v1/ask", json={"question": "x", "k": "many"})
    finally:
        demo.close()
    assert (
        asked.status_code == 200
        and asked.json() == engine.ask("How many firefighters are there?", 2).to_json()
    )
    assert checked.json()["verdict"] == "contradicted"
    codes = (empty.status_code, unknown.status_code, too_many.status_code, malformed.status_code)
    # A bad question is the engine's 400; a body that is not what the route takes (k out of 1–100, or not a
    # whole number) is 422, in one line with the engine's own words for k.
    assert codes == (400, 400, 422, 422)
    assert "empty" in empty.json()["error"] and "nope.txt" in unknown.json()["error"]
    assert "choose a whole number from 1 to 100" in too_many.json()["error"]


def test_busy_rest_route_says_so(tmp_path_factory, embedder, article_engine):
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    _, demo, url = _launch(tmp_path_factory, embedder, article_engine, concurrency=1, queue_size=1)
    long_claim = " ".join(["Over 98% of bulk food samples passed the safety evaluation."] * 40)
    try:
        with ThreadPoolExecutor(8) as pool:
            replies = list(
                pool.map(
                    lambda _: httpx.post(f"{url}/v1/verify", json={"claim": long_claim}, timeout=120),
                    range(8),
                )
            )
    finally:
        demo.close()
    codes = [r.status_code for r in replies]
    assert 200 in codes and 503 in codes, codes
    assert all("busy" in r.json()["error"] for r in replies if r.status_code == 503)


def test_concurrent_questions_share_one_encode(article_engine):
    """Questions arriving together are encoded in fewer calls than questions, with the same answers."""
    from concurrent.futures import ThreadPoolExecutor

    from qa.encode.batching import EncodeBatcher

    questions = [c.question for c in read_cases(QUESTIONS)]
    alone = {q: article_engine.embedder.encode([q])[0] for q in questions}
    batcher = EncodeBatcher(article_engine.embedder)
    with ThreadPoolExecutor(16) as pool:
        vectors = list(pool.map(batcher.encode, questions * 4))
    for q, v in zip(questions * 4, vectors):
        assert (v == alone[q]).all()  # bitwise: a padded batch changes no vector
    assert sum(batcher.batches) == len(questions) * 4
    assert len(batcher.batches) < len(questions) * 4


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
