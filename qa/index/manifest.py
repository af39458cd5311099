"""What a generation holds, as its ``manifest.json`` says: typed, read in one place, written back the same.

The file's JSON stays as it was (format 2): ``files`` (path → sha256), ``docs`` (path → its passage range,
paragraph count and text source), the counts, the model fingerprint and the artifacts' hashes. Every other
module asks this one for a document's rows instead of decoding ``docs`` itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from qa.errors import IndexCorrupt, QuestionError

# What must match for a stored generation to be reusable with the settings of a run.
FINGERPRINT = ("model", "vectors", "chunker", "target_tokens", "compress")


@dataclass(frozen=True)
class DocumentEntry:
    """One document's share of a generation: the hash of its file and its run of passage rows."""

    path: str  # relative to the source dir, with forward slashes
    sha256: str
    first: int  # first passage row
    count: int  # passages
    paragraphs: int = 0  # blocks of every role, shown in the Library view
    text_source: str = "file"

    @property
    def end(self) -> int:
        return self.first + self.count

    def to_json(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "passages": [self.first, self.count],
            "paragraphs": self.paragraphs,
            "text_source": self.text_source,
        }

    @classmethod
    def from_json(cls, path: str, data: dict[str, Any]) -> DocumentEntry:
        first, count = data["passages"]
        return cls(
            path,
            data["sha256"],
            int(first),
            int(count),
            int(data.get("paragraphs", 0)),
            data.get("text_source", "file"),
        )


@dataclass(frozen=True)
class Manifest:
    """The model fingerprint, the documents in row order, and the counts a loaded generation is checked by."""

    model: str
    vectors: str  # "fp32" or "int8"
    chunker: int
    target_tokens: int | None
    dim: int
    built_at: str
    documents: tuple[DocumentEntry, ...]
    passages: int
    sentences: int
    compress: str | None = (
        None  # "sq8": vectors stored as bytes (qa/index/dense.py); absent in older manifests
    )
    format: int = 0  # set by the store when the generation is committed
    artifacts: dict[str, str] = field(default_factory=dict)  # file → sha256, set by the store

    @functools.cached_property
    def files(self) -> dict[str, str]:
        """Path → sha256 of every document: what tells a current index from a stale one."""
        return {d.path: d.sha256 for d in self.documents}

    @property
    def paths(self) -> list[str]:
        return [d.path for d in self.documents]

    def document(self, path: str) -> DocumentEntry:
        """The entry of ``path``, or one line naming the documents there are."""
        for entry in self.documents:
            if entry.path == path:
                return entry
        raise QuestionError(
            f"no document {path!r} in the library: choose from {', '.join(sorted(self.paths))}"
        )

    def fingerprint(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in FINGERPRINT}

    def to_json(self) -> dict[str, Any]:
        """The manifest as written; ``format`` and ``artifacts`` are added by ``store.commit``."""
        return {
            **self.fingerprint(),
            "dim": self.dim,
            "built_at": self.built_at,
            "files": self.files,
            "docs": {d.path: d.to_json() for d in self.documents},
            "passages": self.passages,
            "sentences": self.sentences,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Read a manifest that ``store.read_manifest`` has checked; IndexCorrupt when a field is missing."""
        try:
            documents = tuple(
                DocumentEntry.from_json(path, info) for path, info in data.get("docs", {}).items()
            )
            return cls(
                data["model"],
                data["vectors"],
                int(data["chunker"]),
                data.get("target_tokens"),
                int(data["dim"]),
                str(data.get("built_at", "")),
                documents,
                int(data["passages"]),
                int(data["sentences"]),
                data.get("compress"),
                int(data["format"]),
                dict(data.get("artifacts", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexCorrupt(f"manifest.json lacks a field or holds a wrong one ({exc})") from None


__all__ = ["DocumentEntry", "FINGERPRINT", "Manifest"]
