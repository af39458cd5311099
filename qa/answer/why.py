"""Why the source does not answer, in one line a person can act on: another language than the documents',
words the documents never use, passages that hold no answer of the kind asked, or nothing close enough.

The first reason that holds is given, in that order: each is a cause the next would only restate.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from qa.text.language import language, name
from qa.text.terms import FUNCTION_WORDS, WORD, stopwords
from qa.text.vocabulary import AUXILIARIES

if TYPE_CHECKING:
    from qa.index.generation import Index
    from qa.retrieve.cited import Cited
    from qa.retrieve.fusion import Query
    from qa.text.question import Asked

# The documents' language is read from the text of their first passages: enough words to be sure of it.
LANGUAGE_SAMPLE_PASSAGES = 30
# Words the documents never use are named, at most this many, in the question's order.
UNKNOWN_WORDS = 3
KIND_MISSING = {"time": "hold no date", "money": "name no sum of money", "quantity": "give no figure"}


_DOCUMENT_LANGUAGE: dict[Path, str | None] = {}  # by generation folder: a generation never changes


def _documents_language(index: Index) -> str | None:
    if index.folder not in _DOCUMENT_LANGUAGE:
        sample = " ".join(p.text for p in index.passages[:LANGUAGE_SAMPLE_PASSAGES])
        _DOCUMENT_LANGUAGE[index.folder] = language(sample)
    return _DOCUMENT_LANGUAGE[index.folder]


def _language(index: Index, query: Query) -> str | None:
    asked, documents = language(query.text), _documents_language(index)
    if not asked or not documents or asked == documents:
        return None
    return (
        f"the question reads as {name(asked)}; the documents are {name(documents)} and qa's model reads "
        f"{name(documents)}: ask in {name(documents)}, or set QA_MODEL to a multilingual model"
    )


@lru_cache(maxsize=1)
def _not_things() -> frozenset[str]:
    """Words that name nothing the documents could mention: "were", "per", "what"."""
    return stopwords() | FUNCTION_WORDS | AUXILIARIES


def _unknown(index: Index, query: Query) -> str | None:
    stop = _not_things()
    words = [
        w
        for w in dict.fromkeys(m.group(0) for m in WORD.finditer(query.text))
        if w.lower() not in stop and len(w) > 2 and not index.lexical.knows(w)
    ]
    return f"the documents never mention {', '.join(words[:UNKNOWN_WORDS])}" if words else None


def _shown(cited: Cited) -> str:
    """A passage as its chip and quote show it: its section and its text with the cells' names, so a reason
    never says a figure is missing that the chip beside it shows ("names no 1996" under "1996 1991…")."""
    return f"{cited.passage.section or ''}\n{cited.passage.view().text}"


def _sentence(cited: Cited) -> str:
    """The answering sentence with its cells' names: a row's "No. of stores" counts stores."""
    return cited.passage.view(cited.highlight).text


def _kind(asked: Asked, top: list[Cited], read: bool = False) -> str | None:
    if asked.kind and not any(asked.of_kind(_sentence(c)) for c in top):
        missing = KIND_MISSING[asked.kind]
        if asked.kind == "quantity" and asked.counted:
            missing = f"give no count of {asked.counted}"
        return f"the passages closest to it {missing}"
    if asked.unit and not any(asked.holds(_sentence(c)) for c in top):
        return f"the passages closest to it give no figure of {asked.unit}"
    # The learned decision only weighs a missing figure (it may stand in a table header or a caption the
    # passage does not repeat), so after the reader has read the passages it is not given as the cause.
    if not read and asked.figures and not any(asked.about_figures(_shown(c)) for c in top):
        return f"no passage close to it names {', '.join(sorted(asked.figures))}"
    return None


def reason(
    index: Index,
    query: Query,
    asked: Asked,
    top: list[Cited],
    closest: float,
    needed: float,
    read: bool = False,
) -> str:
    """The one line said when the source does not answer (``top``: the passages abstention weighed;
    ``read``: the reader weighed them, and ``closest`` is its confidence)."""
    last = (
        f"the passages closest to it do not answer it (confidence {closest:.2f}, {needed:.3g} needed)"
        if read
        else f"no passage answers it closely enough (closest {closest:.2f}, {needed:.2f} needed)"
    )
    return _language(index, query) or _unknown(index, query) or _kind(asked, top, read) or last


__all__ = ["reason"]
