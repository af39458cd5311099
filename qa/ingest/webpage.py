"""HTML page → its main content as Markdown, headings kept (trafilatura), under the page's title."""

from __future__ import annotations

from qa.errors import SourceError
from qa.ingest.extracted import Extracted


def read(name: str, data: bytes) -> Extracted:
    """The page's main content, or SourceError when it has none."""
    import trafilatura

    # Markdown keeps h1-h6 as "#" headings (it implies include_formatting; turning that off loses them).
    text = trafilatura.extract(data, output_format="markdown", include_comments=False, include_tables=True,
                               favor_recall=True)
    if not text or not text.strip():
        raise SourceError(f"skipped {name}: no main content found in the page")
    title = trafilatura.extract_metadata(data)
    heading = title.title if title is not None and title.title else None
    if heading and not text.lstrip().startswith("#"):
        text = f"# {heading}\n\n{text}"
    return Extracted(text.strip() + "\n", (), ())
