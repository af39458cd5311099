"""Scans end to end with real Tesseract, the bundled model and FAISS: a made scan of the article answers the
shared questions, real scans give back their words, mixed PDFs read each page the right way, OCR runs once
per file version, and bad images get one line each."""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from qa.convert import ocr
from qa.convert.extract import extract
from qa.document.source import read_corpus
from qa.errors import QAError
from qa.index.texts import TEXTS_DIR, find_document
from qa.measure.evaluate import rank_of, read_cases
from tests import documents as D
from tests.conftest import QUESTIONS, ROOT, make_engine

SCANS = ROOT / "tests" / "data" / "scans"
LIGHTHOUSE = D.LIGHTHOUSE


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, embedder):
    """The article as a scan (200 dpi, tilted 1°, specks), beside nothing else."""
    src = tmp_path_factory.mktemp("scan") / "source"
    D.write(src, "article-scan.pdf", D.article_scan())
    engine = make_engine(src, src.parent / "index", embedder)
    engine.index
    return engine


def test_the_made_scan_of_the_article_answers_the_shared_questions(scanned):
    cases = [c for c in read_cases(QUESTIONS) if c.answerable]
    ranks = [rank_of(scanned.ask(c.question, 5), c) for c in cases]
    at3 = sum(r is not None and r <= 3 for r in ranks) / len(cases)
    assert at3 >= 0.85, ranks


def test_every_passage_of_the_scan_has_its_page_and_is_a_slice_of_the_stored_ocr_text(scanned):
    index = scanned.index
    stored = json.loads(
        (index.folder / TEXTS_DIR / f"{index.manifest.files['article-scan.pdf']}.json").read_text()
    )
    assert index.manifest.document("article-scan.pdf").text_source == "ocr"
    assert len(stored["scans"]) == 7 and all(s["confidence"] >= ocr.LOW_CONFIDENCE for s in stored["scans"])
    assert all(abs(s["angle"] + 1.0) <= 0.2 for s in stored["scans"])  # the 1° tilt found and undone
    for p in index.passages:
        assert p.page is not None and 1 <= p.page <= 7
        assert stored["text"][p.start : p.end] == p.text
        assert p.text_source == "ocr" and p.ocr_confidence is not None
    # every OCR'd word has a box on its own page, at its offsets in the text
    for start, end, page, x0, y0, x1, y1 in stored["boxes"]:
        assert stored["text"][start:end].strip() and 0 <= x0 < x1 <= 10000 and 0 <= y0 < y1 <= 10000
        assert stored["pages"][page - 1] <= start


