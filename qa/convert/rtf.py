"""Rich Text Format (.rtf) → plain text, one paragraph per line of the document (striprtf): the words as
the document shows them, control words and font tables left out; nothing in the file is run."""

from __future__ import annotations

import re

from qa.convert.extracted import Extracted
from qa.errors import SourceError


def read(name: str, data: bytes) -> Extracted:
    """The document's paragraphs, or SourceError when it holds none."""
    from striprtf.striprtf import rtf_to_text

    rtf = _STRAY_IGNORABLE.sub("", _COUNTLESS_BIN.sub("", data.decode("latin-1")))
    text = paired(rtf_to_text(rtf, encoding="cp1252", errors="replace"))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    blocks = [line for line in lines if line]
    if not blocks:
        raise SourceError(f"skipped {name}: the document holds no text")
    return Extracted("\n\n".join(blocks) + "\n")


# "\\bin" is followed by the count of raw bytes after it; a writer that puts hex there instead (pandoc, for
# a picture) leaves it without one, and striprtf stops on it ("invalid literal for int()"). Without its
# count it says nothing: taken out, the picture's group is left out whole as any picture is.
_COUNTLESS_BIN = re.compile(r"\\bin(?![0-9-])")


# "\\*" marks a destination a reader may ignore, and stands first in its group ("{\\*\\generator …}"). Writers
# in OpenOffice's line put it in the middle of a group of formatting ("{\\loch\\f2\\*\\cs7 The quick brown
# fox…}"), where striprtf took it to make the whole group ignorable and dropped its text: such a mark, not
# after "{", is taken out (the control word after it, a character style, says nothing of the text).
_STRAY_IGNORABLE = re.compile(r"(?<!\{)\\\*(?=\\[a-z])")


def paired(text: str) -> str:
    """RTF writes a letter beyond Unicode's first plane as two ``\\u`` escapes, the halves of its UTF-16
    surrogate pair ("\\u-10240?\\u-8398?" for a Gothic letter), which striprtf leaves apart: each pair
    becomes its letter, and a half without its other half U+FFFD (a lone half is no text: the tokenizer
    refuses it)."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


__all__ = ["paired", "read"]
