"""Text made safe to print to a terminal."""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1) but newline and tab: what a terminal obeys instead of showing. A document
# holding ESC ] 0 ; … BEL would set the window's title, ESC [ 2 J clear the screen.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab removed: safe to print to a terminal."""
    return _CONTROLS.sub("", text)


__all__ = ["printable"]
