"""Answers, verdicts and documents as Markdown and HTML for the web UI.

Every piece of source or user text goes through ``html.escape`` first: documents and questions may hold
``<script>`` or ``<img onerror>``, and ``gr.HTML`` does not sanitise.
"""

from __future__ import annotations

import html
import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def md_escape(text: str) -> str:
    """Text that Markdown shows as typed: Markdown punctuation backslashed, then HTML escaped (in that
    order, so the ``#`` of an entity such as ``&#x27;`` is not escaped into visible text)."""
    return esc(_MD_SPECIAL.sub(r"\\\1", text))


# Titles longer than this are cited by their main clause (before the colon) to keep citations readable.
SHORT_TITLE = 90


def short_title(title: str) -> str:
    if len(title) <= SHORT_TITLE:
        return title
    head = title.split(": ")[0]
    return head if len(head) <= SHORT_TITLE else head[: SHORT_TITLE - 1] + "…"


def citation(p: dict[str, Any], with_title: bool = True) -> str:
    """"Title › Section, ¶36" — plain text, escape before use."""
    where = " › ".join(x for x in (short_title(p["title"]) if with_title else None, p["section"]) if x)
    return f"{where}, ¶{p['paragraph']}" if where else f"¶{p['paragraph']}"


def _split(p: dict[str, Any]) -> tuple[str, str, str]:
    """Passage text before, inside and after its highlighted sentence."""
    a, b = p["highlight"]["start"] - p["start"], p["highlight"]["end"] - p["start"]
    return p["text"][:a], p["text"][a:b], p["text"][b:]


# The chat quotes the best few passages; the sources panel beside it lists them all.
CHAT_QUOTES = 3


def chat_reply(answer: dict[str, Any], understood_as: str | None = None) -> str:
    """The bot's message: quotes with the answering sentence in bold and numbered citations."""
    lines = []
    if understood_as:
        lines.append(f"*Understood as:* {md_escape(understood_as)}\n")
    if not answer["answerable"]:
        lines.append("**The source does not answer this.** Closest passages, not answers:\n")
    for p in answer["passages"][:CHAT_QUOTES]:
        before, hit, after = _split(p)
        quote = f"{md_escape(before)}**{md_escape(hit.strip())}**{md_escape(after)}".replace("\n", " ")
        lines.append(f"> {quote}\n\n**[{p['rank']}]** {md_escape(citation(p))} · score {p['score']:.2f}\n")
    return "\n".join(lines)


def _quote_html(p: dict[str, Any]) -> str:
    before, hit, after = _split(p)
    return f"{esc(before)}<mark class='qa-answer'>{esc(hit)}</mark>{esc(after)}"


def sources_html(answer: dict[str, Any] | None) -> str:
    if not answer:
        return "<div class='qa-empty'>Ask a question: the passages behind the answer appear here.</div>"
    label = "Sources" if answer["answerable"] else "Closest passages (the source does not answer this)"
    cards = [
        f"<div class='qa-source' data-rank='{p['rank']}'><div class='qa-cite'><b>[{p['rank']}]</b> "
        f"{esc(citation(p))} <span class='qa-score'>score {p['score']:.2f}</span></div>"
        f"<blockquote>{_quote_html(p)}</blockquote>"
        f"<div class='qa-where'>{esc(p['doc'])}, characters {p['start']}–{p['end']}</div></div>"
        for p in answer["passages"]
    ]
    return f"<div class='qa-sources'><h3>{esc(label)}</h3>{''.join(cards)}</div>"


def viewer_html(text: str, title: str, p: dict[str, Any] | None) -> str:
    """The whole document, the cited passage marked and its answering sentence marked within it."""
    if p is None:
        body = esc(text)
        head = esc(title)
    else:
        a, b = p["highlight"]["start"], p["highlight"]["end"]
        body = (f"{esc(text[: p['start']])}<mark class='qa-passage' id='qa-cited'>{esc(text[p['start'] : a])}"
                f"<mark class='qa-answer'>{esc(text[a:b])}</mark>{esc(text[b : p['end']])}</mark>"
                f"{esc(text[p['end'] :])}")
        head = f"{esc(title)}<br><small>{esc(citation(p, with_title=False))}</small>"
    return f"<div class='qa-viewer'><h3>{head}</h3><pre class='qa-doc'>{body}</pre></div>"


def is_evidence(sentence: dict[str, Any]) -> bool:
    """Whether a verdict's quote is evidence, or only the closest passage to an off-topic sentence: on-topic
    sentences are either supported or carry mismatches (``SentenceVerdict.on_topic``, read from the JSON)."""
    return bool(sentence["supported"] or sentence["mismatches"])


def verdicts_html(verdict: dict[str, Any] | None) -> str:
    if not verdict:
        return "<div class='qa-empty'>Paste an answer or claim: each sentence is checked against the source.</div>"
    overall = "supported" if verdict["supported"] else "not supported"
    rows = [f"<div class='qa-overall qa-{'yes' if verdict['supported'] else 'no'}'>Overall: {overall}</div>"]
    for s in verdict["sentences"]:
        e = s["evidence"]
        on_topic = is_evidence(s)
        badge = "✔ supported" if s["supported"] else "✘ not supported"
        label = "Evidence" if on_topic else "Closest passage, not evidence"
        mism = "".join(f"<li>claim: <b>{esc(m['claim'])}</b>; source: <b>{esc(m['source'])}</b></li>"
                       for m in s["mismatches"])
        rows.append(
            f"<div class='qa-verdict qa-{'yes' if s['supported'] else 'no'}'>"
            f"<div class='qa-claim'><span class='qa-badge'>{badge}</span> {esc(s['text'])} "
            f"<span class='qa-score'>score {s['score']:.2f}</span></div>"
            + (f"<ul class='qa-mismatch'>{mism}</ul>" if mism else "")
            + f"<div class='qa-evidence-label'>{label}: {esc(citation(e))}</div>"
            f"<blockquote>{_quote_html(e)}</blockquote></div>"
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
"""
