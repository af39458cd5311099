"""Source documents: find the files under ``source/``, read them as UTF-8, skip what cannot be used."""

from __future__ import annotations

import bisect
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from qa.convert.encoding import decoded
from qa.convert.extract import BINARY_SIZE_FACTOR, CONVERTED, TEXT_SUFFIXES, Extracted
from qa.convert.isolate import extract
from qa.convert.ocr import ScanPage
from qa.convert.pages import PlacedBox
from qa.errors import EmptyLibrary, SourceError, ToolMissing
from qa.text.cellnames import Names, within

log = logging.getLogger("qa")

SUPPORTED_SUFFIXES = TEXT_SUFFIXES + tuple(CONVERTED)
# Stored text of a converted file from an earlier index, by (path, sha256): extraction is done once per file.
Stored = Callable[[str, str], "Extracted | None"]

FORMATS = ", ".join(SUPPORTED_SUFFIXES)  # for messages: "use .txt, .md, …"

Warn = Callable[[str], None]


def size_limit(suffix: str, max_bytes: int) -> int:
    """The byte limit for a file of this extension: converted formats are mostly fonts and images."""
    return max_bytes * (BINARY_SIZE_FACTOR if suffix.lower() in CONVERTED else 1)


@dataclass(frozen=True)
class Document:
    """One source file. ``text`` is what offsets index into: ``open(path, encoding="utf-8").read()`` for a
    text file (``text_source`` "file"), the text extracted from a PDF, HTML or Word file ("extracted"), or
    read by OCR from a scan or an image, in part or whole ("ocr")."""

    path: str  # relative to the source dir, with forward slashes
    text: str
    sha256: str  # of the raw bytes: what the index manifest compares
    text_source: str = "file"
    pages: tuple[int, ...] = ()  # offset in ``text`` where each page starts (PDF)
    boxes: tuple[PlacedBox, ...] = ()  # where each OCR'd word stands on its page image
    scans: tuple[ScanPage, ...] = ()  # the pages read by OCR
    labels: tuple[str, ...] = ()  # printed page labels, where the PDF defines them
    fonts: tuple[tuple[int, int, str], ...] = ()  # paragraphs' font roles (PDF), see Extracted.fonts
    title: str = ""  # the title the format keeps apart from the text (a web page's), see Extracted.title
    notes: tuple[
        str, ...
    ] = ()  # how it was read (OCR, chrome set aside, pages past the OCR cap), one line each
    names: Names = ()  # table cells' names by the offset of each cell: a view, see qa/text/cellnames.py

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()

    @property
    def layout(self) -> str:
        """ "md" or "txt": how qa/document/paragraphs.py reads the text."""
        return CONVERTED.get(self.suffix) or ("md" if self.suffix in {".md", ".markdown"} else "txt")

    def page_of(self, offset: int) -> int | None:
        """1-based page holding ``offset`` (PDF), else None."""
        return bisect.bisect_right(self.pages, offset) or 1 if self.pages else None

    def label_of(self, page: int | None) -> str | None:
        """The printed label of page ``page`` ("xi", "20") when the PDF defines one, else None."""
        return self.labels[page - 1] or None if page and 0 < page <= len(self.labels) else None

    def names_in(self, start: int, end: int) -> Names:
        """The names of the table cells that start in ``[start, end)``."""
        return within(self.names, start, end)

    def scan(self, page: int | None) -> ScanPage | None:
        """How page ``page`` was read by OCR, or None for a page read from its text."""
        return next((s for s in self.scans if s.page == page), None)


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
            warn(f"skipped {rel}: unsupported file type (use {FORMATS})")
            continue
        yield path


def check_size(path: Path, rel: str, max_bytes: int) -> None:
    size = path.stat().st_size
    limit = size_limit(path.suffix, max_bytes)
    if size > limit:
        raise SourceError(f"skipped {rel}: {size:,} bytes is over the {limit:,}-byte limit")


def load_document(
    path: Path, root: Path, max_bytes: int, stored: Stored | None = None, ocr_langs: str = "eng"
) -> Document:
    """Read one file or raise SourceError saying why it cannot be used."""
    rel = path.relative_to(root).as_posix()
    check_size(path, rel, max_bytes)
    return read_bytes(rel, path.read_bytes(), stored, ocr_langs)


