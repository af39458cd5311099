"""Documents → paragraphs: the layout of each format, plus title, date, sections, byline and web chrome.

Every paragraph is a ``[start, end)`` span of the document text, so whatever is built on it can be quoted
verbatim and cited by character offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from qa.convert.extract import UNITS
from qa.convert.extracted import FRONT_MATTER
from qa.document.source import Document
from qa.text.fields import BYLINE_LINE
from qa.text.rows import CAPTION, ROW_SEP

# Paragraph kinds. Body, title, date and byline paragraphs are citable; headings name sections; chrome
# (navigation, copyright, contact lines of a saved web page) is never returned. A table's header rows
# ("table head") name its cells: every row shows them beside its cells (qa/text/cellnames.py), as a
# section shows its heading, so they are no answer of their own.
CITABLE_KINDS = frozenset({"body", "title", "date", "byline"})
TABLE_HEAD = "table head"

# A .txt file is hard-wrapped when 95% of its lines fit in this width. Hand-wrapped prose and
# `fold`/`fmt` output stay under ~80 columns; a paragraph-per-line file has most lines far longer.
WRAP_WIDTH = 120
# Headings are short and carry no closing punctuation. News and report headings run to ~110
# characters (the article's longest is 110); 140 leaves room without admitting short body lines.
HEADING_MAX_CHARS = 140
TITLE_MAX_CHARS = 300
# A title the page sets on several lines in its display font ("…FOR STRUCTURE BASED" / "DESIGN OF STEEL
# BRIDGES") is one title: the lines after the first, in the same font role, join it. Three lines is a long
# report title; a fourth display line is a subtitle or a heading.
TITLE_LINES = 3

_DATE = re.compile(
    r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|(?:\w+day,?\s+)?[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}\s+[A-Z][a-z]+\.?,?\s+\d{4})\s*$"
)
_CHROME = re.compile(
    r"copyright|©|all rights reserved|\bICP\b|备案|return to list|recommended reading|"
    r"^\s*links\s*$|submission mailbox|special statement|^\s*share\s*(this|to)?\b",
    re.IGNORECASE,
)
# A line ending like this continues into what follows ("——" introduces a list), so it is not a heading.
_SENTENCE_END = re.compile(r"[.!?。！？:;,，；…\"”’)—–-]\s*$")
# "License: cc-by", "DOI:10.1371/...", "Date: 2020-02-26", a bare URL: header fields of papers and saved
# pages. They stay citable body text, but never name a section.
# Short lines that are not headings though they look like one (measured on docling's test PDFs, where
# they made most false headings): a table row of figures ("HTML 0.969 0.927 0.955 5.39"), a line of code
# ("USER = ALICE", "ON <table name>"), an address, a contents entry with dot leaders, a figure or table
# caption ("Table 2-1 FUNCTION_USAGE view"). A numbered heading ("2.1.7 Verifying …") has one number.
_NOT_HEADING = re.compile(
    r"[=<>{};]|https?://|www\.|\.\s?\.\s?\.\s?\.|^\s*(?:Figure|Fig\.|Table|Chart|Exhibit)\s+\d"
)
_NUMBER = re.compile(r"^[\d.,%±+−-]+$")
_FIELD = re.compile(r"^\s*(?:[A-Za-z][\w ]{0,30}?\s*[:：]\s*\S|(?:https?://|www\.)\S+\s*$)")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Paragraph:
    """A span of a document with its role; ``number`` is 1-based within the document."""

    number: int
    start: int
    end: int
    kind: str
    section: str | None = None


@dataclass(frozen=True)
class Layout:
    """What one document holds: its title, metadata and paragraphs in order."""

    doc: Document
    title: str
    meta: dict[str, str]
    paragraphs: list[Paragraph]
    body_start: int = 0  # text before this is metadata (Markdown front matter), not paragraphs

    def text(self, para: Paragraph) -> str:
        return self.doc.text[para.start : para.end]


def _lines(text: str, start: int = 0) -> list[tuple[int, int]]:
    """``[start, end)`` of every line of ``text[start:]``, newline excluded."""
    spans, pos = [], start
    for line in text[start:].split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(text: str, lines: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines, split at blank lines."""
    blocks: list[list[tuple[int, int]]] = [[]]
    for s, e in lines:
        if text[s:e].strip():
            blocks[-1].append((s, e))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when the file wraps paragraphs over several lines (so blank lines separate paragraphs).

    Decided from line widths, not from whether blank lines exist: a paragraph-per-line file may still
    hold a stray blank line, and treating that as a separator would merge the whole file into one block.
    """
    widths = sorted(e - s for s, e in lines if text[s:e].strip())
    if len(widths) < 2:
        return False
    p95 = widths[min(len(widths) - 1, int(0.95 * len(widths)))]
    multi_line_blocks = sum(len(b) > 1 for b in _blocks(text, lines))
    return p95 <= WRAP_WIDTH and multi_line_blocks > 0


# A line continues into the next when it has no closing punctuation and the next line, in the same block,
# starts like the middle of a sentence (lower case or a digit): "partial pressure of O⏎2 around the patient".
_CONTINUES = re.compile(r"^\s*[a-z0-9(]")


def _joined_lines(text: str, block: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One paragraph per line of a block, except that a line continued by the next one joins it."""
    spans: list[tuple[int, int]] = []
    for s, e in block:
        prev = spans[-1] if spans else None
        if prev and not _SENTENCE_END.search(text[prev[0] : prev[1]]) and _CONTINUES.match(text[s:e]):
            spans[-1] = (prev[0], e)
        else:
            spans.append((s, e))
    return spans


