"""The engine behind the CLI, the web UI and the API: one loaded model and index, many questions."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from qa.access.rights import EVERYONE, Rights
from qa.answer.compose import Answer, compose, hits_needed
from qa.document.collections import collections, in_collections
from qa.document.source import FORMATS, Document
from qa.encode.base import Embedder
from qa.encode.batching import EncodeBatcher
from qa.encode.factory import make_embedder
from qa.errors import EmptyLibrary, QAError, QuestionError
from qa.index.build import ensure_index, served_index
from qa.index.generation import Index
from qa.index.store import current_generation
from qa.index.texts import find_document
from qa.read.reader import Reader
from qa.retrieve.fusion import Query, Weights, make_query, retrieve
from qa.settings import Settings, valid_k
from qa.text.polarity import flipped
from qa.verify.verdict import Verdict, claim_sentences, verify_sentence

log = logging.getLogger("qa")

# A replica looks for a new generation this often: a rebuild is answerable on every replica within about a
# second plus the load (the acceptance bound is 5 s); reading one small file a second costs nothing.
FOLLOW_POLL_S = 1.0
# Input longer than this is cut, with a notice. A question: the encoder reads 256 word pieces at most,
# and BM25 over a pasted essay only adds noise. A claim: ~50 sentences, each checked on its own.
MAX_CHARS = {"question": 2000, "claim": 10000}
_EMPTY = {
    "question": "the question is empty: type a question about the documents",
    "claim": "the claim is empty: paste a sentence to check against the documents",
}


def clean_text(text: str | None, what: str = "question") -> tuple[str, str | None]:
    """Control characters become spaces, runs of space collapse (line breaks kept for claims).
    Returns the text and a notice when it had to be cut; raises QuestionError when nothing is left."""
    text = "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in (text or ""))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = ("\n" if what == "claim" else " ").join(line for line in lines if line)
    if not text:
        raise QuestionError(_EMPTY[what])
    limit = MAX_CHARS[what]
    if len(text) <= limit:
        return text, None
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]  # whole words only
    return cut, f"the {what} was {len(text):,} characters long; only the first {limit:,} were used"


class Engine:
    """Holds the model and the current index; ``refresh`` swaps in a new index atomically."""

    def __init__(
        self,
        settings: Settings,
        progress: bool = True,
        warn: Callable[[str], None] | None = None,
        embedder: Embedder | None = None,
        empty: bool = False,
    ):
        self.settings = settings
        # A server awaiting uploads serves a library of no document; the command line refuses one.
        self.empty = empty
        self.embedder = embedder or make_embedder(settings, settings.threads)
        self.batcher = EncodeBatcher(self.embedder)
        # One thread unless QA_THREADS says otherwise: on 2 cores a second thread made each read slower
        # (article questions, p50 per question 34 ms on one thread, 59 ms on two).
        self.reader = Reader(threads=settings.threads or 1) if settings.reader else None
        self.progress = progress
        self.warn = warn
        self._index: Index | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> Index:
        if self._index is None:
            return self.refresh()
        return self._index

    def refresh(self, report: bool = False) -> Index:
        """Bring the index up to date with the source (no embedding when nothing changed); a replica
        (``settings.follow``) loads the generation ``CURRENT`` names instead, and never builds. Skipped
        files are said when the index is built, or with ``report`` every time."""
        with self._lock:
            if self.settings.follow:
                self._index = served_index(self.settings)
            else:
                self._index = ensure_index(
                    self.settings, self.embedder, self.progress, self.warn, report, self.empty
                )
        return self._index

    def follow(self, interval: float = FOLLOW_POLL_S) -> threading.Thread:
        """Swap to each new generation a builder commits, checked every ``interval`` seconds, on a daemon
        thread. A question in flight keeps the generation it started with; one that cannot be loaded yet
        (being pruned, or built for another model) is reported once and the served one stays."""
        thread = threading.Thread(target=self._follow, args=(interval,), name="follow CURRENT", daemon=True)
        thread.start()
        return thread

    def _follow(self, interval: float) -> None:
        failed = ""
        while True:
            time.sleep(interval)
            try:
                folder = current_generation(self.settings.index)
                if folder is None or (self._index is not None and folder == self._index.folder):
                    continue
                index = served_index(self.settings)  # loaded beside the served one, then swapped in
            except QAError as exc:
                if str(exc) != failed:
                    log.warning("still serving the previous index: %s", exc)
                failed = str(exc)
                continue
            failed = ""
            self._index = index
            log.info("now serving %s", index.folder.name)

    def watch(self, stop: threading.Event | None = None, done: Callable[[Index], None] | None = None) -> None:
        """Refresh the index after each settled batch of changes to the source folder (qa/index/watch.py),
        until ``stop`` is set; ``done`` hears of each new index. A refresh that fails is reported and the
        index served stays: the next change tries again."""
        from qa.index.watch import batches

        served = self._index.folder if self._index is not None else None
        for changed in batches(self.settings.source, stop):
            log.info("source changed: %s", ", ".join(sorted(changed)[:5]) or "(catching up)")
            try:
                index = self.refresh(report=bool(changed))
            except QAError as exc:
                log.warning("still serving the previous index: %s", exc)
                continue
            if done is not None and index.folder != served:
                done(index)
            served = index.folder

    def watching(self) -> threading.Thread:
        """``watch`` on a daemon thread, for as long as the process serves."""
        thread = threading.Thread(target=self.watch, name="watch source", daemon=True)
        thread.start()
        return thread

    def ask(
        self,
        question: str,
        k: int | None = None,
        docs: Iterable[str] | None = None,
        collections: Iterable[str] | None = None,
        rights: Rights = EVERYONE,
    ) -> Answer:
        """Answer from the whole library, or from the documents named in ``docs`` and/or those of the
        ``collections`` named (qa/document/collections.py); never from a document ``rights`` cannot read."""
        text, notice = clean_text(question)
        k = self.passages_per_answer(k)  # before the encode: a bad k costs nothing
        self._not_empty()
        scope = self.scope(docs, collections, rights)
        query = make_query(text, self.batcher.encode(text))
        return self.answer(query, k, notice=notice, docs=scope, chosen=bool(docs or collections))

    def _not_empty(self) -> Index:
        """The index, if it holds a passage to answer from; else the line that says how to add one."""
        index = self.index
        if not index.passages:
            raise EmptyLibrary(
                f"the library is empty: upload a document ({FORMATS}) or add files to {self.settings.source}"
            )
        return index

    def scope(
        self, docs: Iterable[str] | None, chosen: Iterable[str] | None, rights: Rights = EVERYONE
    ) -> frozenset[str] | None:
        """The documents a question or claim is limited to: those named, within the collections named, of
        those ``rights`` may read (None: the whole library). A document or collection the caller may not
        read is refused in the very words of one the library does not hold."""
        named = frozenset(docs) if docs else None
        if rights.reads_all and not chosen:
            return named  # the index names a missing document (manifest.document)
        paths = self.documents(rights)
        unknown = sorted((named or frozenset()) - set(paths))
        if unknown:
            listed = ", ".join(sorted(paths)) or "(none)"
            raise QuestionError(f"no document {unknown[0]!r} in the library: choose from {listed}")
        missing = sorted(set(chosen or ()) - set(collections(paths)))
        if missing:
            raise QuestionError(f"no collection {missing[0]!r} in the library (see `qa collections`)")
        inside = in_collections(paths, chosen) if chosen else frozenset(paths)
        found = inside & named if named is not None else inside
        if not found:
            raise QuestionError("there is nothing to search: no document you may read is in the library yet")
        return found

    def documents(self, rights: Rights = EVERYONE) -> list[str]:
        """The paths of the library's documents ``rights`` may read, in the index's order."""
        return rights.readable(self.index.manifest.paths)

    def document(self, rel: str, rights: Rights = EVERYONE) -> Document:
        """The document ``rel`` of the index as its citations index into it (qa/index/texts.py), if
        ``rights`` may read it; else the line a missing one gets."""
        if not rights.may_read(rel) or rel not in self.index.manifest.files:
            raise QuestionError(f"no document {rel!r} in the library")
        return find_document(self.settings, rel)

    def answer(
        self,
        query: Query,
        k: int | None = None,
        weights: Weights = Weights(),
        notice: str | None = None,
        docs: frozenset[str] | None = None,
        read: bool = True,
        chosen: bool | None = None,
    ) -> Answer:
        """Answer an encoded question; ``weights`` lets `qa eval` rank one query by each signal alone, and
        ``read=False`` answers without the reader (its ablation). ``chosen``: whether the caller limited
        ``docs`` (the reason then says so), by default whenever ``docs`` is given."""
        k = self.passages_per_answer(k)
        index = self.index  # one consistent generation for the whole question
        hits = retrieve(index, query, weights, hits_needed(k), docs=docs)  # only the hits compose reads
        answer = compose(index, query, hits, k, notice, self.reader if read else None)
        if docs and chosen is not False and not answer.answerable and answer.reason:  # a filter is said
            which = "the selected document" if len(docs) == 1 else f"the {len(docs)} selected documents"
            answer = replace(answer, reason=f"{answer.reason} (searched {which} only)")
        return answer

    def passages_per_answer(self, k: int | None) -> int:
        """The one check of ``k`` for every surface (CLI, JSON API, web page): the settings' default when
        None."""
        return self.settings.top_k if k is None else valid_k(k)

    def verify(
        self, claim: str, collections: Iterable[str] | None = None, rights: Rights = EVERYONE
    ) -> Verdict:
        """Check each sentence of ``claim`` against the source, or the documents of ``collections``, of those
        ``rights`` may read (all sentences encoded in one batch)."""
        text, notice = clean_text(claim, "claim")
        index = self._not_empty()
        scope = self.scope(None, collections, rights)
        sentences = claim_sentences(text)
        denied = {i: a for i, s in enumerate(sentences) if (a := flipped(s))}
        vectors = self.embedder.encode(sentences + list(denied.values()))  # one batch
        extra = dict(zip(denied, vectors[len(sentences) :]))
        return Verdict(
            text,
            [
                verify_sentence(
                    index, make_query(s, v), make_query(denied[i], extra[i]) if i in extra else None, scope
                )
                for i, (s, v) in enumerate(zip(sentences, vectors))
            ],
            notice,
        )
