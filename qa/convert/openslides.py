"""OpenDocument presentations (.odp, LibreOffice Impress) → text slide by slide, read as PowerPoint's are
(qa/convert/slides.py): each slide a "page" cited by its number, its title a heading, its frames top to
bottom (text boxes, lists, tables), then its speaker notes. Nothing in the file is run."""

from __future__ import annotations

import re

from qa.convert.extracted import FRONT_MATTER, Extracted, FoundTable
from qa.convert.opendoc import DRAW, blocks, body_of, text_of
from qa.errors import SourceError

PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
# A length's unit in centimetres: where a frame stands orders it on its slide.
_CM = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72, "pc": 2.54 / 6, "px": 2.54 / 96}


def read(name: str, data: bytes) -> Extracted:
    """Every slide's text in order, or SourceError when no slide holds any."""
    body, notes = body_of(name, data, "presentation")
    out: list[str] = []
    starts: list[int] = []
    tables: list[FoundTable] = []
    front: list[tuple[int, int, str]] = []
    at = 0
    for number, page in enumerate([] if body is None else body.iter(f"{{{DRAW}}}page"), 1):
        starts.append(at)
        own, subtitle = _slide(page, tables, number == 1)
        for k, block in enumerate(own):
            front += [(at, at + len(block), FRONT_MATTER)] if k in subtitle else []
            out.append(block)
            at += len(block) + 2
    if not out:
        raise SourceError(f"skipped {name}: the slides hold no text")
    return Extracted("\n\n".join(out) + "\n", tuple(starts), notes, fonts=tuple(front), tables=tuple(tables))


def _slide(page, tables: list[FoundTable], first: bool) -> tuple[list[str], set[int]]:
    """One slide's blocks: its title as a heading, its other frames top to bottom, left to right, then the
    speaker notes; and which blocks are the subtitle of the ``first`` slide (the deck's front matter)."""
    frames = [f for f in page if f.tag in (f"{{{DRAW}}}frame", f"{{{DRAW}}}custom-shape", f"{{{DRAW}}}g")]
    titled = [f for f in frames if f.get(f"{{{PRESENTATION}}}class") == "title"]
    title = " ".join(t for f in titled if (t := text_of(f)))
    out = [f"## {title}"] if title else []
    subtitle: set[int] = set()
    for frame in sorted((f for f in frames if f not in titled), key=_place):
        own = blocks(frame, tables)
        if first and frame.get(f"{{{PRESENTATION}}}class") == "subtitle":
            subtitle.update(range(len(out), len(out) + len(own)))
        out += own
    for said in page.iter(f"{{{PRESENTATION}}}notes"):
        out += blocks(said, tables)
    return out, subtitle


def _place(frame) -> tuple[float, float]:
    return _length(frame.get(f"{{{SVG}}}y")), _length(frame.get(f"{{{SVG}}}x"))


def _length(value: str | None) -> float:
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", value or "")
    return float(m.group(1)) * _CM.get(m.group(2), 1.0) if m else 0.0


__all__ = ["read"]
