"""The vocabulary every reader of text shares, in one place: the calendar's names, auxiliary verbs, number
words, what counts as a year, and the pattern of a letter. Tokenizing (``terms``), questions (``question``),
figures and dates (``figures``), negations (``polarity``), PDF text and tables (``convert/``) and claims
(``verify/``) all read these, so a word means the same thing everywhere.
"""

from __future__ import annotations

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Month names and their abbreviations ("Jan", "Sept") → month number.
MONTH_NUMBERS: dict[str, int] = {m: i for i, m in enumerate(MONTHS, start=1)}
MONTH_NUMBERS.update({m[:3]: i for m, i in list(MONTH_NUMBERS.items())})
MONTH_NUMBERS["sept"] = 9

# Auxiliaries carry tense, not content ("were issued" says what "issued" says).
AUXILIARIES = frozenset("is are was were be been being has have had do does did will would shall should can "
                        "could may might must".split())  # fmt: skip
# The ones a question puts after "what"/"which" ("What was the …", "Which firm did …"): the forms of "be"
# that are not finite ("been", "being", "be") and "shall" do not stand there.
ASKING_AUXILIARIES = ("is", "was", "are", "were", "do", "does", "did", "has", "have", "had", "can", "could",
                      "will", "would", "should", "may", "might", "must")  # fmt: skip
# The ones a negation cue skips to reach what it denies ("has not yet improved" denies "improved").
NEGATED_AUXILIARIES = frozenset("be been being is are was were have has had do does did".split())

# Number words that make a sentence hold a count ("twelve ministries", "a dozen"), beside digits.
NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                "hundred thousand million billion trillion dozen half double twice").split()  # fmt: skip
# A figure a question names, written out ("3" is "three"): the numbers up to twenty.
SMALL_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                 "fifteen sixteen seventeen eighteen nineteen twenty").split()  # fmt: skip

# Years. A year a question names may be historical (the Magna Carta, 1215, is below any bound; a question
# about 1789 is not rare): 1500–2099. A four-digit figure in a document's text is read as a date only from
# 1800 to 2099, where "1500" is far more often a count ("over 1500 firefighters").
YEAR_ASKED = r"(?:1[5-9]|20)\d\d"
YEAR_IN_TEXT = r"(?:1[89]\d\d|20\d\d)"

# A letter of any script, no digit or underscore: what runs of "letters only" are cut with.
LETTER = r"[^\W\d_]"

__all__ = [
    "ASKING_AUXILIARIES",
    "AUXILIARIES",
    "LETTER",
    "MONTHS",
    "MONTH_NUMBERS",
    "NEGATED_AUXILIARIES",
    "NUMBER_WORDS",
    "SMALL_NUMBERS",
    "WEEKDAYS",
    "YEAR_ASKED",
    "YEAR_IN_TEXT",
]
