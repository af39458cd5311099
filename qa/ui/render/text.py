"""Terminal text for the CLI: answers, verdicts, layouts and the index summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qa.text.controls import printable
from qa.ui.render.cite import MARKS, layout_rows, location, named_parts, not_answered, verdict_label

if TYPE_CHECKING:
    from qa.answer.compose import Answer
    from qa.convert.extracted import FoundTable
    from qa.document.paragraphs import Layout
    from qa.index.generation import Index
    from qa.verify.verdict import Verdict

BOLD, PLAIN = ("\033[1;33m", "\033[0m"), ("**", "**")


def index_summary(index: Index) -> str:
    m = index.manifest
    return printable(
        f"index: {len(m.documents)} documents, {m.passages} passages, {m.sentences} sentences "
        f"({m.model}, built {m.built_at}) in {index.folder}"
    )


def answer_text(answer: Answer, tty: bool = False) -> str:
    """`qa ask`: each passage with its answering sentence emphasised (colour on a terminal, **…** else)."""
    on, off = BOLD if tty else PLAIN
    lines = [f"Q: {printable(answer.question)}"]
    if not answer.answerable:
        lines.append(f"{not_answered(answer)} Closest passages, not answers:")
    elif answer.lead is not None:
        lead = answer.lead
        before, span, after = named_parts(
            lead.passage, lead.highlight[0], answer.lead_parts(), _name, printable
        )
        quote = f"{before}{on}{span}{off}{after}" if span else f"{on}{before}{off}"
        lines.append(f"A: {' '.join(quote.split())}  [{answer.lead.rank}] {printable(location(answer.lead))}")
    for c in answer.cited:
        before, hit, after = named_parts(c.passage, c.passage.start, c.parts(), _name, printable)
        where = printable(location(c))
        lines.append(f"\n[{c.rank}] score {c.score:.3f}  {where}\n    {before}{on}{hit}{off}{after}")
    return "\n".join(lines) + "\n"


def _name(name: str) -> str:
    """A table cell's column name, in brackets: it stands on the page above the cell, not beside it."""
    return f"[{printable(name)}] "


def verdict_text(verdict: Verdict) -> str:
    """`qa verify`: the overall verdict, then each sentence marked ✔ ✘ ? with its reason and evidence."""
    lines = [f"{verdict_label(verdict.verdict).upper()}: {verdict.claim}"]
    for s in verdict.sentences:
        lines.append(f"  {MARKS[s.verdict]} {verdict_label(s.verdict)} (score {s.score:.3f}): {s.text}")
        lines.append(f"      {s.reason}")
        lines += [f"      mismatch  claim: {m.claim}; source: {m.source}" for m in s.mismatches]
        label = "evidence" if s.on_topic else "closest, not evidence"
        e = s.evidence
        quote = named_parts(e.passage, e.highlight[0], [e.sentence], _name, str)[0]
        lines.append(f'      {label}: "{quote}"\n        {location(e)}')
    return printable("\n".join(lines) + "\n")


def layout_text(layout: Layout) -> str:
    head = f"{layout.doc.path}: {layout.title}"
    if layout.body_start:
        head += f"\n     metadata   0–{layout.body_start} (front matter)"
    rows = [f"¶{n:<4} {role:<18} {span:<12} {text}" for n, role, span, text in layout_rows(layout)]
    return printable("\n".join([head] + rows))


def tables_text(tables: Sequence[FoundTable]) -> str:
    """Each table as a readable grid: where it stands and its caption, then its rows, a long cell wrapped
    onto more lines, the columns padded to their widest line, and a rule under the header rows."""
    if not tables:
        return "no tables found"
    return printable("\n\n".join(_grid(n, t) for n, t in enumerate(tables, 1)))


CELL_WIDTH = 30  # a readable grid wraps a longer cell onto more lines, so that wide tables still fit


def _grid(number: int, table: FoundTable) -> str:
    import textwrap

    rows = table.header_rows + table.rows
    width = max(map(len, rows), default=0)
    wrapped = [
        [textwrap.wrap(cell, CELL_WIDTH) or [""] for cell in row + [""] * (width - len(row))] for row in rows
    ]
    sizes = [max(len(line) for row in wrapped for line in row[c]) for c in range(width)]
    where = f"table {number}" + (f", page {table.page}" if table.page else "")
    out = [f"{where}: {table.caption}" if table.caption else where]
    for i, row in enumerate(wrapped):
        for k in range(max(map(len, row), default=1)):
            parts = [cell[k] if k < len(cell) else "" for cell in row]
            out.append(" | ".join(part.ljust(size) for part, size in zip(parts, sizes)).rstrip())
        if i + 1 == len(table.header_rows):
            out.append("-+-".join("-" * size for size in sizes))
    return "\n".join(out)
