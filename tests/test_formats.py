"""PDF, HTML and Word documents: extracted once, cited verbatim against the stored text, by page or
section, with chrome set aside and nothing executed; the shipped article answers in every format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.errors import SourceError, UploadError
from qa.evaluate import rank_of, read_cases
from qa.extract import extract
from qa.index import TEXTS_DIR
from qa.library import add_document
from qa.paragraphs import parse
from qa.source import Document, read_corpus
from tests import documents as D
from tests.conftest import ARTICLE, QUESTIONS, make_engine

CARGO = ("The harbour of Port Vell handles five million tonnes of cargo every year, and its cranes work through "
         "the night to load the ships that wait in the outer basin for a free berth.")
MEDICINE = ("Hyperbaric medicine uses special oxygen chambers to increase the partial pressure of oxygen around "
            "the patient, and the staff watch every session from a window in the chamber wall.")
FEVER = "Patients received a long course of hyperbaric treat-\nment that lowered their fever within three days."
RAIL = "The mountain railway climbs 1,200 metres in forty minutes and passes through seven tunnels on the way."
FILLER = ("The committee met again in the spring and agreed to publish its accounts for every year, with the "
          "figures checked by an outside auditor before they go to the printer.")


def harbour_pdf() -> bytes:
    """Three pages: a running header, "Page N" footers, headings, and a word hyphenated across lines."""
    paragraphs = [CARGO] + [FILLER] * 3 + [FEVER] + [FILLER] * 6 + [RAIL] + [FILLER] * 7
    return D.pdf(paragraphs, header="Harbour Quarterly - Spring issue",
                 headings={0: "Cargo", 4: "Medicine", 11: "Railways"})


@pytest.fixture(scope="module")
def library(tmp_path_factory, embedder):
    src = tmp_path_factory.mktemp("formats") / "source"
    D.write(src, "harbour.pdf", harbour_pdf())
    D.write(src, "harbour.html", D.html("The harbour report", [
        (None, [CARGO]), ("Lighthouse", ["Its lighthouse was built in 1852 by the engineer Joan Ferrer, and it "
                                         "still guides ships into the port every night."])]))
    D.write(src, "harbour.docx", D.docx(
        [("Title", "Harbour annual report"), ("Heading 1", "Cranes"), ("", "Twelve electric cranes work at night."),
         ("Heading 1", "Berths")], table=[["Berth", "Ships per week"], ["North quay", "12"], ["South quay", "7"]]))
    D.write(src, "scripted.pdf", D.pdf_with_javascript("The ferry to the island leaves at seven every morning."))
    D.write(src, "macro.docx", D.docx([("", "The night shift starts at ten in the evening.")], macro=True))
    D.write(src, "bomb.docx", D.zip_bomb())
    D.write(src, "scan.pdf", D.pdf([" "], footer=False))
    D.write(src, "fake.pdf", b"This is a plain text file pretending to be a PDF.\n")
    engine = make_engine(src, src.parent / "index", embedder)
    engine.index
    return engine


def _stored(engine, doc: str) -> str:
    info = engine.index.manifest["docs"][doc]
    return json.loads((engine.index.folder / TEXTS_DIR / f"{info_sha(engine, doc)}.json").read_text())["text"] \
        if info["text_source"] == "extracted" else (engine.settings.source / doc).read_text(encoding="utf-8")


def info_sha(engine, doc: str) -> str:
    return engine.index.manifest["files"][doc]


def test_every_passage_of_every_format_is_a_slice_of_its_stored_text(library):
    docs = {p.doc for p in library.index.passages}
    assert {"harbour.pdf", "harbour.html", "harbour.docx", "scripted.pdf", "macro.docx"} <= docs
    for p in library.index.passages:
        assert _stored(library, p.doc)[p.start : p.end] == p.text
        assert p.text_source == ("file" if p.doc.endswith((".txt", ".md")) else "extracted")


def test_unreadable_files_are_skipped_with_one_line_each(library, tmp_path):
    warnings: list[str] = []
    read_corpus(library.settings.source, library.settings.max_file_bytes, warnings.append)
    said = "\n".join(warnings)
    assert "bomb.docx" in said and "zip bomb" in said
    assert "scan.pdf" in said and "no text layer" in said
    assert "fake.pdf" in said and "not a PDF" in said
    assert all("\n" not in w for w in warnings)
    assert not {p.doc for p in library.index.passages} & {"bomb.docx", "scan.pdf", "fake.pdf"}


def test_scripts_and_macros_are_ignored_never_run(library, caplog):
    for name in ("scripted.pdf", "macro.docx"):
        notes = extract(name, (library.settings.source / name).read_bytes()).notes
        assert len(notes) == 1 and "ignored (never run)" in notes[0]
    answer = library.ask("When does the ferry to the island leave?").to_json()
    assert answer["passages"][0]["doc"] == "scripted.pdf"


def test_pdf_answers_cite_the_page_and_quote_no_running_lines(library):
    answer = library.ask("How long does the mountain railway take to climb?").to_json()
    top = answer["passages"][0]
    assert top["doc"] == "harbour.pdf" and "seven tunnels" in top["text"]
    assert top["page"] >= 2 and top["text_source"] == "extracted"
    text = _stored(library, "harbour.pdf")
    assert "Harbour Quarterly" not in text and "Page 2" not in text  # running header and footers set aside
    assert "hyperbaric treatment that lowered their fever" in text  # de-hyphenated across the line break
    pages = [p.page for p in library.index.passages if p.doc == "harbour.pdf"]
    assert pages == sorted(pages) and pages[0] == 1 and max(pages) >= 2
    # Page 3 holds only the end of a paragraph begun on page 2: a passage is cited by the page it starts on.
    assert len(extract("harbour.pdf", (library.settings.source / "harbour.pdf").read_bytes()).pages) == 3


def test_html_keeps_the_article_and_its_headings_not_the_site(library):
    text = _stored(library, "harbour.html")
    for chrome in ("Home", "Sports", "Celebrity weds", "All rights reserved", "Privacy"):
        assert chrome not in text
    answer = library.ask("Who built the lighthouse?").to_json()
    top = answer["passages"][0]
    assert top["doc"] == "harbour.html" and top["section"] == "Lighthouse" and "Joan Ferrer" in top["text"]


def test_docx_headings_are_sections_and_table_rows_are_citable(library):
    answer = library.ask("How many ships per week use the North quay?").to_json()
    row = next(p for p in answer["passages"] if p["doc"] == "harbour.docx" and "North quay" in p["text"])
    assert row["text"] == "North quay | 12" and row["section"] == "Berths"
    cranes = library.ask("How many electric cranes work at night?").to_json()["passages"][0]
    assert cranes["section"] == "Cranes" and cranes["title"] == "Harbour annual report"


def test_extraction_happens_once_per_file_version(library, monkeypatch):
    calls: list[str] = []
    import qa.source

    real = qa.source.extract
    monkeypatch.setattr(qa.source, "extract", lambda name, data: calls.append(name) or real(name, data))
    stored = __import__("qa.index", fromlist=["stored_texts"]).stored_texts(library.index.folder)
    read_corpus(library.settings.source, library.settings.max_file_bytes, lambda _m: None, stored)
    assert not {"harbour.pdf", "harbour.html", "harbour.docx"} & set(calls)  # read back, not extracted


def test_qa_show_prints_the_stored_text(library, capsys, monkeypatch):
    from qa import cli

    monkeypatch.setattr("qa.engine.make_embedder", lambda settings, threads=None: None)
    code = cli.main(["show", "--source", str(library.settings.source), "--index", str(library.settings.index),
                     "harbour.pdf"])
    assert code == 0 and capsys.readouterr().out == _stored(library, "harbour.pdf")


def test_uploads_are_sniffed_by_content(tmp_path):
    src = tmp_path / "source"
    with pytest.raises(UploadError, match="not a PDF"):
        add_document(src, "report.pdf", b"just text, not a PDF", 1_000_000)
    with pytest.raises(UploadError, match="zip bomb"):
        add_document(src, "report.docx", D.zip_bomb(), 1_000_000)
    with pytest.raises(UploadError, match="not an HTML page"):
        add_document(src, "page.html", b"\x00\x01\x02binary", 1_000_000)
    assert add_document(src, "report.pdf", D.pdf([CARGO]), 1_000_000) == "report.pdf"
    assert not list(src.glob(".upload-*"))


# --- the shipped article, converted -----------------------------------------------------------------

def _article_blocks() -> list[tuple[str, str]]:
    doc = Document(ARTICLE.name, ARTICLE.read_text(encoding="utf-8"), "0")
    layout = parse(doc)
    return [(p.kind, layout.text(p)) for p in layout.paragraphs]


def article_files() -> dict[str, bytes]:
    blocks = _article_blocks()
    title = next(t for k, t in blocks if k == "title")
    body = [(k, t) for k, t in blocks if k not in ("title", "chrome")]
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for kind, text in body:
        if kind == "heading":
            sections.append((text, []))
        else:
            sections[-1][1].append(text)
    headings = {}
    paragraphs: list[str] = []
    for heading, paras in sections:
        if heading:
            headings[len(paragraphs)] = heading
        paragraphs += paras
    docx_blocks = [("Title", title)] + [("Heading 1" if k == "heading" else "", t) for k, t in body]
    return {"article.html": D.html(title, sections), "article.pdf": D.pdf([title] + paragraphs, header="Xinhua",
                                                                          headings={k + 1: v for k, v in headings.items()}),
            "article.docx": D.docx(docx_blocks)}


@pytest.mark.parametrize("name", ["article.html", "article.pdf", "article.docx"])
def test_the_article_in_every_format_answers_the_shared_questions(name, tmp_path, embedder, capsys):
    src = tmp_path / "source"
    D.write(src, name, article_files()[name])
    engine = make_engine(src, tmp_path / "index", embedder)
    cases = [c for c in read_cases(QUESTIONS) if c.answer is not None]
    found = sum(1 for c in cases if (rank := rank_of(engine.ask(c.question, 3), c)) is not None and rank <= 3)
    with capsys.disabled():
        print(f"\n{name}: answer@3 {found / len(cases):.3f} ({found}/{len(cases)})")
    assert found / len(cases) >= 0.9


def test_the_converted_article_files_can_be_kept(tmp_path):
    """The same files, written out for a person to open (and for `qa eval` by hand)."""
    for name, data in article_files().items():
        D.write(tmp_path, name, data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.docx", "article.html", "article.pdf"]
    shutil.rmtree(tmp_path)


def test_a_scanned_pdf_says_so():
    with pytest.raises(SourceError, match="no text layer"):
        extract("scan.pdf", D.pdf([" "], footer=False))


def test_docs_py_is_not_collected():
    assert Path(D.__file__).name == "documents.py"
