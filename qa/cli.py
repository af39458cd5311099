"""The ``qa`` command: index documents, ask questions, check claims, evaluate, serve the web app.

Every ordinary failure ends as one line on stderr saying what to do, and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import Any, Callable, Iterable, Iterator

from qa.errors import QAError

log = logging.getLogger("qa")

EXIT_ERROR = 1
EXIT_USAGE = 2


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("qa: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    log.propagate = False
    # Library chatter (weight-loading bars, hub notices) is not for our users' terminals.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def _settings(args: argparse.Namespace):
    from qa.settings import Settings

    return Settings.from_env(
        source=getattr(args, "source", None), index=getattr(args, "index", None),
        model=getattr(args, "model", None), top_k=getattr(args, "k", None),
        backend=getattr(args, "backend", None), port=getattr(args, "port", None),
    )


# Commands that answer one question at a time run the encoder on one thread (see Settings.threads).
ONE_THREAD = ("ask", "verify", "serve")


def _engine(args: argparse.Namespace):
    from dataclasses import replace

    from qa.engine import Engine

    settings = _settings(args)
    if settings.threads is None and args.command in ONE_THREAD:
        settings = replace(settings, threads=1)
    return Engine(settings, progress=True, warn=log.warning)


def _lines(question: str | None, prompt: str) -> Iterator[str]:
    """The one question given, or one per line of stdin (a prompt when stdin is a terminal)."""
    if question is not None:
        yield question
        return
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            print(prompt, end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            return
        if line.strip():
            yield line.rstrip("\n")


def _mark(text: str, start: int, end: int) -> str:
    """Emphasise ``text[start:end]``: bold on a terminal, **…** elsewhere."""
    if sys.stdout.isatty():
        return f"{text[:start]}\033[1;33m{text[start:end]}\033[0m{text[end:]}"
    return f"{text[:start]}**{text[start:end]}**{text[end:]}"


def cite(p: dict) -> str:
    """One citation line: title, section, paragraph and character span."""
    from qa.render import citation

    return f"{citation(p)} ({p['doc']}, chars {p['start']}–{p['end']})"


def print_answer(answer: dict) -> None:
    print(f"Q: {answer['question']}")
    if not answer["answerable"]:
        print("The source does not answer this. Closest passages, not answers:")
    for p in answer["passages"]:
        h = p["highlight"]
        body = _mark(p["text"], h["start"] - p["start"], h["end"] - p["start"])
        print(f"\n[{p['rank']}] score {p['score']:.3f}  {cite(p)}\n    {body}")
    print()


def _each_line(args: argparse.Namespace, text: str | None, prompt: str,
               run: Callable[[str], Any], show: Callable[[dict], None]) -> int:
    """Run every input line; a bad line gets one message and a non-zero exit, the others still run."""
    failed = 0
    for line in _lines(text, prompt):
        try:
            outcome = run(line)
            if outcome.notice:
                print(f"qa: note: {outcome.notice}", file=sys.stderr)
            result = outcome.to_json()
        except QAError as exc:
            if text is not None:
                raise
            print(f"qa: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.json:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        else:
            show(result)
    return EXIT_ERROR if failed else 0


def cmd_index(args: argparse.Namespace) -> int:
    """Build or refresh the index of the documents in the source dir (only changed files are embedded)."""
    index = _engine(args).refresh()
    m = index.manifest
    print(f"index: {len(m['files'])} documents, {m['passages']} passages, {m['sentences']} sentences "
          f"({m['model']}, built {m['built_at']}) in {index.folder}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer QUESTION (or one question per stdin line) with verbatim, cited passages."""
    engine = _engine(args)
    return _each_line(args, args.question, "question> ",
                      lambda q: engine.ask(q, args.k), print_answer)


