"""Source → index: load the current generation when it is up to date, otherwise refresh it.

Only documents that are new or changed are parsed and embedded again; vectors of unchanged documents are
read back from the previous generation. A generation that is corrupt or built for another model or
chunking is never served: it is rebuilt.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from qa import dense, store
from qa.embedder import Embedder
from qa.errors import IndexCorrupt, SourceError
from qa.index import (BM25_DIR, DOC_BM25_DIR, PASSAGE_VECTORS, PASSAGES, SENTENCE_VECTORS, TEXTS_DIR, Index, load,
                      sentence_layout, stored_texts)
from qa.lexical import Lexical
from qa.paragraphs import parse
from qa.passages import Passage, build_passages
from qa.settings import Settings
from qa.source import Document, read_corpus

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger("qa")

# Bump when paragraph, sentence or passage rules or ``embed_text`` change, so old generations are redone.
CHUNKER_VERSION = 6
# Preferred passage size in word pieces: None fills the model window (256 for all-MiniLM-L6-v2), so a
# paragraph that fits is one passage and the unit a reader quotes. Measured on covidqa-dev.json (BM25-led
# fusion): target 128 gave answer@1 0.56 / answer@5 0.78, the full window 0.60 / 0.84; the Wikipedia
# benchmark lost half its rank-1 misses to paragraphs cut in two at 128. questions.jsonl is unchanged.
TARGET_TOKENS: int | None = None
# Texts per encode call: large enough to keep the encoder busy, small enough for a smooth progress bar.
# The stream is sorted by length first, so chunking costs no padding.
ENCODE_CHUNK = 256


@dataclass
class _DocPart:
    """One document's share of a generation: passages and their vectors."""

    doc: Document
    passages: list[Passage]
    paragraphs: int  # blocks of the document (every role), shown in the Library view
    passage_vectors: "np.ndarray | None" = None
    sentence_vectors: "np.ndarray | None" = None


def fingerprint(settings: Settings) -> dict[str, Any]:
    """What must match for a stored generation to be reusable."""
    # torch and ONNX fp32 give the same vectors (cosine ≥ 0.9999), so switching between them re-embeds nothing.
    vectors = "int8" if settings.backend == "onnx-int8" else "fp32"
    return {"model": settings.model, "vectors": vectors, "chunker": CHUNKER_VERSION,
            "target_tokens": TARGET_TOKENS}


def _compatible(manifest: dict[str, Any], settings: Settings) -> str | None:
    """Why a manifest cannot be reused for these settings, or None."""
    for key, want in fingerprint(settings).items():
        if manifest.get(key) != want:
            return f"{key} changed ({manifest.get(key)!r} → {want!r})"
    return None


def _load_current(root: Path, settings: Settings) -> tuple[Index | None, str]:
    try:
        folder = store.current_generation(root)
        if folder is None:
            return None, "no index yet"
        index = load(folder)
    except IndexCorrupt as exc:
        return None, f"index is corrupt: {exc}"
    reason = _compatible(index.manifest, settings)
    return (None, reason) if reason else (index, "")


def _is_current(index: Index | None, docs: list[Document]) -> bool:
    return index is not None and index.manifest.get("files") == {d.path: d.sha256 for d in docs}


def ensure_index(settings: Settings, embedder: Embedder, progress: bool = True,
                 warn: Callable[[str], None] | None = None) -> Index:
    """The index for the current source: loaded as is when up to date (no embedding), else refreshed."""
    index, reason = _load_current(settings.index, settings)
    docs = read_corpus(settings.source, settings.max_file_bytes, warn, stored_texts(index and index.folder))
    if _is_current(index, docs):
        return index  # type: ignore[return-value]
    store.ensure_writable(settings.index)
    with store.build_lock(settings.index):
        index, reason = _load_current(settings.index, settings)  # another process may have built it
        if _is_current(index, docs):
            return index  # type: ignore[return-value]
        if reason and reason != "no index yet":
            log.warning("rebuilding the index: %s", reason)
        return _refresh(settings, embedder, docs, index, progress)


