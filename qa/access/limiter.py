"""Failed sign-ins, counted per address and per user name over the last minute: past ``MAX_FAILURES`` the
next attempt is refused (even with the right password) and answered slowly, so guessing a password from one
address, or one user's from many, gets five tries a minute.

Kept in memory: a restart forgets the counts, which costs an attacker a restart they cannot cause.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable

MAX_FAILURES = 5  # per address and per user within WINDOW_S: a person mistyping twice is never refused
WINDOW_S = 60.0
SLOW_S = 2.0  # how long a refused attempt waits before its answer


class Limiter:
    """Timestamps of recent failures by key ("addr:1.2.3.4", "user:ana")."""

    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, keys: Iterable[str], now: float | None = None) -> bool:
        """Whether any of ``keys`` has failed ``max_failures`` times within the window."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return any(len(self._recent(key, now)) >= self.max_failures for key in keys)

    def failed(self, keys: Iterable[str], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times

    def _recent(self, key: str, now: float) -> deque[float]:
        """``key``'s failures within the window; a key with none left is forgotten (addresses come and go)."""
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times


__all__ = ["MAX_FAILURES", "SLOW_S", "WINDOW_S", "Limiter"]
