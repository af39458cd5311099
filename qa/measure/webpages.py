"""Web pages as qa quotes them against the bare library, side by side: for each NAME.html in a folder with
ground truth (docling's layout: ``sources/NAME.html`` and ``groundtruth/NAME.html.md``), the share of the
ground truth's words qa's text keeps (recall), the share of its words that are the ground truth's
(precision), their F1 (the mean of each page's), and how much markup reaches the text.

    python -m qa.measure.webpages DOCLING/tests/data/html
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

# Markup in a quote: tags, Markdown escapes, bold, emphasis, table rules (headings' "#" lines excepted).
MARKUP = re.compile(
    r"<[a-zA-Z/][^>]*>|\\[\[\]\*_#]|\*\*|(?<![\w*])\*(?=\w)|(?<=\w)\*(?!\w)|^\s*\|.*\|\s*$|^\|?-{3,}",
    re.MULTILINE,
)


def words(text: str) -> collections.Counter:
    return collections.Counter(
        w.lower() for w in re.findall(r"\w+", re.sub(r"^#+ ", "", text, flags=re.MULTILINE))
    )


def truth(md: str) -> collections.Counter:
    """The ground truth's words: Markdown images dropped, links kept as their text."""
    md = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", md)
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    return words(re.sub(r"<!--.*?-->", " ", md, flags=re.DOTALL))


def scores(got: collections.Counter, want: collections.Counter) -> tuple[float, float]:
    common = sum((got & want).values())
    return common / max(1, sum(got.values())), common / max(1, sum(want.values()))


def main(folder: Path) -> None:
    import trafilatura

    from qa.convert.webpage import read

    runs = {
        "bare trafilatura": lambda d: trafilatura.extract(d, include_tables=True, favor_recall=True) or "",
        "qa": lambda d: read("page.html", d).text,
    }
    table: dict[str, list[tuple[float, float]]] = {k: [] for k in runs}
    markup = dict.fromkeys(runs, 0)
    for page in sorted((folder / "sources").glob("*.html")):
        gt = folder / "groundtruth" / f"{page.name}.md"
        if not gt.is_file():
            continue
        want, data = truth(gt.read_text(encoding="utf-8")), page.read_bytes()
        for name, run in runs.items():
            text = run(data)
            table[name].append(scores(words(text), want))
            markup[name] += len(MARKUP.findall(re.sub(r"^#+ ", "", text, flags=re.MULTILINE)))
    for name, rows in table.items():
        p, r = (sum(x[i] for x in rows) / len(rows) for i in (0, 1))
        f1 = sum(2 * a * b / (a + b) if a + b else 0.0 for a, b in rows) / len(rows)
        figures = f"F1 {f1:.3f}  precision {p:.3f}  recall {r:.3f}  markup {markup[name]}"
        print(f"{name:18s} pages {len(rows)}  {figures}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