def _spans_txt(text: str, start: int = 0) -> list[tuple[int, int]]:
    lines = _lines(text, start)
    blocks = _blocks(text, lines)
    if is_hard_wrapped(text, lines):
        spans = [(b[0][0], b[-1][1]) for b in blocks]
    else:
        spans = [span for block in blocks for span in _joined_lines(text, block)]
    return [_trim(text, s, e) for s, e in spans]


def _looks_like_heading(line: str, nxt: str | None) -> bool:
    """A short line before a longer one, shaped like a heading: the rule where fonts say nothing."""
    return nxt is not None and len(nxt.strip()) > len(line.strip()) and _heading_shape(line)


def _is_heading(line: str, nxt: str | None, font: str | None) -> bool:
    """By the font's role where the PDF gives one (a display heading may end in ")": "The 1980s (PCs)"),
    else by the shape of the line and the next."""
    if font == "display":
        return _heading_shape(line, _CLAUSE_END)
    return font not in ("body", "row", "small") and _looks_like_heading(
        line, nxt
    )  # "row": a table's row (PDF)


_CLAUSE_END = re.compile(r"[.!?:;,，；。]\s*$")


def _heading_shape(line: str, end: re.Pattern = _SENTENCE_END) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= HEADING_MAX_CHARS
        and (line[0].isupper() or line[0].isdigit())
        and not end.search(line)
        and not BYLINE_LINE.match(line)
        and not _CHROME.search(line)
        and not _FIELD.match(line)
        and not _NOT_HEADING.search(line)
        and not _mostly_figures(line)
    )


def _mostly_figures(line: str) -> bool:
    """Two numbers or more, and more numbers than words: a row of a table, not a heading."""
    numbers = sum(bool(_NUMBER.match(token)) for token in line.split())
    return numbers >= 2 and numbers * 2 > len(line.split())


# The front matter of a report or paper: its title, its authors, then its date ("Pandoc Test Suite" / "John
# MacFarlane" / "Anonymous" / "July 17, 2006"). A line that short between the title and a date near the top
# names who wrote it: a byline, never a heading that would make a section of the text below.
AUTHOR_WORDS = 6
_SENTENCE_MARKS = (".", ":", "!", "?")  # a line ending on one is a sentence or a lead-in, not a name or title


