"""A chart's data as a table: its categories down, its series across, each value as the chart's number format
shows it (python-pptx's chart parts; nothing in the file is run).

A deck's chart holds figures no slide text repeats ("Less than HS" 26% of African American students in a
stacked column chart): they were lost with the chart. Read as a table named by the series, each category is
one row a question or a claim can cite ("African American — Less than HS: 26 | HS Diploma / GED: 30").
"""

from __future__ import annotations

from typing import Any

from qa.convert.sheet import shown

_FORMAT = "./c:val//c:formatCode"  # the number format a series' values are shown in


def chart_rows(chart: Any) -> tuple[str, list[list[str]]]:
    """The chart's title ("" for none) and its table: a header row (the category axis's title, then each
    series' name), then one row per category. A chart without categories (a scatter plot) numbers its
    points."""
    title = (
        _text(chart.chart_title.text_frame) if chart.has_title and chart.chart_title.has_text_frame else ""
    )
    series = [s for plot in chart.plots for s in plot.series]
    categories = [str(c) for c in chart.plots[0].categories] if chart.plots else []
    points = max((len(s.values) for s in series), default=0)
    labels = categories if len(categories) == points else [str(n) for n in range(1, points + 1)]
    header = [_axis_title(chart)] + [" ".join(str(s.name or "").split()) for s in series]
    body = [[label] + [_value(s, i) for s in series] for i, label in enumerate(labels)]
    return title, [header, *body] if series else []


def _value(series: Any, i: int) -> str:
    values = series.values
    if i >= len(values) or values[i] is None:
        return ""
    formats = series._element.xpath(_FORMAT)
    return shown(values[i], formats[0].text if formats else "")


def _axis_title(chart: Any) -> str:
    try:
        axis = chart.category_axis
    except (ValueError, KeyError, AttributeError):  # a pie or scatter chart has no category axis
        return ""
    return _text(axis.axis_title.text_frame) if axis.has_title and axis.axis_title.has_text_frame else ""


def _text(frame: Any) -> str:
    return " ".join(frame.text.split())


__all__ = ["chart_rows"]