def test_ocr_runs_once_per_file_version(scanned, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("OCR ran again for an unchanged file")

    import qa.document.source

    monkeypatch.setattr(
        qa.document.source, "extract", refuse
    )  # files are read in a child: stop them at its door
    doc = find_document(scanned.settings, "article-scan.pdf")  # from the index's stored copy
    assert doc.text_source == "ocr" and doc.boxes and doc.scans
    assert scanned.refresh().folder == scanned.index.folder  # nothing changed: the same generation


def test_real_scans_give_back_their_words_in_any_orientation():
    truth = (SCANS / "ocr_test.groundtruth.md").read_text(encoding="utf-8").split()
    for name in (
        "ocr_test.pdf",
        "ocr_test_rotated_90.pdf",
        "ocr_test_rotated_180.pdf",
        "ocr_test_rotated_270.pdf",
    ):
        found = extract(name, (SCANS / name).read_bytes())
        words = found.text.split()
        recall = sum(w in words for w in truth) / len(truth)
        assert recall >= 0.95, (name, recall, found.text)
        assert found.text_source == "ocr" and found.scans[0].confidence >= ocr.LOW_CONFIDENCE


def _mixed_pdf() -> bytes:
    """Page 1 printed with a text layer, page 2 a scan of another paragraph."""
    import pypdfium2 as pdfium

    printed = pdfium.PdfDocument(D.pdf([D.CARGO], footer=False))
    printed.import_pages(pdfium.PdfDocument(D.scan_pdf([LIGHTHOUSE], dpi=200, skew=-1.5)))
    out = io.BytesIO()
    printed.save(out)
    return out.getvalue()


def test_a_mixed_pdf_reads_its_text_page_from_text_and_its_scan_by_ocr():
    found = extract("mixed.pdf", _mixed_pdf())
    assert [s.page for s in found.scans] == [2]  # page 1 kept its text layer
    page2 = found.text[found.pages[1] :]
    assert D.CARGO in found.text[: found.pages[1]]
    assert "built in 1852 by the engineer Joan Ferrer" in page2
    assert all(page == 2 for _s, _e, page, *_ in found.boxes)


def test_a_garbage_text_layer_is_read_by_ocr_instead():
    """A PDF that prints the right letters but whose font's Unicode map is wrong (every letter three places
    on, "Wkh"): its text layer spells nothing, so the page is read from its image."""
    content = f"BT /F1 10 Tf 30 720 Td ({D.FILLER}) Tj ET".encode()
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Shifted def /CMapType 2 def "
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <41> <7A> <0044> endbfrange "
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 900 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    data = D.raw_pdf(objects)
    import pypdfium2 as pdfium

    layer = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "Wkh frpplwwhh" in layer  # the layer is garbage, as meant
    found = extract("garbled.pdf", data)
    assert found.scans and "committee met again in the spring" in found.text, found.text


HARBOUR_LETTER = (
    "The harbour of Valmora keeps seventeen tugboats ready for the winter storms, and each one is painted "
    "orange so that the pilots can see it in the fog."
)
OLD_OCR = (  # an earlier OCR program's invisible layer over the scan: what a viewer's search finds
    "«POAH «3E*»CM tanntxim. inc. /^ . ^ Tlie liarbonr of Vahnora kccps scvcntccn tugbnats rcady fnr thc "
    "wintcr stonns, aud cach oue is paiuted orauge sn tliat"
)


def test_an_earlier_ocrs_invisible_layer_is_read_again_where_tesseract_reads_better(monkeypatch):
    poor = D.ocr_layered_pdf([HARBOUR_LETTER], OLD_OCR)
    found = extract("letter.pdf", poor)
    assert found.text_source == "ocr" and "seventeen tugboats" in found.text and "«POAH" not in found.text
    sound = extract("sound.pdf", D.ocr_layered_pdf([HARBOUR_LETTER], HARBOUR_LETTER))
    assert sound.text_source == "extracted" and "seventeen tugboats" in sound.text  # a good layer stays
    monkeypatch.setenv("QA_OCR", "off")  # the layer only, whatever it says
    assert "«POAH" in extract("letter.pdf", poor).text
    monkeypatch.setenv("QA_OCR", "force")  # every page read by OCR, even one with a good layer
    assert extract("sound.pdf", D.ocr_layered_pdf([HARBOUR_LETTER], HARBOUR_LETTER)).text_source == "ocr"
    monkeypatch.setenv("QA_OCR", "sometimes")
    with pytest.raises(QAError, match="QA_OCR='sometimes': choose one of auto, force, off"):
        extract("letter.pdf", poor)


def test_images_are_read_and_cited_by_page(tmp_path, embedder):
    src = tmp_path / "source"
    page = D.scan_pages([LIGHTHOUSE], dpi=200, skew=0.8)[0]
    out = io.BytesIO()
    page.rotate(90, expand=True).save(out, format="PNG")  # photographed on its side
    D.write(src, "lighthouse.png", out.getvalue())
    engine = make_engine(src, tmp_path / "index", embedder)
    top = engine.ask("Who built the lighthouse on Cape Morrow?").to_json()["passages"][0]
    assert top["doc"] == "lighthouse.png" and top["page"] == 1 and "Joan Ferrer" in top["text"]
    assert top["text_source"] == "ocr"
    # the viewer turns the photo upright and marks the passage on it
    from qa.ui.pdfpage import render_scan

    doc = find_document(engine.settings, "lighthouse.png")
    assert doc.scans[0].rotation in (90, 270)
    marked = render_scan(
        src / "lighthouse.png",
        doc,
        1,
        (top["start"], top["end"]),
        (top["highlight"]["start"], top["highlight"]["end"]),
    )
    shown = Image.open(io.BytesIO(marked.png))
    assert marked.passage_boxes >= 2 and marked.sentence_boxes >= 2 and shown.height > shown.width  # upright


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels: Pillow judges a bomb from the header alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 10))
        + chunk(b"IEND", b"")
    )


