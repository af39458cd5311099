"""The documentation holds together: every relative link and image in README.md, ARCHITECTURE.md and docs/
points at a file that exists, and the README stays a page a user reads (measurements live in docs/)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

PAGES = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
README_MAX_LINES = 250


def _broken(page: Path, root: Path = ROOT) -> list[str]:
    """Each relative link or image of ``page`` whose file is not there, as "page → target"."""
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if (
            not re.match(r"^(https?:|mailto:|#)", target)
            and not (page.parent / target.split("#")[0]).exists()
        ):
            broken.append(f"{page.relative_to(root)} → {target}")
    return broken


def test_every_link_in_the_docs_resolves():
    assert len(PAGES) > 3
    assert [b for page in PAGES for b in _broken(page)] == []


def test_the_link_check_sees_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "[here](missing.md), ![shot](pic.png#top), [web](https://example.org)\n", encoding="utf-8"
    )
    (tmp_path / "pic.png").write_bytes(b"")
    assert _broken(page, tmp_path) == ["page.md → missing.md"]


def test_the_readme_is_a_page_for_users():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) < README_MAX_LINES
