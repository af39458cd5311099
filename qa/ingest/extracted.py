"""What a reader of a converted format (PDF, HTML, Word) returns: the text qa cites, and where pages start."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: tuple[int, ...] = ()  # offset in ``text`` where each page starts (PDF only)
    notes: tuple[str, ...] = ()  # what was set aside or ignored, one line each
