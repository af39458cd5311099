"""The library: upload names never escape source/, uploads are validated, removals are kept aside."""

from __future__ import annotations

import pytest

from qa.document.library import add_document, remove_document, safe_name
from qa.errors import UploadError


@pytest.mark.parametrize(
    "name",
    [
        "../../x.md",
        "..\\..\\x.md",
        "/etc/passwd.md",
        "CON.md",
        "nul.txt",
        "a\x00b.md",
        "evil\nname.md",
        "notes.exe",
        "photo.gif",
        "....md",
    ],
)
def test_dangerous_upload_names_never_escape_source(tmp_path, name):
    src = tmp_path / "source"
    src.mkdir()
    try:
        written = add_document(src, name, b"Ports move cargo.\n", 10_000)
    except UploadError as exc:
        assert str(exc).startswith("rejected")
        assert "\n" not in str(exc)
    else:
        assert "/" not in written and (src / written).is_file()
        assert (src / written).resolve().parent == src.resolve()
    assert not (tmp_path / "x.md").exists()
    assert {p.parent.resolve() for p in tmp_path.rglob("*") if p.is_file()} <= {src.resolve()}


def test_safe_name_keeps_an_ordinary_name():
    assert safe_name("Harbour Report 2023.md") == "Harbour Report 2023.md"
    assert safe_name("../../x.md") == "x.md"


def test_upload_validation(tmp_path):
    src = tmp_path / "source"
    src.mkdir()
    with pytest.raises(UploadError, match="binary"):
        add_document(src, "latin.txt", b"caf\x00\xe9", 10_000)
    with pytest.raises(UploadError, match="limit"):
        add_document(src, "big.txt", b"x" * 20_000, 10_000)
    with pytest.raises(UploadError, match="empty"):
        add_document(src, "blank.md", b"   \n", 10_000)
    add_document(src, "ok.md", b"# Fine\n\nText.\n", 10_000)
    with pytest.raises(UploadError, match="exists"):
        add_document(src, "ok.md", b"# Other\n\nText.\n", 10_000)
    assert (src / "ok.md").read_bytes() == b"# Fine\n\nText.\n"  # never overwritten
    assert sorted(p.name for p in src.iterdir()) == ["ok.md"]  # no staging leftovers
    assert (
        src / "ok.md"
    ).stat().st_mode & 0o777 == 0o644  # readable like any saved file, not tempfile's 0600
    for name in ("empty.pdf", "empty.docx", "empty.html"):
        with pytest.raises(UploadError, match=f"{name}: empty$"):
            add_document(src, name, b"", 10_000)


def test_removed_document_is_kept_aside_not_deleted(tmp_path):
    src = tmp_path / "source"
    src.mkdir()
    (src / "a.txt").write_text("Alpha.\n", encoding="utf-8")
    moved = remove_document(src, "a.txt")
    assert moved.read_text(encoding="utf-8") == "Alpha.\n"
    assert not (src / "a.txt").exists()
    with pytest.raises(UploadError):
        remove_document(src, "../outside.txt")
