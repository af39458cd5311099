"""The command line's surface: which flags each command takes, and how qa's messages reach the terminal.
Light: imports nothing heavy."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from qa.errors import QAError
from qa.settings import DEFAULT_K, OCR_MODES, valid_k


def _whole(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None


def _k(value: str) -> int:
    """-k: the engine's own rule (``settings.valid_k``), checked here too so a bad flag is a usage error."""
    try:
        return valid_k(_whole(value))
    except QAError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(value: str) -> int:
    n = _whole(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return n


# Per command: (flags, keyword arguments) beyond --source/--index (and --model/--backend where a model runs).
COLLECTION_HELP = (
    "only the documents of this collection, the first-level folder under the source folder ('default' for "
    "files directly in it); repeat for several; `qa collections` lists them"
)
OCR_HELP = (
    "when a PDF page is read by OCR: auto (no usable text layer, or an earlier OCR's invisible layer that "
    "reads worse than Tesseract; the default, or QA_OCR), force (every page) or off (the text layer only)"
)
WATCH_HELP = (
    "keep following the source folder: a file added, changed, renamed or removed is indexed within "
    "seconds (or QA_WATCH=1); Ctrl+C stops"
)
OPTIONS: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = {
    "index": [
        (
            ("--ray",),
            dict(
                metavar="ADDRESS",
                help="build on a Ray cluster: 'auto' (the one `ray start` runs "
                "here), 'local' (a private one on this machine) or HOST:PORT (or QA_RAY_ADDRESS); "
                "needs pip install 'qa[cluster]'",
            ),
        ),
        (("--watch",), dict(action="store_true", default=None, help=WATCH_HELP)),
        (("--ocr",), dict(choices=OCR_MODES, help=OCR_HELP)),
    ],
    "ask": [
        (("question",), dict(nargs="?", help="the question (default: read lines from stdin)")),
        (
            ("--doc",),
            dict(
                action="append",
                metavar="NAME",
                help="answer from this document only (repeat for several; path as in `ls source`)",
            ),
        ),
        (("--collection",), dict(action="append", metavar="NAME", help=COLLECTION_HELP)),
    ],
    "verify": [
        (("claim",), dict(nargs="?", help="the claim (default: read lines from stdin)")),
        (("--collection",), dict(action="append", metavar="NAME", help=COLLECTION_HELP)),
    ],
    "collections": [],
    "eval": [
        (
            ("file",),
            dict(
                nargs="?",
                help='questions .jsonl ({"question", "answer"} per line) or a SQuAD-format .json benchmark',
            ),
        ),
        (
            ("--claims",),
            dict(
                metavar="FILE",
                help='claims .jsonl: {"claim", "supported"} per line, optionally "verdict" and "kind"',
            ),
        ),
        (
            ("--held-out",),
            dict(
                type=float,
                metavar="FRACTION",
                help="benchmarks: only this fixed share of "
                "the articles (a dev split by article, the same a training script uses)",
            ),
        ),
        (
            ("--out-of-corpus",),
            dict(
                type=float,
                metavar="FRACTION",
                help="benchmarks: index only part of "
                "the articles and ask about the rest as unanswerable questions",
            ),
        ),
    ],
    "show": [
        (("doc",), dict(help="document path relative to the source dir")),
        (("--layout",), dict(action="store_true", help="list blocks with their role and character span")),
        (
            ("--tables",),
            dict(action="store_true", help="print the tables found, each cell in its row and column"),
        ),
        (("--json",), dict(action="store_true", help='with --tables: {"tables": [...]} as JSON')),
    ],
    "serve": [
        (("--host",), dict(default="127.0.0.1", help="interface to listen on (default 127.0.0.1 only)")),
        (("--watch",), dict(action="store_true", default=None, help=WATCH_HELP)),
        (("--ocr",), dict(choices=OCR_MODES, help=OCR_HELP)),
        (("--port",), dict(type=int, help="default 7860, or QA_PORT")),
        (("--mcp",), dict(action="store_true", help="also expose ask and verify as MCP tools")),
        (
            ("--no-auth",),
            dict(
                action="store_true",
                help="serve without sign-in even on a non-loopback --host or with users defined: "
                "everyone who can reach the port reads every document",
            ),
        ),
        (
            ("--follow",),
            dict(
                action="store_true",
                default=None,
                help="a replica: serve the index a builder (`qa index`) keeps current, never "
                "build, swap to each new generation within a second (or QA_FOLLOW=1)",
            ),
        ),
    ],
    "users": [
        (("action",), dict(choices=("add", "passwd", "remove", "list"), help="what to do")),
        (("name",), dict(nargs="?", help="the user's name (letters, digits, _ . @ -)")),
        (("--read",), dict(metavar="C1,C2", help="collections the user may read ('*': every one)")),
        (
            ("--write",),
            dict(metavar="C1", help="collections the user may add documents to and remove from (and read)"),
        ),
        (("--admin",), dict(action="store_true", help="reads and changes every collection")),
    ],
    "tokens": [
        (("action",), dict(choices=("create", "list", "revoke"), help="what to do")),
        (("name",), dict(nargs="?", help="create/list: the user's name; revoke: the token's number")),
        (("--label",), dict(help="what the token is for (shown by list)")),
    ],
    "bench": [
        (("--sizes",), dict(default="10000,100000,1000000", help="corpus sizes for the scale test")),
        (("--repeats",), dict(type=_positive, default=5, help="repeats per timing (median reported)")),
        (("--questions",), dict(help="questions .jsonl to time queries with")),
    ],
}


ACCOUNTS = ("users", "tokens")  # commands over the users file beside the index: no source, no model


def parser(
    commands: dict[str, Callable[[argparse.Namespace], int]], description: str
) -> argparse.ArgumentParser:
    """``qa COMMAND``: each command's docstring is its help; ``func`` on the parsed namespace runs it."""
    top = argparse.ArgumentParser(prog="qa", description=description)
    top.add_argument("-v", "--verbose", action="store_true", help="log what the index does")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, func in commands.items():
        p = sub.add_parser(name, help=func.__doc__, description=func.__doc__)
        p.set_defaults(func=func)
        if name not in ACCOUNTS:
            p.add_argument("--source", help="documents folder (default ./source, or QA_SOURCE)")
        p.add_argument("--index", help="index folder (default ./index, or QA_INDEX)")
        if name not in ("show", *ACCOUNTS):
            p.add_argument(
                "--model",
                help="sentence-transformers name or path (default: bundled all-MiniLM-L6-v2, or QA_MODEL)",
            )
            p.add_argument(
                "--backend",
                choices=("onnx", "onnx-int8", "torch"),
                help="encoder runtime (default onnx, or QA_BACKEND); torch is the fallback",
            )
        if name in ("ask", "eval"):
            p.add_argument("-k", type=_k, default=None, help=f"passages per answer (default {DEFAULT_K})")
        if name in ("ask", "verify", "eval", "bench"):
            p.add_argument("--json", action="store_true", help="one JSON object per line")
        for flags, kwargs in OPTIONS.get(name, []):
            p.add_argument(*flags, **kwargs)
    return top


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a message comes, not the stream of the first call; a file
    name or text holding terminal control codes is printed without them."""

    stream = property(lambda self: sys.stderr, lambda self, value: None)

    def format(self, record: logging.LogRecord) -> str:
        from qa.text.controls import printable

        return printable(super().format(record))


def setup_logging(verbose: bool) -> None:
    """qa's own messages as "qa: …" lines on stderr; library chatter off."""
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("qa: %(message)s"))
    log = logging.getLogger("qa")
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    log.propagate = False
    # Library chatter (weight-loading bars, hub notices) is not for our users' terminals.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
