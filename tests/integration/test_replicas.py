"""Several `qa serve --follow` replicas over one index folder (shared storage): identical answers, no errors
under load while a builder commits a new generation, and the new documents answerable on every replica
within seconds of the switch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import replace

from qa.measure.evaluate import read_cases
from tests.conftest import QUESTIONS

NEW_DOC = (
    "The Lindenfeld lantern regatta is held every April on the river Aule, where two hundred boats "
    "carry paper lanterns past the old mill.\n"
)
NEW_QUESTION = "When is the Lindenfeld lantern regatta held?"
SWITCH_WITHIN_S = 5.0  # the acceptance bound: new documents answerable on every replica within 5 s


def _top_doc(http, url: str, question: str) -> str | None:
    from qa.measure.load import ask_over_rest

    cited = ask_over_rest(http, url, question)["passages"]
    return cited[0]["doc"] if cited else None


def test_two_replicas_under_20_clients_switch_to_a_rebuild_without_errors(
    tmp_path_factory, article_engine, model_cache
):
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from qa.measure.load import ask_over_rest, free_port, start_server

    root = tmp_path_factory.mktemp("shared")
    shutil.copytree(article_engine.settings.source, root / "source")
    shutil.copytree(article_engine.settings.index, root / "index")
    settings = replace(
        article_engine.settings, source=root / "source", index=root / "index", cache=model_cache
    )
    replicas = [start_server(settings, free_port(), follow=True) for _ in range(2)]
    urls = [url for _, url in replicas]
    questions = [c.question for c in read_cases(QUESTIONS)]
    stop, results = threading.Event(), []

    def client(number: int) -> None:  # a plain round-robin: each request goes to the next replica
        with httpx.Client(timeout=60) as http:
            i = number
            while not stop.is_set():
                try:
                    ask_over_rest(http, urls[i % 2], questions[i % len(questions)])
                    results.append(None)
                except Exception as exc:  # every failure is counted
                    results.append(exc)
                i += 1

    try:
        with httpx.Client(timeout=60) as http:
            first = [[ask_over_rest(http, url, q) for q in questions[:8]] for url in urls]
            assert first[0] == first[1]  # the replicas answer identically
            assert _top_doc(http, urls[0], NEW_QUESTION) != "regatta.txt"
            with ThreadPoolExecutor(20) as pool:
                for n in range(20):
                    pool.submit(client, n)
                time.sleep(2)
                (root / "source" / "regatta.txt").write_text(NEW_DOC, encoding="utf-8")
                build = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "qa",
                        "index",
                        "--source",
                        str(root / "source"),
                        "--index",
                        str(root / "index"),
                    ],
                    capture_output=True,
                    text=True,
                    env={**os.environ, "QA_CACHE": str(model_cache)},
                )
                assert build.returncode == 0, build.stderr
                switched = (root / "index" / "CURRENT").stat().st_mtime
                seen = {}
                while len(seen) < 2 and time.time() - switched < 30:
                    for url in urls:
                        if url not in seen and _top_doc(http, url, NEW_QUESTION) == "regatta.txt":
                            seen[url] = time.time() - switched
                    time.sleep(0.1)
                time.sleep(1)
                stop.set()
    finally:
        stop.set()
        for proc, _ in replicas:
            proc.terminate()
            proc.wait(timeout=30)
    errors = [r for r in results if r is not None]
    print(
        f"\nreplicas: {len(results)} requests, {len(errors)} errors, new document answerable after "
        f"{sorted(round(s, 2) for s in seen.values())} s"
    )
    assert len(results) > 40 and not errors, errors[:3]
    assert len(seen) == 2 and max(seen.values()) <= SWITCH_WITHIN_S, seen
