"""Sign-in and collections against a real server (issue 35): two users, each reading one collection, try
every route the other's documents could leak through, and never see a passage, title, file name or count
of them. A live Gradio server with the sign-in layer, Chromium, an MCP client, the bundled model."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from tests.conftest import make_engine
from tests.integration.test_web import ask, last_bot

HR = "Payroll notes\n\nThe salary band for engineers is the Zephyrine scale, grade nine, reviewed each April.\n"
LEGAL = (
    "Contract notes\n\nThe confidential settlement with Quorvex Limited came to ninety thousand euros, "
    "paid in March.\n"
)
# What ana (reads hr) must never see of legal, and bob (writes legal) of hr: words, titles, file names.
SECRET = {
    "ana": ["Quorvex", "ninety thousand", "Contract notes", "contracts.txt", "legal/"],
    "bob": ["Zephyrine", "grade nine", "Payroll notes", "pay.txt", "hr/"],
}
PASSWORDS = {"ana": "ana-pass-1", "bob": "bob-pass-2"}
QUESTIONS = ["How much was the confidential settlement?", "What is the salary band for engineers?"]


@pytest.fixture(scope="module")
def team(tmp_path_factory, embedder):
    """A served library of two collections, hr and legal; ana reads hr, bob writes (and so reads) legal;
    each has an API token. MCP on."""
    from qa.access.store import Users
    from qa.ui.web import serve

    root = tmp_path_factory.mktemp("team")
    for rel, text in (("hr/pay.txt", HR), ("legal/contracts.txt", LEGAL)):
        (root / "source" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "source" / rel).write_text(text, encoding="utf-8")
    users = Users(root / "index")
    users.add("ana", PASSWORDS["ana"], read="hr")
    users.add("bob", PASSWORDS["bob"], write="legal")
    tokens = {name: users.create_token(name)[1] for name in ("ana", "bob")}
    engine = make_engine(root / "source", root / "index", embedder)
    demo, url = serve(engine, port=None, prevent_thread_lock=True, quiet=True, mcp=True)
    yield SimpleNamespace(engine=engine, url=url.rstrip("/"), tokens=tokens, root=root, users=users)
    demo.close()


def _leaks(user: str, text: str) -> list[str]:
    return [word for word in SECRET[user] if word.lower() in text.lower()]


def _bearer(team, user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {team.tokens[user]}"}


def test_nobody_signed_in_gets_nothing_but_the_sign_in_page(team):
    with httpx.Client(base_url=team.url, timeout=30) as http:
        page = http.get("/", headers={"accept": "text/html"})
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        assert "sign in" in http.get("/login").text.lower()
        for method, path in (("POST", "/v1/ask"), ("POST", "/v1/verify"), ("POST", "/v1/export"),
                             ("GET", "/config"), ("GET", "/gradio_api/info"),
                             ("POST", "/gradio_api/call/ask"), ("GET", "/gradio_api/mcp/sse")):  # fmt: skip
            reply = http.request(method, path, json={"question": QUESTIONS[0]})
            assert reply.status_code == 401, path
            assert not _leaks("ana", reply.text) and not _leaks("bob", reply.text)
        bad = http.post(
            "/v1/ask", json={"question": QUESTIONS[0]}, headers={"Authorization": "Bearer qa_nope"}
        )
        assert bad.status_code == 401


@pytest.mark.parametrize("user", ["ana", "bob"])
def test_the_json_routes_answer_from_the_callers_collections_only(team, user):
    with httpx.Client(base_url=team.url, timeout=60, headers=_bearer(team, user)) as http:
        replies = [http.post("/v1/ask", json={"question": q, "k": 5}) for q in QUESTIONS]
        replies.append(
            http.post(
                "/v1/verify",
                json={
                    "claim": "The settlement with Quorvex came to ninety "
                    "thousand euros. Engineers are on the Zephyrine scale."
                },
            )
        )
        replies.append(http.post("/v1/export", json={"questions": QUESTIONS, "format": "json"}))
        # a spoofed user header is the sign-in layer's to set: it is dropped
        replies.append(http.post("/v1/ask", json={"question": QUESTIONS[0]}, headers={"x-qa-user": "admin"}))
    for reply in replies:
        assert reply.status_code == 200, reply.text
    for reply in replies[:2] + replies[4:]:
        docs = {p["doc"] for p in _passages(reply.json())}
        assert docs and all(d.startswith("hr/" if user == "ana" else "legal/") for d in docs)
    claim = replies[2].text  # the claim's own words are the caller's; its evidence must not be the other's
    assert not [w for w in SECRET[user] if w in claim and w not in replies[2].request.content.decode()]
    assert not _leaks(user, replies[0].text + replies[1].text + replies[3].text + replies[4].text)


def _passages(data: dict) -> list[dict]:
    if "answers" in data:  # an export: the answers in order
        return [p for answer in data["answers"] for p in answer["passages"]]
    return data["passages"]


def test_a_forbidden_document_or_collection_is_refused_as_one_that_does_not_exist(team):
    with httpx.Client(base_url=team.url, timeout=60, headers=_bearer(team, "ana")) as http:

        def said(body: dict) -> tuple[int, str]:
            reply = http.post("/v1/ask", json={"question": QUESTIONS[0], **body})
            return reply.status_code, reply.json().get("error", "")

        forbidden, missing = said({"docs": ["legal/contracts.txt"]}), said({"docs": ["legal/nothing.txt"]})
        assert forbidden[0] == missing[0] == 400
        assert forbidden[1].replace("contracts.txt", "nothing.txt") == missing[1]
        assert (
            said({"collections": ["legal"]})[1].replace("legal", "nosuch")
            == said({"collections": ["nosuch"]})[1]
        )
        assert "hr/pay.txt" in forbidden[1] and not _leaks(
            "ana", forbidden[1].replace("legal/contracts.txt", "")
        )


@pytest.mark.parametrize("user", ["ana", "bob"])
def test_gradios_api_answers_from_the_callers_collections_only(team, user):
    from qa.measure.load import ask_over_http

    with httpx.Client(timeout=60, headers=_bearer(team, user)) as http:
        answers = [ask_over_http(http, team.url, q, 5) for q in QUESTIONS]
    assert not _leaks(user, json.dumps(answers))
    assert all(
        p["doc"].startswith("hr/" if user == "ana" else "legal/") for a in answers for p in a["passages"]
    )


def test_mcp_takes_a_token_and_answers_from_its_users_collections_only(team):
    from mcp import ClientSession
    from mcp.client.sse import sse_client

    async def call(headers: dict[str, str]) -> str:
        async with sse_client(team.url + "/gradio_api/mcp/sse", headers=headers) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                found = [
                    str((await session.call_tool("api_ask", {"question": q})).content) for q in QUESTIONS
                ]
                return "\n".join(found)

    with ThreadPoolExecutor(1) as pool:  # its own event loop, off the browser driver's
        said = pool.submit(asyncio.run, call(_bearer(team, "ana"))).result(timeout=120)
        with pytest.raises(Exception):  # noqa: B017 (the SSE client raises its transport's error)
            pool.submit(asyncio.run, call({})).result(timeout=60)
    assert "Zephyrine" in said and not _leaks("ana", said)


def _caller(team, user: str) -> SimpleNamespace:
    """A request as the sign-in layer passes it on to a handler."""
    return SimpleNamespace(headers={"x-qa-user": user})


def test_the_viewer_layout_library_examples_and_removal_show_nothing_of_another_collection(team):
    """The page's handlers as the server runs them, asked directly for the other collection's document (the
    page never offers it; a crafted event could still name it)."""
    from qa.ui.app import App

    app = App(team.engine, team.users)
    ana = _caller(team, "ana")
    rights = app.rights(ana)
    shown = [
        app.document_html("legal/contracts.txt", None, rights),
        app.layout("legal/contracts.txt", ana),
        str(app.library(None, rights)),
        " ".join(app.examples(app.engine.documents(rights))),
        str(app.remove("legal/contracts.txt", ana)),
    ]
    assert "no longer in the library" in shown[0]
    assert not _leaks("ana", "\n".join(shown))
    assert (team.root / "source/legal/contracts.txt").is_file()  # not removed
    assert "hr/pay.txt" in shown[2]
    nobody = SimpleNamespace(headers={})  # a handler reached around the sign-in: nothing at all
    assert app.engine.documents(app.rights(nobody)) == []


def test_the_page_signs_in_and_shows_only_the_users_collection(team, browser, shots):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(team.url + "/?q=" + QUESTIONS[0].replace(" ", "+"))
        page.wait_for_selector("#sign-in")
        page.fill("#name", "ana")
        page.fill("#password", "wrong")
        page.click("#sign-in")
        assert "wrong name or password" in page.locator("body").inner_text()
        page.screenshot(path=str(shots / "9-sign-in.png"))
        page.fill("#name", "ana")
        page.fill("#password", PASSWORDS["ana"])
        page.click("#sign-in")
        page.wait_for_selector("#question textarea", timeout=60_000)
        page.wait_for_function(
            "() => document.querySelectorAll('#chat .message.bot').length >= 1", timeout=60_000
        )
        assert "Signed in as ana" in page.locator("#signed-in").inner_text()
        ask(page, QUESTIONS[1], "Zephyrine")
        page.get_by_role("tab", name="Library").click()
        page.wait_for_selector("#library table", timeout=30_000)
        seen = page.locator("body").inner_text()
        assert "hr/pay.txt" in seen and not _leaks("ana", seen)
        assert not _leaks("ana", last_bot(page))
        page.goto(team.url + "/logout")
        page.wait_for_selector("#sign-in")
        page.goto(team.url + "/")
        assert page.url.startswith(team.url + "/login")
    finally:
        context.close()


def test_uploads_go_only_to_a_collection_the_user_may_change_and_are_audited(team, tmp_path):
    from qa.access.audit import read
    from qa.ui.app import App

    app = App(team.engine, team.users)
    note = tmp_path / "memo.txt"
    note.write_text("Memo\n\nThe archive room opens at nine.\n", encoding="utf-8")
    app.upload(str(note), "hr", _caller(team, "ana"))  # ana reads hr but may not change it
    assert not (team.root / "source/hr/memo.txt").exists()
    note.write_text("Memo\n\nThe archive room opens at nine.\n", encoding="utf-8")
    app.upload(str(note), "legal", _caller(team, "bob"))
    assert (team.root / "source/legal/memo.txt").is_file()
    app._reading and app._reading.join(60)
    app.remove("legal/memo.txt", _caller(team, "bob"))
    events = [(e["event"], e.get("user"), e.get("document")) for e in read(team.root / "index")]
    assert ("upload", "bob", "legal/memo.txt") in events and ("remove", "bob", "legal/memo.txt") in events


def test_the_sixth_failed_sign_in_within_a_minute_is_refused_and_slowed(tmp_path, embedder):
    from qa.access.limiter import MAX_FAILURES, SLOW_S
    from qa.access.store import Users
    from qa.ui.web import serve

    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.txt").write_text(HR, encoding="utf-8")
    Users(tmp_path / "index").add("carol", "right-one", read="*")
    demo, url = serve(make_engine(tmp_path / "source", tmp_path / "index", embedder), port=None,
                      prevent_thread_lock=True, quiet=True)  # fmt: skip
    try:
        with httpx.Client(base_url=url.rstrip("/"), timeout=30) as http:

            def sign_in(password: str) -> tuple[int, float]:
                t0 = time.perf_counter()
                reply = http.post("/login", data={"name": "carol", "password": password, "next": "/"})
                return reply.status_code, time.perf_counter() - t0

            assert [sign_in("guess")[0] for _ in range(MAX_FAILURES)] == [401] * MAX_FAILURES
            status, took = sign_in("right-one")  # the right password, but too late
            assert status == 429 and took >= SLOW_S
    finally:
        demo.close()
    from qa.access.audit import read

    events = [e["event"] for e in read(tmp_path / "index")]
    assert events.count("sign-in-failed") == MAX_FAILURES and events[-1] == "sign-in-refused"


def test_a_server_on_another_interface_with_no_users_refuses_to_start(tmp_path):
    from qa.errors import QAError
    from qa.ui.web import access

    engine = SimpleNamespace(settings=SimpleNamespace(index=Path(tmp_path / "index")))
    with pytest.raises(QAError, match="--no-auth"):
        access(engine, "0.0.0.0")
    assert access(engine, "0.0.0.0", no_auth=True) is None and access(engine, "127.0.0.1") is None


def test_no_document_file_is_served_by_path_even_to_a_signed_in_user(team):
    with httpx.Client(base_url=team.url, timeout=30, headers=_bearer(team, "ana")) as http:
        for path in ("legal/contracts.txt", "hr/pay.txt"):
            for name in (f"source/{path}", str(team.root / "source" / path)):
                reply = http.get(f"/gradio_api/file={name}")
                assert reply.status_code in (403, 404) and not _leaks("ana", reply.text.replace(name, ""))
        assert http.get(f"/gradio_api/file={team.root / 'index' / 'users.sqlite'}").status_code in (403, 404)
