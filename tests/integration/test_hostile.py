"""Hostile input (issue 37), a test per attack: tiny files that declare huge work, oversized uploads, markup in
links, escape codes, malformed API bodies, stale citations and other sites' requests. The server rows run a
real `qa serve` process (so its memory is its own to measure) driven by Chromium and plain HTTP; the files are
made by the tests, small, with the limits lowered by setting where a real attack would take minutes."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests import documents as D
from tests.conftest import TEST_CACHE

QUESTION = {"question": "How many firefighters are there in China?", "k": 1}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss(pid: int) -> int:
    """Resident bytes of process ``pid`` and every process below it, now."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    family, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    total = 0
    for member in family:
        try:
            total += int((Path("/proc") / str(member) / "statm").read_text().split()[1]) * os.sysconf(
                "SC_PAGE_SIZE"
            )
        except (OSError, IndexError, ValueError):
            continue
    return total


class Peak:
    """The highest ``tree_rss`` of a process while the block runs, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.05)

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture(scope="module")
def served(tmp_path_factory, article_engine):
    """`qa serve` as its own process over a copy of the article and its index; uploads over 1 MB refused."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(article_engine.settings.source, root / "source")
    shutil.copytree(article_engine.settings.index, root / "index")
    (root / "gradio").mkdir()
    port = _free_port()
    env = {
        **os.environ,
        "QA_SOURCE": str(root / "source"),
        "QA_INDEX": str(root / "index"),
        "QA_PORT": str(port),
        "QA_CACHE": str(TEST_CACHE),
        "QA_MAX_FILE_BYTES": "100000",
        "GRADIO_TEMP_DIR": str(root / "gradio"),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "qa", "serve"],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=open(root / "server.log", "wb"),
    )
    url = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("qa serve did not start: " + (root / "server.log").read_text(errors="replace")[-2000:])
    yield process, url, root
    process.terminate()
    process.wait(timeout=30)


def _upload(page, path: Path) -> None:
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))


def _ask_meanwhile(url: str, stop: threading.Event, latencies: list[float], codes: list[int]) -> None:
    import httpx

    with httpx.Client(timeout=30) as client:
        while not stop.is_set():
            started = time.monotonic()
            codes.append(client.post(url + "/v1/ask", json=QUESTION).status_code)
            latencies.append(time.monotonic() - started)
            time.sleep(0.2)


# --- 1 and 3: the 708-byte page, read once, remembered -------------------------------------------------------


def test_a_tiny_pdf_with_a_huge_page_is_read_bounded_while_the_server_answers(served, browser, tmp_path):
    process, url, root = served
    hostile = tmp_path / "huge.pdf"
    hostile.write_bytes(D.huge_page_pdf())
    assert len(hostile.read_bytes()) < 1000
    page = browser.new_context().new_page()
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=60_000)
    stop, latencies, codes = threading.Event(), [], []
    asker = threading.Thread(target=_ask_meanwhile, args=(url, stop, latencies, codes), daemon=True)
    with Peak(process.pid) as peak:
        base = tree_rss(process.pid)
        asker.start()
        started = time.monotonic()
        _upload(page, hostile)
        page.wait_for_function(
            "() => document.querySelector('#library').innerText.includes('huge.pdf')", timeout=60_000
        )  # listed under Skipped, with its reason
        took = time.monotonic() - started
        stop.set()
        asker.join()
    library = page.locator("#library").inner_text()
    print(
        f"\n708-byte page: skipped in {took:.1f} s, peak tree RSS {peak.peak / 2**20:.0f} MiB "
        f"({(peak.peak - base) / 2**20:.0f} MiB over {base / 2**20:.0f}), {len(codes)} questions answered "
        f"meanwhile, slowest {max(latencies):.2f} s"
    )
    assert "Skipped" in library and "no text" in library, library
    assert took <= 60, took
    assert peak.peak - base <= 2 * 2**30 and peak.peak <= 4 * 2**30, (peak.peak, base)
    assert codes and set(codes) == {200} and max(latencies) < 10, (codes, latencies)
    # The skipped file is offered for removal like any document, and goes.
    page.locator("#remove-pick input").click()
    page.get_by_role("option", name="huge.pdf").click()
    page.click("#remove-button")
    page.wait_for_function(
        "() => !document.querySelector('#library').innerText.includes('huge.pdf')", timeout=30_000
    )
    assert not (root / "source" / "huge.pdf").exists() and list(
        (root / "source" / ".removed").glob("*huge.pdf")
    )
    page.context.close()


