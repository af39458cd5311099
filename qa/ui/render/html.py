"""The web page's panels as HTML: sources, the document viewer, verdicts, the library and layouts.

Every piece of source or user text is escaped first (``esc``): ``gr.HTML`` does not sanitise.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qa.ui.render.cite import (
    MARKS,
    chip,
    citation,
    context,
    esc,
    layout_rows,
    named_parts,
    not_answered,
    verdict_label,
)

if TYPE_CHECKING:
    from qa.answer.compose import Answer
    from qa.document.paragraphs import Layout
    from qa.index.generation import Index
    from qa.retrieve.cited import Cited
    from qa.ui.pdfpage import PageImage
    from qa.verify.verdict import Verdict


def stylesheet() -> str:
    """The page's own CSS (style.css beside this module)."""
    return Path(__file__).with_name("style.css").read_text(encoding="utf-8")


def _quote_html(c: Cited, span: tuple[int, int] | None = None) -> str:
    """The passage, its answering sentence marked, and within it the answer span (absolute offsets) in
    bold. A table cell's name stands before it, set apart from the quote."""
    before, lead_in, bold, rest, after = _named(c, c.cut(span))
    bold = f"<strong class='qa-span'>{bold}</strong>" if bold else ""
    return f"{before}<mark class='qa-answer'>{lead_in}{bold}{rest}</mark>{after}"


def _named(c: Cited, parts: Sequence[str]) -> list[str]:
    """Runs of the cited passage from its start, escaped, each table cell's name before it."""
    return named_parts(c.passage, c.passage.start, parts, _name, esc)


def _name(name: str) -> str:
    return f"<span class='qa-name'>{esc(name)}: </span>"  # the space inside: the quote is what is left


def _card(c: Cited, answers: bool, span: tuple[int, int] | None = None) -> str:
    """One cited passage: its chip and score, then the passage, its answering sentence marked if it
    answers."""
    quote = _quote_html(c, span) if answers else _named(c, [c.passage.text])[0]
    kind = "qa-source" if answers else "qa-source qa-not-answer"
    return (
        f"<div class='{kind}' data-rank='{c.rank}'><div class='qa-cite'>{esc(chip(c))} "
        f"<span class='qa-score'>score {c.score:.2f}</span></div><blockquote>{quote}</blockquote>"
        f"<div class='qa-where'>{esc(citation(c))}, characters {c.passage.start}–{c.passage.end}</div></div>"
    )


def sources_html(answer: Answer | None) -> str:
    """The passages that answer, marked; the others folded under a summary that says they do not answer."""
    if not answer:
        return "<div class='qa-empty'>Ask a question: the passages behind the answer appear here.</div>"
    answers = answer.answers
    others = context(answer)
    head = "Sources" if answers else not_answered(answer)
    label = "More passages" if answers else "Closest passages"
    more = (
        (
            f"<details class='qa-more'><summary>{label} ({len(others)}): these do not answer</summary>"
            f"{''.join(_card(c, False) for c in others)}</details>"
        )
        if others
        else ""
    )
    span = answer.answer
    cards = "".join(
        _card(c, True, (span.start, span.end) if span and span.rank == c.rank else None) for c in answers
    )
    return f"<div class='qa-sources'><h3>{esc(head)}</h3>{cards}{more}</div>"


def viewer_html(text: str, title: str, cited: Cited | None, anchor: bool = True) -> str:
    """The whole document, the cited passage marked and its answering sentence marked within it (the
    passage is the scroll target unless ``anchor`` is off, as under a PDF page image)."""
    if cited is None:
        return f"<div class='qa-viewer'><h3>{esc(title)}</h3><pre class='qa-doc'>{esc(text)}</pre></div>"
    p = cited.passage
    before, hit, after = cited.parts()
    target = " id='qa-cited'" if anchor else ""
    body = (
        f"{esc(text[: p.start])}<mark class='qa-passage'{target}>{esc(before)}"
        f"<mark class='qa-answer'>{esc(hit)}</mark>{esc(after)}</mark>{esc(text[p.end :])}"
    )
    head = f"{esc(title)}<br><small>{esc(citation(cited, with_title=False))}</small>"
    return f"<div class='qa-viewer'><h3>{head}</h3><pre class='qa-doc'>{body}</pre></div>"


# Opening the extracted text under a page image scrolls it to the cited passage, a third of the way down.
OPEN_AT_PASSAGE = (
    "if (this.open) { const m = this.querySelector('mark.qa-passage'), d = m && m.closest('pre'); "
    "if (d) d.scrollTop += m.getBoundingClientRect().top - d.getBoundingClientRect().top "
    "- d.clientHeight / 3; }"
)


# Zoom levels of a cited page (its frame's width; the marks are drawn into the image, so they zoom with it).
# The page opens at ZOOMS[1]: readable in the side column (about 420 px wide at 100%).
ZOOMS = ((1.0, "Fit"), (1.6, "160%"), (2.5, "250%"))
# The page's frame ``f`` scrolled so that where the marks start (data-focus) stands a third down, its image
# ``i`` at whatever width: on opening (qa/ui/web.py: SCROLL_JS) and on each zoom.
TO_MARKS_JS = "f.scrollTop = i.clientHeight * parseFloat(f.dataset.focus) - f.clientHeight / 3;"
ZOOM_JS = (
    "const f = this.closest('.qa-viewer').querySelector('.qa-page-frame'), i = f.querySelector('img'); "
    f"i.style.width = (%s * 100) + '%%'; {TO_MARKS_JS} f.scrollLeft = 0;"
)


