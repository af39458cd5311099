"""A SmartArt diagram's text (DrawingML's diagram data part, the same in PowerPoint and Word files): each
node's paragraphs, in the order the diagram lists them.

A diagram is drawn from its own part, which a slide or a page only points to ("dgm:relIds"): its words were
lost with it (Euclid's five postulates, a process's steps, an organisation's boxes).
"""

from __future__ import annotations

from typing import Any

from qa.convert.archive import untrusted_xml

DGM = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Points that are not the diagram's text: its root, the connectors between nodes, their presentation.
_NOT_TEXT = {"doc", "parTrans", "sibTrans", "pres"}


def data_ids(element: Any) -> list[str]:
    """The relationship ids of the diagram data the graphic frames in ``element`` (a slide's shape, a Word
    paragraph) point to."""
    return [rid for ids in element.iter(f"{DGM}relIds") if (rid := ids.get(f"{R}dm"))]


def diagram_lines(blob: bytes) -> list[str]:
    """Each paragraph of each text node of a diagram data part, in its list's order; nothing for a part
    that is no XML."""
    try:
        points = untrusted_xml(blob, "the diagram's data").iter(f"{DGM}pt")
    except ValueError:
        return []
    out = []
    for point in points:
        if point.get("type", "node") in _NOT_TEXT:
            continue
        for paragraph in point.iter(f"{A}p"):
            text = " ".join("".join(t.text or "" for t in paragraph.iter(f"{A}t")).split())
            out += [text] if text else []
    return out


__all__ = ["data_ids", "diagram_lines"]