def read_bytes(
    rel: str, data: bytes, stored: Stored | None = None, ocr_langs: str = "eng", sha: str | None = None
) -> Document:
    """The document ``rel`` from its bytes (read here, or shipped to a cluster worker), or SourceError;
    ``sha``: the bytes' sha256 when the caller has it already."""
    sha = sha or hashlib.sha256(data).hexdigest()
    if Path(rel).suffix.lower() in CONVERTED:
        return _converted(rel, data, sha, stored, ocr_langs)
    text, note = decoded(rel, data)
    if note:  # not a warning: a plain-text file is read at every start, and nothing is wrong with it
        log.info(note)
    if not text.strip():
        raise SourceError(f"skipped {rel}: empty")
    return Document(path=rel, text=text, sha256=sha)


def _converted(rel: str, data: bytes, sha: str, stored: Stored | None, ocr_langs: str) -> Document:
    found = stored(rel, sha) if stored else None
    if found is None:
        found = extract(rel, data, ocr_langs)
        for note in found.notes:
            log.warning(note)
    return Document(
        path=rel,
        text=found.text,
        sha256=sha,
        text_source=found.text_source,
        pages=found.pages,
        boxes=found.boxes,
        scans=found.scans,
        labels=found.labels,
        fonts=found.fonts,
        title=found.title,
        notes=found.notes,
        names=found.names,
    )


class Skips(Protocol):
    """Files skipped before, remembered by their bytes (qa/index/skipped.py): not read until they change."""

    def reason(self, rel: str, sha: str) -> str | None: ...

    def record(self, rel: str, sha: str, reason: str) -> None: ...

    def keep_only(self, failing: set[str]) -> None: ...


@dataclass(frozen=True)
class Pending:
    """A file left for a cluster worker to read (its bytes are read again when they are sent)."""

    file: Path
    path: str  # relative to the source dir, with forward slashes


def read_corpus(
    root: Path, max_bytes: int, warn: Warn | None = None, stored: Stored | None = None, ocr_langs: str = "eng"
) -> list[Document]:
    """Every usable document under ``root``; unusable ones are reported through ``warn`` and skipped."""
    docs, _ = plan_corpus(root, max_bytes, warn, stored, ocr_langs)
    return docs


def plan_corpus(
    root: Path,
    max_bytes: int,
    warn: Warn | None = None,
    stored: Stored | None = None,
    ocr_langs: str = "eng",
    known: dict[str, str] | None = None,
    skips: Skips | None = None,
) -> tuple[list[Document], list[Pending]]:
    """Every usable document under ``root``, read here, and, when ``known`` (path → sha256 of an earlier
    build) is given, the new or changed files left unread for a cluster to read (``Pending``). A file that
    ``skips`` remembers as unreadable is reported again without being read; a new failure is recorded
    there."""
    warn = warn or log.warning
    if not root.is_dir():
        raise SourceError(f"source directory {root} not found: create it and add documents ({FORMATS})")
    docs: list[Document] = []
    pending: list[Pending] = []
    seen: set[str] = set()
    for path in _candidates(root, warn):
        rel = path.relative_to(root).as_posix()
        seen.add(rel)
        try:
            check_size(path, rel, max_bytes)
            data = path.read_bytes()
        except SourceError as exc:
            warn(str(exc))
            continue
        except OSError as exc:
            warn(f"skipped {rel}: {exc.strerror or exc}")
            continue
        sha = hashlib.sha256(data).hexdigest()
        if known is not None and known.get(rel) != sha:
            pending.append(Pending(path, rel))
        elif (doc := _read_or_skip(rel, data, sha, stored, ocr_langs, warn, skips)) is not None:
            docs.append(doc)
    if skips is not None:
        skips.keep_only(seen - {doc.path for doc in docs})  # removed files and files read since are forgotten
    if not docs and not pending:
        raise EmptyLibrary(f"no documents in {root}: add documents ({FORMATS}), then run `qa index`")
    return docs, pending


def _read_or_skip(
    rel: str, data: bytes, sha: str, stored: Stored | None, ocr_langs: str, warn: Warn, skips: Skips | None
) -> Document | None:
    """The document, or None after saying why not; a failure for the file's own sake is remembered."""
    remembered = skips.reason(rel, sha) if skips is not None else None
    if remembered:
        warn(f"{remembered} (remembered: read again when the file changes)")
        return None
    try:
        return read_bytes(rel, data, stored, ocr_langs, sha)
    except ToolMissing as exc:
        warn(str(exc))
    except SourceError as exc:
        warn(str(exc))
        if skips is not None:
            skips.record(rel, sha, str(exc))
    return None
