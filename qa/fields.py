"""Byline and metadata fields ("Edit:He Chuanning    Responsible editor:Su Suiyue", "Source:Xinhua"): a claim
that names a field's value under another field's role ("He Chuanning was the responsible editor") is a swap.

A claim's role is the most specific field label whose words it uses: "responsible editor" names the
"Responsible editor" field, "edited by" names "Edit". Words match on a shared stem of four letters
("edited", "editor", "edit").
"""

from __future__ import annotations

import re

# "Label:value", several per line when separated by two spaces or more (bylines are set that way).
_FIELD = re.compile(r"(?:^|(?<=\s{2})|(?<=\t))([A-Z][A-Za-z ]{0,30}?)\s*[:：]\s*(\S.*?)(?=\s{2,}|\t|$)", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z]+")
# Two words share a stem when they begin alike for this many letters ("edit-ed", "edit-or").
SHARED_STEM = 4


def fields(text: str) -> dict[str, str]:
    """Label → value for every "Label:value" field of ``text``, in order."""
    return {m.group(1).strip(): m.group(2).strip() for m in _FIELD.finditer(text)
            if not m.group(2).startswith("//")}  # not a URL's scheme


def _stems(text: str) -> set[str]:
    return {w.lower()[:SHARED_STEM] for w in _WORD.findall(text) if len(w) >= 2}


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


__all__ = ["claimed_role", "fields", "role_conflicts"]