def _may_title(text: str) -> bool:
    """Whether a first paragraph may be the title: a title's length, no sentence, and a word in it (a page
    number first on the page, "3" or "445", names nothing)."""
    return len(text) <= TITLE_MAX_CHARS and not text.rstrip().endswith(".") and bool(_WORDED.search(text))


_WORDED = re.compile(r"[^\W\d_]{2}")  # two letters in a row


def _front_author(texts: list[str], kinds: list[str], i: int) -> bool:
    """Whether paragraph ``i`` is a short line between the title and a date in the first four paragraphs."""
    dated = next((j for j in range(i + 1, min(4, len(texts))) if _DATE.match(texts[j])), None)
    return (
        dated is not None
        and all(k in ("title", "byline") for k in kinds[:i])
        and kinds[0] == "title"
        and len(texts[i].split()) <= AUTHOR_WORDS
        and not texts[i].rstrip().endswith(_SENTENCE_MARKS)
    )


def _continues_title(
    before: list[str], kinds: list[str], text: str, first_role: str | None, role: str | None
) -> bool:
    """Whether a paragraph goes on with the title above it: every paragraph so far is the title, set in the
    same display font as this one (a PDF's font roles say so; without them no title goes on), the title
    so far ends on no sentence mark, and together they stay a title's length."""
    return (
        bool(before)
        and first_role not in (None, "body")
        and role == first_role
        and len(before) < TITLE_LINES
        and all(kind == "title" for kind in kinds)
        and not before[-1].rstrip().endswith(_SENTENCE_MARKS)
        and len(" ".join(before)) + len(text) < TITLE_MAX_CHARS
        and not _DATE.match(text)
    )


def _classify_txt(
    text: str,
    spans: list[tuple[int, int]],
    fonts: tuple[tuple[int, int, str], ...] = (),
    cells: frozenset[int] = frozenset(),
) -> list[str]:
    """Give each paragraph span its kind (title, date, heading, body, byline, chrome). Where a PDF's fonts
    give a paragraph a role (``fonts``), a display paragraph shaped like a heading is one and a paragraph in
    the body's own font never is; elsewhere a heading is a short line before a longer one. ``cells``: the
    paragraphs that are a table's rows (two cells or more), which never are nor go on with the title."""
    texts = [text[s:e] for s, e in spans]
    role = {start: font for start, _, font in fonts}
    kinds = ["body"] * len(spans)
    first = 1 if len(texts) > 1 and not _WORDED.search(texts[0]) else 0  # after a page's printed number
    for i, t in enumerate(texts):
        nxt = texts[i + 1] if i + 1 < len(texts) else None
        if i == first and _may_title(t) and i not in cells:
            kinds[i] = "title"
        elif (
            i > first
            and i not in cells
            and _continues_title(
                texts[first:i], kinds[first:i], t, role.get(spans[first][0]), role.get(spans[i][0])
            )
        ):
            kinds[i] = "title"
        elif i < 4 and _DATE.match(t):
            kinds[i] = "date"
        elif BYLINE_LINE.match(t) or _front_author(texts, kinds, i):
            kinds[i] = "byline"
        elif _CHROME.search(t) or not any(c.isalnum() for c in t):
            kinds[i] = "chrome"
        elif _is_heading(t, nxt, role.get(spans[i][0])):
            kinds[i] = "heading"
    return _chrome_after_byline(_signed(kinds, texts), texts)


# A letter's complimentary close ("Yours sincerely,", "Kind regards,"). The lines under it are the
# signature: a scrawl the OCR read ("ThA."), the name in capitals ("P.J. CROSS"), the signer's post.
_CLOSING = re.compile(
    r"^\s*(?:yours\s+(?:sincerely|faithfully|truly|respectfully)|(?:very\s+)?(?:sincerely|truly|faithfully"
    r"|respectfully)(?:\s+yours)?|(?:with\s+)?(?:best|kind|warm|warmest)?\s*(?:regards|wishes)|cordially)"
    r"\s*[,.]?\s*$",
    re.IGNORECASE,
)
SIGNATURE_LINES = 3  # a scrawl, a name, a post


