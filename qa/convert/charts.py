"""A chart's data as a table: its categories down, its series across, each value as the chart's number format
shows it. Read from the chart's own part (DrawingML's chartSpace, the same in PowerPoint, Word and Excel
files): the values a chart shows are cached there beside the workbook they came from.

A chart holds figures no text around it repeats ("Less than HS" 26% of African American students in a
stacked column chart): they were lost with it. Read as a table named by the series, each category is one
row a question or a claim can cite ("African American — Less than HS: 26 | HS Diploma / GED: 30").
"""

from __future__ import annotations

import re
from typing import Any

from qa.convert.archive import untrusted_xml
from qa.convert.extracted import FoundTable, named_table
from qa.convert.sheet import shown

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def chart_blocks(blob: bytes, page: int | None, caption: str) -> tuple[list[str], list[FoundTable]]:
    """A chart part as qa's blocks: its title as a heading its rows stand under, then its data as a
    table's rows named by the series, the table captioned by the title or, untitled, by ``caption`` (the
    line above the chart); nothing for a part that is no XML."""
    try:
        title, rows = chart_table(untrusted_xml(blob, "the chart part"))
    except ValueError:
        return [], []
    lines, found = named_table(rows, page, title or caption, header=True)
    return ([f"### {title}"] if title and lines else []) + lines, found


def chart_table(space: Any) -> tuple[str, list[list[str]]]:
    """The chart's title ("" for none) and its table: a header row (the category axis's title, then each
    series' name), then one row per category ([] for a chart without series). A chart without categories
    (a scatter plot) names its points by their x values, or numbers them."""
    chart = space.find(f"{C}chart")
    if chart is None:
        return "", []
    series = chart.findall(f"{C}plotArea/*/{C}ser")
    if not series:
        return _words(chart.find(f"{C}title")), []
    values = [
        _points(s.find(f"{C}val") if s.find(f"{C}val") is not None else s.find(f"{C}yVal")) for s in series
    ]
    labels = next((p for s in series if (p := _points(_either(s, "cat", "xVal")))), {})
    count = max([len(v) for v in values] + [max(labels, default=-1) + 1])
    names = [labels.get(i, str(i + 1)) for i in range(count)]
    axis = chart.find(f"{C}plotArea/{C}catAx/{C}title")
    header = [_words(axis)] + [_words(s.find(f"{C}tx")) for s in series]
    body = [[names[i]] + [v.get(i, "") for v in values] for i in range(count)]
    return _words(chart.find(f"{C}title")), [header, *body]


def _either(series: Any, first: str, second: str) -> Any:
    found = series.find(f"{C}{first}")
    return found if found is not None else series.find(f"{C}{second}")


def _points(ref: Any) -> dict[int, str]:
    """A series' cached points (category labels or values) by index, each number in the cache's format."""
    if ref is None:
        return {}
    formats = ref.findall(f".//{C}formatCode")
    number_format = formats[0].text or "" if formats else ""
    out: dict[int, str] = {}
    for point in ref.iter(f"{C}pt"):
        value = point.find(f"{C}v")
        if value is None or value.text is None:
            continue
        text = " ".join(value.text.split())
        out[int(point.get("idx", len(out)))] = _number(text, point.get("formatCode") or number_format)
    return out


def _number(text: str, number_format: str) -> str:
    """A cached point as the chart shows it: a number in its format, a label as written."""
    if not _NUMERIC.fullmatch(text):
        return text
    return shown(float(text), number_format)


_NUMERIC = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _words(element: Any) -> str:
    """An element's text: a title's or a series name's rich text runs, or its cached value."""
    if element is None:
        return ""
    runs = [t.text or "" for t in element.iter(f"{A}t")]
    if not runs:
        runs = [v.text or "" for v in element.iter(f"{C}v")]
    return " ".join("".join(runs).split())


__all__ = ["chart_blocks", "chart_table"]