def test_a_skipped_file_is_not_read_again_until_it_changes(tmp_path, fake_embedder, monkeypatch):
    """40 blank scanned pages are read by OCR once; every later refresh says why it is skipped in ≤ 1 s."""
    import qa.document.source
    from tests.conftest import make_engine

    src = tmp_path / "source"
    src.mkdir()
    (src / "note.md").write_text("# Note\n\nThe harbour opens at dawn.\n", encoding="utf-8")
    (src / "blank.pdf").write_bytes(D.blank_scans_pdf(40))
    warnings: list[str] = []
    engine = make_engine(src, tmp_path / "index", fake_embedder)
    engine.warn = warnings.append
    first = time.perf_counter()
    engine.refresh()
    first = time.perf_counter() - first
    assert any("blank.pdf" in w and "no text" in w for w in warnings), warnings
    real, calls = qa.document.source.extract, []
    monkeypatch.setattr(qa.document.source, "extract", lambda name, *a: calls.append(name) or real(name, *a))
    (src / "more.md").write_text("# More\n\nThe ferry leaves at noon.\n", encoding="utf-8")
    warnings.clear()
    again = time.perf_counter()
    engine.refresh()  # a new file: the index is rebuilt, the skipped one is not read
    again = time.perf_counter() - again
    print(f"\n40 blank scanned pages: first refresh {first:.1f} s, the next {again:.3f} s")
    assert calls == [] and again <= 1.0, (calls, again, first)
    assert any("blank.pdf" in w and "remembered" in w for w in warnings), warnings
    (src / "blank.pdf").write_bytes(D.blank_scans_pdf(1))  # new bytes: read again
    engine.refresh()
    assert calls == ["blank.pdf"]


def test_a_missing_tool_is_not_remembered(tmp_path, fake_embedder, monkeypatch):
    """A scan skipped because Tesseract is not installed is read again once it is (nothing about the file)."""
    import qa.document.source
    from qa.errors import ToolMissing
    from tests.conftest import make_engine

    src = tmp_path / "source"
    src.mkdir()
    (src / "note.md").write_text("# Note\n\nThe harbour opens at dawn.\n", encoding="utf-8")
    (src / "scan.pdf").write_bytes(D.blank_scans_pdf(1))

    def no_tesseract(name, *_rest):
        raise ToolMissing(f"skipped {name}: reading scans needs Tesseract, which is not installed")

    monkeypatch.setattr(qa.document.source, "extract", no_tesseract)
    engine = make_engine(src, tmp_path / "index", fake_embedder)
    engine.refresh()
    from qa.index.skipped import skipped_files

    assert skipped_files(tmp_path / "index") == []


# --- 1 and 2: drawing is bounded ----------------------------------------------------------------------------


def test_the_viewer_draws_a_huge_page_at_most_25_megapixels(tmp_path):
    from PIL import Image

    from qa.settings import MAX_PIXELS
    from qa.ui.pdfpage import render

    path = tmp_path / "wide.pdf"
    path.write_bytes(D.huge_page_pdf(text="Harbour cranes lift cargo at dawn"))
    started = time.perf_counter()
    image = render(path, 1, "Harbour cranes lift cargo at dawn", "Harbour cranes lift cargo at dawn")
    took = time.perf_counter() - started
    import io

    width, height = Image.open(io.BytesIO(image.png)).size
    assert width * height <= MAX_PIXELS and image.passage_boxes >= 1, (width, height)
    assert took < 20, took


def test_ocr_of_a_huge_page_draws_at_most_the_cap(monkeypatch):
    """The page OCR reads is drawn within QA_MAX_PIXELS (lowered here to keep the test quick)."""
    from qa.convert import isolate

    monkeypatch.setenv("QA_MAX_PIXELS", "4000000")
    started = time.perf_counter()
    with pytest.raises(Exception, match="huge.pdf: the PDF has no text"):
        isolate.extract("huge.pdf", D.huge_page_pdf())
    assert time.perf_counter() - started < 30


