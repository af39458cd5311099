"""Domain errors. Raised deep down, turned into one actionable line at the edge (CLI, UI).

QAError
 ├── SourceError          source dir missing, empty corpus, unreadable document
 │    └── ToolMissing     a file needs a tool this machine lacks (Tesseract, a language pack)
 ├── ModelError           embedding model cannot be loaded
 ├── IndexError_          index dir unwritable, or index files corrupt / stale
 │    └── IndexCorrupt    files disagree with their manifest (caught and rebuilt)
 ├── QuestionError        empty, blank or unusable question or claim
 ├── UploadError          an uploaded document is rejected
 └── AccessError          users, tokens or sign-in: an unknown user, a bad name, a refused change
"""

from __future__ import annotations

__all__ = [
    "QAError",
    "SourceError",
    "ToolMissing",
    "ModelError",
    "IndexError_",
    "IndexCorrupt",
    "QuestionError",
    "UploadError",
    "AccessError",
    "EmptyLibrary",
    "first_line",
]


def first_line(exc: BaseException, limit: int = 100) -> str:
    """A library's reason, in one line a message can hold: the first line of the exception's text, cut at
    ``limit`` characters, or its type's name where it says nothing."""
    return (str(exc).splitlines() or [""])[0][:limit] or type(exc).__name__


class QAError(Exception):
    """Base class: the message is one line a user can act on."""


class SourceError(QAError):
    """The source directory or a document in it cannot be used."""


class EmptyLibrary(SourceError):
    """The source holds no document to answer from (none yet, or the last one removed)."""


class ToolMissing(SourceError):
    """A file cannot be read for want of a tool on this machine, not for its content: it is not remembered
    as unreadable (qa/index/skipped.py) and is read again once the tool is installed."""


class ModelError(QAError):
    """The embedding model cannot be loaded."""


class IndexError_(QAError):
    """The index cannot be written or read."""


class IndexCorrupt(IndexError_):
    """Index files are missing, truncated or disagree with the manifest."""


class QuestionError(QAError):
    """A question or claim is empty or otherwise unusable."""


class UploadError(QAError):
    """An uploaded document is rejected (name, size, extension or encoding)."""


class AccessError(QAError):
    """A user, token or right cannot be added, changed or used (qa/access/)."""
