"""The qa command: JSON contract, batch mode, and one-line errors with non-zero exits."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, TEST_CACHE

CONTRACT_KEYS = {
    "rank",
    "score",
    "doc",
    "title",
    "section",
    "paragraph",
    "through",
    "page",
    "start",
    "end",
    "text",
    "text_source",
    "ocr_confidence",
    "page_label",
    "cell_names",
    "doc_sha256",
    "highlight",
}


def qa(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    full_env.update({"QA_CACHE": str(TEST_CACHE), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "qa", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=600,
    )


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith("qa: error:")
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture(scope="module")
def article_dirs(article_engine):
    return ["--source", str(article_engine.settings.source), "--index", str(article_engine.settings.index)]


def test_ask_json_contract_and_verbatim(article_dirs):
    proc = qa(
        "ask", "How many people are covered by unemployment insurance?", "--json", "-k", "3", *article_dirs
    )
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert set(answer) == {"question", "answerable", "confidence", "reason", "answer", "passages"}
    assert answer["answerable"] is True
    assert len(answer["passages"]) == 3
    source = Path(article_dirs[1])
    for rank, p in enumerate(answer["passages"], start=1):
        assert set(p) == CONTRACT_KEYS
        assert p["rank"] == rank
        text = open(source / p["doc"], encoding="utf-8").read()
        assert text[p["start"] : p["end"]] == p["text"]
        assert p["doc_sha256"] == hashlib.sha256((source / p["doc"]).read_bytes()).hexdigest()
        assert p["start"] <= p["highlight"]["start"] < p["highlight"]["end"] <= p["end"]
        assert isinstance(p["paragraph"], int) and p["paragraph"] >= 1
    assert "240 million" in answer["passages"][0]["text"]
    span = answer["answer"]  # the reader's answer: a verbatim span of the document
    assert set(span) == {"text", "doc", "start", "end", "score", "rank"}
    assert open(source / span["doc"], encoding="utf-8").read()[span["start"] : span["end"]] == span["text"]


def test_ask_reads_questions_from_stdin_one_json_per_line(article_dirs):
    stdin = "Who was the responsible editor of the article?\n\nWho won the 2022 FIFA World Cup?\n"
    proc = qa("ask", "--json", *article_dirs, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["question"] for a in answers] == [
        "Who was the responsible editor of the article?",
        "Who won the 2022 FIFA World Cup?",
    ]
    assert "Su Suiyue" in answers[0]["passages"][0]["text"]
    assert answers[1]["answerable"] is False


def test_human_output_says_when_the_source_does_not_answer(article_dirs):
    proc = qa("ask", "Who won the 2022 FIFA World Cup?", *article_dirs)
    assert proc.returncode == 0
    assert "The source does not answer this" in proc.stdout


def test_blank_question(article_dirs):
    one_line_error(qa("ask", "   ", *article_dirs), "empty")


def test_missing_source_dir(tmp_path):
    one_line_error(
        qa("ask", "anything", "--source", str(tmp_path / "nope"), "--index", str(tmp_path / "i")), "not found"
    )


def test_empty_corpus(tmp_path):
    (tmp_path / "src").mkdir()
    one_line_error(
        qa("index", "--source", str(tmp_path / "src"), "--index", str(tmp_path / "i")), "no documents"
    )


def test_unknown_model(corpus, tmp_path):
    proc = qa(
        "index", "--source", str(corpus), "--index", str(tmp_path / "i"), "--model", "no-such/model-xyz"
    )
    one_line_error(proc, "cannot load model")


def test_unwritable_index_dir(corpus, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    one_line_error(qa("index", "--source", str(corpus), "--index", str(blocker / "index")), "not writable")


def test_bad_k_is_a_usage_error(article_dirs):
    proc = qa("ask", "x", "-k", "0", *article_dirs)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "choose a whole number from 1 to 100" in proc.stderr  # the engine's own message


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys, qa.ui.cli\ntry:\n    qa.ui.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('torch', 'faiss', 'gradio', 'sentence_transformers') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_env_vars_set_the_default_dirs(article_dirs):
    env = {"QA_SOURCE": article_dirs[1], "QA_INDEX": article_dirs[3]}
    proc = qa("ask", "When was the article published?", "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "2024-07-02" in json.loads(proc.stdout)["passages"][0]["text"]


def test_show_tables_prints_each_tables_cells_as_json_and_as_a_grid(tmp_path):
    from tests import documents as D

    src = tmp_path / "src"
    src.mkdir()
    header = [[("Country", 1), ("No. of stores", 2)], [("", 1), ("1996", 1), ("1991", 1)]]
    body = [["Germany", "12130", "8290"], ["France", "4010", "3120"], ["Italy", "1530", "1260"]]
    (src / "stores.pdf").write_bytes(D.table_pdf(header, body))
    (src / "notes.md").write_text("# Notes\n\nNo table here, only a line of prose about the survey.\n")
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    dirs = ("--source", str(src), "--index", str(tmp_path / "index"))
    shown = qa("show", "--tables", "--json", "stores.pdf", *dirs)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == {
        "tables": [
            {
                "page": 1,
                "caption": "Table 6.7: Discount stores by country",
                "header_rows": [["Country", "No. of stores", ""], ["", "1996", "1991"]],
                "rows": body,
            }
        ]
    }
    grid = qa("show", "--tables", "stores.pdf", *dirs)
    assert grid.returncode == 0 and "table 1, page 1: Table 6.7: Discount stores by country" in grid.stdout
    germany = next(line for line in grid.stdout.splitlines() if line.startswith("Germany"))
    assert [cell.strip() for cell in germany.split(" | ")] == body[0]
    assert qa("show", "--tables", "notes.md", *dirs).stdout.strip() == "no tables found"
    one_line_error(qa("show", "--tables", "broken.pdf", *dirs), "broken.pdf")
    one_line_error(qa("show", "--tables", "../outside.pdf", *dirs), "no document")
