"""The page's handlers without a server: stale citations, notices that name no server path, escaped notices."""

from __future__ import annotations

import shutil

import pytest

from qa.ui import app as app_module
from qa.ui.app import App
from qa.ui.render.html import CHANGED
from tests.conftest import ARTICLE, make_engine


@pytest.fixture
def app(tmp_path, fake_embedder, monkeypatch):
    src = tmp_path / "source"
    src.mkdir()
    shutil.copy(ARTICLE, src / ARTICLE.name)
    (src / "harbour.md").write_text(
        "# Harbour\n\nThe pilot boards ships at the breakwater every dawn.\n", encoding="utf-8"
    )
    notices: list[str] = []
    monkeypatch.setattr(app_module, "_warn", notices.append)
    monkeypatch.setattr(app_module, "_info", notices.append)
    handlers = App(make_engine(src, tmp_path / "index", fake_embedder))
    handlers.notices = notices  # type: ignore[attr-defined]
    return handlers


def test_a_citation_of_a_document_since_replaced_is_not_spliced_into_the_new_text(app):
    answer = app.engine.ask("Who boards ships at the breakwater?")
    cited = next(c for c in answer.cited if c.passage.doc == "harbour.md")
    assert cited.doc_sha256 and "<mark class='qa-passage'" in app.document_html("harbour.md", cited)
    source = app.engine.settings.source
    app.remove("harbour.md")
    (source / "harbour.md").write_text(
        "# Ferry\n\nThe ferry to the island leaves at noon from pier four.\n", encoding="utf-8"
    )  # another file under the same name
    app.engine.refresh()
    shown = app.document_html("harbour.md", cited)
    assert CHANGED.split(":")[0] in shown and "qa-passage" not in shown and "qa-answer" not in shown
    assert "ferry to the island" in shown and "pilot" not in shown


def test_notices_about_a_removed_document_name_no_server_path(app):
    source = app.engine.settings.source
    app.remove("harbour.md")
    app.layout("harbour.md")
    notice = app.notices[-1]
    assert "harbour.md" in notice and str(source.resolve()) not in notice and str(source.parent) not in notice


def test_every_notice_is_escaped_for_the_page(monkeypatch):
    shown: list[str] = []
    import gradio as gr

    monkeypatch.setattr(gr, "Warning", shown.append)
    monkeypatch.setattr(gr, "Info", shown.append)
    app_module._warn("no document \"<form action='http://x/steal'><img src=x>\" in the library")
    app_module._info("added <b>x</b>.md")
    assert all("<" not in s and ">" not in s for s in shown) and "&lt;form" in shown[0]


def test_odd_input_after_a_real_question_keeps_the_chat(app, monkeypatch):
    first = app.respond("When does the pilot board ships?", [], [])
    chat, asked = first.chat, first.asked
    assert len(chat) == 2 and asked
    for odd in ("", "   ", "?", "...", "what about ?", "\x00", "a" * 5000):
        reply = app.respond(odd, chat, asked)
        assert reply.chat[: len(chat)] == chat  # the conversation so far is never lost
        chat, asked = reply.chat, reply.asked

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(app.engine, "ask", broken)
    reply = app.respond("When does the pilot board ships?", chat, asked)
    assert reply.chat == chat and "internal error" in app.notices[-1]


def test_a_non_answer_with_a_document_filter_says_the_filter_is_set(app):
    answer = app.engine.ask("Who won the FIFA World Cup in 1998?", docs=["harbour.md"])
    assert not answer.answerable and answer.reason.endswith("(searched the selected document only)")
    assert "selected" not in (app.engine.ask("Who won the FIFA World Cup in 1998?").reason or "")
