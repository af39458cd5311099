"""The document library: add an uploaded file to ``source/`` or take one out, safely.

Names are reduced to a plain file name inside ``source/``; nothing is written anywhere else. A removed
document is moved to ``source/.removed/`` (hidden, so never indexed) rather than deleted.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path

from qa.errors import SourceError, UploadError
from qa.ingest.extract import scan_pages
from qa.ingest.source import FORMATS, SUPPORTED_SUFFIXES, load_document, size_limit

# Names Windows reserves; a file called CON.md cannot be copied to a Windows machine.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_SAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)
MAX_NAME_CHARS = 120
UPLOAD_MODE = 0o644


def safe_name(name: str) -> str:
    """A plain file name for an upload, or UploadError saying why the name is unusable."""
    if any(ch in name for ch in "\x00\n\r"):
        raise UploadError(f"rejected {name!r}: the name holds control characters")
    base = unicodedata.normalize("NFC", name.replace("\\", "/").split("/")[-1]).strip()
    stem, suffix = os.path.splitext(base)
    stem = _SAFE.sub("_", stem).strip(" ._")
    if suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UploadError(f"rejected {base or name!r}: only these documents can be added: {FORMATS}")
    if not stem:
        raise UploadError(f"rejected {name!r}: the name has no usable characters")
    if stem.split(".")[0].lower() in _RESERVED:
        raise UploadError(f"rejected {base!r}: {stem.upper()} is a reserved device name; rename the file")
    return stem[:MAX_NAME_CHARS] + suffix.lower()


def add_document(source: Path, name: str, data: bytes, max_bytes: int, scans: int | None = None) -> str:
    """Validate an upload and write it atomically into ``source``; returns its path relative to it. A scan is
    checked by its header and pages only: reading it (OCR, seconds a page) is the index's work. ``scans``: the
    count of its pages OCR will read when the caller has it (qa/ingest/extract.py: scan_pages), else found here."""
    target_name = safe_name(name)
    limit = size_limit(Path(target_name).suffix, max_bytes)
    if len(data) > limit:
        raise UploadError(f"rejected {target_name}: {len(data):,} bytes is over the {limit:,}-byte limit")
    source.mkdir(parents=True, exist_ok=True)
    target = source / target_name
    if target.exists():
        raise UploadError(f"rejected {target_name}: a document of that name exists; remove it first or rename")
    # Staged under the target's extension, so it is checked as that format (content sniffed, text extracted).
    with tempfile.NamedTemporaryFile(dir=source, prefix=".upload-", suffix=Path(target_name).suffix,
                                     delete=False) as fh:
        fh.write(data)
        staged = Path(fh.name)
    # A document as a person saves one (rw-r--r--), not tempfile's private 0600: other readers (a backup, a
    # second qa process under another user) must be able to read the library.
    staged.chmod(UPLOAD_MODE)
    try:
        if not (scan_pages(target_name, data) if scans is None else scans):
            load_document(staged, source, max_bytes)  # UTF-8 text, or a real PDF/HTML/Word file with text in it
        os.link(staged, target)  # fails if the name appeared meanwhile: never overwrite
    except SourceError as exc:
        raise UploadError(str(exc).replace(staged.name, target_name)) from None
    except FileExistsError:
        raise UploadError(f"rejected {target_name}: a document of that name exists") from None
    finally:
        staged.unlink(missing_ok=True)
    return target_name


def remove_document(source: Path, rel: str) -> Path:
    """Move a document out of the corpus into ``source/.removed/``; returns where it went."""
    root = source.resolve()
    path = (source / rel).resolve()
    if root not in path.parents or not path.is_file():
        raise UploadError(f"no document {rel!r} in the library")
    bin_dir = source / ".removed"
    bin_dir.mkdir(exist_ok=True)
    dest = bin_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{path.name}"
    os.replace(path, dest)
    return dest


def clean_stale_uploads(source: Path) -> None:
    """Drop staging files of uploads that a crash interrupted (hidden, so they were never indexed)."""
    for path in source.glob(".upload-*"):
        path.unlink(missing_ok=True)
