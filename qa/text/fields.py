"""Byline and metadata fields ("Edit:He Chuanning    Responsible editor:Su Suiyue", "Source:Xinhua"): a claim
that names a field's value under another field's role ("He Chuanning was the responsible editor") is a swap.

A claim's role is the most specific field label whose words it uses: "responsible editor" names the
"Responsible editor" field, "edited by" names "Edit". Words match on a shared stem of four letters
("edited", "editor", "edit").
"""

from __future__ import annotations

import re

from qa.text.terms import LETTERS, prefix

# "Label:value", several per line when separated by two spaces or more (bylines are set that way).
_FIELD = re.compile(
    r"(?:^|(?<=\s{2})|(?<=\t))([A-Z][A-Za-z ]{0,30}?)\s*[:：]\s*(\S.*?)(?=\s{2,}|\t|$)", re.MULTILINE
)

# The labels of news and report bylines (a closed vocabulary), each spelled out as a reader says it: the
# encoder reads "Edit:He Chuanning" as noise but "edited by He Chuanning" as the answer to "Who edited it?".
BYLINE_LABELS = {
    "edit": "edited by",
    "editor": "edited by",
    "editors": "edited by",
    "responsible editor": "responsible editor",
    "source": "source (published by)",
    "author": "written by",
    "by": "written by",
    "reporter": "reported by",
    "photo": "photo by",
    "translator": "translated by",
    "translated by": "translated by",
    "written by": "written by",
}
# One of those labels, longest first so "responsible editor" is not read as "editor".
BYLINE_LABEL = "(" + "|".join(sorted(BYLINE_LABELS, key=len, reverse=True)) + ")"
# A paragraph that opens with a byline label and a colon is a byline ("Source: Xinhua").
BYLINE_LINE = re.compile(rf"^\s*{BYLINE_LABEL}\s*[:：]", re.IGNORECASE)
_BYLINE_FIELD = re.compile(rf"\b{BYLINE_LABEL}\s*[:：]\s*", re.IGNORECASE)


def spell_out_byline(text: str) -> str:
    """ "Edit:He Chuanning" → "edited by He Chuanning": the labels of a byline as words."""
    return _BYLINE_FIELD.sub(lambda m: f"{BYLINE_LABELS[m.group(1).lower()]} ", text)


def fields(text: str) -> dict[str, str]:
    """Label → value for every "Label:value" field of ``text``, in order."""
    return {
        m.group(1).strip(): m.group(2).strip()
        for m in _FIELD.finditer(text)
        if not m.group(2).startswith("//")
    }  # not a URL's scheme


def _stems(text: str) -> set[str]:
    return {prefix(w) for w in LETTERS.findall(text) if len(w) >= 2}


def claimed_role(claim: str, labels: list[str]) -> str | None:
    """The most specific field label whose words the claim uses ("responsible editor" over "edit")."""
    said = _stems(claim)
    roles = [label for label in labels if _stems(label) and _stems(label) <= said]
    return max(roles, key=lambda label: len(_stems(label))) if roles else None


def role_conflicts(claim: str, found: dict[str, str]) -> list[tuple[str, str]]:
    """(claim's value, the field's value) when the claim gives a field's role to another field's value."""
    role = claimed_role(claim, list(found))
    lowered = claim.lower()
    if role is None or found[role].lower() in lowered:
        return []
    others = [v for label, v in found.items() if label != role and v.lower() in lowered]
    return [(other, f"{found[role]} ({role})") for other in others]


__all__ = ["BYLINE_LABELS", "BYLINE_LINE", "claimed_role", "fields", "role_conflicts", "spell_out_byline"]
