"""Terminal text for the CLI: answers, verdicts, layouts and the index summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.text.controls import printable
from qa.ui.render.cite import MARKS, layout_rows, location, not_answered, verdict_label

if TYPE_CHECKING:
    from qa.answer.compose import Answer
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
        before, span, after = map(printable, answer.lead_parts())
        quote = f"{before}{on}{span}{off}{after}" if span else f"{on}{before}{off}"
        lines.append(f"A: {' '.join(quote.split())}  [{answer.lead.rank}] {printable(location(answer.lead))}")
    for c in answer.cited:
        before, hit, after = map(printable, c.parts())
        where = printable(location(c))
        lines.append(f"\n[{c.rank}] score {c.score:.3f}  {where}\n    {before}{on}{hit}{off}{after}")
    return "\n".join(lines) + "\n"


def verdict_text(verdict: Verdict) -> str:
    """`qa verify`: the overall verdict, then each sentence marked ✔ ✘ ? with its reason and evidence."""
    lines = [f"{verdict_label(verdict.verdict).upper()}: {verdict.claim}"]
    for s in verdict.sentences:
        lines.append(f"  {MARKS[s.verdict]} {verdict_label(s.verdict)} (score {s.score:.3f}): {s.text}")
        lines.append(f"      {s.reason}")
        lines += [f"      mismatch  claim: {m.claim}; source: {m.source}" for m in s.mismatches]
        label = "evidence" if s.on_topic else "closest, not evidence"
        lines.append(f'      {label}: "{s.evidence.sentence}"\n        {location(s.evidence)}')
    return printable("\n".join(lines) + "\n")


def layout_text(layout: Layout) -> str:
    head = f"{layout.doc.path}: {layout.title}"
    if layout.body_start:
        head += f"\n     metadata   0–{layout.body_start} (front matter)"
    rows = [f"¶{n:<4} {role:<18} {span:<12} {text}" for n, role, span, text in layout_rows(layout)]
    return printable("\n".join([head] + rows))
