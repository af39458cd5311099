"""Converted formats without the model: uploads sniffed by content, scans named, the article's files kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.errors import SourceError, UploadError
from qa.ingest.extract import extract
from qa.ingest.library import add_document
from tests import documents as D


def test_uploads_are_sniffed_by_content(tmp_path):
    src = tmp_path / "source"
    with pytest.raises(UploadError, match="not a PDF"):
        add_document(src, "report.pdf", b"just text, not a PDF", 1_000_000)
    with pytest.raises(UploadError, match="zip bomb"):
        add_document(src, "report.docx", D.zip_bomb(), 1_000_000)
    with pytest.raises(UploadError, match="not an HTML page"):
        add_document(src, "page.html", b"\x00\x01\x02binary", 1_000_000)
    assert add_document(src, "report.pdf", D.pdf([D.CARGO]), 1_000_000) == "report.pdf"
    assert not list(src.glob(".upload-*"))


def test_the_converted_article_files_can_be_kept(tmp_path):
    """The same files, written out for a person to open (and for `qa eval` by hand)."""
    for name, data in D.article_files().items():
        D.write(tmp_path, name, data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.docx", "article.html", "article.pdf"]
    shutil.rmtree(tmp_path)


def test_a_blank_pdf_says_so():
    with pytest.raises(SourceError, match="no text"):
        extract("blank.pdf", D.pdf([" "], footer=False))


def test_docs_py_is_not_collected():
    assert Path(D.__file__).name == "documents.py"
