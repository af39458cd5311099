"""Word and PowerPoint 97–2003 files, read through LibreOffice (Debian's, run headless) in the child process
that holds every reading to its limits: real public files (eval/real/source, from the govdocs1 corpus of US
government documents), and a damaged one refused in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.convert import isolate
from qa.convert.archive import OLE2
from qa.document.paragraphs import parse
from qa.document.source import Document
from qa.errors import SourceError

REAL = Path(__file__).parents[2] / "eval" / "real" / "source"

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def test_a_word_97_file_reads_with_its_heading_and_its_words():
    found = isolate.extract("linac_lattice_design.doc", (REAL / "linac_lattice_design.doc").read_bytes())
    assert found.text.startswith("DRAFT, May 14, 2004\n\nP.N. Ostroumov\n\nANL, Physics Division\n\n")
    assert "### Lattice design strategy for the multi-GeV SC linac\n" in found.text
    assert "SNS traveling wave chopper has rise- fall time ~10 nsec." in found.text
    assert "HYPERLINK" not in found.text and "[pic]" not in found.text  # what Word shows, not its codes
    doc = Document("linac_lattice_design.doc", found.text, "x")
    sections = {p.section for p in parse(doc).paragraphs if p.kind == "body"}
    assert "Lattice design strategy for the multi-GeV SC linac" in sections


def test_a_powerpoint_97_file_reads_slide_by_slide():
    found = isolate.extract("thin_film_subcontracts.ppt", (REAL / "thin_film_subcontracts.ppt").read_bytes())
    assert "door has dropped 36%" in found.text
    assert found.pages == (0,)  # its one slide starts the text: a citation names "slide 1"


def test_a_damaged_word_97_file_is_refused_in_one_line():
    with pytest.raises(SourceError, match=r"^skipped broken\.doc: LibreOffice could not read it"):
        isolate.extract("broken.doc", OLE2 + b"\x00" * 1024)
