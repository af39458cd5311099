"""The chat's replies, in Markdown: the answer first, bold inside its quoted sentence, with its citation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.ui.render.cite import chip, md_escape, named_parts, not_answered

if TYPE_CHECKING:
    from qa.answer.compose import Answer
    from qa.retrieve.cited import Cited

# The chat quotes the best few passages that answer; the Sources panel beside it lists them all, and folds
# away the passages that do not answer.
CHAT_QUOTES = 3
NOT_ANSWERS = "under Sources, folded: they do not answer"


def chat_reply(answer: Answer, understood_as: str | None = None) -> str:
    """The bot's message: any notice about the input, then the answering sentence first, quoted with its chip,
    then the other passages that answer. When the source does not answer, it says so and quotes nothing."""
    lines = [f"*Note: {md_escape(answer.notice)}*\n"] if answer.notice else []
    if understood_as:
        lines.append(f"*Understood as:* {md_escape(understood_as)}\n")
    answers = answer.answers
    if not answers:
        closest = f" The closest passages are {NOT_ANSWERS}." if answer.cited else ""
        return "\n".join(lines + [f"**{md_escape(not_answered(answer))}**{closest}"])
    top = answer.lead
    assert top is not None  # an answer with answering passages leads with one of them
    rest = [c for c in answers if c is not top][: CHAT_QUOTES - 1]
    before, span, after = named_parts(top.passage, top.highlight[0], answer.lead_parts(), _name, _inline)
    quote = f"{before}**{span}**{after}" if span else f"**{before}**"
    lines.append(f"> {quote} **[{top.rank}]**\n")
    lines.append(f"<small>{md_escape(chip(top))}</small>\n")
    if rest:
        lines.append("Also:")
        lines += [f"- “{_sentence(c)}” <small>{md_escape(chip(c))}</small>" for c in rest]
    if answer.others:
        lines.append(f"\n<small>{len(answer.others)} more passages {NOT_ANSWERS}.</small>")
    return "\n".join(lines)


def _sentence(c: Cited) -> str:
    return named_parts(c.passage, c.highlight[0], [c.sentence], _name, _inline)[0]


def _name(name: str) -> str:
    """A table cell's column name, set apart from the quote (not in the quotation's bold or marks)."""
    return f"<small><i>{md_escape(name)}:</i></small> "


def _inline(text: str) -> str:
    """One line of Markdown; the spaces at either end stay, so a span reads as a word within its sentence."""
    inner = md_escape(" ".join(text.split()))
    return (" " if text[:1].isspace() else "") + inner + (" " if text[-1:].isspace() and inner else "")
