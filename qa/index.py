"""A loaded index generation: passages, their dense vectors (passage and sentence level) and BM25."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa import dense
from qa.errors import IndexCorrupt
from qa.extract import Extracted
from qa.lexical import Lexical
from qa.passages import Passage
from qa.store import read_manifest

if TYPE_CHECKING:
    import faiss
    import numpy as np

    from qa.source import Stored

PASSAGES = "passages.json"
PASSAGE_VECTORS = "passages.faiss"
SENTENCE_VECTORS = "sentences.faiss"
BM25_DIR = "bm25"
DOC_BM25_DIR = "bm25-docs"
TEXTS_DIR = "texts"  # the extracted text of each converted document, by the sha256 of its file


def stored_texts(folder: Path | None) -> "Stored":
    """Look up a converted document's text in a generation: what a PDF said when it was indexed."""

    def lookup(path: str, sha: str) -> Extracted | None:
        file = folder / TEXTS_DIR / f"{sha}.json" if folder else None
        if file is None or not file.is_file():
            return None
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            return Extracted(data["text"], tuple(data["pages"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # extract again rather than serve a damaged copy

    return lookup


@dataclass
class Index:
    """Everything a query needs, in memory. Rows of ``sentence_index`` follow passages, then sentences."""

    folder: Path
    manifest: dict[str, Any]
    passages: list[Passage]
    passage_index: "faiss.Index"
    sentence_index: "faiss.Index"
    lexical: Lexical
    doc_lexical: Lexical  # BM25 over whole documents, one row per document in manifest order
    passage_doc: "np.ndarray"  # document row of each passage
    sentence_start: "np.ndarray"  # first sentence row of each passage; one extra entry at the end
    passage_view: "np.ndarray | None" = None  # the flat vectors read in place (dense.flat_view), else None
    sentence_view: "np.ndarray | None" = None

    def __post_init__(self) -> None:
        self.passage_view = dense.flat_view(self.passage_index)
        self.sentence_view = dense.flat_view(self.sentence_index)

    def passage_rows(self, docs: frozenset[str]) -> "np.ndarray":
        """Passage rows of the named documents (QuestionError for a name the index does not hold)."""
        import numpy as np

        known = self.manifest.get("docs", {})
        missing = sorted(set(docs) - set(known))
        if missing:
            from qa.errors import QuestionError

            raise QuestionError(f"no document {missing[0]!r} in the library: choose from {', '.join(sorted(known))}")
        ranges = [np.arange(known[d]["passages"][0], sum(known[d]["passages"])) for d in sorted(docs)]
        return np.concatenate(ranges) if ranges else np.zeros(0, np.int64)

    def passage_vectors(self, rows: "np.ndarray") -> "np.ndarray":
        return dense.gather(self.passage_index, self.passage_view, rows)

    def sentence_vectors(self, rows: "np.ndarray") -> "np.ndarray":
        return dense.gather(self.sentence_index, self.sentence_view, rows)

    @property
    def n_sentences(self) -> int:
        return int(self.sentence_start[-1])


def sentence_layout(passages: list[Passage]) -> "np.ndarray":
    """First sentence row of each passage, with one extra entry at the end (the number of sentences)."""
    import numpy as np

    counts = np.array([len(p.sentences) for p in passages], dtype=np.int64)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def passage_docs(manifest: dict[str, Any]) -> "np.ndarray":
    """Document row of every passage, from the manifest's ``docs`` ranges (documents in manifest order)."""
    import numpy as np

    rows = np.zeros(int(manifest.get("passages", 0)), dtype=np.int64)
    for number, info in enumerate(manifest.get("docs", {}).values()):
        first, count = info["passages"]
        rows[first : first + count] = number
    return rows


def load(folder: Path) -> Index:
    """Load a generation, checking every part against the manifest; raise IndexCorrupt otherwise."""
    manifest = read_manifest(folder)
    try:
        raw = json.loads((folder / PASSAGES).read_text(encoding="utf-8"))
        passages = [Passage.from_json(p) for p in raw]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexCorrupt(f"{PASSAGES} is unreadable ({exc})") from None
    if len(passages) != manifest.get("passages"):
        raise IndexCorrupt(f"{PASSAGES} holds {len(passages)} passages, manifest says {manifest.get('passages')}")
    start = sentence_layout(passages)
    doc_rows = passage_docs(manifest)
    dim = int(manifest["dim"])
    return Index(
        folder=folder,
        manifest=manifest,
        passages=passages,
        passage_index=dense.load(folder / PASSAGE_VECTORS, len(passages), dim),
        sentence_index=dense.load(folder / SENTENCE_VECTORS, int(start[-1]), dim),
        lexical=Lexical.load(folder / BM25_DIR, len(passages)),
        doc_lexical=Lexical.load(folder / DOC_BM25_DIR, len(manifest.get("docs", {}))),
        passage_doc=doc_rows,
        sentence_start=start,
    )
