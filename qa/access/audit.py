"""The audit log: sign-ins (and refusals), sign-outs, uploads, removals and every change to users and tokens,
one JSON object a line in ``audit.jsonl`` beside the index.

Append-only: the file is opened for appending and each record is written in one ``write`` of one line, so
lines from several processes (the server, `qa users`) never interleave, and nothing here rewrites or
truncates it. Passwords and tokens never reach it.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

AUDIT_FILE = "audit.jsonl"
log = logging.getLogger("qa")


def record(folder: Path, event: str, **fields: Any) -> None:
    """Append one event (``sign-in``, ``upload``, ``user-add``…) with the time and ``fields``. A log that
    cannot be written is said in the server's log; the action it records has already happened."""
    line = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "event": event, **fields}
    data = (json.dumps(line, ensure_ascii=False, sort_keys=False) + "\n").encode()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / AUDIT_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        log.warning("the audit log could not be written: %s", exc.strerror or exc)


def operator() -> str:
    """Who runs a `qa users` or `qa tokens` command: the account on this machine."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def read(folder: Path) -> list[dict[str, Any]]:
    """Every record, oldest first (tests and `qa users audit`-style reading)."""
    path = folder / AUDIT_FILE
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


__all__ = ["AUDIT_FILE", "operator", "read", "record"]