def _signed(kinds: list[str], texts: list[str]) -> list[str]:
    """The signature under a letter's complimentary close is the letter's own text, never a heading: its
    name in capitals made a section of the letterhead's footer, and "Who signed the letter?" found no
    passage holding the name."""
    out = list(kinds)
    for i, text in enumerate(texts):
        if _CLOSING.match(text):
            for j in range(i + 1, min(len(out), i + 1 + SIGNATURE_LINES)):
                out[j] = "body" if out[j] == "heading" else out[j]
    return out


# A page's keyword list or tag cloud: "Keywords: steel, bars, wire…", "Tags: …", "Related searches: …".
_KEYWORDS = re.compile(
    r"^\s*(?:key ?words|tags|tag cloud|related (?:searches|tags|terms|topics)|popular searches|search terms)"
    r"\s*[:：]",
    re.IGNORECASE,
)
_ITEMS = re.compile(r"\s*[,|·•;]\s*")
TAG_ITEMS = 8  # a tag cloud lists this many short items or more, in one line: no sentence runs so
TAG_WORDS = 4  # words in each item at most
FOOT = 3  # a bare tag cloud is recognised only among a page's last paragraphs


def _keywords(texts: list[str], kinds: list[str], rows: list[bool]) -> list[str]:
    """A web page's keyword list or tag cloud at its foot is page furniture, not text to answer from (a list
    of search terms under a datasheet would hold every word of every question): among the last FOOT
    paragraphs, one labelled as such, or a line of TAG_ITEMS short items or more with no sentence in it. (A
    paper's "Keywords:" line under its abstract is the paper's own: it stays, as does a table's row of
    named cells, ``rows``.)"""
    out = list(kinds)
    for i in range(max(0, len(texts) - FOOT), len(texts)):
        if rows[i]:
            continue
        items = [x for x in _ITEMS.split(texts[i].strip()) if x]
        cloud = len(items) >= TAG_ITEMS and all(
            len(x.split()) <= TAG_WORDS and not _SENTENCE_END.search(x) for x in items
        )
        if out[i] == "body" and (_KEYWORDS.match(texts[i]) or cloud):
            out[i] = "chrome"
    return out


# What follows a closing byline is page furniture ("Return to list", "Links", a copyright line) only when it
# is a small tail: at most this share of the document's words, and no heading in it. A photo credit
# ("Source: EEA photo library") in the middle of a report is followed by the report's second half, which is
# text to answer from. (The article's tail after "Source:Xinhua" is 66 of its ~5,000 words.)
FURNITURE_SHARE = 0.1


def _chrome_after_byline(kinds: list[str], texts: list[str]) -> list[str]:
    """Everything after the closing byline of a saved web page is page furniture, not article text, when it
    is a small tail without headings (FURNITURE_SHARE)."""
    bylines = [i for i, k in enumerate(kinds) if k == "byline"]
    if not bylines or bylines[-1] < len(kinds) * 0.5:
        return kinds
    last = bylines[-1]
    tail = sum(len(t.split()) for t in texts[last + 1 :])
    if "heading" in kinds[last + 1 :] or tail > FURNITURE_SHARE * sum(len(t.split()) for t in texts):
        return kinds
    return kinds[: last + 1] + ["chrome"] * (len(kinds) - last - 1)