def page_viewer_html(title: str, cited: Cited, image: PageImage, text_view: str) -> str:
    """A PDF citation: the page as an image with the passage and sentence marked, then the text view."""
    import base64

    marks = image.passage_boxes + image.sentence_boxes
    src = "data:image/png;base64," + base64.b64encode(image.png).decode("ascii")
    page = cited.passage.page
    zoom = "".join(
        f"<button type='button' class='qa-zoom-{int(z * 100)}' onclick=\"{ZOOM_JS % z}\">{label}</button>"
        for z, label in ZOOMS
    )
    return (
        f"<div class='qa-viewer'><h3>{esc(title)}<br><small>{esc(citation(cited, with_title=False))}</small>"
        f"</h3><div class='qa-zoom' role='group' aria-label='Zoom the page'>{zoom}"
        f"<a href='{src}' download='page-{page}.png'>Full-size page image</a></div>"
        f"<div class='qa-page-frame' data-focus='{image.focus:.4f}'><img class='qa-page' id='qa-cited' "
        f"data-marks='{marks}' alt='page {page}, with the cited passage marked' src='{src}'></div>"
        f"<details class='qa-text-view' ontoggle=\"{OPEN_AT_PASSAGE}\">"
        f"<summary>Extracted text"
        f"</summary>{text_view}</details></div>"
    )


CHANGED = (
    "This document has changed since this answer was given: the cited passage is not marked, since it "
    "may no longer stand there. Ask again to cite the document as it is now."
)


def changed_html(document_view: str) -> str:
    """A citation whose document's bytes changed since: the notice, then the document as it is now."""
    return f"<div class='qa-changed' role='alert'>{esc(CHANGED)}</div>{document_view}"


def verdicts_html(verdict: Verdict | None) -> str:
    if not verdict:
        return (
            "<div class='qa-empty'>Paste an answer or claim: each sentence is checked against the "
            "source.</div>"
        )
    overall = verdict_label(verdict.verdict)
    rows = [f"<div class='qa-overall qa-{'yes' if verdict.supported else 'no'}'>Overall: {overall}</div>"]
    for s in verdict.sentences:
        badge = f"{MARKS[s.verdict]} {verdict_label(s.verdict)}"
        label = "Evidence" if s.on_topic else "Closest passage, not evidence"
        mism = "".join(
            f"<li>claim: <b>{esc(m.claim)}</b>; source: <b>{esc(m.source)}</b></li>" for m in s.mismatches
        )
        rows.append(
            f"<div class='qa-verdict qa-{'yes' if s.supported else 'no'}'>"
            f"<div class='qa-claim'><span class='qa-badge'>{badge}</span> {esc(s.text)} "
            f"<span class='qa-score'>score {s.score:.2f}</span></div>"
            f"<div class='qa-reason'>{esc(s.reason)}</div>"
            + (f"<ul class='qa-mismatch'>{mism}</ul>" if mism else "")
            + f"<div class='qa-evidence-label'>{label}: {esc(citation(s.evidence))}</div>"
            f"<blockquote>{_quote_html(s.evidence)}</blockquote></div>"
        )
    return "".join(rows)


def library_html(
    index: Index, skipped: list[tuple[str, str]] | None = None, readable: Collection[str] | None = None
) -> str:
    """The Library tab: every document of the index (of ``readable`` only, when given: a caller's) with its
    title, paragraphs and passages, then the files that could not be read, each with its reason (they can be
    removed like any document). The passage count is of the documents listed."""
    shown = [(e, t) for e, t in index.library() if readable is None or e.path in readable]
    rows = "".join(
        f"<tr><td>{esc(title)}</td><td><code>{esc(entry.path)}</code></td>"
        f"<td>{entry.paragraphs}</td><td>{entry.count}</td></tr>"
        for entry, title in shown
    )
    m = index.manifest
    passages = m.passages if readable is None else sum(e.count for e, _ in shown)
    failed = "".join(
        f"<tr><td><code>{esc(rel)}</code></td><td>{esc(why)}</td></tr>" for rel, why in skipped or ()
    )
    skipped_table = (
        (
            f"<h4>Skipped: not read, not searched</h4><table class='qa-skipped'><tr><th>File</th>"
            f"<th>Why</th></tr>{failed}</table>"
        )
        if failed
        else ""
    )
    return (
        f"<div class='qa-library'><p>Index: <b>{esc(str(m.model))}</b>, built "
        f"{esc(str(m.built_at))}, {passages} passages.</p>"
        f"<table><tr><th>Title</th><th>File</th><th>Paragraphs</th><th>Passages</th></tr>{rows}</table>"
        f"{skipped_table}</div>"
    )


def layout_html(layout: Layout | None) -> str:
    if layout is None:
        return "<div class='qa-empty'>Choose a document to see each block and its role.</div>"
    rows = "".join(
        f"<tr class='qa-role-{esc(role.split()[0])}'><td>¶{n}</td><td>{esc(role)}</td><td>{span}</td>"
        f"<td>{esc(text)}</td></tr>"
        for n, role, span, text in layout_rows(layout)
    )
    return (
        f"<div class='qa-layout'><h3>{esc(layout.title)}</h3><table><tr><th>¶</th><th>Role</th>"
        f"<th>Characters</th><th>Text</th></tr>{rows}</table></div>"
    )
