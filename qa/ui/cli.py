"""The ``qa`` command: index documents, ask questions, check claims, evaluate, show, serve the web app.
Arguments → ``Settings`` → ``Engine`` → ``qa.ui.render``; every ordinary failure is one line and a non-zero
exit.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from qa.errors import QAError
from qa.text.controls import printable
from qa.ui.accounts import cmd_tokens, cmd_users
from qa.ui.args import parser, setup_logging

if TYPE_CHECKING:
    from qa.convert.extracted import FoundTable
    from qa.settings import Settings

log = logging.getLogger("qa")

EXIT_ERROR = 1
EXIT_USAGE = 2
# Commands that answer one question at a time run the encoder on one thread (see Settings.threads).
ONE_THREAD = ("ask", "verify", "serve")


def _settings(args: argparse.Namespace, **extra: Any):
    from dataclasses import replace

    from qa.settings import Settings

    flags = {
        key: getattr(args, key, None)
        for key in ("source", "index", "model", "backend", "port", "k", "ray", "follow", "watch")
    }
    flags["top_k"] = flags.pop("k")
    settings = Settings.from_env(**{**flags, **extra})
    return replace(settings, threads=settings.threads or 1) if args.command in ONE_THREAD else settings


def _engine(args: argparse.Namespace, empty: bool = False, **extra: Any):
    from qa.engine import Engine

    if getattr(args, "ocr", None):  # read where each file is read: the reading child and cluster workers
        os.environ["QA_OCR"] = args.ocr
    return Engine(_settings(args, **extra), progress=True, warn=log.warning, empty=empty)


def _lines(text: str | None, prompt: str) -> Iterator[str]:
    """The one text given, or one per line of stdin (a prompt when stdin is a terminal)."""
    if text is not None:
        yield text
        return
    while True:
        if sys.stdin.isatty():
            print(prompt, end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            return
        if line.strip():
            yield line.rstrip("\n")


def _each_line(
    args: argparse.Namespace,
    text: str | None,
    prompt: str,
    run: Callable[[str], Any],
    show: Callable[[Any], str],
) -> int:
    """Run every input line; a bad line gets one message and a non-zero exit, the others still run."""
    failed = 0
    for line in _lines(text, prompt):
        try:
            outcome = run(line)
        except QAError as exc:
            if text is not None:
                raise
            print(f"qa: error: {printable(str(exc))}", file=sys.stderr)
            failed += 1
            continue
        if outcome.notice:
            print(f"qa: note: {printable(outcome.notice)}", file=sys.stderr)
        print(json.dumps(outcome.to_json(), ensure_ascii=False) if args.json else show(outcome), flush=True)
    return EXIT_ERROR if failed else 0


def cmd_index(args: argparse.Namespace) -> int:
    """Build or refresh the index of the documents in the source dir (only changed files are embedded)."""
    from qa.ui.render.text import index_summary

    engine = _engine(args)
    # A watched folder emptied is an index of none, which replicas follow.
    engine.empty = engine.settings.watch
    print(index_summary(engine.refresh(report=True)), flush=True)
    if engine.settings.watch:
        print(f"qa: watching {engine.settings.source} (Ctrl+C stops)", flush=True)
        engine.watch(_stopped_by_signals(), done=lambda index: print(index_summary(index), flush=True))
    return 0


def _stopped_by_signals():
    """An event Ctrl+C or a service manager's SIGTERM sets: a watch in progress ends cleanly (exit 0), between
    refreshes, even where the shell started qa with SIGINT ignored."""
    import signal
    import threading

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer QUESTION (or one question per stdin line) with verbatim, cited passages."""
    from qa.ui.render.text import answer_text

    engine, tty = _engine(args), sys.stdout.isatty()
    return _each_line(
        args,
        args.question,
        "question> ",
        lambda q: engine.ask(q, args.k, args.doc, args.collection),
        lambda a: answer_text(a, tty),
    )


def cmd_verify(args: argparse.Namespace) -> int:
    """Check CLAIM (or one claim per stdin line) against the source, sentence by sentence."""
    from qa.ui.render.text import verdict_text

    engine = _engine(args)
    return _each_line(args, args.claim, "claim> ", lambda c: engine.verify(c, args.collection), verdict_text)


