"""Ingestion: layout detection, structure of the article, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.document.paragraphs import parse
from qa.document.source import Document, read_corpus
from tests.conftest import ARTICLE


def doc(text: str, name: str = "doc.txt") -> Document:
    return Document(path=name, text=text, sha256="x")


@pytest.fixture(scope="module")
def layout():
    text = ARTICLE.read_text(encoding="utf-8")
    return parse(Document(ARTICLE.name, text, "x"))


def kinds(layout, kind):
    return [layout.text(p) for p in layout.paragraphs if p.kind == kind]


def test_article_title_and_date(layout):
    assert layout.title.startswith("Continuously Improving People's Livelihood")
    assert layout.meta["date"] == "2024-07-02"
    assert kinds(layout, "date") == ["2024-07-02"]


def test_article_sections_are_the_three_headings(layout):
    headings = kinds(layout, "heading")
    assert len(headings) == 3
    assert headings[0].startswith("Maintaining social fairness and justice")
    assert headings[1].startswith("Focusing on solving")
    assert headings[2].startswith("Maintain constant peace of mind")


def test_article_body_paragraph_count_and_sections(layout):
    body = [p for p in layout.paragraphs if p.kind == "body"]
    # Between the date line and the byline stand 45 lines: 3 section headings and 42 body paragraphs.
    assert len(body) == 42
    assert body[0].section is None  # the lead sits before the first heading
    firefighters = next(p for p in body if "220000 firefighters" in layout.text(p))
    assert firefighters.section.startswith("Maintain constant peace of mind")


def test_article_byline_is_citable_and_chrome_is_excluded(layout):
    byline = kinds(layout, "byline")
    assert any("Responsible editor:Su Suiyue" in b for b in byline)
    assert "Source:Xinhua" in byline
    chrome = kinds(layout, "chrome")
    for line in ("Return to list", "Links", ">"):
        assert line in chrome
    assert any("ICP" in c for c in chrome)
    assert any("Submission mailbox" in c for c in chrome)
    assert any(c.startswith("Special statement") for c in chrome)


def test_offsets_are_exact_slices(layout):
    text = ARTICLE.read_text(encoding="utf-8")
    numbers = [p.number for p in layout.paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))
    for p in layout.paragraphs:
        assert text[p.start : p.end] == layout.text(p)
        assert layout.text(p) == layout.text(p).strip()


def test_stray_blank_line_does_not_merge_paragraph_per_line_text():
    lines = [
        f"Sentence number {i} is a long line of prose that runs on well past any wrap width, " * 2
        for i in range(6)
    ]
    text = "\n".join(lines[:4]) + "\n\n" + "\n".join(lines[4:]) + "\n"
    paras = [p for p in parse(doc(text)).paragraphs]
    assert len(paras) == 6


def test_hard_wrapped_text_joins_lines_into_paragraphs():
    para = (
        "This paragraph was wrapped by an editor at seventy columns so each\n"
        "line ends mid-sentence and the next line continues the same thought\n"
        "until the paragraph ends with a period."
    )
    text = f"{para}\n\n{para}\n\n{para}\n"
    layout = parse(doc(text))
    assert len(layout.paragraphs) == 3
    assert all(layout.text(p) == para for p in layout.paragraphs)


def test_markdown_front_matter_headings_and_sections():
    text = (
        "---\ntitle: Harbour Report\ndate: 2023-05-01\nsource: Port Authority\nurl: http://example.org\n---\n"
        "# Harbour Report\n\nIntro paragraph about the port.\n\n## Cargo\n\nThe port moved 5 million tonnes.\n"
        "Second line of the same paragraph.\n\n## Staff\n\nThere are 300 dockers.\n"
    )
    layout = parse(doc(text, "report.md"))
    assert layout.title == "Harbour Report"
    assert layout.meta["source"] == "Port Authority"
    body = [p for p in layout.paragraphs if p.kind == "body"]
    assert [layout.text(p) for p in body][
        1
    ] == "The port moved 5 million tonnes.\nSecond line of the same paragraph."
    assert [p.section for p in body] == ["Harbour Report", "Cargo", "Staff"]
    for p in layout.paragraphs:
        assert text[p.start : p.end] == layout.text(p)


def test_legacy_encodings_are_read_and_unusable_files_skipped_with_a_warning(tmp_path: Path):
    (tmp_path / "good.txt").write_text("A fine document about ports.\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me br\xfbl\xe9e".encode("cp1252"))
    (tmp_path / "wide.txt").write_bytes("Crane \u2116 4, quay\r\n".encode("utf-16"))  # with its BOM
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # a damaged image: its header cut short
    (tmp_path / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    warnings: list[str] = []
    docs = {d.path: d.text for d in read_corpus(tmp_path, 10_000, warnings.append)}
    assert docs == {
        "good.txt": "A fine document about ports.\n",
        "latin1.txt": "Café crème brûlée",
        "wide.txt": "Crane № 4, quay\n",
    }
    assert any("binary.txt" in w and "binary" in w for w in warnings)
    assert any("image.png" in w and "not an image" in w for w in warnings)
    assert any("clip.mp4" in w and "unsupported" in w for w in warnings)


def test_a_tables_rows_stand_under_its_caption_and_the_prose_after_it_does_not():
    from qa.text.cellnames import unmark
    from qa.text.rows import row_lines

    rows = row_lines([["Germany", "120"], ["France", "95"]], ["Country", "Outlets"])
    text, names, _ = unmark(
        "# Retail\n\nStores grew in every country of the survey over the five years it ran.\n\n"
        "Table 6.1: Retail outlets by country\n\n" + "\n\n".join(rows) + "\n\n"
        "The survey ran from 1991 to 1996 and counted every outlet.\n"
    )
    table = Document("r.html", text, "0" * 64, "extracted", names=names)
    sections = [(p.kind, p.section) for p in parse(table).paragraphs]
    assert sections[3:] == [
        ("table head", None),  # "Country | Outlets": it names the cells of every row under it
        ("body", "Table 6.1: Retail outlets by country"),
        ("body", "Table 6.1: Retail outlets by country"),
        ("body", "Retail"),
    ]


def test_a_keyword_list_or_a_tag_cloud_at_a_pages_foot_is_chrome():
    body = "# Steel\n\nOur bars are rolled from high-grade steel and tested before delivery.\n\n"
    cloud = "steel bars, wire rod, tensile strength, yield strength, rebar, coil, billet, sheet, plate\n"
    labelled = "Keywords: steel, bars\n\n"
    kinds = [p.kind for p in parse(doc(body + labelled + cloud, "page.md")).paragraphs]
    assert kinds == ["heading", "body", "chrome", "chrome"]
    listing = "We sell bars, wire rod, rebar, coil, billet, sheet, plate and tubes, cut to length.\n"
    assert [p.kind for p in parse(doc(body + listing, "page.md")).paragraphs][-1] == "body"  # a sentence


def test_a_photo_credit_mid_report_sets_nothing_after_it_aside():
    """ "Source: …" under a picture is a byline, but the report goes on after it: its second half is text."""
    body = " ".join(["The climate has changed much more markedly since the beginning of the century."] * 3)
    text = "\n\n".join(
        ["Climate change", body, body, "## The international response", "Source: EEA photo library",
         "The UNFCCC was drawn up at Rio de Janeiro in 1992. " + body, "## How we can adapt", body]
    )  # fmt: skip
    kinds = [p.kind for p in parse(doc(text)).paragraphs]
    assert "chrome" not in kinds and kinds[-1] == "body"


@pytest.mark.parametrize(
    ("text", "name", "found"),
    [
        (
            "Dear Sir,\n\nThe shipment will arrive on Monday and we hope it suits you well.\n\n"
            "Yours sincerely,\n\nJOHN SMITH\n",
            "letter.txt",
            "JOHN SMITH",
        ),
        ("# Only headings\n\n## Nothing under them\n", "heads.md", "## Nothing under them"),
    ],
)
def test_a_heading_with_nothing_after_it_is_text_of_its_own(text: str, name: str, found: str):
    from qa.document.paragraphs import citable

    layout = parse(doc(text, name))
    quoted = [layout.text(p) for p in citable(layout)]
    assert found in quoted
    if name == "heads.md":  # a file of headings alone: every word can be found
        assert quoted == ["# Only headings", "## Nothing under them"]


def test_a_heading_over_text_still_heads_it():
    layout = parse(doc("# Report\n\n## Cargo\n\nThe port moved 5 million tonnes.\n", "r.md"))
    assert [(p.kind, p.section) for p in layout.paragraphs][-1] == ("body", "Cargo")
    assert [p.kind for p in layout.paragraphs][:2] == ["heading", "heading"]


def test_a_page_number_or_a_tables_row_first_on_the_page_is_no_title():
    """A report's page often opens with its printed number ("3", "445") or with a table's header row; neither
    names the document, so its title comes from elsewhere (here the file's name), and the row stays a row."""
    numbered = parse(
        doc("3\n\nOutbreaks of food poisoning were reported in four districts in April.\n", "week.pdf")
    )
    assert numbered.title == "Week"
    text = "Clave | Nombre\n\n01 — Aguascalientes\n"
    row = Document(
        "towns.pdf", text, "x", "extracted", names=((0, ""), (8, ""), (16, "Clave"), (21, "Nombre"))
    )
    assert parse(row).title == "Towns"
    titled = parse(
        doc("Weekly outbreak report\n\nOutbreaks of food poisoning were reported in April.\n", "w.pdf")
    )
    assert titled.title == "Weekly outbreak report"


def test_a_letters_signature_under_its_close_is_its_text_not_a_heading():
    """A name in capitals over the signer's post looks like a heading (a short line before a longer one);
    under "Yours sincerely," it is the signature: the letter's text, in the passage that "Who signed the
    letter?" finds, not a section name for the letterhead's footer."""
    text = (
        "Dear Pete,\n\nPermit me to introduce you to the facility of facsimile transmission.\n\n"
        "Yours sincerely,\n\nThA.\n\nP.J. CROSS\n\nGroup Leader - Facsimile Research\n\n"
        "Registered in England: No. 2038\n"
    )
    layout = parse(doc(text, "fax.txt"))
    signed = next(p for p in layout.paragraphs if layout.text(p) == "P.J. CROSS")
    assert signed.kind == "body"
    assert all(p.section is None for p in layout.paragraphs)
    unsigned = parse(doc(text.replace("Yours sincerely,", "Probably you have uses for it."), "fax.txt"))
    assert [unsigned.text(p) for p in unsigned.paragraphs if p.kind == "heading"] == ["P.J. CROSS"]
