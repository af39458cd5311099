"""The extracted text of converted documents (PDF, HTML, Word), kept with each generation under ``texts/``.

Citations of a converted file index into the text extracted when it was indexed, so that text is stored
beside the passages, looked up by the sha256 of the file's bytes, and extracted again only when they change.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from qa.convert.extract import CONVERTED, Extracted
from qa.convert.ocr import ScanPage
from qa.document.source import Document, Stored, load_document
from qa.errors import SourceError
from qa.index import store

if TYPE_CHECKING:
    from qa.settings import Settings

TEXTS_DIR = "texts"  # the extracted text of each converted document, by the sha256 of its file


def stored_texts(folder: Path | None) -> Stored:
    """Look up a converted document's text in a generation: what a PDF said when it was indexed."""

    def lookup(path: str, sha: str) -> Extracted | None:
        file = folder / TEXTS_DIR / f"{sha}.json" if folder else None
        if file is None or not file.is_file():
            return None
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            return Extracted(
                data["text"],
                tuple(data["pages"]),
                tuple(data.get("notes", ())),
                tuple(tuple(b) for b in data.get("boxes", ())),
                tuple(ScanPage(**s) for s in data.get("scans", ())),
                tuple(data.get("labels", ())),
                tuple(tuple(span) for span in data.get("fonts", ())),
                data.get("title", ""),
                names=tuple((at, name) for at, name in data.get("names", ())),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # extract again rather than serve a damaged copy

    return lookup


def write_texts(staging: Path, docs: list[Document]) -> None:
    """Keep each converted document's extracted text with the generation being staged."""
    converted = [doc for doc in docs if doc.text_source in ("extracted", "ocr")]
    if converted:
        (staging / TEXTS_DIR).mkdir()
    for doc in converted:
        data: dict = {"text": doc.text, "pages": list(doc.pages)}
        if doc.scans:  # OCR: each word's box, and how each page was read (what re-reading would cost)
            data |= {"boxes": [list(b) for b in doc.boxes], "scans": [asdict(s) for s in doc.scans]}
        if doc.labels:  # the printed page labels the PDF defines
            data["labels"] = list(doc.labels)
        if doc.fonts:  # paragraphs' font roles: what tells a heading in a PDF
            data["fonts"] = [list(span) for span in doc.fonts]
        if doc.title:  # a web page's <title>: what its citations are named by
            data["title"] = doc.title
        if doc.names:  # table cells' names: the view retrieval and the reader see of each row
            data["names"] = [list(n) for n in doc.names]
        if doc.notes:  # how it was read: what the Library and an upload's notice say of it
            data["notes"] = list(doc.notes)
        store.write_json(staging / TEXTS_DIR / f"{doc.sha256}.json", data)


def source_path(settings: Settings, rel: str) -> Path:
    """The file ``rel`` names in the source dir, or one line saying it is not there; never a path outside."""
    path = settings.source / rel
    if not path.is_file() or not path.resolve().is_relative_to(settings.source.resolve()):
        # Named relative to the source folder only: the server's own paths are nobody's business on the page.
        raise SourceError(f"no document {rel!r} in the source folder (set by --source or QA_SOURCE)")
    return path


def find_document(settings: Settings, rel: str) -> Document:
    """The document ``rel`` of the source dir, a converted one with the text the current index stored for
    it (what its citations index into), or one line saying it is not there. Never a path outside it."""
    path = source_path(settings, rel)
    stored = (
        stored_texts(store.current_generation(settings.index)) if path.suffix.lower() in CONVERTED else None
    )
    return load_document(path, settings.source, settings.max_file_bytes, stored, settings.ocr_langs)


__all__ = ["TEXTS_DIR", "find_document", "source_path", "stored_texts", "write_texts"]
