"""Keep the best of several training runs: ``python -m qa.train.pick RUN... --into FOLDER``.

A lent GPU trains a few learning rates side by side (``qa/train/gpu.sh``); the run whose final dev score is
best (the share of unanswerable questions abstained at 0.10 of answerable ones wrongly, plus span F1, both on
held-out articles) is written to ``FOLDER`` as half-precision weights in parts small enough to come back, with
every run's learning curve beside them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# What comes back from the lent machine: files of at most 16 MiB each.
PART_BYTES = 15 * 2**20


def best(runs: list[Path]) -> Path:
    """The run with the best final dev score (abstained + F1); a run that did not finish counts last."""

    def final(run: Path) -> float:
        try:
            last = json.loads((run / "curve.json").read_text())[-1]
        except (OSError, ValueError, IndexError):
            return -1.0
        return last["abstained"] + last["f1"] if last.get("final") else -1.0

    return max(runs, key=final)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m qa.train.pick", description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+")
    parser.add_argument("--into", type=Path, required=True)
    args = parser.parse_args(argv)
    from qa.train.reader import weights

    args.into.mkdir(parents=True, exist_ok=True)
    chosen = best(args.runs)
    curves = {
        run.name: json.loads((run / "curve.json").read_text())
        for run in args.runs
        if (run / "curve.json").exists()
    }
    (args.into / "curves.json").write_text(json.dumps(curves, indent=1))
    whole = args.into / "weights.pt"
    weights(chosen, whole)
    data = whole.read_bytes()
    whole.unlink()
    for k in range(0, len(data), PART_BYTES):
        (args.into / f"weights.pt.{k // PART_BYTES}").write_bytes(data[k : k + PART_BYTES])
    (args.into / "chosen.txt").write_text(f"{chosen.name}\n")
    print(f"chose {chosen.name}")


if __name__ == "__main__":
    main()
