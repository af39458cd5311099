"""Rich Text Format (.rtf) → plain text, one paragraph per line of the document (striprtf): the words as
the document shows them, control words and font tables left out; nothing in the file is run."""

from __future__ import annotations

from qa.convert.extracted import Extracted
from qa.errors import SourceError


def read(name: str, data: bytes) -> Extracted:
    """The document's paragraphs, or SourceError when it holds none."""
    from striprtf.striprtf import rtf_to_text

    text = rtf_to_text(data.decode("latin-1"), encoding="cp1252", errors="replace")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    blocks = [line for line in lines if line]
    if not blocks:
        raise SourceError(f"skipped {name}: the document holds no text")
    return Extracted("\n\n".join(blocks) + "\n")


__all__ = ["read"]
