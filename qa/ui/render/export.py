"""A conversation exported: each question, its answer and the passages quoted, verbatim, with where each
stands (document, page, section, characters) and the version of the document it was quoted from.

Both forms are built from the answers' JSON (``Answer.to_json``), so the page's download, ``/v1/export``
and anything else that holds answers export the same thing. The Markdown quotes each passage as its
document's text, unescaped: the file holds the words as the source has them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

SHA_SHOWN = 12  # characters of a document's sha256 a citation shows: enough to tell two versions apart


def export_json(answers: list[dict[str, Any]], index: str = "") -> str:
    """The conversation as one JSON object: when, from which index generation, and every answer whole."""
    data = {"exported_at": _now(), "index": index, "answers": answers}
    return json.dumps(data, ensure_ascii=False, indent=1)


def export_markdown(answers: list[dict[str, Any]], index: str = "") -> str:
    """The conversation as Markdown: each answer with its quoted passages and their citations."""
    head = f"# qa conversation\n\nExported {_now()}" + (f" from index `{index}`" if index else "") + ".\n"
    return "\n".join([head, *(_answer(n, a) for n, a in enumerate(answers, start=1))])


def _answer(n: int, answer: dict[str, Any]) -> str:
    lines = [f"## {n}. {_one_line(answer['question'])}", ""]
    span = answer.get("answer")
    if answer.get("answerable") and span:
        lines.append(f"**Answer:** {_one_line(span['text'])} (confidence {answer['confidence']:.2f})")
    elif answer.get("answerable"):
        lines.append(f"**Answered** (confidence {answer['confidence']:.2f}).")
    else:
        lines.append(
            f"**The documents do not answer this:** {answer.get('reason') or 'nothing close enough'}."
        )
    passages = answer.get("passages") or []
    if passages:
        label = "Sources" if answer.get("answerable") else "Closest passages (they do not answer)"
        lines += ["", f"{label}:", ""]
        lines += [_passage(p) for p in passages]
    return "\n".join(lines) + "\n"


def _passage(p: dict[str, Any]) -> str:
    quote = "\n".join(f"> {line}" if line else ">" for line in p["text"].split("\n"))
    return f"[{p['rank']}] {_where(p)}\n\n{quote}\n"


def _where(p: dict[str, Any]) -> str:
    """Document, page, section, characters and version: where the quote stands, and in which file."""
    parts = [f"`{p['doc']}`"]
    if p.get("page"):
        parts.append(f"page {p.get('page_label') or p['page']}")
    parts.append(f"¶{p['paragraph']}" + (f"–{p['through']}" if p.get("through") else ""))
    if p.get("section"):
        parts.append(f"section “{_one_line(p['section'])}”")
    parts.append(f"characters {p['start']}–{p['end']}")
    if p.get("doc_sha256"):
        parts.append(f"version sha256 {p['doc_sha256'][:SHA_SHOWN]}")
    return ", ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


__all__ = ["export_json", "export_markdown"]
