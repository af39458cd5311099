"""The CLI run in-process on the fake embedder: argument handling, output and one-line errors, fast."""

from __future__ import annotations

import errno
import io
import json
import shutil

import pytest

from qa.index import store
from qa.ui import cli
from tests.conftest import ARTICLE, FakeEmbedder


@pytest.fixture
def run(monkeypatch, capsys, fake_embedder, tmp_path):
    """``run(*args, stdin=...)`` → (exit code, stdout, stderr), with the fake embedder behind every engine."""
    monkeypatch.setattr("qa.engine.make_embedder", lambda settings, threads=None: fake_embedder)
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(ARTICLE, source / ARTICLE.name)
    dirs = ["--source", str(source), "--index", str(tmp_path / "index")]

    def call(command: str, *args: str, stdin: str = ""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli.main([command, *dirs, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_ask_json_quotes_verbatim_slices(run):
    code, out, err = run("ask", "--json", "-k", "3", "How many firefighters are there?")
    assert code == 0, err
    answer = json.loads(out)
    text = ARTICLE.read_text(encoding="utf-8")
    assert len(answer["passages"]) == 3
    for p in answer["passages"]:
        assert text[p["start"] : p["end"]] == p["text"]


def test_batch_mode_answers_every_line_and_reports_a_bad_one(run):
    code, out, err = run("ask", "--json", stdin="firefighters?\n\x00\x01\nfood safety standards?\n")
    assert code == 1 and len(out.splitlines()) == 2
    assert err.count("qa: error:") == 1


def test_plain_output_marks_the_answering_sentence(run):
    code, out, _ = run("ask", "Which subway station is near the Linyin Campus?")
    assert code == 0 and out.startswith("Q: ") and "**" in out and "chars " in out


def test_show_layout_lists_roles_and_show_prints_the_text(run):
    code, out, _ = run("show", "--layout", ARTICLE.name)
    assert code == 0 and "title" in out and "chrome (not cited)" in out and "heading" in out
    code, out, _ = run("show", ARTICLE.name)
    assert out == ARTICLE.read_text(encoding="utf-8")
    code, _, err = run("show", "../../etc/passwd")
    assert code == 1 and err.startswith("qa: error: no document")
    code, _, err = run("show", "nope.pdf")  # how to choose another folder; never the server's absolute path
    assert code == 1 and "nope.pdf" in err and "--source" in err and "/" not in err.split("nope.pdf")[1]


@pytest.mark.parametrize("variable", ["QA_CONCURRENCY", "QA_QUEUE_SIZE", "QA_MAX_FILE_BYTES", "QA_THREADS"])
def test_a_non_numeric_setting_is_one_line(run, monkeypatch, variable):
    monkeypatch.setenv(variable, "lots")
    code, _, err = run("ask", "anything?")
    assert (
        code == 1
        and err.strip() == f"qa: error: {variable}='lots' is not a positive whole number: fix or unset it"
    )


def test_a_full_disk_during_commit_is_one_line_and_the_old_index_stays(run, monkeypatch, tmp_path):
    assert run("index")[0] == 0
    served = store.current_generation(tmp_path / "index")
    (tmp_path / "source" / "more.txt").write_text(
        "More notes\n\nThe harbour moved grain.\n", encoding="utf-8"
    )

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "index"))

    monkeypatch.setattr(store, "commit", full)
    code, _, err = run("index")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith("qa: error: No space left on device") and "Traceback" not in err
    assert store.current_generation(tmp_path / "index") == served
    assert not list((tmp_path / "index").glob(".tmp-*"))  # the staging folder was cleaned up


def test_eval_reads_a_squad_file_in_process(run, tmp_path, monkeypatch):
    monkeypatch.setenv("QA_CACHE", str(tmp_path / "cache"))
    data = {
        "data": [
            {
                "title": "Harbour",
                "paragraphs": [
                    {
                        "context": "The harbour handles grain every year.",
                        "qas": [
                            {
                                "question": "What does the harbour handle?",
                                "answers": [{"text": "grain", "answer_start": 20}],
                            }
                        ],
                    }
                ],
            }
        ]
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("eval", "--json", str(path))
    assert code == 0, err
    assert json.loads(out)["answer@1"] == 1.0


def test_doc_limits_the_answer_to_the_named_documents(run, tmp_path):
    (tmp_path / "source" / "harbour.txt").write_text(
        "Harbour notes\n\nThe harbour has twelve firefighters on duty at night.\n", encoding="utf-8"
    )
    code, out, _ = run("ask", "--json", "--doc", "harbour.txt", "How many firefighters are there?")
    assert code == 0 and {p["doc"] for p in json.loads(out)["passages"]} == {"harbour.txt"}
    code, out, _ = run("ask", "--json", "How many firefighters are there?")
    assert len({p["doc"] for p in json.loads(out)["passages"]}) == 2
    code, _, err = run("ask", "--doc", "nope.txt", "How many firefighters are there?")
    assert code == 1 and "no document 'nope.txt'" in err


def test_k_out_of_range_is_a_usage_error(run):
    with pytest.raises(SystemExit) as info:
        run("ask", "-k", "0", "q")
    assert info.value.code == 2


def test_fake_embedder_is_deterministic():
    a, b = FakeEmbedder(), FakeEmbedder()
    assert (a.encode(["the harbour"]) == b.encode(["the harbour"])).all()


def test_terminal_control_codes_in_a_document_are_never_printed(run, tmp_path):
    """A .txt holding escape codes (set the window title, clear the screen) prints as its words only."""
    hostile = tmp_path / "source" / "escape.txt"
    hostile.write_text(
        "Escape notes\n\nThe harbour \x1b]0;pwned\x07pilot \x1b[2Jboards ships at the breakwater "
        "\x9b31m every dawn.\n",
        encoding="utf-8",
    )
    code, out, err = run("ask", "Who boards ships at the breakwater?")
    assert code == 0, err
    assert "pilot" in out and "boards ships" in out
    code, shown, _ = run("show", "escape.txt")
    assert code == 0 and "harbour" in shown and "\tpilot" not in shown
    for text in (out, err, shown):
        assert not any(ch in text for ch in "\x1b\x07\x9b"), repr(text)


def test_qa_show_says_how_a_pdf_was_read_before_its_text(tmp_path, capsys):
    from tests import documents as D

    (tmp_path / "source").mkdir()
    text = (
        "The proportion of houses classi\ufb01ed as unhealthy rose. The of\ufb01ce \ufb02oor was \ufb01xed."
    )
    (tmp_path / "source" / "report.pdf").write_bytes(D.unmapped_ligatures_pdf([text]))
    folders = ["--source", str(tmp_path / "source"), "--index", str(tmp_path / "index")]
    assert cli.main(["show", "report.pdf", *folders]) == 0
    out, err = capsys.readouterr()
    assert "classified as unhealthy" in out and err.count("read as 'fi', 'fl'") == 1
