"""Users, tokens, sessions, rights, failed sign-ins and the audit log, without a server; and the engine
answering a caller from the collections they may read only."""

from __future__ import annotations

import io
import os
import stat

import pytest

from qa.access import audit
from qa.access.limiter import Limiter
from qa.access.rights import EVERYONE, NOBODY, Rights, parse_list
from qa.access.store import Users, caller_rights
from qa.errors import AccessError, QuestionError
from qa.ui import cli
from tests.conftest import FakeEmbedder, make_engine


def test_rights_read_what_they_name_and_writing_implies_reading():
    ana = Rights("ana", frozenset({"hr"}), frozenset({"legal"}))
    assert ana.may_read("hr/pay.txt") and ana.may_read("legal/x.txt") and not ana.may_read("ops/y.txt")
    assert ana.writes("legal") and not ana.writes("hr")
    assert not ana.may_read("top.txt")  # "default": the source folder's own files, not named
    assert EVERYONE.may_read("anything/at/all.pdf") and not NOBODY.may_read("top.txt")
    assert parse_list("a, b,") == {"a", "b"} and parse_list("*") is None and parse_list("") == frozenset()


def test_users_are_stored_with_hashed_passwords_in_a_file_only_their_owner_reads(tmp_path):
    users = Users(tmp_path)
    assert not users.exists()
    users.add("ana", "s3cret pass", read="hr,legal")
    raw = (tmp_path / "users.sqlite").read_bytes()
    assert b"s3cret pass" not in raw and b"$argon2id$" in raw
    assert stat.S_IMODE(os.stat(tmp_path / "users.sqlite").st_mode) == 0o600
    assert users.check("ana", "s3cret pass").rights.read == {"hr", "legal"}
    assert users.check("ana", "wrong") is None and users.check("nobody", "s3cret pass") is None
    with pytest.raises(AccessError, match="exists"):
        users.add("ana", "other")
    with pytest.raises(AccessError, match="not usable"):
        users.add("../etc", "pw")
    with pytest.raises(AccessError, match="not usable"):
        users.add("bob", "pw", read="../secret")


def test_a_new_password_ends_sessions_and_removing_a_user_revokes_their_tokens(tmp_path):
    users = Users(tmp_path)
    users.add("ana", "one", write="hr")
    session = users.open_session("ana")
    token_id, token = users.create_token("ana", "ci")
    assert users.by_session(session).name == "ana" and users.by_token(token).name == "ana"
    assert token.startswith("qa_") and token not in (tmp_path / "users.sqlite").read_text("latin-1")
    users.passwd("ana", "two")
    assert users.by_session(session) is None and users.by_token(token).name == "ana"
    users.remove("ana")
    assert users.by_token(token) is None and users.tokens() == []
    with pytest.raises(AccessError, match="no user"):
        users.passwd("ana", "three")
    assert caller_rights(users, "ana") == NOBODY and caller_rights(None, None) == EVERYONE


def test_failures_past_the_limit_within_the_window_block_and_then_expire():
    limiter = Limiter(max_failures=5, window_s=60)
    keys = ["addr:10.0.0.1", "user:ana"]
    for second in range(5):
        assert not limiter.blocked(keys, now=second)
        limiter.failed(keys, now=second)
    assert limiter.blocked(["user:ana"], now=10) and limiter.blocked(["addr:10.0.0.1", "user:bob"], now=10)
    assert not limiter.blocked(["user:ana"], now=65)  # a minute after the first failure, one frees up


def test_the_audit_log_is_appended_one_json_line_per_event(tmp_path):
    audit.record(tmp_path, "sign-in", user="ana", address="10.0.0.1")
    audit.record(tmp_path, "upload", user="ana", document="hr/a.txt")
    events = audit.read(tmp_path)
    assert [e["event"] for e in events] == ["sign-in", "upload"] and events[1]["document"] == "hr/a.txt"


def test_qa_users_and_tokens_manage_the_file_and_audit_each_change(tmp_path, monkeypatch, capsys):
    index = str(tmp_path / "index")
    monkeypatch.setattr("sys.stdin", io.StringIO("pw-ana\n"))
    assert cli.main(["users", "add", "ana", "--read", "hr", "--write", "legal", "--index", index]) == 0
    assert cli.main(["users", "list", "--index", index]) == 0
    assert "ana: read hr; write legal" in capsys.readouterr().out
    assert cli.main(["tokens", "create", "ana", "--index", index]) == 0
    token = capsys.readouterr().out.strip()
    assert Users(tmp_path / "index").by_token(token).name == "ana"
    assert cli.main(["users", "remove", "ghost", "--index", index]) == 1
    assert "no user 'ghost'" in capsys.readouterr().err
    assert cli.main(["users", "remove", "ana", "--index", index]) == 0
    events = [e["event"] for e in audit.read(tmp_path / "index")]
    assert events == ["user-add", "token-create", "user-remove"]
    assert "pw-ana" not in (tmp_path / "index" / "audit.jsonl").read_text()


@pytest.fixture
def engine(tmp_path):
    source = tmp_path / "source"
    for rel, text in (("hr/pay.txt", "Pay\n\nThe engineers earn on the Zephyrine scale.\n"),
                      ("legal/deal.txt", "Deal\n\nThe Quorvex settlement came to ninety thousand euros.\n"),
                      ("top.txt", "Top\n\nThe library holds pay and deal notes.\n")):  # fmt: skip
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text, encoding="utf-8")
    return make_engine(source, tmp_path / "index", FakeEmbedder())


def test_the_engine_answers_a_caller_from_their_collections_only(engine):
    ana = Rights("ana", frozenset({"hr"}))
    docs = {
        p["doc"] for p in engine.ask("What was the Quorvex settlement?", rights=ana).to_json()["passages"]
    }
    assert docs == {"hr/pay.txt"}
    verdict = engine.verify("The Quorvex settlement came to ninety thousand euros.", rights=ana).to_json()
    assert "legal/" not in str(verdict)
    assert engine.documents(ana) == ["hr/pay.txt"]
    with pytest.raises(QuestionError) as forbidden:
        engine.ask("What was it?", docs=["legal/deal.txt"], rights=ana)
    assert "legal/deal.txt" not in str(forbidden.value).replace("'legal/deal.txt'", "")
    with pytest.raises(QuestionError, match="no collection 'legal'"):
        engine.ask("What was it?", collections=["legal"], rights=ana)
    with pytest.raises(QuestionError, match="no document"):
        engine.document("legal/deal.txt", ana)
    with pytest.raises(QuestionError, match="nothing to search"):
        engine.ask("What was it?", rights=NOBODY)


def test_a_path_that_climbs_out_of_its_folder_stands_in_no_collection():
    bob = Rights("bob", frozenset(), frozenset({"legal"}))
    for path in ("legal/../hr/pay.txt", "legal/./x.txt", "/legal/x.txt", "legal\\..\\hr\\pay.txt", ""):
        assert not bob.may_read(path) and not bob.may_write(path)
    assert bob.may_write("legal/sub/x.txt") and not EVERYONE.may_read("../etc/passwd")


def test_a_handler_refuses_a_removal_that_climbs_into_another_collection(engine):
    from types import SimpleNamespace

    from qa.ui.app import App

    users = Users(engine.settings.index)
    users.add("bob", "pw", write="legal")
    app = App(engine, users)
    app.remove("legal/../hr/pay.txt", SimpleNamespace(headers={"x-qa-user": "bob"}))
    assert (engine.settings.source / "hr" / "pay.txt").is_file()
