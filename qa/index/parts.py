"""Documents → their share of a generation: passages and vectors, reused from the previous generation when
the file did not change, otherwise parsed and embedded in one length-sorted stream."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.document.paragraphs import parse
from qa.document.passages import Passage, build_passages
from qa.document.source import Document
from qa.index import dense
from qa.index.generation import Index
from qa.index.views import embed_text

if TYPE_CHECKING:
    import numpy as np

    from qa.encode.base import Embedder

# Preferred passage size in word pieces: None fills the model window (256 for all-MiniLM-L6-v2), so a
# paragraph that fits is one passage and the unit a reader quotes. Measured on covidqa-dev.json (BM25-led
# fusion): target 128 gave answer@1 0.56 / answer@5 0.78, the full window 0.60 / 0.84; the Wikipedia
# benchmark lost half its rank-1 misses to paragraphs cut in two at 128. questions.jsonl is unchanged.
TARGET_TOKENS: int | None = None
# Texts per encode call: large enough to keep the encoder busy, small enough for a smooth progress bar.
# The stream is sorted by length first, so chunking costs no padding.
ENCODE_CHUNK = 256


@dataclass
class DocPart:
    """One document's share of a generation: passages and their vectors."""

    doc: Document
    passages: list[Passage]
    paragraphs: int  # blocks of the document (every role), shown in the Library view
    passage_vectors: np.ndarray | None = None
    sentence_vectors: np.ndarray | None = None


def reusable_parts(previous: Index | None, docs: list[Document]) -> dict[str, DocPart]:
    """Passages and vectors of documents that did not change since ``previous`` was built."""
    if previous is None:
        return {}
    by_path = {d.path: d for d in docs}
    parts = {}
    for entry in previous.manifest.documents:
        doc = by_path.get(entry.path)
        if doc is None or doc.sha256 != entry.sha256:
            continue
        s_first, s_end = int(previous.sentence_start[entry.first]), int(previous.sentence_start[entry.end])
        parts[entry.path] = DocPart(
            doc,
            previous.passages[entry.first : entry.end],
            entry.paragraphs,
            dense.vectors(previous.passage_index, entry.first, entry.count),
            dense.vectors(previous.sentence_index, s_first, s_end - s_first),
        )
    return parts


def new_part(doc: Document, embedder: Embedder) -> DocPart:
    """A new or changed document, parsed into passages that fit the encoder's window; not embedded yet."""
    layout = parse(doc)
    passages = build_passages(layout, embedder.max_tokens, embedder.count_tokens, TARGET_TOKENS)
    return DocPart(doc, passages, len(layout.paragraphs))


def encoder_texts(parts: list[DocPart]) -> list[str]:
    """Passages then sentences of each part, as the encoder sees them."""
    texts = []
    for part in parts:
        texts += [embed_text(p) for p in part.passages]
        texts += [embed_text(p, span) for p in part.passages for span in p.sentences]
    return texts


def progress_bar(total: float, desc: str, unit: str, shown: bool, count: str):
    """A tqdm bar on stderr with its rate and time left (off when not ``shown``, and where stderr is no
    terminal); ``count`` is how done/total reads ("{n:.0f}/{total}")."""
    from tqdm import tqdm

    shape = "{l_bar}{bar}| " + count + " [{elapsed}<{remaining}, {rate_fmt}{postfix}]"
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=None if shown else True,
                bar_format=shape)  # fmt: skip


def embed_parts(parts: list[DocPart], embedder: Embedder, progress: bool) -> None:
    """Embed the passages and sentences of parts that have no vectors yet: one stream sorted by length (so
    batches pad little, as a bare ``encode`` of all the texts would), with a bar in passages/s and an ETA."""
    import numpy as np

    todo = [p for p in parts if p.passage_vectors is None]
    texts = encoder_texts(todo)
    flat = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    passages = sum(len(part.passages) for part in todo)
    with progress_bar(passages, "embedding", "passage", progress, "{n:.0f}/{total}") as bar:
        for start in range(0, len(order), ENCODE_CHUNK):
            rows = order[start : start + ENCODE_CHUNK]
            flat[rows] = embedder.encode([texts[i] for i in rows])
            bar.update(len(rows) * passages / len(texts))
    pos = 0
    for part in todo:
        n_p, n_s = len(part.passages), sum(len(p.sentences) for p in part.passages)
        part.passage_vectors = flat[pos : pos + n_p]
        part.sentence_vectors = flat[pos + n_p : pos + n_p + n_s]
        pos += n_p + n_s


__all__ = ["DocPart", "TARGET_TOKENS", "embed_parts", "encoder_texts", "new_part", "reusable_parts"]