def test_ocr_reads_at_most_the_page_cap_and_says_so(monkeypatch):
    from qa.convert import isolate

    monkeypatch.setenv("QA_MAX_OCR_PAGES", "2")
    found = isolate.extract("frames.tif", D.tiff_frames(4, "The harbour crane of Valmora lifted ships."))
    assert len(found.scans) == 2 and "Valmora" in found.text
    assert any(
        "only the first 2 of its 4 scanned pages" in note and "QA_MAX_OCR_PAGES" in note
        for note in found.notes
    ), found.notes
    from qa.errors import SourceError

    with pytest.raises(SourceError, match="no text.*only the first 2 of its 3 scanned pages"):
        isolate.extract("blank.pdf", D.blank_scans_pdf(3))


# --- 6: a reader that runs too long or too large is stopped; the next file reads ---------------------------


def test_a_file_over_the_time_limit_is_skipped_and_the_next_one_reads(monkeypatch):
    from qa.convert import isolate
    from qa.errors import SourceError

    monkeypatch.setenv("QA_EXTRACT_SECONDS", "1")
    started = time.perf_counter()
    with pytest.raises(SourceError, match=r"many\.docx: reading it took over 1 s \(QA_EXTRACT_SECONDS"):
        isolate.extract("many.docx", D.many_paragraphs_docx(400_000))
    assert time.perf_counter() - started < 5
    assert "Harbour cranes" in isolate.extract("few.docx", D.many_paragraphs_docx(10)).text


def test_a_file_over_the_memory_limit_is_skipped_and_the_next_one_reads(monkeypatch):
    from qa.convert import isolate
    from qa.errors import SourceError

    monkeypatch.setenv("QA_EXTRACT_MEMORY_MB", "150")
    with pytest.raises(
        SourceError, match=r"many\.docx: reading it needed more than 150 MB .*QA_EXTRACT_MEMORY_MB"
    ):
        isolate.extract("many.docx", D.many_paragraphs_docx(400_000))
    monkeypatch.delenv("QA_EXTRACT_MEMORY_MB")
    assert "Harbour cranes" in isolate.extract("few.docx", D.many_paragraphs_docx(10)).text


# --- 4: uploads ---------------------------------------------------------------------------------------------


def test_an_oversized_upload_is_refused_before_it_is_read(served):
    """300 MB sent to the upload route of a server whose largest file may be 1 MB: refused while it streams
    in, nothing written to Gradio's folder, the server's memory unmoved."""
    import httpx

    process, url, root = served
    chunk = b"\0" * 2**20

    def body():
        yield b'--qa\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\n'
        yield b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
        for _ in range(300):
            yield chunk
        yield b"\r\n--qa--\r\n"

    before = tree_rss(process.pid)
    started = time.monotonic()
    try:
        status = httpx.post(
            url + "/gradio_api/upload",
            content=body(),
            timeout=60,
            headers={"content-type": "multipart/form-data; boundary=qa"},
        ).status_code
    except httpx.HTTPError:  # the server closed the connection on the rest of the 300 MB: refused as well
        status = 413
    took, grew = time.monotonic() - started, tree_rss(process.pid) - before
    print(f"\n300 MB upload: {status} after {took:.2f} s, server memory {grew / 2**20:+.0f} MiB")
    assert status == 413 and took < 30
    assert grew < 200 * 2**20
    assert not [p for p in (root / "gradio").rglob("*") if p.is_file() and p.stat().st_size > 2**20]


def _library_app(tmp_path: Path, embedder):
    """The page's handlers over a library of one note, without a server."""
    from qa.ui.app import App
    from tests.conftest import make_engine

    src = tmp_path / "source"
    src.mkdir()
    (src / "note.md").write_text("# Note\n\nThe harbour opens at dawn.\n", encoding="utf-8")
    return App(make_engine(src, tmp_path / "index", embedder)), src


def test_an_added_upload_leaves_no_temporary_copy(tmp_path, fake_embedder):
    app, src = _library_app(tmp_path, fake_embedder)
    upload = tmp_path / "gradio" / "ferry.md"
    upload.parent.mkdir()
    upload.write_text("# Ferry\n\nThe ferry leaves at noon.\n", encoding="utf-8")
    app._upload(str(upload))
    app._reading.join(60)
    assert not upload.exists() and (src / "ferry.md").is_file()
    assert "ferry.md" in app.engine.index.manifest.files


# --- 5 and 11: markup in a link shows as text; other sites are refused; headers -------------------------------


