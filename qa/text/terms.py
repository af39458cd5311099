"""The one place words are cut out of text: the BM25 tokenizer, stemmer and stop list, the word patterns that
names, claims and bylines are read with. The words themselves (months, auxiliaries, number words, years)
are qa/text/vocabulary.py's.

Each pattern serves its own reading, and is named for it: ``TOKEN`` makes index terms (figures kept whole),
``WORD`` finds words as written (names with their apostrophes and hyphens), ``LETTERS`` finds runs of
letters only (what byline labels and predicates are compared on).
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.text.vocabulary import LETTER

# Numbers keep their inner separators ("1.334", "220,000") so that a figure is one term; commas are then
# dropped so "220,000" and "220000" match.
TOKEN = re.compile(rf"\d+(?:[.,]\d+)*|{LETTER}+|\d+", re.UNICODE)
WORD_PATTERN = r"[A-Za-z][\w'’-]*"
WORD = re.compile(WORD_PATTERN)
LETTERS = re.compile(r"[A-Za-z]+")
# Two spellings of one name ("Politburo" / "Political Bureau"), or two forms of a label word ("edit-ed",
# "edit-or"), begin alike for this many letters.
PREFIX_LETTERS = 4

# Question words and the quantity words of "how many" / "how much", beyond bm25s's English stop list:
# they say what kind of answer is wanted, not what it is about.
QUESTION_WORDS = frozenset(
    {"s", "does", "did", "many", "much", "what", "which", "who", "whom", "when", "where", "why", "how"}
)

# Closed-class words beyond bm25s's short stop list (prepositions, pronouns, determiners, conjunctions): they
# carry no claim of their own. Qualifiers ("all", "only", "most", "always") are not here: adding one is adding
# content.
FUNCTION_WORDS = frozenset(
    """about across after against along among amongst around as before behind below beside
between beyond down during from here there hence however into its itself onto out over per since than
thereby therefore though through throughout thus toward towards under until upon via whether while
within without he she him her his hers we us our you your me my them themselves those which whose what
who whom also very well yet so too such own same other others another both either neither""".split()
)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | QUESTION_WORDS


@lru_cache(maxsize=1)
def _stemmer():
    try:
        import Stemmer
    except ImportError:  # stemming is an optional speed-up of recall, like in bm25s itself
        return None
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (English) stem of one lower-case word, or the word when PyStemmer is not installed."""
    stemmer = _stemmer()
    return stemmer.stemWord(word) if stemmer else word


def terms(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed terms: the vocabulary BM25 and coverage share."""
    out = []
    for tok in TOKEN.findall(text.lower()):
        if tok[0].isdigit():
            out.append(tok.replace(",", ""))
        elif tok not in stopwords():
            out.append(stem(tok))
    return out


@lru_cache(maxsize=65536)
def term_set(text: str) -> frozenset[str]:
    """The distinct terms of a text, cached: the same sentences are weighed again for every question."""
    return frozenset(terms(text))


def names_word(text: str, word: str) -> bool:
    """Does ``text`` use ``word`` (after the stemming BM25 uses)?"""
    return stem(word) in term_set(text)


def prefix(word: str) -> str:
    """The first ``PREFIX_LETTERS`` letters of a word, lower case: what two forms of it share."""
    return word.lower()[:PREFIX_LETTERS]


__all__ = [
    "FUNCTION_WORDS",
    "LETTERS",
    "PREFIX_LETTERS",
    "TOKEN",
    "WORD",
    "WORD_PATTERN",
    "names_word",
    "prefix",
    "stem",
    "stopwords",
    "term_set",
    "terms",
]
