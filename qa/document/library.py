"""The document library: add an uploaded file to ``source/`` or take one out, safely.

Names are reduced to a plain file name inside ``source/``; nothing is written anywhere else. A removed
document is moved to ``source/.removed/`` (hidden, so never indexed) rather than deleted.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

from qa.convert.extract import CONVERTED, screen
from qa.document.source import FORMATS, SUPPORTED_SUFFIXES, load_document, size_limit
from qa.errors import SourceError, UploadError

# Names Windows reserves; a file called CON.md cannot be copied to a Windows machine.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}
_SAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)
MAX_NAME_CHARS = 120
UPLOAD_MODE = 0o644
COPY_CHUNK = 1 << 20  # an upload is copied a MiB at a time


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


def add_document(source: Path, name: str, upload: Path | bytes, max_bytes: int) -> str:
    """Check an upload cheaply and write it atomically into ``source``; returns its path relative to it.

    ``upload`` is the uploaded file on disk (what the web page hands over: its size is checked before a byte
    is read, and it is copied in chunks, never held in memory) or its bytes. Only what costs nothing is
    checked here: the name, the size, the content's magic bytes, a Word file's zip directory, a text file's
    UTF-8. Reading a PDF, Word file or image is the index's work, in a child process held to limits."""
    target_name = safe_name(name)
    limit = size_limit(Path(target_name).suffix, max_bytes)
    size = upload.stat().st_size if isinstance(upload, Path) else len(upload)
    if size > limit:
        raise UploadError(f"rejected {target_name}: {size:,} bytes is over the {limit:,}-byte limit")
    source.mkdir(parents=True, exist_ok=True)
    target = source / target_name
    if target.exists():
        raise UploadError(
            f"rejected {target_name}: a document of that name exists; remove it first or rename"
        )
    staged = _stage(source, target_name, upload)
    try:
        if target.suffix in CONVERTED:
            screen(target_name, staged)
        else:
            load_document(staged, source, max_bytes)  # UTF-8 text with something in it
        os.link(staged, target)  # fails if the name appeared meanwhile: never overwrite
    except SourceError as exc:
        raise UploadError(str(exc).replace(staged.name, target_name)) from None
    except FileExistsError:
        raise UploadError(f"rejected {target_name}: a document of that name exists") from None
    finally:
        staged.unlink(missing_ok=True)
    return target_name


def _stage(source: Path, target_name: str, upload: Path | bytes) -> Path:
    """The upload copied in chunks to a hidden file in ``source`` (never indexed), under the target's
    extension so it is checked as that format; readable by others, as a person's own documents are."""
    with tempfile.NamedTemporaryFile(
        dir=source, prefix=".upload-", suffix=Path(target_name).suffix, delete=False
    ) as fh:
        staged = Path(fh.name)
        if isinstance(upload, bytes):
            fh.write(upload)
        else:
            with open(upload, "rb") as src:
                shutil.copyfileobj(src, fh, COPY_CHUNK)
    # rw-r--r--, not tempfile's private 0600: other readers (a backup, a second qa process under another
    # user) must be able to read the library.
    staged.chmod(UPLOAD_MODE)
    return staged


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