def test_a_phishing_link_renders_as_text_and_fetches_nothing(served, browser):
    process, url, root = served
    hits: list[str] = []

    class Track(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    tracker = http.server.HTTPServer(("127.0.0.1", 0), Track)
    threading.Thread(target=tracker.serve_forever, daemon=True).start()
    bait = (
        f"<form action='http://127.0.0.1:{tracker.server_port}/steal'><input name=pw type=password>"
        f"<button>Sign in</button></form><img src='http://127.0.0.1:{tracker.server_port}/track.png'>"
    )
    from urllib.parse import urlencode

    page = browser.new_context().new_page()
    try:
        page.goto(url + "/?" + urlencode({"q": "How many firefighters are there?", "doc": bait}))
        page.wait_for_function("() => document.body.innerText.includes('no document')", timeout=60_000)
        page.wait_for_timeout(1000)
        assert "<form action=" in page.locator("body").inner_text()  # shown as the text it is
        assert page.locator("input[type=password]").count() == 0 and page.locator("form").count() == 0
        assert page.locator(f"img[src*='{tracker.server_port}']").count() == 0
        assert hits == []
    finally:
        page.context.close()
        tracker.shutdown()


def test_other_origins_are_refused_and_headers_protect_the_page(served):
    import httpx

    _process, url, _root = served
    page = httpx.get(url + "/")
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "form-action 'self'" in page.headers["content-security-policy"]
    for origin in ("http://localhost:7999", "http://127.0.0.1:1", "https://evil.example", "null"):
        for reply in (
            httpx.post(url + "/v1/ask", json=QUESTION, headers={"origin": origin}),
            httpx.options(
                url + "/gradio_api/upload",
                headers={"origin": origin, "access-control-request-method": "POST"},
            ),
        ):
            assert reply.status_code == 403, (origin, reply.status_code)
            assert "access-control-allow-origin" not in reply.headers
            assert "access-control-allow-credentials" not in reply.headers
    own = httpx.post(url + "/v1/ask", json=QUESTION, headers={"origin": url})
    assert own.status_code == 200 and own.headers.get("access-control-allow-origin") in (None, url)
    assert httpx.post(url + "/v1/ask", json=QUESTION).status_code == 200  # scripts send no Origin


# --- 9: API edges -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "k", ["1e999", "-1e999", "NaN", "Infinity", "true", '"5"', "5.0", "0", "101", "null"]
)
def test_a_k_that_is_not_a_whole_number_in_range_gets_422_in_one_line(served, k):
    import httpx

    _process, url, _root = served
    reply = httpx.post(
        url + "/v1/ask",
        content='{"question": "How many firefighters?", "k": ' + k + "}",
        headers={"content-type": "application/json"},
    )
    assert reply.status_code == 422, (k, reply.status_code, reply.text)
    error = reply.json()["error"]
    assert error.startswith("k: ") and "\n" not in error and "1 to 100" in error


def test_an_upload_past_the_ocr_cap_says_so_when_it_is_read(tmp_path, fake_embedder, monkeypatch):
    monkeypatch.setenv("QA_MAX_OCR_PAGES", "1")
    app, _src = _library_app(tmp_path, fake_embedder)
    upload = tmp_path / "upload" / "crane.tif"
    upload.parent.mkdir()
    upload.write_bytes(D.tiff_frames(3, "The harbour crane of Valmora lifted ships."))
    app._upload(str(upload))
    app._reading.join(120)
    assert "crane.tif is read and answerable" in app._outcome[None]
    assert (
        "only the first 1 of its 3 scanned pages were read by OCR (QA_MAX_OCR_PAGES=1)" in app._outcome[None]
    )


def test_a_skipped_file_is_said_when_the_index_is_built_not_on_every_command(tmp_path, fake_embedder):
    from tests.conftest import make_engine

    src = tmp_path / "source"
    src.mkdir()
    (src / "note.md").write_text("# Note\n\nThe harbour opens at dawn.\n", encoding="utf-8")
    (src / "slides.key").write_bytes(b"not a format qa reads")
    said: list[str] = []
    builder = make_engine(src, tmp_path / "index", fake_embedder)
    builder.warn = said.append
    builder.refresh()
    assert [w for w in said if "slides.key" in w] and all("\n" not in w for w in said)
    said.clear()
    asker = make_engine(src, tmp_path / "index", fake_embedder)  # a later `qa ask`: the index is current
    asker.warn = said.append
    asker.refresh()
    assert said == []
    asker.refresh(report=True)  # `qa index`: its summary says them every time
    assert any("slides.key" in w and "unsupported file type" in w for w in said)
