"""PowerPoint (.pptx) → text slide by slide: each slide a "page" (cited by its number), its title a heading,
its text boxes top to bottom, its tables one line per row named by the header row, then its speaker notes
(python-pptx; nothing in the file is run).
"""

from __future__ import annotations

import io

from qa.convert.archive import check_zip, own_suffix, plain
from qa.convert.charts import chart_blocks
from qa.convert.diagrams import data_ids, diagram_lines
from qa.convert.extracted import FRONT_MATTER, Extracted, FoundTable, named_table
from qa.errors import SourceError


def read(name: str, data: bytes) -> Extracted:
    """Every slide's text in order, or SourceError when no slide holds any."""
    notes = check_zip(name, data, own_suffix(name, ".pptx"))
    data = plain(data)  # a template or slide show (or a .docm), however named: its parts are the same
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    blocks: list[str] = []
    starts: list[int] = []
    tables: list[FoundTable] = []
    front: list[tuple[int, int, str]] = []
    at = 0
    for number, slide in enumerate(deck.slides, 1):
        starts.append(at)
        own, found, subtitle = _slide(slide, number)
        tables += found
        for k, block in enumerate(own):
            front += [(at, at + len(block), FRONT_MATTER)] if k in subtitle else []
            blocks.append(block)
            at += len(block) + 2
    if not blocks:
        raise SourceError(f"skipped {name}: the slides hold no text")
    return Extracted(
        "\n\n".join(blocks) + "\n", tuple(starts), tuple(notes), fonts=tuple(front), tables=tuple(tables)
    )


def _slide(slide, number: int) -> tuple[list[str], list[FoundTable], set[int]]:
    """One slide's blocks (title, text, table rows, notes), its tables, and which blocks are the title
    slide's subtitle (the first slide's: a deck's front matter)."""
    title = slide.shapes.title
    title = title if title is not None and title.has_text_frame else None  # a picture in the title's place
    blocks = (
        [f"## {_one_line(title.text_frame.text)}"]
        if title is not None and title.text_frame.text.strip()
        else []
    )
    tables: list[FoundTable] = []
    subtitle: set[int] = set()
    for shape in sorted(_shapes(slide.shapes), key=lambda s: ((s.top or 0), (s.left or 0))):
        if title is not None and shape.shape_id == title.shape_id:
            continue
        if shape.has_table:
            lines, found = named_table(
                [[_one_line(c.text) for c in row.cells] for row in shape.table.rows], number
            )
            blocks += lines
            tables += found
        elif diagrams := data_ids(shape._element):  # SmartArt: its text is in its own part
            blocks += [line for rid in diagrams for line in _diagram(slide.part, rid)]
        elif getattr(shape, "has_chart", False) and shape.has_chart:
            # An untitled chart's rows stand under the line above it ("Highest Level of Attainment by
            # Low-Income Young Adults, 2008 (by percent)" over figures that say neither year nor unit).
            caption = _caption(blocks, subtitle)
            lines, found = chart_blocks(shape.chart.part.blob, number, caption)
            if lines and caption and not lines[0].startswith("### "):
                blocks[-1] = f"### {caption}"  # the line over an untitled chart is its caption
            blocks += lines
            tables += found
        elif shape.has_text_frame:
            lines = [_one_line(p.text) for p in shape.text_frame.paragraphs if p.text.strip()]
            if number == 1 and _is_subtitle(shape):
                subtitle.update(range(len(blocks), len(blocks) + len(lines)))
            blocks += lines
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            blocks += [_one_line(p.text) for p in frame.paragraphs if p.text.strip()]
    return blocks, tables, subtitle


def _diagram(part, rid: str) -> list[str]:
    """A SmartArt diagram's paragraphs (qa/convert/diagrams.py); nothing when its data part is missing."""
    try:
        return diagram_lines(part.related_part(rid).blob)
    except KeyError:
        return []


def _caption(blocks: list[str], subtitle: set[int]) -> str:
    """The slide's last line so far, where it may caption a chart below it: a title's length, not a
    sentence, not a heading, not the deck's subtitle; else ""."""
    if not blocks or len(blocks) - 1 in subtitle:
        return ""
    line = blocks[-1]
    heading = line.startswith("#")
    sentence = line.rstrip().endswith((".", "!", "?", ":"))
    return "" if heading or sentence or len(line) > CAPTION_CHARS else line


# A chart's caption is a title's length at most: a longer line above a chart is the slide's prose.
CAPTION_CHARS = 200


def _is_subtitle(shape) -> bool:
    from pptx.enum.shapes import PP_PLACEHOLDER

    return bool(shape.is_placeholder) and shape.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE


def _shapes(shapes):
    """The slide's shapes, those inside groups included. A group is told by its class: asking a shape of a
    kind python-pptx does not know for its ``shape_type`` raises, and skipped the whole deck."""
    from pptx.shapes.group import GroupShape

    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _one_line(text: str) -> str:
    return " ".join(text.split())


__all__ = ["read"]