def test_bad_images_get_one_line_each(tmp_path):
    src = tmp_path / "source"
    D.write(src, "empty.png", b"")
    D.write(src, "corrupt.jpg", b"\xff\xd8\xff\xe0" + b"\x13" * 200)
    D.write(src, "huge.png", _png_header(20_000, 20_000))
    D.write(src, "fine.txt", LIGHTHOUSE.encode())
    warnings: list[str] = []
    docs = read_corpus(src, 1_000_000, warnings.append)
    assert [d.path for d in docs] == ["fine.txt"]
    said = {w.split(":")[0].removeprefix("skipped "): w for w in warnings}
    assert "empty" in said["empty.png"]
    assert "cannot read the image" in said["corrupt.jpg"]
    assert "decompression bomb" in said["huge.png"] and "178" not in said["huge.png"]
    assert all("\n" not in w and "Traceback" not in w for w in warnings)


def test_a_missing_language_pack_says_which_package_to_install():
    with pytest.raises(QAError, match=r"apt-get install tesseract-ocr-klingon"):
        ocr.check_languages("eng+klingon")
    page = D.scan_pdf([LIGHTHOUSE])
    try:
        extract("scan.pdf", page, ocr_langs="klingon")
    except QAError as exc:
        assert "tesseract-ocr-klingon" in str(exc) and str(exc).startswith("skipped scan.pdf")
    else:
        raise AssertionError("a missing language pack was not reported")


def test_a_clean_image_of_small_print_is_read_as_scanned_not_through_a_speck_filter():
    """At 90 dpi a letter's strokes are a pixel wide: a median filter takes them with the specks (0.68 of
    the words came back through it). A clean page is read as scanned first, and that reading wins."""
    paragraphs = [D.CARGO, D.RAIL, D.FEVER]
    out = io.BytesIO()
    D.scan_pages(paragraphs, dpi=90, skew=0.0, noise=0)[0].save(out, format="PNG")
    read = extract("notice.png", out.getvalue()).text.lower().split()
    wanted = " ".join(paragraphs).lower().replace("-\n", "").split()
    assert sum(w in read for w in wanted) >= 0.9 * len(wanted)


def test_a_poor_scan_is_indexed_and_its_citations_say_low_confidence(tmp_path, embedder):
    src = tmp_path / "source"
    D.write(src, "fax.pdf", D.scan_pdf([D.CARGO, D.RAIL], dpi=75, skew=1.0, noise=0.01))
    engine = make_engine(src, tmp_path / "index", embedder)
    passages = engine.index.passages
    assert passages and all(
        p.ocr_confidence is not None and p.ocr_confidence < ocr.LOW_CONFIDENCE for p in passages
    )
    from qa.ui.render.cite import citation

    answer = engine.ask("How much cargo does the harbour handle?")
    assert "(OCR, low confidence)" in citation(answer.cited[0])


def test_ocr_languages_come_from_the_setting(monkeypatch):
    from qa.settings import Settings

    monkeypatch.setenv("QA_OCR_LANGS", "eng+osd")
    assert Settings.from_env().ocr_langs == "eng+osd"
    assert Path(ocr.check_languages("eng+osd")) == Path("eng+osd")
