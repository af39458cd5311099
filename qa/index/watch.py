"""A watched source folder: each batch of added, changed, renamed or removed files, once the files have
settled, so the index can be refreshed within seconds (``qa serve --watch``, ``qa index --watch``).

watchfiles (inotify on Linux, a maintained Rust watcher) reports changes; a batch closes after DEBOUNCE_MS
without another. A file still being copied in is not read half-written: the batch is handed on only once
every file in it has kept its size and modification time for SETTLE_S.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

# The watcher says it is idle after this long without a change (its first idle report means it is watching).
IDLE_MS = 300
# Changes this close together are one batch (a folder copied in is one refresh, not one per file).
DEBOUNCE_MS = 400
# A changed file must keep its size and mtime this long before it is read: a copy in progress grows.
SETTLE_S = 0.3
# How long to wait at most for a file that keeps changing (a download): read as it is then, and again
# when it changes once more.
SETTLE_MAX_S = 30.0


def _visible(root: Path):
    """Changes to hidden files and folders (.removed/, editor swap files, .git) are not the library's."""

    def keep(_change: object, path: str) -> bool:
        try:
            parts = Path(path).relative_to(root).parts
        except ValueError:
            return False
        return bool(parts) and not any(part.startswith(".") for part in parts)

    return keep


def batches(root: Path, stop: threading.Event | None = None) -> Iterator[set[str]]:
    """Each batch of changed paths under ``root`` (relative, with forward slashes), once settled; ends when
    ``stop`` is set. The first batch is empty and comes once the folder is watched: a change made before
    then (between the last refresh and now) is caught by refreshing on it."""
    from watchfiles import watch

    root = root.resolve()
    first = True
    for changes in watch(
        root,
        watch_filter=_visible(root),
        debounce=DEBOUNCE_MS,
        stop_event=stop,
        raise_interrupt=False,
        rust_timeout=IDLE_MS,
        yield_on_timeout=True,  # an empty batch when idle: the first one says the folder is watched
    ):
        if not changes:
            if first:
                first = False
                yield set()
            continue
        first = False
        paths = {Path(path) for _, path in changes}
        settle(paths)
        yield {p.relative_to(root).as_posix() for p in paths}


def settle(paths: set[Path], wait: float = SETTLE_S, most: float = SETTLE_MAX_S) -> None:
    """Return once no file of ``paths`` has changed size or mtime for ``wait`` seconds (or after ``most``)."""
    end = time.monotonic() + most
    seen = _stamps(paths)
    while time.monotonic() < end:
        time.sleep(wait)
        now = _stamps(paths)
        if now == seen:
            return
        seen = now


def _stamps(paths: set[Path]) -> dict[Path, tuple[int, int] | None]:
    out: dict[Path, tuple[int, int] | None] = {}
    for path in paths:
        try:
            st = path.stat()
            out[path] = (st.st_size, st.st_mtime_ns)
        except OSError:
            out[path] = None  # removed (or renamed away): settled
    return out


__all__ = ["DEBOUNCE_MS", "SETTLE_S", "batches", "settle"]
