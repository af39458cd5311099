"""Source documents: find the files under ``source/``, read them as UTF-8, skip what cannot be used."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from qa.errors import SourceError

if TYPE_CHECKING:
    from qa.settings import Settings

log = logging.getLogger("qa")

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown")

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Document:
    """One source file. ``text`` equals ``open(path, encoding="utf-8").read()``, so offsets agree with it."""

    path: str  # relative to the source dir, with forward slashes
    text: str
    sha256: str  # of the raw bytes: what the index manifest compares

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()


def decode(data: bytes) -> str:
    """Decode like ``open(..., encoding="utf-8").read()`` does, universal newlines included."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict").read()


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _candidates(root: Path, warn: Warn) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (editor swap files, .git)
        if not _inside(path, root):
            warn(f"skipped {rel}: it points outside {root}")
            continue
        if not path.is_file():
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            warn(f"skipped {rel}: unsupported file type (use .txt or .md)")
            continue
        yield path


def load_document(path: Path, root: Path, max_bytes: int) -> Document:
    """Read one file or raise SourceError saying why it cannot be used."""
    rel = path.relative_to(root).as_posix()
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(f"skipped {rel}: {size:,} bytes is over the {max_bytes:,}-byte limit")
    data = path.read_bytes()
    if b"\x00" in data:
        raise SourceError(f"skipped {rel}: looks binary (contains NUL bytes)")
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        raise SourceError(f"skipped {rel}: not valid UTF-8 (byte {exc.start}); save it as UTF-8") from None
    if not text.strip():
        raise SourceError(f"skipped {rel}: empty")
    return Document(path=rel, text=text, sha256=hashlib.sha256(data).hexdigest())


def find_document(settings: "Settings", rel: str) -> Document:
    """The document ``rel`` of the source dir, or one line saying it is not there (never outside it)."""
    path = settings.source / rel
    if not path.is_file() or not path.resolve().is_relative_to(settings.source.resolve()):
        raise SourceError(f"no document {rel!r} in {settings.source}: see `ls {settings.source}`")
    return load_document(path, settings.source, settings.max_file_bytes)


def read_corpus(root: Path, max_bytes: int, warn: Warn | None = None) -> list[Document]:
    """Every usable document under ``root``; unusable ones are reported through ``warn`` and skipped."""
    warn = warn or log.warning
    if not root.is_dir():
        raise SourceError(f"source directory {root} not found: create it and add .txt or .md files")
    docs = []
    for path in _candidates(root, warn):
        try:
            docs.append(load_document(path, root, max_bytes))
        except SourceError as exc:
            warn(str(exc))
        except OSError as exc:
            warn(f"skipped {path.relative_to(root)}: {exc.strerror or exc}")
    if not docs:
        raise SourceError(f"no documents in {root}: add .txt or .md files, then run `qa index`")
    return docs
