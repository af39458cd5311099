"""What sign-in costs a served question: two `qa serve` processes over copies of one index, one with users
(every request carries a token, checked by qa/ui/signin.py) and one without, loaded in turn by 20 clients
on /v1/ask, alternating so machine noise hits both. ``python -m qa.measure.signin [--repeats N]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa.measure.load import ask_over_rest, free_port, load, start_server
from qa.measure.phases import questions_for
from qa.measure.stats import percentile
from qa.settings import Settings


def _servers(settings: Settings, root: Path) -> dict[str, tuple[Any, str, dict[str, str] | None]]:
    """ "off" and "on": (process, url, headers) of a server without users and one with a reader and a
    token."""
    from qa.access.store import Users

    out: dict[str, tuple[Any, str, dict[str, str] | None]] = {}
    for name in ("off", "on"):
        index = root / name
        shutil.copytree(settings.index, index)
        headers = None
        if name == "on":
            users = Users(index)
            users.add("reader", "a-long-password", read="*")
            headers = {"Authorization": f"Bearer {users.create_token('reader')[1]}"}
        proc, url = start_server(replace(settings, index=index), free_port(), headers=headers)
        out[name] = (proc, url, headers)
    return out


def measure(settings: Settings, repeats: int = 3) -> dict[str, Any]:
    """Median served questions/s and p95 with sign-in off and on, and their ratio."""
    from qa.engine import Engine

    questions = questions_for(settings, Engine(settings, progress=False, warn=lambda _m: None).index)
    runs: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
    with tempfile.TemporaryDirectory(prefix="qa-signin-") as tmp:
        servers = _servers(settings, Path(tmp))
        try:
            for _, url, headers in servers.values():  # warm-up
                load(url, questions[:4], clients=4, per_client=2, ask=ask_over_rest, headers=headers)
            for _ in range(repeats):
                for name, (_, url, headers) in servers.items():
                    results, wall = load(url, questions, ask=ask_over_rest, headers=headers)
                    assert not any(isinstance(r[1], Exception) for r in results), (
                        f"errors with sign-in {name}"
                    )
                    runs[name].append((len(results) / wall, percentile([r[2] for r in results], 0.95)))
        finally:
            for proc, _, _ in servers.values():
                proc.terminate()
                proc.wait(timeout=30)
    served = {name: statistics.median(r[0] for r in rows) for name, rows in runs.items()}
    report: dict[str, Any] = {
        name: {"served_per_s": round(served[name], 1),
               "p95_s": round(statistics.median(r[1] for r in rows), 3), "runs": len(rows)}
        for name, rows in runs.items()
    }  # fmt: skip
    report["ratio_on_off"] = round(served["on"] / served["off"], 3)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    settings = Settings.from_env()
    print(json.dumps(measure(settings, args.repeats), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
