"""Presentation in one room: answers, verdicts, layouts and reports as terminal text (CLI), Markdown and
HTML (web UI). Every function takes the typed results (``Answer``, ``Cited``, ``Verdict``), not JSON.

Every piece of source or user text goes through ``html.escape`` first in HTML: documents and questions may
hold ``<script>`` or ``<img onerror>``, and ``gr.HTML`` does not sanitise.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.answer import Answer, Cited
    from qa.index import Index
    from qa.paragraphs import Layout
    from qa.pdfpage import PageImage
    from qa.verify import Verdict

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def md_escape(text: str) -> str:
    """Text that Markdown shows as typed: Markdown punctuation backslashed, then HTML escaped (in that
    order, so the ``#`` of an entity such as ``&#x27;`` is not escaped into visible text)."""
    return esc(_MD_SPECIAL.sub(r"\\\1", text))


# Titles longer than this are cited by their main clause (before the colon) to keep citations readable;
# the same limit cuts the labels of the citation picker.
SHORT_TITLE = 90


def short_title(title: str) -> str:
    if len(title) <= SHORT_TITLE:
        return title
    head = title.split(": ")[0]
    return _cut(head)


def _cut(text: str, limit: int = SHORT_TITLE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def citation(cited: Cited, with_title: bool = True, limit: int = SHORT_TITLE) -> str:
    """"Title › Section, ¶36" (", p. 4" for a PDF) — plain text, escape before use. ``limit`` cuts the
    title and the section, for places where a citation must stay on one line."""
    p = cited.passage
    title = _cut(short_title(p.title), limit) if with_title else None
    where = " › ".join(x for x in (title, _cut(p.section, limit) if p.section else None) if x)
    place = f"¶{p.paragraph}" + (f", p. {p.page}" if p.page else "")
    return f"{where}, {place}" if where else place


def location(cited: Cited) -> str:
    """Citation plus the exact place: file and character span."""
    p = cited.passage
    return f"{citation(cited)} ({p.doc}, chars {p.start}–{p.end})"


def choice_label(cited: Cited) -> str:
    """A citation picker entry: "[2] ¶14 · Section"."""
    p = cited.passage
    return _cut(f"[{cited.rank}] ¶{p.paragraph} · {p.section or short_title(p.title)}")


# --- Markdown and HTML (web) ------------------------------------------------------------------------

# The chat quotes the best few passages; the sources panel beside it lists them all.
CHAT_QUOTES = 3
NOT_ANSWERED = "The source does not answer this."


# In the chat, titles and sections are cut to this many characters: the Sources panel keeps them whole.
CHAT_CITATION = 40


def chat_reply(answer: Answer, understood_as: str | None = None) -> str:
    """The bot's message: the answering sentence first, quoted with its citation number, then the other
    supporting sentences in short form. When the source does not answer, it says so first."""
    lines = []
    if understood_as:
        lines.append(f"*Understood as:* {md_escape(understood_as)}\n")
    if not answer.cited:
        return "\n".join(lines + [f"**{NOT_ANSWERED}**"])
    top, rest = answer.cited[0], answer.cited[1:CHAT_QUOTES]
    if answer.answerable:
        lines.append(f"> **{_inline(top.sentence)}** **[{top.rank}]**\n")
    else:
        lines.append(f"**{NOT_ANSWERED}** The closest passages say, not as an answer:\n")
        lines.append(f"> {_inline(top.sentence)} **[{top.rank}]**\n")
    lines.append(f"<small>[{top.rank}] {md_escape(citation(top, limit=CHAT_CITATION))}</small>\n")
    if rest:
        lines.append("Also:" if answer.answerable else "And:")
        lines += [f"- “{_inline(c.sentence)}” **[{c.rank}]** {md_escape(citation(c, limit=CHAT_CITATION))}"
                  for c in rest]
    return "\n".join(lines)


def _inline(text: str) -> str:
    return md_escape(" ".join(text.split()))


def _quote_html(c: Cited) -> str:
    before, hit, after = c.parts()
    return f"{esc(before)}<mark class='qa-answer'>{esc(hit)}</mark>{esc(after)}"


def sources_html(answer: Answer | None) -> str:
    if not answer:
        return "<div class='qa-empty'>Ask a question: the passages behind the answer appear here.</div>"
    label = "Sources" if answer.answerable else "Closest passages (the source does not answer this)"
    cards = [
        f"<div class='qa-source' data-rank='{c.rank}'><div class='qa-cite'><b>[{c.rank}]</b> "
        f"{esc(citation(c))} <span class='qa-score'>score {c.score:.2f}</span></div>"
        f"<blockquote>{_quote_html(c)}</blockquote>"
        f"<div class='qa-where'>{esc(c.passage.doc)}, characters {c.passage.start}–{c.passage.end}</div></div>"
        for c in answer.cited
    ]
    return f"<div class='qa-sources'><h3>{esc(label)}</h3>{''.join(cards)}</div>"


def viewer_html(text: str, title: str, cited: Cited | None, anchor: bool = True) -> str:
    """The whole document, the cited passage marked and its answering sentence marked within it (the
    passage is the scroll target unless ``anchor`` is off, as under a PDF page image)."""
    if cited is None:
        return f"<div class='qa-viewer'><h3>{esc(title)}</h3><pre class='qa-doc'>{esc(text)}</pre></div>"
    p = cited.passage
    before, hit, after = cited.parts()
    target = " id='qa-cited'" if anchor else ""
    body = (f"{esc(text[: p.start])}<mark class='qa-passage'{target}>{esc(before)}"
            f"<mark class='qa-answer'>{esc(hit)}</mark>{esc(after)}</mark>{esc(text[p.end :])}")
    head = f"{esc(title)}<br><small>{esc(citation(cited, with_title=False))}</small>"
    return f"<div class='qa-viewer'><h3>{head}</h3><pre class='qa-doc'>{body}</pre></div>"


def page_viewer_html(title: str, cited: Cited, image: "PageImage", text_view: str) -> str:
    """A PDF citation: the page as an image with the passage and sentence marked, then the text view."""
    import base64

    marks = image.passage_boxes + image.sentence_boxes
    src = "data:image/png;base64," + base64.b64encode(image.png).decode("ascii")
    return (f"<div class='qa-viewer'><h3>{esc(title)}<br><small>{esc(citation(cited, with_title=False))}</small>"
            f"</h3><img class='qa-page' id='qa-cited' data-marks='{marks}' alt='page {cited.passage.page}, "
            f"with the cited passage marked' src='{src}'><details class='qa-text-view'><summary>Extracted text"
            f"</summary>{text_view}</details></div>")


def _verdict_label(verdict: str) -> str:
    """"not_found" as people read it: "not found"."""
    return verdict.replace("_", " ")


def verdicts_html(verdict: Verdict | None) -> str:
    if not verdict:
        return "<div class='qa-empty'>Paste an answer or claim: each sentence is checked against the source.</div>"
    from qa.verify import MARKS

    overall = _verdict_label(verdict.verdict)
    rows = [f"<div class='qa-overall qa-{'yes' if verdict.supported else 'no'}'>Overall: {overall}</div>"]
    for s in verdict.sentences:
        badge = f"{MARKS[s.verdict]} {_verdict_label(s.verdict)}"
        label = "Evidence" if s.on_topic else "Closest passage, not evidence"
        mism = "".join(f"<li>claim: <b>{esc(m.claim)}</b>; source: <b>{esc(m.source)}</b></li>" for m in s.mismatches)
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


def library_html(docs: list[dict[str, Any]], status: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{esc(d['title'])}</td><td><code>{esc(d['doc'])}</code></td>"
        f"<td>{d['paragraphs']}</td><td>{d['passages']}</td></tr>" for d in docs
    )
    return (f"<div class='qa-library'><p>Index: <b>{esc(str(status.get('model')))}</b>, built "
            f"{esc(str(status.get('built_at')))}, {status.get('passages')} passages.</p>"
            f"<table><tr><th>Title</th><th>File</th><th>Paragraphs</th><th>Passages</th></tr>{rows}</table></div>")


# --- document layout: what is cited and what is set aside --------------------------------------------

LAYOUT_PREVIEW = 100  # characters of each block shown in a layout listing


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LAYOUT_PREVIEW else flat[: LAYOUT_PREVIEW - 1] + "…"


def layout_rows(layout: "Layout") -> list[tuple[int, str, str, str]]:
    """(¶ number, role, character span, preview) of every block, in document order."""
    from qa.paragraphs import CITABLE_KINDS

    rows = []
    for p in layout.paragraphs:
        role = p.kind if p.kind in CITABLE_KINDS or p.kind == "heading" else f"{p.kind} (not cited)"
        rows.append((p.number, role, f"{p.start}–{p.end}", _preview(layout.text(p))))
    return rows


def layout_text(layout: "Layout") -> str:
    head = f"{layout.doc.path}: {layout.title}"
    if layout.body_start:
        head += f"\n     metadata   0–{layout.body_start} (front matter)"
    return "\n".join([head] + [f"¶{n:<4} {role:<18} {span:<12} {text}" for n, role, span, text in layout_rows(layout)])


def layout_html(layout: "Layout | None") -> str:
    if layout is None:
        return "<div class='qa-empty'>Choose a document to see each block and its role.</div>"
    rows = "".join(f"<tr class='qa-role-{esc(role.split()[0])}'><td>¶{n}</td><td>{esc(role)}</td><td>{span}</td>"
                   f"<td>{esc(text)}</td></tr>" for n, role, span, text in layout_rows(layout))
    return (f"<div class='qa-layout'><h3>{esc(layout.title)}</h3><table><tr><th>¶</th><th>Role</th>"
            f"<th>Characters</th><th>Text</th></tr>{rows}</table></div>")


# --- terminal text (CLI) -------------------------------------------------------------------------

BOLD, PLAIN = ("\033[1;33m", "\033[0m"), ("**", "**")


def index_summary(index: "Index") -> str:
    m = index.manifest
    return (f"index: {len(m['files'])} documents, {m['passages']} passages, {m['sentences']} sentences "
            f"({m['model']}, built {m['built_at']}) in {index.folder}")


def answer_text(answer: Answer, tty: bool = False) -> str:
    """`qa ask`: each passage with its answering sentence emphasised (colour on a terminal, **…** else)."""
    on, off = BOLD if tty else PLAIN
    lines = [f"Q: {answer.question}"]
    if not answer.answerable:
        lines.append(f"{NOT_ANSWERED} Closest passages, not answers:")
    for c in answer.cited:
        before, hit, after = c.parts()
        lines.append(f"\n[{c.rank}] score {c.score:.3f}  {location(c)}\n    {before}{on}{hit}{off}{after}")
    return "\n".join(lines) + "\n"


def verdict_text(verdict: Verdict) -> str:
    """`qa verify`: the overall verdict, then each sentence marked ✔ ✘ ? with its reason and evidence."""
    from qa.verify import MARKS

    lines = [f"{_verdict_label(verdict.verdict).upper()}: {verdict.claim}"]
    for s in verdict.sentences:
        lines.append(f"  {MARKS[s.verdict]} {_verdict_label(s.verdict)} (score {s.score:.3f}): {s.text}")
        lines.append(f"      {s.reason}")
        lines += [f"      mismatch  claim: {m.claim}; source: {m.source}" for m in s.mismatches]
        label = "evidence" if s.on_topic else "closest, not evidence"
        lines.append(f"      {label}: \"{s.evidence.sentence}\"\n        {location(s.evidence)}")
    return "\n".join(lines) + "\n"


def claims_report(report: dict[str, Any]) -> str:
    """`qa eval --claims`: wrong verdicts with their reason, accuracy per kind, the confusion matrix, and
    verify's cost beside ask."""
    lines = [f"  wrong ({c['kind']}: {c['verdict']}, expected {c['expected']}): {c['claim']}\n      {c['reason']}"
             for c in report["cases"] if not c["right"]]
    scoring = "three-way" if report["three_way"] else "supported or not"
    lines += [f"claims           {report['claims']}", f"accuracy         {report['accuracy']:.3f} ({scoring})"]
    lines += [f"  {kind:<14} {k['accuracy']:.3f}  ({k['claims']})" for kind, k in report["by_kind"].items()]
    verdicts = list(next(iter(report["confusion"].values())))
    lines.append("expected \\ got  " + " ".join(f"{v:>12}" for v in verdicts))
    lines += [f"  {e:<14} " + " ".join(f"{row[v]:>12}" for v in verdicts) for e, row in report["confusion"].items()]
    lines += [_timing("verify", report["verify_ms"]), _timing("ask   ", report["ask_ms"]) + " (same text)",
              f"ratio p50        {report['ratio_p50']:.2f}x"]
    return "\n".join(lines)


def _timing(label: str, ms: dict[str, float]) -> str:
    return f"{label} p50/p95   {ms['p50']:.1f} / {ms['p95']:.1f} ms"


# --- plain-text reports (CLI) --------------------------------------------------------------------

def _score_row(name: str, scores: dict[str, Any]) -> str:
    return (f"{name:<16} {scores['answer@1']:>8.3f} {scores['answer@3']:>8.3f} {scores['answer@5']:>8.3f} "
            f"{scores['mrr@5']:>8.3f}")


def eval_report(report: dict[str, Any]) -> str:
    """`qa eval` as text: misses, the fusion against each signal alone, abstention and latency."""
    lines = [f"  rank {c['rank']}: {c['question']}" for c in report["cases"]
             if c["answerable_gold"] and c["rank"] != 1 and report["questions"] <= 100]
    lines.append(f"{'':<16} {'answer@1':>8} {'answer@3':>8} {'answer@5':>8} {'MRR@5':>8}")
    lines.append(_score_row("qa (fusion)", report))
    lines += [_score_row(name, scores) for name, scores in report["ablations"].items()]
    lat, enc = report["latency_ms"], report["encode_ms"]
    if "doc@1" in report:
        lines.append(f"right document at rank 1  {report['doc@1']:.3f}")
    lines.append(f"abstained        {report['unanswerable_abstained']}/{report['unanswerable']} unanswerable, "
                 f"{report['answerable_abstained']}/{report['answerable']} answerable (wrongly)")
    if report["abstention_curve"]:
        lines.append("abstention curve (threshold: abstained / wrongly abstained)")
        lines += [f"  {p['threshold']:.2f}: {p['abstained']:.3f} / {p['wrongly_abstained']:.3f}"
                  for p in report["abstention_curve"]]
    lines.append(_timing("ask   ", lat) + " per question (full pipeline)")
    lines.append(_timing("encode", enc) + " (bare encode of one question)")
    lines.append(f"ratio p50        {report['ratio_p50']:.2f}x")
    return "\n".join(lines)


CSS = """
.qa-sources blockquote, .qa-verdict blockquote { margin: .3em 0 .8em; padding: .4em .8em;
  border-left: 4px solid #8aa4d6; background: #f6f8fc; line-height: 1.5; }
.qa-source { margin-bottom: .6em; }
.qa-cite { font-size: .95em; }
.qa-score, .qa-where { color: #666; font-size: .85em; }
mark.qa-answer { background: #ffe066; padding: 0 .1em; }
mark.qa-passage { background: #e3ecff; }
.qa-doc { white-space: pre-wrap; font-family: Georgia, serif; font-size: 1em; line-height: 1.55;
  max-height: 520px; overflow-y: auto; padding: .8em; border: 1px solid #ddd; }
.qa-verdict { border: 1px solid #ddd; border-radius: 6px; padding: .5em .8em; margin-bottom: .6em; }
.qa-yes .qa-badge, .qa-overall.qa-yes { color: #1a7f37; font-weight: bold; }
.qa-no .qa-badge, .qa-overall.qa-no { color: #b42318; font-weight: bold; }
.qa-mismatch { color: #b42318; margin: .2em 0; }
.qa-library table { border-collapse: collapse; } .qa-library td, .qa-library th { border: 1px solid #ddd; padding: .3em .6em; }
.qa-empty { color: #777; font-style: italic; }
img.qa-page { max-width: 100%; border: 1px solid #ddd; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
.qa-text-view summary { cursor: pointer; color: #2456a6; margin: .5em 0; }
.qa-layout table { border-collapse: collapse; font-size: .9em; }
.qa-layout td, .qa-layout th { border: 1px solid #ddd; padding: .2em .5em; vertical-align: top; }
.qa-layout .qa-role-chrome { color: #999; } .qa-layout .qa-role-heading { font-weight: bold; }
"""
