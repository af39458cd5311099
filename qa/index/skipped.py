"""Files that could not be read, remembered by the sha256 of their bytes with the reason, in
``index/skipped.json``: a file that took a minute of OCR or broke a limit is not read again on every refresh,
restart or ``qa index``, only once its bytes change, or the way files are read does (the reading limits, the
OCR languages, the text conversion's version).

A file skipped for want of a tool (``ToolMissing``: Tesseract, a language pack) is never remembered, so it is
read once the tool is installed; nor is a file skipped for its size, which costs nothing to find again.
The file is plain JSON, versioned, and written whole to a temporary name then renamed into place.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

SKIPPED = "skipped.json"
VERSION = 1


class Skipped:
    """The remembered skips of one index folder, valid for one way of reading (``reading``)."""

    def __init__(self, root: Path, reading: dict[str, Any]) -> None:
        self.path = root / SKIPPED
        self.reading = reading
        self.files: dict[str, dict[str, str]] = _load(self.path, reading)  # path → {sha256, reason}
        self.changed = False

    def reason(self, rel: str, sha: str) -> str | None:
        """Why ``rel`` with these bytes was skipped before, or None when it was not (or has changed since)."""
        entry = self.files.get(rel)
        return entry["reason"] if entry and entry["sha256"] == sha else None

    def record(self, rel: str, sha: str, reason: str) -> None:
        if self.files.get(rel) != {"sha256": sha, "reason": reason}:
            self.files[rel] = {"sha256": sha, "reason": reason}
            self.changed = True

    def keep_only(self, failing: set[str]) -> None:
        """Forget every file but ``failing`` ones: removed from the source folder, or read since."""
        for rel in set(self.files) - failing:
            del self.files[rel]
            self.changed = True

    def save(self) -> None:
        """Write the file whole when it changed; an unwritable index folder only costs a re-read later."""
        if not self.changed:
            return
        try:
            _write(self.path, {"version": VERSION, "reading": self.reading, "files": self.files})
        except OSError:
            return
        self.changed = False


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".skipped-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _read(path: Path) -> dict[str, Any]:
    """The file as written ({"version", "reading", "files": path → {sha256, reason}}), or {} when it is
    missing or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = {
            str(rel): {"sha256": str(e["sha256"]), "reason": str(e["reason"])}
            for rel, e in data["files"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {**data, "files": files}


def _load(path: Path, reading: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The remembered skips, or none when the file is missing, damaged, or made under another way of
    reading."""
    data = _read(path)
    return data["files"] if data.get("version") == VERSION and data.get("reading") == reading else {}


def skipped_files(root: Path) -> list[tuple[str, str]]:
    """(path, reason) of every remembered skip, for the Library: whatever way of reading it was made under."""
    return sorted((rel, entry["reason"]) for rel, entry in _read(root / SKIPPED).get("files", {}).items())


__all__ = ["SKIPPED", "Skipped", "skipped_files"]
