"""The index on disk: versioned generations, each written whole, then switched to atomically.

Layout of ``index/``::

    CURRENT                 name of the generation being served (replaced atomically)
    gen-<time>-<id>/        one complete index: manifest.json, passages.json, *.faiss, bm25/
    .lock                   held while a generation is being built

A generation is written under a temporary name and renamed into place only when complete, then
``CURRENT`` is switched with ``os.replace``. A crash at any point leaves the previous generation servable.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qa.errors import IndexCorrupt, IndexError_

log = logging.getLogger("qa")

FORMAT_VERSION = 2  # 2: document-level BM25 (bm25-docs/)
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
KEEP_GENERATIONS = 2  # the served one and its predecessor, which a reader may still be loading


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_json(path: Path, data: Any) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())


def ensure_writable(root: Path) -> None:
    """Create the index dir and prove we can write there, or say what to do."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".probe-"):
            pass
    except OSError as exc:
        raise IndexError_(
            f"index directory {root} is not writable ({exc.strerror}): "
            "choose another with --index or QA_INDEX"
        ) from None


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One builder at a time per index dir, on any host: other builders wait, told whose build it is.

    ``flock`` on a local disk; on NFS, Linux turns it into a lock the server keeps (so builders on other
    hosts wait too). A filesystem that cannot lock at all gets one line, never an unlocked build."""
    import fcntl

    with open(root / ".lock", "a+") as fh:
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                log.warning(
                    "waiting for the build that holds %s (%s)",
                    root / ".lock",
                    fh.read().strip() or "holder unknown",
                )
                fcntl.flock(fh, fcntl.LOCK_EX)
        except OSError as exc:
            raise IndexError_(
                f"cannot lock {root / '.lock'} ({exc.strerror}): its filesystem does not support "
                "locks, so two builds could collide; put the index on a disk or NFS share "
                "that does"
            ) from None
        fh.truncate(0)
        fh.write(
            f"host {socket.gethostname()} pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n"
        )
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def current_generation(root: Path) -> Path | None:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise IndexCorrupt(f"cannot read {root / CURRENT}: {exc.strerror}") from None
    if not name.startswith("gen-") or "/" in name:
        raise IndexCorrupt(f"{root / CURRENT} names no generation")
    return root / name


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a generation, checked for format and for every artifact's hash."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexCorrupt(f"{folder.name} has no manifest") from None
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"{folder.name}/manifest.json is unreadable ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise IndexCorrupt(
            f"index format {manifest.get('format') if isinstance(manifest, dict) else '?'} "
            f"is not {FORMAT_VERSION} (built by another version of qa)"
        )
    for name, digest in manifest.get("artifacts", {}).items():
        path = folder / name
        if not path.is_file():
            raise IndexCorrupt(f"{folder.name}/{name} is missing")
        if sha256_file(path) != digest:
            raise IndexCorrupt(
                f"{folder.name}/{name} does not match its manifest hash (truncated or altered)"
            )
    return manifest


def new_staging(root: Path) -> Path:
    staging = root / f".tmp-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    return staging


def commit(root: Path, staging: Path, manifest: dict[str, Any]) -> Path:
    """Hash the staged artifacts into the manifest, move the generation into place, switch CURRENT."""
    manifest = dict(
        manifest,
        format=FORMAT_VERSION,
        artifacts={
            p.relative_to(staging).as_posix(): sha256_file(p)
            for p in sorted(staging.rglob("*"))
            if p.is_file()
        },
    )
    write_json(staging / MANIFEST, manifest)
    _fsync_tree(staging)
    final = root / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    os.rename(staging, final)
    pointer = root / f".{CURRENT}.tmp"
    pointer.write_text(final.name + "\n", encoding="utf-8")
    with open(pointer, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(pointer, root / CURRENT)
    _prune(root, keep=final.name)
    return final


def _prune(root: Path, keep: str) -> None:
    """Drop old generations and abandoned staging folders (left by a killed build)."""
    gens = sorted((p for p in root.glob("gen-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    old = [p for p in gens if p.name != keep][: max(0, len(gens) - KEEP_GENERATIONS)]
    for path in old + list(root.glob(".tmp-*")):
        shutil.rmtree(path, ignore_errors=True)
