"""A loaded index generation: passages, their dense vectors (passage and sentence level) and BM25."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa.document.passages import Passage
from qa.errors import IndexCorrupt
from qa.index import dense
from qa.index.lexical import Lexical
from qa.index.manifest import DocumentEntry, Manifest
from qa.index.store import read_manifest

if TYPE_CHECKING:
    import faiss
    import numpy as np

PASSAGES = "passages.json"
PASSAGE_VECTORS = "passages.faiss"
SENTENCE_VECTORS = "sentences.faiss"
BM25_DIR = "bm25"
DOC_BM25_DIR = "bm25-docs"


@dataclass
class Index:
    """Everything a query needs, in memory. Rows of ``sentence_index`` follow passages, then sentences."""

    folder: Path
    manifest: Manifest
    passages: list[Passage]
    passage_index: faiss.Index
    sentence_index: faiss.Index
    lexical: Lexical
    doc_lexical: Lexical  # BM25 over whole documents, one row per document in manifest order
    passage_doc: np.ndarray  # document row of each passage
    sentence_start: np.ndarray  # first sentence row of each passage; one extra entry at the end
    passage_view: np.ndarray | None = None  # the flat vectors read in place (dense.flat_view), else None
    sentence_view: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.passage_view = dense.flat_view(self.passage_index)
        self.sentence_view = dense.flat_view(self.sentence_index)

    def passage_rows(self, docs: frozenset[str]) -> np.ndarray:
        """Passage rows of the named documents (QuestionError for a name the index does not hold)."""
        import numpy as np

        ranges = [np.arange(e.first, e.end) for e in map(self.manifest.document, sorted(docs))]
        return np.concatenate(ranges) if ranges else np.zeros(0, np.int64)

    def passage_vectors(self, rows: np.ndarray) -> np.ndarray:
        return dense.gather(self.passage_index, self.passage_view, rows)

    def sentence_vectors(self, rows: np.ndarray) -> np.ndarray:
        return dense.gather(self.sentence_index, self.sentence_view, rows)

    def library(self) -> list[tuple[DocumentEntry, str]]:
        """Each document with its title (that of its first passage, else its path), in manifest order."""
        return [(e, self.passages[e.first].title if e.count else e.path) for e in self.manifest.documents]

    @property
    def n_sentences(self) -> int:
        return int(self.sentence_start[-1])


def sentence_layout(passages: list[Passage]) -> np.ndarray:
    """First sentence row of each passage, with one extra entry at the end (the number of sentences)."""
    import numpy as np

    counts = np.array([len(p.sentences) for p in passages], dtype=np.int64)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def passage_docs(manifest: Manifest) -> np.ndarray:
    """Document row of every passage, from the manifest's document ranges (documents in manifest order)."""
    import numpy as np

    rows = np.zeros(manifest.passages, dtype=np.int64)
    for number, entry in enumerate(manifest.documents):
        rows[entry.first : entry.end] = number
    return rows


def load(folder: Path) -> Index:
    """Load a generation, checking every part against the manifest; raise IndexCorrupt otherwise."""
    manifest = Manifest.from_json(read_manifest(folder))
    try:
        raw = json.loads((folder / PASSAGES).read_text(encoding="utf-8"))
        passages = [Passage.from_json(p) for p in raw]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexCorrupt(f"{PASSAGES} is unreadable ({exc})") from None
    if len(passages) != manifest.passages:
        raise IndexCorrupt(f"{PASSAGES} holds {len(passages)} passages, manifest says {manifest.passages}")
    start = sentence_layout(passages)
    doc_rows = passage_docs(manifest)
    dim = manifest.dim
    return Index(
        folder=folder,
        manifest=manifest,
        passages=passages,
        passage_index=dense.load(folder / PASSAGE_VECTORS, len(passages), dim),
        sentence_index=dense.load(folder / SENTENCE_VECTORS, int(start[-1]), dim),
        lexical=Lexical.load(folder / BM25_DIR, len(passages)),
        doc_lexical=Lexical.load(folder / DOC_BM25_DIR, len(manifest.documents)),
        passage_doc=doc_rows,
        sentence_start=start,
    )
