"""The chat's replies, in Markdown: the answering sentence first, quoted with its citation number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.ui.render.cite import NOT_ANSWERED, citation, md_escape

if TYPE_CHECKING:
    from qa.answer.compose import Answer

# The chat quotes the best few passages; the sources panel beside it lists them all.
CHAT_QUOTES = 3


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