def _reusable_parts(previous: Index | None, docs: list[Document]) -> dict[str, _DocPart]:
    """Passages and vectors of documents that did not change since ``previous`` was built."""
    if previous is None:
        return {}
    by_path = {d.path: d for d in docs}
    parts = {}
    for path, info in previous.manifest.get("docs", {}).items():
        doc = by_path.get(path)
        if doc is None or doc.sha256 != info["sha256"]:
            continue
        first, count = info["passages"]
        s_first, s_end = int(previous.sentence_start[first]), int(previous.sentence_start[first + count])
        parts[path] = _DocPart(
            doc, previous.passages[first : first + count], int(info.get("paragraphs", 0)),
            dense.vectors(previous.passage_index, first, count),
            dense.vectors(previous.sentence_index, s_first, s_end - s_first),
        )
    return parts


# How each kind of passage is presented to the encoder. The quoted text stays verbatim; only the
# vector sees the role, so "When was it published?" can find a bare date line.
_ROLE = {"date": "Publication date: {text}", "title": "Title: {text}", "byline": "Byline: {text}"}
# Byline labels spelled out for the encoder, which reads "Edit:He Chuanning" as noise but "edited by He
# Chuanning" as the answer to "Who edited the article?". A closed vocabulary of news and report bylines.
_BYLINE_LABELS = {"edit": "edited by", "editor": "edited by", "editors": "edited by",
                  "responsible editor": "responsible editor", "source": "source (published by)",
                  "author": "written by", "by": "written by", "reporter": "reported by", "photo": "photo by",
                  "translator": "translated by", "translated by": "translated by", "written by": "written by"}
_BYLINE_LABEL = re.compile(r"\b(responsible editor|translated by|written by|editors?|edit|source|author|by|reporter|"
                           r"photo|translator)\s*[:：]\s*", re.IGNORECASE)


def _spell_out_byline(text: str) -> str:
    return _BYLINE_LABEL.sub(lambda m: f"{_BYLINE_LABELS[m.group(1).lower()]} ", text)


def embed_text(p: Passage, text: str | None = None) -> str:
    """What the encoder sees for a passage (or for ``text``, one of its sentences).

    On questions.jsonl the role prefix lifted answer@1 from 0.94 to 0.97 (the publication date was found).
    A body passage is read under its document's title, as a reader sees it: a paper's passages rarely repeat
    what the paper is about ("the virus", "this study"). On covidqa-dev.json (49 papers) that took the right
    paper at rank 1 from 0.838 to 0.844 with unchanged weights. Sentences stay bare: under the title they
    all look alike, and the sentence signal, which picks the answer within a passage, lost 0.004 answer@1.
    Prefixing the section heading changed nothing. (The title passes the window first, so the encoder may
    see a few word pieces less of a passage that fills it; every sentence keeps its own vector.)
    """
    sentence = text is not None
    text = p.text if text is None else text
    if p.kind == "byline":
        text = _spell_out_byline(text)
    if p.kind in _ROLE:
        return _ROLE[p.kind].format(text=text)
    return f"{p.title}. {text}" if p.title and not sentence else text


def lexical_text(p: Passage) -> str:
    """What BM25 indexes for a passage: its text under its document's title and section heading, so a
    question naming what the document is about finds its passages, while the quoted text stays the passage
    alone (title in BM25 on covidqa-dev.json: answer@1 0.621 → 0.631)."""
    return "\n".join(part for part in (p.title, p.section, p.text) if part)


def _texts(todo: list[_DocPart]) -> list[str]:
    """Passages then sentences of each part, as the encoder sees them."""
    texts = []
    for part in todo:
        texts += [embed_text(p) for p in part.passages]
        texts += [embed_text(p, part.doc.text[s:e]) for p in part.passages for s, e in p.sentences]
    return texts


