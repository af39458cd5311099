"""PDF, HTML and Word files end to end with the real model: verbatim slices, pages, sections, no script run."""

from __future__ import annotations

import json

import pytest

from qa.convert.extract import extract
from qa.document.source import read_corpus
from qa.index.texts import TEXTS_DIR
from qa.measure.evaluate import rank_of, read_cases
from tests import documents as D
from tests.conftest import QUESTIONS, make_engine

MEDICINE = (
    "Hyperbaric medicine uses special oxygen chambers to increase the partial pressure of oxygen around "
    "the patient, and the staff watch every session from a window in the chamber wall."
)


@pytest.fixture(scope="module")
def library(tmp_path_factory, embedder):
    src = tmp_path_factory.mktemp("formats") / "source"
    D.write(src, "harbour.pdf", D.harbour_pdf())
    D.write(
        src,
        "harbour.html",
        D.html(
            "The harbour report",
            [
                (None, [D.CARGO]),
                (
                    "Lighthouse",
                    [
                        "Its lighthouse was built in 1852 by the engineer Joan Ferrer, and it "
                        "still guides ships into the port every night."
                    ],
                ),
            ],
        ),
    )
    D.write(
        src,
        "harbour.docx",
        D.docx(
            [
                ("Title", "Harbour annual report"),
                ("Heading 1", "Cranes"),
                ("", "Twelve electric cranes work at night."),
                ("Heading 1", "Berths"),
            ],
            table=[["Berth", "Ships per week"], ["North quay", "12"], ["South quay", "7"]],
        ),
    )
    D.write(
        src, "scripted.pdf", D.pdf_with_javascript("The ferry to the island leaves at seven every morning.")
    )
    D.write(src, "macro.docx", D.docx([("", "The night shift starts at ten in the evening.")], macro=True))
    D.write(src, "bomb.docx", D.zip_bomb())
    D.write(src, "blank.pdf", D.pdf([" "], footer=False))
    D.write(src, "fake.pdf", b"This is a plain text file pretending to be a PDF.\n")
    engine = make_engine(src, src.parent / "index", embedder)
    engine.index
    return engine


def _stored(engine, doc: str) -> str:
    info = engine.index.manifest.document(doc)
    return (
        json.loads((engine.index.folder / TEXTS_DIR / f"{info_sha(engine, doc)}.json").read_text())["text"]
        if info.text_source == "extracted"
        else (engine.settings.source / doc).read_text(encoding="utf-8")
    )


def info_sha(engine, doc: str) -> str:
    return engine.index.manifest.files[doc]


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
    assert "blank.pdf" in said and "has no text" in said
    assert "fake.pdf" in said and "not a PDF" in said
    assert all("\n" not in w for w in warnings)
    assert not {p.doc for p in library.index.passages} & {"bomb.docx", "blank.pdf", "fake.pdf"}


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
    assert row["text"] == "North quay — 12" and row["section"] == "Berths"  # quoted: the cells alone
    names = [(c["start"] - row["start"], c["name"]) for c in row["cell_names"]]
    assert names == [(0, "Berth"), (len("North quay — "), "Ships per week")]  # each cell named beside it
    assert answer["answer"]["text"] == "12"  # the reader read the names, and its span is the cell
    cranes = library.ask("How many electric cranes work at night?").to_json()["passages"][0]
    assert cranes["section"] == "Cranes" and cranes["title"] == "Harbour annual report"


def test_extraction_happens_once_per_file_version(library, monkeypatch):
    calls: list[str] = []
    import qa.document.source
    from qa.index.texts import stored_texts

    real = qa.document.source.extract
    monkeypatch.setattr(
        qa.document.source, "extract", lambda name, *rest: calls.append(name) or real(name, *rest)
    )
    stored = stored_texts(library.index.folder)
    read_corpus(library.settings.source, library.settings.max_file_bytes, lambda _m: None, stored)
    assert not {"harbour.pdf", "harbour.html", "harbour.docx"} & set(calls)  # read back, not extracted


def test_qa_show_prints_the_stored_text(library, capsys, monkeypatch):
    from qa.ui import cli

    monkeypatch.setattr("qa.engine.make_embedder", lambda settings, threads=None: None)
    code = cli.main(
        [
            "show",
            "--source",
            str(library.settings.source),
            "--index",
            str(library.settings.index),
            "harbour.pdf",
        ]
    )
    assert code == 0 and capsys.readouterr().out == _stored(library, "harbour.pdf")


@pytest.mark.parametrize("name", ["article.html", "article.pdf", "article.docx"])
def test_the_article_in_every_format_answers_the_shared_questions(name, tmp_path, embedder, capsys):
    src = tmp_path / "source"
    D.write(src, name, D.article_files()[name])
    engine = make_engine(src, tmp_path / "index", embedder)
    cases = [c for c in read_cases(QUESTIONS) if c.answer is not None]
    found = sum(1 for c in cases if (rank := rank_of(engine.ask(c.question, 3), c)) is not None and rank <= 3)
    with capsys.disabled():
        print(f"\n{name}: answer@3 {found / len(cases):.3f} ({found}/{len(cases)})")
    assert found / len(cases) >= 0.9
