"""A claim's figure against a table's row: compared with the cell of the column the claim names."""

from __future__ import annotations

from qa.verify.verdict import check

ROW = (
    "# enc-layers: 6 — # dec-layers: 6 | Language: OTSL | simple: 0.965 | mAP (0.75): 0.88 | "
    "Inference time (secs): 2.73"
)


def test_a_figure_is_compared_with_the_cell_its_column_names():
    wrong = check("With 6 encoder and 6 decoder layers, OTSL's inference time is 3.5 seconds.", ROW, ROW)
    assert [(m.claim, m.source) for m in wrong.mismatches] == [("3.5", "2.73")]  # not 0.88, nearer in size
    assert check(
        "With 6 encoder and 6 decoder layers, OTSL's inference time is 2.73 seconds.", ROW, ROW
    ).clean
    assert [(m.claim, m.source) for m in check("OTSL reaches a mAP of 0.95.", ROW, ROW).mismatches] == [
        ("0.95", "0.88")
    ]


def test_a_figure_of_a_column_the_row_lacks_is_not_said_rather_than_contradicted():
    row = "Food: Berries — Calories per portion: 150"
    assert check("Berries cost 3 dollars per portion.", row, row).unsupported  # no price column: not said


def test_a_cell_under_a_column_in_percent_is_a_percentage():
    row = "Product: Wire — Yield strength N/mm2: 700 | Elongation %: 15"
    assert check("Wire has an elongation of 15%.", row, row).clean
    assert [(m.claim, m.source) for m in check("Wire has an elongation of 20%.", row, row).mismatches] == [
        ("20%", "15%")
    ]
    share = "Country: Austria — Domestic (%): 86.2 | Imported (%): 13.8 | Total (n): 3,375"
    caption = "Table SA3. Distribution of confirmed salmonellosis cases in humans by reporting countries"
    assert check("In Austria 86.2% of salmonellosis cases were domestic.", share, f"{caption}\n{share}").clean


def test_a_row_whose_label_says_percent_gives_its_figures_in_percent():
    """A statistics office's row under a group "(%)": its figures are percentages, though no column's
    name says so ("DLHS-4 (2012-13) TOTAL")."""
    row = (
        "Indicators Awareness of RTI/STI and HIV/AIDS (%): Women who have heard of HIV/AIDS — "
        "DLHS-4 (2012-13) TOTAL: 98.9 | DLHS-4 (2012-13) RURAL: 99.0 | DLHS-3 (2007-08) TOTAL: 98.3"
    )
    assert check("98.9 per cent of women in Chandel have heard of HIV/AIDS.", row, row).clean
    wrong = check("90.5 per cent of women have heard of HIV/AIDS.", row, row)
    assert wrong.mismatches and not wrong.clean
    plain = "Country: Austria — Cases: 98.9 | Deaths: 3"  # no percent anywhere: a count stays a count
    assert not check("98.9 per cent of cases were in Austria.", plain, plain).clean


def test_a_long_column_name_that_says_percent_gives_its_figure_in_percent():
    """Three header rows name each cell at length; the "%" in the name still makes the figure a share."""
    name = "Children currently attending school (Age 6-17 years) (%) Person"
    row = f"State / District: Kamrup — {name} Total: 92.8 | {name} Rural: 91.4"
    assert check("In Kamrup, 92.8 per cent of children aged 6-17 attend school.", row, row).clean


def test_a_claim_is_read_under_its_passages_section_heading():
    from qa.document.passages import Passage
    from qa.verify.verdict import _context

    line = "Level 3: One-time Password; Substantial assurance PKI at FPKI Basic, Medium"
    slide = Passage("deck.pptx", "Deck", "Summary of Cryptographic-Based Identity Credentials", 55, "body",
                    0, len(line), line, ((0, len(line)),))  # fmt: skip
    claim = "Level 3 credentials include one-time passwords."
    assert not check(claim, line, line).clean  # the line alone never says "credentials"
    assert check(claim, line, _context(slide)).clean
    assert not check("Level 3 credentials include fingerprints.", line, _context(slide)).clean


def test_a_count_written_in_words_is_compared_as_a_figure():
    """ "Seven deaths were reported" was supported by a row of 5 deaths: a count the claim spells out was never
    compared; and "Five people died" was not found, its "Five" taken for a word the row lacks."""
    row = (
        "Name of District: Amravati | Disease/ Illness: Food Poisoning | No. of Cases: 6 | No. of Deaths: 5 | "
        "Current Status: Under Surveillance"
    )
    wrong = check("Seven deaths were reported in the Amravati food poisoning outbreak.", row, row)
    assert [(m.claim, m.source) for m in wrong.mismatches] == [("Seven", "5")]
    assert check("Five deaths were reported in the Amravati food poisoning outbreak.", row, row).clean
    assert not check("Five people died in the Amravati food poisoning outbreak.", row, row).unsupported


def test_a_rows_figures_are_percentages_where_its_tables_title_says_so():
    """A chart's rows stand under its title, "… 2008 (by percent)", and their cells are bare figures: a
    claim's "20 percent" against the row's 6 was not said (a count is no percentage) rather than changed."""
    row = "Native American — Less than HS: 31 | HS Diploma / GED: 33 | College Enrollment: 30 | Degree Attained: 6"
    title = "Highest Level of Attainment by Low-Income Young Adults, 2008 (by percent)"
    claim = "In 2008, 20 percent of low-income Native American young adults had attained a degree."
    changed = check(claim, row, f"{title}\n{row}", section=title)
    assert [(m.claim, m.source) for m in changed.mismatches] == [("20 percent", "6%")]
    assert check(claim.replace("20 percent", "6 percent"), row, f"{title}\n{row}", section=title).clean
    assert not check(claim, row, row).mismatches  # no title, no unit: not said rather than changed