def _embed_parts(parts: list[_DocPart], embedder: Embedder, progress: bool) -> None:
    """Embed the passages and sentences of parts that have no vectors yet: one stream sorted by length (so
    batches pad little, as a bare ``encode`` of all the texts would), with a bar in passages/s and an ETA."""
    import numpy as np
    from tqdm import tqdm

    todo = [p for p in parts if p.passage_vectors is None]
    texts = _texts(todo)
    flat = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    passages = sum(len(part.passages) for part in todo)
    with tqdm(total=passages, desc="embedding", unit="passage", file=sys.stderr, disable=None if progress else True,
              bar_format="{l_bar}{bar}| {n:.0f}/{total} [{elapsed}<{remaining}, {rate_fmt}]") as bar:
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


def _new_part(doc: Document, embedder: Embedder) -> _DocPart:
    layout = parse(doc)
    passages = build_passages(layout, embedder.max_tokens, embedder.count_tokens, TARGET_TOKENS)
    return _DocPart(doc, passages, len(layout.paragraphs))


def _refresh(settings: Settings, embedder: Embedder, docs: list[Document], previous: Index | None,
             progress: bool) -> Index:
    started = time.perf_counter()
    staging = store.new_staging(settings.index)  # claimed first: a killed build leaves only this behind
    try:
        reuse = _reusable_parts(previous, docs)
        parts = [reuse.get(doc.path) or _new_part(doc, embedder) for doc in docs]
        if not any(part.passages for part in parts):
            raise SourceError(f"no citable text in {settings.source}: the documents hold only headings or chrome")
        _embed_parts(parts, embedder, progress)
        folder = _write(settings, embedder, parts, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    changed = len(parts) - len(reuse)
    log.info("index: %d documents (%d embedded, %d reused) in %.1fs", len(parts), changed, len(reuse),
             time.perf_counter() - started)
    return load(folder)


def _write_texts(staging: Path, parts: list[_DocPart]) -> None:
    """Keep each converted document's extracted text with the generation: citations index into it."""
    converted = [part.doc for part in parts if part.doc.text_source == "extracted"]
    if converted:
        (staging / TEXTS_DIR).mkdir()
    for doc in converted:
        store.write_json(staging / TEXTS_DIR / f"{doc.sha256}.json", {"text": doc.text, "pages": list(doc.pages)})


def _write(settings: Settings, embedder: Embedder, parts: list[_DocPart], staging: Path) -> Path:
    import numpy as np

    passages = [p for part in parts for p in part.passages]
    dim = embedder.dim
    p_vecs = np.concatenate([part.passage_vectors for part in parts]) if passages else np.zeros((0, dim), "f4")
    s_vecs = np.concatenate([part.sentence_vectors for part in parts]) if passages else np.zeros((0, dim), "f4")
    store.write_json(staging / PASSAGES, [p.to_json() for p in passages])
    dense.save(dense.build(p_vecs), staging / PASSAGE_VECTORS)
    dense.save(dense.build(s_vecs), staging / SENTENCE_VECTORS)
    (staging / BM25_DIR).mkdir()
    Lexical.build([lexical_text(p) for p in passages]).save(staging / BM25_DIR)
    (staging / DOC_BM25_DIR).mkdir()
    Lexical.build([" ".join(p.text for p in part.passages) for part in parts]).save(staging / DOC_BM25_DIR)
    _write_texts(staging, parts)
    docs, first = {}, 0
    for part in parts:
        docs[part.doc.path] = {"sha256": part.doc.sha256, "passages": [first, len(part.passages)],
                               "paragraphs": part.paragraphs, "text_source": part.doc.text_source}
        first += len(part.passages)
    manifest = dict(
        fingerprint(settings), dim=dim, built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        files={part.doc.path: part.doc.sha256 for part in parts}, docs=docs,
        passages=len(passages), sentences=int(sentence_layout(passages)[-1]),
    )
    return store.commit(settings.index, staging, manifest)
