"""No text is lost: every word of a document is in some citable passage (the article, the dev papers, made texts)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from qa.document.paragraphs import TABLE_HEAD, parse
from qa.document.passages import build_passages
from qa.document.source import Document
from tests.conftest import ARTICLE, SHARED


def fake_count(texts):
    """Word pieces approximated by words: deterministic and fast, with the same window logic."""
    return [len(t.split()) for t in texts]


def uncovered(doc: Document, window: int = 256) -> list[str]:
    """Runs of non-space text that are in no passage, no heading and no chrome or metadata block."""
    layout = parse(doc)
    covered = bytearray(len(doc.text))
    passages = build_passages(layout, window, fake_count)
    for p in passages:
        covered[p.start : p.end] = b"\1" * (p.end - p.start)
    # A table's head is found through its rows: each of its words names some row's cell (what BM25 and the
    # encoder read, and what every surface shows beside the cell).
    named = {w for p in passages for _, name in p.names for w in name.split()}
    for para in layout.paragraphs:
        if para.kind in {"heading", "chrome"}:  # headings are searchable through their passages' BM25 text
            covered[para.start : para.end] = b"\1" * (para.end - para.start)
        if para.kind == TABLE_HEAD:
            for m in re.finditer(r"\S+", doc.text[para.start : para.end]):
                if m.group() in named or m.group() == "|":
                    covered[para.start + m.start() : para.start + m.end()] = b"\1" * len(m.group())
    meta_end = layout.body_start
    covered[:meta_end] = b"\1" * meta_end
    lost, run = [], []
    for ch, flag in zip(doc.text, covered):
        if flag or ch.isspace():
            if run:
                lost.append("".join(run))
                run = []
        else:
            run.append(ch)
    return lost + (["".join(run)] if run else [])


def _doc(text: str, name: str = "doc.txt") -> Document:
    return Document(name, text, "0")


def test_the_article_loses_nothing() -> None:
    assert uncovered(_doc(ARTICLE.read_text(encoding="utf-8"), ARTICLE.name)) == []


COVID = SHARED / "eval" / "covidqa-dev.json"


@pytest.mark.skipif(not COVID.exists(), reason="../shared/eval/covidqa-dev.json not present")
def test_every_dev_paper_loses_nothing() -> None:
    data = json.loads(COVID.read_text(encoding="utf-8"))
    for n, article in enumerate(data["data"]):
        text = article["paragraphs"][0]["context"]
        assert uncovered(_doc(text, f"{n}.txt"), window=64) == [], f"paper {n}"


WORDS = (
    "the harbour of port vell handles cargo every year while the railway climbs through seven tunnels "
    "and the engineer built a lighthouse near oxygen chambers"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 30))]
    return " ".join(words).capitalize() + rng.choice([".", ".", "?", "!", ";"])


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 8)))


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])


@pytest.mark.parametrize("seed", range(12))
def test_generated_texts_lose_nothing(seed: int) -> None:
    """Hard-wrapped, line-per-paragraph and mixed files, headings, and line breaks inside sentences."""
    rng = random.Random(seed)
    blocks = []
    for _ in range(rng.randint(3, 12)):
        roll = rng.random()
        if roll < 0.15:
            blocks.append(rng.choice(WORDS).capitalize() + " " + rng.choice(WORDS))  # a heading
        elif roll < 0.5:
            blocks.append(_wrap(_paragraph(rng), rng.choice([60, 72, 80])))
        else:
            para = _paragraph(rng)
            cut = para.find(" ", len(para) // 2)
            blocks.append(para if cut < 0 or rng.random() < 0.5 else para[:cut] + "\n" + para[cut + 1 :])
    text = rng.choice(["\n\n", "\n"]).join(blocks) + "\n"
    assert uncovered(_doc(text)) == []


def test_a_line_broken_inside_a_sentence_is_not_a_heading() -> None:
    text = (
        "Carbon monoxide poisoning\n\n"
        "Carbon monoxide binds to haemoglobin far more tightly than oxygen does, and it stays bound for hours "
        "unless the patient breathes pure oxygen under pressure.\n\n"
        "Hyperbaric (high-pressure) medicine uses special oxygen chambers to increase the partial pressure of O\n"
        "2 around the patient and, when needed, the medical staff. Carbon monoxide poisoning is treated this way, "
        "and so are decompression sickness and some stubborn wounds.\n"
    )
    layout = parse(_doc(text))
    kinds = [(p.kind, text[p.start : p.end][:30]) for p in layout.paragraphs]
    assert kinds[0] == ("title", "Carbon monoxide poisoning")
    assert [k for k, _ in kinds[1:]] == ["body", "body"]
    chamber = next(p for p in build_passages(layout, 256, fake_count) if "oxygen chambers" in p.text)
    assert "2 around the patient" in chamber.text and chamber.section is None


REAL = Path(__file__).parents[3] / "eval" / "real" / "source"


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.iterdir()))
def test_every_real_document_loses_nothing(name: str) -> None:
    """The documents of eval/real (PDF pages with tables and running headers, a saved web page, a Word file):
    every word of the text qa extracts is in a passage, a heading or what was set aside as chrome."""
    from qa.document.source import read_bytes

    assert uncovered(read_bytes(name, (REAL / name).read_bytes())) == []


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.iterdir()))
def test_no_real_document_is_read_with_raw_glyph_codes(name: str) -> None:
    """A glyph its font maps to no Unicode is never quoted as pdfplumber's "(cid:129)" or a control code."""
    from qa.document.source import read_bytes

    text = read_bytes(name, (REAL / name).read_bytes()).text
    assert "(cid:" not in text and not [ch for ch in text if ord(ch) < 32 and ch not in "\n\t"]
