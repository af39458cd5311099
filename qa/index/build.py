"""Source → index: load the current generation when it is up to date, otherwise refresh it.

Only documents that are new or changed are parsed and embedded again; vectors of unchanged documents are
read back from the previous generation. A generation that is corrupt or built for another model or
chunking is never served: it is rebuilt.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.document.passages import Passage
from qa.document.source import Document, Pending, plan_corpus
from qa.errors import EmptyLibrary, IndexCorrupt, IndexError_
from qa.index import dense, store
from qa.index.generation import (
    BM25_DIR,
    DOC_BM25_DIR,
    PASSAGE_VECTORS,
    PASSAGES,
    SENTENCE_VECTORS,
    Index,
    load,
    sentence_layout,
)
from qa.index.lexical import Lexical
from qa.index.manifest import DocumentEntry, Manifest
from qa.index.parts import TARGET_TOKENS, DocPart, embed_parts, new_part, reusable_parts
from qa.index.skipped import Skipped
from qa.index.texts import stored_texts, write_texts
from qa.index.views import lexical_text
from qa.settings import Limits, Settings

if TYPE_CHECKING:
    from qa.encode.base import Embedder

log = logging.getLogger("qa")

# Bump when paragraph, sentence or passage rules, ``embed_text``, or the text a converted format (PDF, HTML,
# Word, scan) comes out as change, so old generations are redone: an incompatible generation's stored texts
# are not reused, so converted files are extracted again. 7: plain web text, named table cells, PDF gaps.
# 8: table rows, code, addresses, dot leaders and captions are never headings. 9: PDF tables from the page
# grid, contents entries one paragraph each, PDF text by character index, a web page's <title> kept apart.
# 10: a table row's text is its cells alone; their names are a view kept beside it (qa/text/cellnames.py).
# 11: a title the page sets on several lines of its display font is one title (qa/document/paragraphs.py);
# a PDF glyph drawn without Unicode is read as the ligature its words need (qa/convert/pdf/glyphs.py); an
# OpenDocument picture's caption stands apart from the paragraph it is anchored in.
# 12: what follows a closing byline is chrome only as a small tail without headings (a photo credit); a
# spreadsheet's numbers read as the sheet shows them ("37.1%", "6,000"); a first row of years names its
# table's columns in every format (qa/text/rows.py: names_row).
# 13: a PDF table's group names centred over repeated measures name each of their columns; its sections'
# headings and rows' labels on lines of their own stay in the table (qa/convert/pdf/grid.py); a ruled
# frame around a page is no table (qa/convert/pdf/ruled.py); a sheet's rows are named by the row of
# labels over their header too ("SINGLE 1997: 37.1%", qa/convert/sheet.py).
# 14: consecutive short lines of one section are one passage (qa/document/passages.py: LINE_WORDS).
# 15: a heading after a document's last citable paragraph is body text (qa/document/paragraphs.py).
# 16: a statistical table's row in dot leaders and figures is a paragraph of its own (qa/convert/pages.py).
# 17: an item's number alone at a line's or cell's start ends no sentence (qa/text/sentences.py); PDF tables
# ruled in bands or around blocks of figures read in their words' columns, tall header cells (ruled.py);
# a byline without labels is embedded as who wrote the titled document (qa/index/views.py).
# 18: a sheet's title over its table is a heading its rows stand under (qa/convert/sheet.py).
# 19: a title is never a page number or a table's row; a document without one is titled by its first
# heading (a deck's first slide title), a sheet's by its first table title (qa/document/paragraphs.py).
# 20: a title slide's subtitle is the deck's byline; a letter's signature is never a heading.
# 21: a deck's charts are read as tables (qa/convert/charts.py); a PDF PDFium cannot open, by pdfminer.
# 22: a chart's rows stand under its title, or under the line above an untitled chart.
# 23: a Word document's charts are read as tables; a chart's series names always name its columns.
# 24: SmartArt diagrams' text is read (qa/convert/diagrams.py).
CHUNKER_VERSION = 24


def fingerprint(settings: Settings) -> dict[str, Any]:
    """What must match for a stored generation to be reusable."""
    # torch and ONNX fp32 give the same vectors (cosine ≥ 0.9999), so switching between them re-embeds
    # nothing.
    vectors = "int8" if settings.backend == "onnx-int8" else "fp32"
    return {
        "model": settings.model,
        "vectors": vectors,
        "chunker": CHUNKER_VERSION,
        "target_tokens": TARGET_TOKENS,
        "compress": settings.compress,
    }


def _compatible(manifest: Manifest, settings: Settings) -> str | None:
    """Why a manifest cannot be reused for these settings, or None."""
    have = manifest.fingerprint()
    for key, want in fingerprint(settings).items():
        if have[key] != want:
            return f"{key} changed ({have[key]!r} → {want!r})"
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
    return index is not None and index.manifest.files == {d.path: d.sha256 for d in docs}


def served_index(settings: Settings) -> Index:
    """The generation ``CURRENT`` names, as it is: what a replica serves (it never reads the source or
    builds)."""
    index, reason = _load_current(settings.index, settings)
    if index is None:
        raise IndexError_(
            f"cannot serve the index in {settings.index} ({reason}): build it with `qa index` "
            "first (a replica only follows the builder's generations)"
        )
    return index


def ensure_index(
    settings: Settings,
    embedder: Embedder,
    progress: bool = True,
    warn: Callable[[str], None] | None = None,
    report: bool = False,
    empty: bool = False,
) -> Index:
    """The index for the current source: loaded as is when up to date (no embedding), else refreshed, here
    or, with ``settings.ray``, on a Ray cluster (only new or changed files go there). Files skipped are
    said (``warn``) when the index is built, not each time a current index is loaded, unless ``report``
    (``qa index``: its summary says them every time). With ``empty`` (a server awaiting uploads) a source
    without a document to answer from is an index of none, never the last generation served on."""
    index, reason = _load_current(settings.index, settings)
    said: list[str] = []
    docs, pending = _corpus(settings, index, said.append, empty)
    say = warn or log.warning
    if not pending and index is not None and _is_current(index, docs):
        for line in said if report else ():
            say(line)
        return index
    for line in said:
        say(line)
    store.ensure_writable(settings.index)
    with store.build_lock(settings.index):
        latest, reason = _load_current(settings.index, settings)  # another process may have built it
        if (latest and latest.folder) != (index and index.folder):
            index = latest
            docs, pending = _corpus(settings, index, lambda _said: None, empty)  # said once, above
        if not pending and index is not None and _is_current(index, docs):
            return index
        if reason and reason != "no index yet":
            log.warning("rebuilding the index: %s", reason)
        return _refresh(settings, embedder, (docs, pending), index, progress, warn or log.warning, empty)


def reading(settings: Settings) -> dict[str, Any]:
    """What decides whether a file reads: a skip remembered under other limits or languages is tried again."""
    return {"chunker": CHUNKER_VERSION, "ocr_langs": settings.ocr_langs, **asdict(Limits.from_env())}


def _corpus(
    settings: Settings, index: Index | None, warn: Callable[[str], None] | None, empty: bool = False
) -> tuple[list[Document], list[Pending]]:
    """The documents read here and, for a cluster build, the new or changed files left for the cluster;
    files that failed before are not read again until they change (qa/index/skipped.py). None at all is an
    error unless ``empty``."""
    known = (index.manifest.files if index else {}) if settings.ray else None
    skips = Skipped(settings.index, reading(settings))
    try:
        stored = stored_texts(index.folder if index else None)
        return plan_corpus(
            settings.source, settings.max_file_bytes, warn, stored, settings.ocr_langs, known, skips
        )
    except EmptyLibrary:
        if not empty:
            raise
        return [], []
    finally:
        skips.save()


def _refresh(
    settings: Settings,
    embedder: Embedder,
    corpus: tuple[list[Document], list[Pending]],
    previous: Index | None,
    progress: bool,
    warn: Callable[[str], None],
    empty: bool = False,
) -> Index:
    started = time.perf_counter()
    docs, pending = corpus
    staging = store.new_staging(settings.index)  # claimed first: a killed build leaves only this behind
    try:
        reuse = reusable_parts(previous, docs)
        parts = [reuse.get(doc.path) or new_part(doc, embedder) for doc in docs]
        if pending:
            from qa.index.cluster import build_parts

            remote, cost = build_parts(settings, pending, progress, warn)
            parts = sorted(parts + remote, key=lambda part: part.doc.path)  # the local build's order
            log.info(
                "cluster: %(files)d files on %(workers)d workers in %(wall_s).1fs (startup %(startup_s).1fs, "
                "busy %(busy_s).1fs, %(retried)d batches retried)",
                cost,
            )
            if previous is not None and {p.doc.path: p.doc.sha256 for p in parts} == previous.manifest.files:
                shutil.rmtree(staging, ignore_errors=True)
                return previous  # the changed files were all skipped: the served generation is current
        if not empty and not any(part.passages for part in parts):
            raise EmptyLibrary(
                f"no citable text in {settings.source}: the documents hold only headings or chrome"
            )
        embed_parts(parts, embedder, progress)
        folder = _write(settings, embedder.dim, parts, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    changed = len(parts) - len(reuse)
    log.info(
        "index: %d documents (%d embedded, %d reused) in %.1fs",
        len(parts),
        changed,
        len(reuse),
        time.perf_counter() - started,
    )
    return load(folder)


def _manifest(settings: Settings, dim: int, parts: list[DocPart], passages: list[Passage]) -> Manifest:
    entries, first = [], 0
    for part in parts:
        entries.append(
            DocumentEntry(
                part.doc.path,
                part.doc.sha256,
                first,
                len(part.passages),
                part.paragraphs,
                part.doc.text_source,
            )
        )
        first += len(part.passages)
    return Manifest(
        **fingerprint(settings),
        dim=dim,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        documents=tuple(entries),
        passages=len(passages),
        sentences=int(sentence_layout(passages)[-1]),
    )


def _write(settings: Settings, dim: int, parts: list[DocPart], staging: Path) -> Path:
    """Every artifact of the generation into ``staging``, then the store commits it whole."""
    import numpy as np

    passages = [p for part in parts for p in part.passages]
    p_vecs = (
        np.concatenate([part.passage_vectors for part in parts]) if passages else np.zeros((0, dim), "f4")
    )
    s_vecs = (
        np.concatenate([part.sentence_vectors for part in parts]) if passages else np.zeros((0, dim), "f4")
    )
    store.write_json(staging / PASSAGES, [p.to_json() for p in passages])
    dense.save(dense.build(p_vecs, settings.compress), staging / PASSAGE_VECTORS)
    dense.save(dense.build(s_vecs, settings.compress), staging / SENTENCE_VECTORS)
    (staging / BM25_DIR).mkdir()
    Lexical.build([lexical_text(p) for p in passages]).save(staging / BM25_DIR)
    (staging / DOC_BM25_DIR).mkdir()
    Lexical.build([" ".join(p.view().text for p in part.passages) for part in parts]).save(
        staging / DOC_BM25_DIR
    )
    write_texts(staging, [part.doc for part in parts])
    return store.commit(settings.index, staging, _manifest(settings, dim, parts, passages).to_json())


__all__ = ["CHUNKER_VERSION", "ensure_index", "fingerprint", "served_index"]