def _assemble(
    doc: Document, spans: list[tuple[int, int]], kinds: list[str], section_names: dict[int, str] | None = None
) -> list[Paragraph]:
    """Number paragraphs and attach each to the heading above it; byline and chrome stand outside sections.
    A table's rows stand under its caption ("Table 6.1: Retail outlets…" just above them): a question that
    names the table finds its rows, and the prose after the table is back in the section around it."""
    paragraphs, section = [], None
    table: str | None = None  # the caption over the rows being read
    for number, ((s, e), kind) in enumerate(zip(spans, kinds), start=1):
        text = doc.text[s:e].strip()
        if kind == "heading":
            section, table = (section_names or {}).get(number - 1) or text, None
        elif table is not None and not doc.names_in(s, e):
            table = None  # past the table's last row (a row of named cells)
        in_section = (table or section) if kind in {"body", "heading"} else None
        paragraphs.append(Paragraph(number, s, e, kind, in_section))
        if kind in ("body", "title") and CAPTION.match(text) and number < len(spans):
            table = text if doc.names_in(*spans[number]) else None
    return paragraphs


def _table_heads(doc: Document, spans: list[tuple[int, int]], kinds: list[str]) -> list[str]:
    """A paragraph of a table's header rows alone, whose cells name the rows under it (the converter marks
    such a header's cells with no name: qa/text/rows.py), is the table's head, not text to answer from. A
    header that names no row (a pivot table's) is not marked, and stays body text."""
    out = list(kinds)
    for i, (s, e) in enumerate(spans):
        names = doc.names_in(s, e)
        if names and not any(name for _, name in names) and kinds[i] != "chrome" and _every_line(doc, s, e):
            out[i] = TABLE_HEAD
    return out


def _every_line(doc: Document, start: int, end: int) -> bool:
    """Whether each line of ``[start, end)`` holds a table's cell."""
    at = start
    for line in doc.text[start:end].split("\n"):
        if line.strip() and not doc.names_in(at, at + len(line)):
            return False
        at += len(line) + 1
    return True


def title_from_path(path: str) -> str:
    """A name made of the file's name ("mmwr-housing.pdf" → "Mmwr housing"): the last resort for a title."""
    return PurePosixPath(path).stem.replace("_", " ").replace("-", " ").strip().capitalize()


def _unheaded(kinds: list[str]) -> list[str]:
    """A heading after the document's last citable paragraph heads nothing, so its words would stand in no
    passage and no section name: a name in capitals on a letter's last line, a closing slide's title, a
    file of headings alone. Such a heading is body text, found and quoted like any other."""
    out = list(kinds)
    for i in reversed(range(len(out))):
        if out[i] in CITABLE_KINDS:
            break
        if out[i] == "heading":
            out[i] = "body"
    return out


def parse_txt(doc: Document) -> Layout:
    spans = _spans_txt(doc.text)
    cells = frozenset(
        i
        for i, (s, e) in enumerate(spans[: TITLE_LINES + 2])
        if len(doc.names_in(s, e)) > 1 or ROW_SEP in doc.text[s:e]
    )
    kinds = _unheaded(_table_heads(doc, spans, _classify_txt(doc.text, spans, doc.fonts, cells)))
    paragraphs = _assemble(doc, spans, kinds)
    titles = [doc.text[p.start : p.end] for p in paragraphs if p.kind == "title"]
    dates = [doc.text[p.start : p.end] for p in paragraphs if p.kind == "date"]
    meta = {"date": dates[-1]} if dates else {}  # the last date line stands
    # The title's lines as one (a PDF's checked metadata title, else the file's name, where none is printed).
    title = (
        " ".join(" ".join(t.split()) for t in titles) if titles else doc.title or title_from_path(doc.path)
    )
    return Layout(doc, title, meta, paragraphs)