def print_verdict(verdict: dict) -> None:
    from qa.render import is_evidence

    print(f"{'SUPPORTED' if verdict['supported'] else 'NOT SUPPORTED'}: {verdict['claim']}")
    for s in verdict["sentences"]:
        e = s["evidence"]
        label = "supported" if s["supported"] else "not supported"
        print(f"  - {label} (score {s['score']:.3f}): {s['text']}")
        for m in s["mismatches"]:
            print(f"      mismatch  claim: {m['claim']}; source: {m['source']}")
        quote = e["text"][e["highlight"]["start"] - e["start"] : e["highlight"]["end"] - e["start"]]
        print(f"      {'evidence' if is_evidence(s) else 'closest, not evidence'}: \"{quote}\"\n        {cite(e)}")
    print()


def cmd_verify(args: argparse.Namespace) -> int:
    """Check CLAIM (or one claim per stdin line) against the source, sentence by sentence."""
    engine = _engine(args)
    return _each_line(args, args.claim, "claim> ", lambda c: engine.verify(c), print_verdict)


def _eval_claims(engine, path: str, as_json: bool) -> int:
    from pathlib import Path

    from qa.evaluate import evaluate_claims, read_claims

    report = evaluate_claims(engine, read_claims(Path(path)))
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    for case in report["cases"]:
        if case["expected"] != case["supported"]:
            print(f"  wrong ({'supported' if case['supported'] else 'not supported'}): {case['claim']}")
    print(f"claims           {report['claims']}\n"
          f"accuracy         {report['accuracy']:.3f}\n"
          f"verify p50/p95   {report['verify_ms']['p50']:.1f} / {report['verify_ms']['p95']:.1f} ms\n"
          f"ask    p50/p95   {report['ask_ms']['p50']:.1f} / {report['ask_ms']['p95']:.1f} ms (same text)\n"
          f"ratio p50        {report['ratio_p50']:.2f}x")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Measure answer@1/3/5, MRR, the right document, abstention and latency on a questions.jsonl file or a
    SQuAD-format .json benchmark (or verdict accuracy on a claims.jsonl file with --claims)."""
    from pathlib import Path

    from qa.evaluate import evaluate, evaluate_benchmark, read_cases
    from qa.render import eval_report

    if not args.file and not args.claims:
        raise QAError("give a questions .jsonl file or a SQuAD-format .json benchmark, or --claims FILE")
    if args.claims:
        status = _eval_claims(_engine(args), args.claims, args.json)
        if not args.file:
            return status
    k = args.k or 5
    if args.file.lower().endswith(".json"):
        settings = _settings(args)

        def engine_for(source: Path, index: Path):
            from dataclasses import replace

            from qa.engine import Engine

            return Engine(replace(settings, source=source, index=index), progress=True, warn=log.warning)

        report = evaluate_benchmark(engine_for, settings.cache, Path(args.file), k, args.out_of_corpus or 0.0,
                                    progress=not args.json)
    else:
        report = evaluate(_engine(args), read_cases(Path(args.file)), k, progress=not args.json)
    print(json.dumps(report, ensure_ascii=False) if args.json else eval_report(report))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print DOC as qa reads it (the text that offsets index into), or with --layout each block and its role."""
    from qa.paragraphs import parse
    from qa.render import layout_text
    from qa.source import load_document

    settings = _settings(args)
    path = settings.source / args.doc
    if not path.is_file() or not path.resolve().is_relative_to(settings.source.resolve()):
        raise QAError(f"no document {args.doc!r} in {settings.source}: see `ls {settings.source}`")
    doc = load_document(path, settings.source, settings.max_file_bytes)
    print(layout_text(parse(doc)) if args.layout else doc.text, end="\n" if args.layout else "")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web app (loads the index, building it first if needed). Binds to 127.0.0.1 unless --host."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from qa.web import serve

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("listening on %s: anyone who can reach this host can use the app; consider Gradio's "
                    "auth option (see README)", args.host)
    engine = _engine(args)
    serve(engine, host=args.host, port=engine.settings.port, mcp=args.mcp)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure build throughput, query cost, cold start, memory and search at scale (see README)."""
    from qa.bench import run, table

    settings = _settings(args)
    if args.questions:
        from dataclasses import replace

        settings = replace(settings, extra_questions=args.questions)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    report = run(settings, sizes, args.repeats, lambda msg: print(msg, file=sys.stderr, flush=True))
    print(json.dumps(report) if args.json else table(report))
    failed = [v["error"] for v in [report["build"], report["query"], report["cold"], report["serve"],
                                   *report["scale"]] if "error" in v]
    if failed:
        raise QAError(failed[0])
    return 0


def _common(p: argparse.ArgumentParser, model: bool = True) -> None:
    p.add_argument("--source", help="documents folder (default ./source, or QA_SOURCE)")
    p.add_argument("--index", help="index folder (default ./index, or QA_INDEX)")
    if model:
        p.add_argument("--model", help="sentence-transformers name or path (default: bundled all-MiniLM-L6-v2, "
                                       "or QA_MODEL)")
        p.add_argument("--backend", choices=("onnx", "onnx-int8", "torch"),
                       help="encoder runtime (default onnx, or QA_BACKEND); torch is the fallback")


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError("choose between 1 and 100")
    return n


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="qa", description=__doc__.splitlines()[0])
    top.add_argument("-v", "--verbose", action="store_true", help="log what the index does")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name, func in (("index", cmd_index), ("ask", cmd_ask), ("verify", cmd_verify), ("eval", cmd_eval),
                       ("serve", cmd_serve), ("bench", cmd_bench), ("show", cmd_show)):
        p = sub.add_parser(name, help=func.__doc__, description=func.__doc__)
        p.set_defaults(func=func)
        _common(p, model=name != "show")
        if name in ("ask", "eval"):
            p.add_argument("-k", type=_positive, default=None, help="passages per answer (default 5)")
        if name in ("ask", "verify", "eval", "bench"):
            p.add_argument("--json", action="store_true", help="one JSON object per line")
    sub.choices["ask"].add_argument("question", nargs="?", help="the question (default: read lines from stdin)")
    bench = sub.choices["bench"]
    bench.add_argument("--sizes", default="10000,100000,1000000", help="corpus sizes for the scale test")
    bench.add_argument("--repeats", type=_positive, default=5, help="repeats per timing (median reported)")
    bench.add_argument("--questions", help="questions .jsonl to time queries with (default: passage openings)")
    serve = sub.choices["serve"]
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1 only)")
    serve.add_argument("--port", type=int, help="default 7860, or QA_PORT")
    serve.add_argument("--mcp", action="store_true", help="also expose ask and verify as MCP tools "
                                                          "(needs the gradio[mcp] extra)")
    sub.choices["show"].add_argument("doc", help="document path relative to the source dir")
    sub.choices["show"].add_argument("--layout", action="store_true", help="list blocks with their role (title, "
                                     "heading, body, byline, chrome) and character span")
    sub.choices["verify"].add_argument("claim", nargs="?", help="the claim (default: read lines from stdin)")
    sub.choices["eval"].add_argument("file", nargs="?", help="questions .jsonl: {\"question\", \"answer\"} per line")
    sub.choices["eval"].add_argument("--claims", metavar="FILE", help="claims .jsonl: {\"claim\", \"supported\"}")
    sub.choices["eval"].add_argument("--out-of-corpus", type=float, metavar="FRACTION",
                                     help="benchmarks: index only part of the articles and ask about the rest "
                                          "as unanswerable questions (e.g. 0.5)")
    return top


def main(argv: Iterable[str] | None = None) -> int:
    args = parser().parse_args(list(argv) if argv is not None else None)
    _setup_logging(args.verbose)
    if not getattr(args, "func", None):
        parser().print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except QAError as exc:
        print(f"qa: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `qa ask ... | head` closed the pipe
        return 0


if __name__ == "__main__":
    sys.exit(main())
