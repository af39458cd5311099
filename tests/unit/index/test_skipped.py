"""Remembered skips: by path and bytes, for one way of reading, written whole."""

from __future__ import annotations

import json

from qa.index.skipped import SKIPPED, Skipped, skipped_files


def test_a_skip_is_remembered_for_the_same_bytes_and_reading_only(tmp_path):
    reading = {"chunker": 9, "ocr_langs": "eng", "max_pixels": 25_000_000}
    skips = Skipped(tmp_path, reading)
    skips.record("scan.pdf", "aa", "skipped scan.pdf: the PDF has no text")
    skips.save()
    again = Skipped(tmp_path, reading)
    assert again.reason("scan.pdf", "aa") == "skipped scan.pdf: the PDF has no text"
    assert again.reason("scan.pdf", "bb") is None  # its bytes changed: read again
    assert Skipped(tmp_path, {**reading, "max_pixels": 1}).reason("scan.pdf", "aa") is None  # other limits
    assert skipped_files(tmp_path) == [("scan.pdf", "skipped scan.pdf: the PDF has no text")]
    assert not list(tmp_path.glob(".skipped-*"))  # written whole, no temporary file left


def test_files_read_since_or_removed_are_forgotten(tmp_path):
    skips = Skipped(tmp_path, {})
    skips.record("a.pdf", "1", "skipped a.pdf: no text")
    skips.record("b.pdf", "2", "skipped b.pdf: no text")
    skips.keep_only({"b.pdf"})
    skips.save()
    assert json.loads((tmp_path / SKIPPED).read_text())["files"].keys() == {"b.pdf"}


def test_a_damaged_memory_is_no_memory(tmp_path):
    (tmp_path / SKIPPED).write_text("{not json", encoding="utf-8")
    assert Skipped(tmp_path, {}).reason("a.pdf", "1") is None and skipped_files(tmp_path) == []