def _front_matter(text: str) -> tuple[dict[str, str], int]:
    """YAML front matter (title, date, source, url) and where the body starts."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    try:
        import yaml

        data = yaml.safe_load(match.group(1))
    except Exception:  # malformed front matter is kept as text rather than failing the document
        return {}, 0
    if not isinstance(data, dict):
        return {}, 0
    meta = {str(k).lower(): str(v) for k, v in data.items() if v is not None}
    return meta, match.end()


def _md_spans(text: str, body_start: int) -> tuple[list[tuple[int, int]], list[str], dict[int, str]]:
    """Markdown blocks: ATX headings are paragraphs of their own; other lines join until a blank line."""
    spans: list[tuple[int, int]] = []
    kinds: list[str] = []
    names: dict[int, str] = {}
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if run:
            spans.append(_trim(text, run[0][0], run[-1][1]))
            kinds.append("body")
            run.clear()

    for s, e in _lines(text, body_start):
        heading = _MD_HEADING.match(text[s:e])
        if heading or not text[s:e].strip():
            flush()
        if heading:
            names[len(spans)] = heading.group(2).strip()
            spans.append((s, e))
            kinds.append("heading")
        elif text[s:e].strip():
            run.append((s, e))
    flush()
    return spans, kinds, names


def _front_kind(text: str) -> str:
    """What a line the format places in the front matter is (a title slide's subtitle): its date, else
    who, where or for whom (a byline, which "Who gave the talk on …?" finds), unless it is a sentence (a
    short line may end on a mark: "Peter Alterman, Ph.D.")."""
    if _DATE.match(text):
        return "date"
    sentence = len(text.split()) > AUTHOR_WORDS and text.rstrip().endswith(_SENTENCE_MARKS)
    return "body" if sentence or "\n" in text.strip() else "byline"


def parse_md(doc: Document) -> Layout:
    meta, body_start = _front_matter(doc.text)
    spans, kinds, names = _md_spans(doc.text, body_start)
    front = {start for start, _, role in doc.fonts if role == FRONT_MATTER}
    for i, (s, e) in enumerate(spans):
        t = doc.text[s:e]
        if kinds[i] == "heading" and doc.names_in(s, e):  # a table row whose first cell is "#" (a column)
            kinds[i] = "body"
            del names[i]
        if kinds[i] == "body" and s in front:
            kinds[i] = _front_kind(t)
        elif kinds[i] == "body" and BYLINE_LINE.match(t):
            kinds[i] = "byline"
        elif kinds[i] == "body" and (_CHROME.search(t) or not any(c.isalnum() for c in t)):
            kinds[i] = "chrome"
    rows = [bool(doc.names_in(s, e)) for s, e in spans]
    texts = [doc.text[s:e] for s, e in spans]
    kinds = _keywords(texts, _chrome_after_byline(kinds, texts), rows)
    kinds = _unheaded(_table_heads(doc, spans, kinds))
    paragraphs = _assemble(doc, spans, kinds, names)
    h1 = [names[i] for i, (s, e) in enumerate(spans) if i in names and doc.text[s:e].startswith("# ")]
    title = meta.get("title") or (h1[0] if h1 else doc.title or _first_heading(doc, spans, names))
    return Layout(doc, title, meta, paragraphs, body_start)


SHEET_SUFFIXES = frozenset(suffix for suffix, unit in UNITS.items() if unit == "row")


def _first_heading(doc: Document, spans: list[tuple[int, int]], names: dict[int, str]) -> str:
    """A document's title where it names none (no metadata title, no top-level heading): its first heading
    (a deck's first slide title, a Word file's first heading of any level), else its file's name. A
    spreadsheet's sheet names ("Sheet1", "Avgtxfull") name no document: its first table title does."""
    sheet = doc.suffix in SHEET_SUFFIXES
    for i in sorted(names):
        if not (sheet and doc.text[spans[i][0] : spans[i][1]].startswith("## ")):
            return names[i]
    return title_from_path(doc.path)


def parse(doc: Document) -> Layout:
    """Split a document into paragraphs according to its format."""
    return parse_md(doc) if doc.layout == "md" else parse_txt(doc)


def citable(layout: Layout) -> Iterable[Paragraph]:
    return (p for p in layout.paragraphs if p.kind in CITABLE_KINDS)


__all__ = [
    "Layout",
    "Paragraph",
    "parse",
    "citable",
    "is_hard_wrapped",
    "title_from_path",
    "CITABLE_KINDS",
    "TABLE_HEAD",
]
