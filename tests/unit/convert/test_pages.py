"""Pages of lines laid out as paragraphs: contents entries one each, running lines set aside only when they
are short enough to be a running header."""

from __future__ import annotations

from qa.convert.pages import PageLines, assemble

PROSE = [
    "The committee met again in the spring and agreed to publish its accounts for every year, with the",
    "figures checked by an outside auditor before they go to the printer, as the members asked.",
]


def test_each_entry_of_a_table_of_contents_is_a_paragraph_of_its_own():
    lines = [
        "Contents",
        "",
        "Notices . . . . . . . . . . . . . . . . . . . . . . vii",
        "1.1 Security fundamentals. . . . . . . . . . . . . . . . . . . . 2",
        "1.3.2 New controls: Row and Column Access Control, and the rules that",
        "govern them . . . . . . . . . . . . . . . . . . . . . . . . . . 5",
        "",
        *PROSE,
    ]
    paragraphs = assemble([PageLines(lines)]).text.split("\n\n")
    assert paragraphs[1] == "Notices . . . . . . . . . . . . . . . . . . . . . . vii"
    assert paragraphs[2] == "1.1 Security fundamentals. . . . . . . . . . . . . . . . . . . . 2"
    assert paragraphs[3].startswith("1.3.2 New controls") and paragraphs[3].endswith(
        ". . . 5"
    )  # wrapped entry
    assert paragraphs[4].strip() == " ".join(PROSE)


def test_each_row_of_a_statistical_table_in_dot_leaders_is_a_paragraph_of_its_own():
    rows = [
        "Total . . . . . . . . . . . . . . . . . . . . . . . . 11,062.6 1,540.0 9,522.6 2,799.2 468.3 2,330.9",
        "Violent crime . . . . . . . . . . . . . . . . . 467.9 69.1 398.8 87.7 12.6 75.2",
        " Murder and nonnegligent",
        " manslaughter. . . . . . . . . . . . . . . . . 10.0 0.9 9.1 1.1 – 1.0",
        "Runaways. . . . . . . . . . . . . . . . . . . . . 75.8 75.8 (X) 41.8 41.8 (X)",
    ]
    paragraphs = assemble([PageLines(["Arrests by Sex and Age: 2009", "", *rows, "", *PROSE])]).text.split(
        "\n\n"
    )
    assert paragraphs[1] == rows[0]
    assert paragraphs[2] == rows[1]  # not run on after the total's figures
    # A label wrapped onto two lines: its short first line stands alone (judged later, as any short line).
    assert [paragraphs[3].strip(), paragraphs[4].strip()] == [rows[2].strip(), rows[3].strip()]
    assert paragraphs[5] == rows[4].strip()
    assert paragraphs[6].strip() == " ".join(PROSE)


def test_a_long_line_opening_every_page_is_text_not_a_running_header():
    opening = (
        "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt "
        "ut labore et dolore magna aliquyam erat"
    )
    pages = [
        PageLines([title, opening, *PROSE, "", f"Page {n}"])
        for n, title in ((1, "Code example"), (2, "Formula"))
    ]
    done = assemble(pages)
    assert done.text.count("Lorem ipsum") == 2 and "Page 1" not in done.text  # the footer still goes
    assert done.running == 1


def test_a_books_running_headers_go_though_each_recurs_on_few_pages():
    """Even pages carry the book's title, odd pages their chapter's, each with its page number (docling's
    Redbook sample: 6 and 3 of 18 pages); a chapter's header seen once goes when its number falls between
    the page numbers the others show."""
    heads = [
        "2 Access Control Support in DB2 for i",
        "Chapter 3. Row and Column Access Control 15",
        "Chapter 2. Roles and separation of duties 11",
        "4 Access Control Support in DB2 for i",
        "Chapter 3. Row and Column Access Control 19",
        "20 Access Control Support in DB2 for i",
    ]
    order = [0, 2, 1, 4, 5]  # pages numbered 2, 11, 15, 19, 20; and page 4's below
    titles = ["Security fundamentals", "Roles", "Row permissions", "Column masks", "Global variables"]
    pages = [
        PageLines([heads[k], titles[n], f"Section {n} opens here and runs on.", PROSE[1]])
        for n, k in enumerate(order)
    ]
    pages.insert(1, PageLines([heads[3], "3 Results", "The results follow.", PROSE[1]]))  # a numbered heading
    text = assemble(pages).text
    assert not any(h in text for h in heads)
    assert "3 Results" in text and all(t in text for t in titles)  # headings stay