def cmd_collections(args: argparse.Namespace) -> int:
    """List the collections of the library (each first-level folder of the source folder) and their
    documents."""
    from qa.document.collections import collection_of, collections
    from qa.text.controls import printable

    paths = _engine(args).index.manifest.paths
    for name in collections(paths):
        inside = [p for p in paths if collection_of(p) == name]
        print(printable(f"{name}: {len(inside)} document{'s' * (len(inside) != 1)}"))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Measure answer@1/3/5, MRR, the right document, abstention and latency on a questions.jsonl file or a
    SQuAD-format .json benchmark (or verdict accuracy on a claims.jsonl file with --claims)."""
    from pathlib import Path

    from qa.measure import claimset, evaluate
    from qa.measure.report import claims_report, eval_report

    if not args.file and not args.claims:
        raise QAError("give a questions .jsonl file or a SQuAD-format .json benchmark, or --claims FILE")
    engine, path, reports = _engine(args), Path(args.file or ""), []
    if args.claims:
        reports.append(
            (claimset.evaluate_claims(engine, claimset.read_claims(Path(args.claims))), claims_report)
        )
    if args.file and path.name.lower().endswith(
        (".json", ".json.gz")
    ):  # a benchmark brings its own corpus, indexed apart
        reports.append(
            (
                evaluate.evaluate_benchmark(
                    lambda src, idx: _engine(args, source=src, index=idx),
                    engine.settings.cache,
                    path,
                    engine.settings.top_k,
                    args.out_of_corpus or 0.0,
                    not args.json,
                    args.held_out or 0.0,
                ),
                eval_report,
            )
        )
    elif args.file:
        cases = evaluate.read_cases(path)
        reports.append((evaluate.evaluate(engine, cases, engine.settings.top_k, not args.json), eval_report))
    for report, show in reports:
        print(json.dumps(report, ensure_ascii=False) if args.json else show(report))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print DOC as qa reads it (the text that offsets index into), with --layout each block and its
    role, or with --tables the tables found (--json: page, caption, header rows and rows of cells). How it
    was read (pages by OCR and why, glyphs restored, chrome set aside) goes to stderr first."""
    from qa.document.paragraphs import parse
    from qa.index.texts import find_document
    from qa.ui.render.text import layout_text, tables_text

    if args.tables:
        found = _tables(_settings(args), args.doc)
        print(
            json.dumps({"tables": [t.to_json() for t in found]}, ensure_ascii=False)
            if args.json
            else tables_text(found)
        )
        return 0
    level = log.level
    log.setLevel(logging.ERROR)  # a fresh reading logs its notes: said once, below, read or stored
    try:
        doc = find_document(_settings(args), args.doc)
    finally:
        log.setLevel(level)
    for note in doc.notes:
        print(f"qa: {printable(note)}", file=sys.stderr)
    print(layout_text(parse(doc)) if args.layout else printable(doc.text), end="\n" if args.layout else "")
    return 0


def _tables(settings: Settings, rel: str) -> tuple[FoundTable, ...]:
    """The tables of the source document ``rel``, read afresh in the reading child (qa/convert/isolate.py)
    under its limits; () for a plain-text file."""
    from qa.convert.extract import CONVERTED
    from qa.convert.isolate import extract
    from qa.document.source import check_size
    from qa.index.texts import source_path

    path = source_path(settings, rel)
    if path.suffix.lower() not in CONVERTED:
        return ()
    check_size(path, rel, settings.max_file_bytes)
    return extract(rel, path.read_bytes(), settings.ocr_langs).tables


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web app (loads the index, building it first if needed). Binds to 127.0.0.1 unless --host."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from qa.ui.web import LOOPBACK, serve

    if args.no_auth and args.host not in LOOPBACK:
        log.warning(
            "listening on %s without sign-in: anyone who can reach it reads every document", args.host
        )
    if args.mcp and importlib.util.find_spec("mcp") is None:  # Gradio would print a pip hint and serve on
        raise QAError("--mcp needs the MCP extra: pip install 'gradio[mcp]' (make installs it)")
    engine = _engine(args, empty=True)  # a library with no document yet awaits uploads
    serve(engine, host=args.host, port=engine.settings.port, mcp=args.mcp, no_auth=args.no_auth)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure build, query, cold start, served load, backends and search at scale, side by side
    (docs/performance.md)."""
    from qa.measure.bench import first_error, run, table

    settings = _settings(args, extra_questions=args.questions)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    report = run(settings, sizes, args.repeats, lambda msg: print(msg, file=sys.stderr, flush=True))
    print(json.dumps(report) if args.json else table(report))
    if first_error(report):
        raise QAError(first_error(report))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "index": cmd_index,
    "ask": cmd_ask,
    "verify": cmd_verify,
    "collections": cmd_collections,
    "eval": cmd_eval,
    "show": cmd_show,
    "serve": cmd_serve,
    "bench": cmd_bench,
    "users": cmd_users,
    "tokens": cmd_tokens,
}


def main(argv: Iterable[str] | None = None) -> int:
    top = parser(COMMANDS, __doc__.splitlines()[0])
    args = top.parse_args(list(argv) if argv is not None else None)
    setup_logging(args.verbose)
    if not getattr(args, "func", None):
        top.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except QAError as exc:
        print(f"qa: error: {printable(str(exc))}", file=sys.stderr)
    except BrokenPipeError:  # `qa ask ... | head` closed the pipe
        return 0
    except OSError as exc:  # a full disk, a read-only folder: the system's reason, and where
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"qa: error: {exc.strerror or exc}{where}: free space or choose another folder", file=sys.stderr
        )
    except KeyboardInterrupt:
        return 130
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
