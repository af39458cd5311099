"""Claim ↔ evidence word alignment: what a claim adds that the source never says, and which name it puts in
the place of another.

The claim and its evidence sentence are diffed word by word (difflib, on stems). A claim word that occurs
nowhere in the evidence passage is *new*. New words in a stretch the evidence has nothing for ("…, most of
them volunteers, …") are an addition. New words facing a short stretch of the evidence's own words are a
substitution: a paraphrase ("eased" for "alleviated"), unless a name replaces a name ("Beijing" where the
source says "Shanghai"), which is a swap whatever the type of the names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from qa.text.figures import spelled
from qa.text.terms import FUNCTION_WORDS, WORD_PATTERN, stem, stopwords
from qa.text.vocabulary import AUXILIARIES

_WORD = re.compile(WORD_PATTERN + r"|\d[\d,.]*\d|\d")  # words as written, and figures
# A paraphrase swaps a word for a word or two ("created" for "officially established"): a stretch of new claim
# words facing no more than one evidence word beyond its own length is a rewording. One new word alone is too
# (verbs are reworded most: "eased" for "alleviated"), unless it stands in a phrase of its own (see
# _segments).
SUBSTITUTION_SLACK = 1
MIN_ADDED_WORDS = 2
# Irregular past forms, which a stemmer leaves apart from the present ("built" / "build"): English's common
# ones.
_IRREGULAR = dict(
    pair.split(":")
    for pair in """built:build kept:keep made:make held:hold grew:grow grown:grow
rose:rise risen:rise fell:fall fallen:fall paid:pay brought:bring began:begin begun:begin gave:give given:give
took:take taken:take led:lead won:win sent:send spent:spend lost:lose met:meet set:set cut:cut put:put
bore:bear borne:bear drew:draw drawn:draw chose:choose chosen:choose sought:seek taught:teach thought:think
told:tell sold:sell found:find stood:stand understood:understand wrote:write written:write ran:run
saw:see seen:see became:become came:come went:go gone:go got:get knew:know known:know left:leave
meant:mean shown:show spoke:speak spoken:speak struck:strike laid:lay""".split()
)
# Words that speak about the document itself, not its content: claims about the byline use them.
_META = frozenset(
    {
        "article",
        "articl",
        "document",
        "text",
        "piece",
        "stori",
        "stated",
        "state",
        "say",
        "said",
        "mention",
        "report",
        "publish",
        "author",
        "written",
        "dated",
    }
)
# Figures, dates and their qualifiers are compared by qa/text/figures.py, which knows "over 1500" from "more
# than
# 1500"; here they are neither content nor anchors.
_FIGURE_WORDS = frozenset(
    {
        "more",
        "than",
        "over",
        "abov",
        "about",
        "around",
        "nearly",
        "almost",
        "approxim",
        "exceed",
        "some",
        "roughly",
        "least",
        "under",
        "below",
        "fewer",
        "less",
        "up",
        "to",
        "respect",
        "million",
        "billion",
        "thousand",
        "hundr",
        "percent",
        "januari",
        "februari",
        "march",
        "april",
        "may",
        "june",
        "juli",
        "august",
        "septemb",
        "octob",
        "novemb",
        "decemb",
        "th",
        "st",
        "nd",
        "rd",
    }
)


# What things are made of: a closed class, like names. One put where the source has another, in the same
# place of the sentence, says otherwise ("made of stainless steel" for "aluminum alloy"), not in other words.
_MATERIALS = frozenset(
    stem(w)
    for w in """steel iron aluminum aluminium alloy copper brass bronze tin zinc lead
nickel titanium chrome chromium gold silver platinum cadmium magnesium carbon plastic nylon polyester rubber
fiber fibre glass ceramic porcelain wood wooden timber bamboo paper cardboard leather cotton wool silk linen
concrete cement stone marble granite brick clay sand vinyl acrylic resin silicone foam""".split()
)


@dataclass(frozen=True)
class Token:
    text: str
    stem: str
    content: bool
    name: bool  # capitalised and not the first word


@dataclass(frozen=True)
class Alignment:
    added: list[str]  # stretches of the claim the evidence has nothing for
    swapped: list[tuple[str, str]]  # (claim name, evidence name) put in its place


def tokens(text: str) -> list[Token]:
    stop = stopwords()
    out = []
    for i, m in enumerate(_WORD.finditer(text)):
        word = m.group(0)
        low = re.sub(r"['’]s$", "", word.lower())
        stemmed = stem(_IRREGULAR.get(low, low))
        if low in stop or low in FUNCTION_WORDS or low in AUXILIARIES or stemmed in _FIGURE_WORDS:
            continue
        if word[0].isdigit() or len(low) < 2 or spelled(low):  # figures: qa/text/figures.py compares them
            continue
        out.append(Token(word, stemmed, stemmed not in _META, word[0].isupper() and i > 0))
    return out


@lru_cache(maxsize=1024)
def said_stems(passage: str) -> frozenset[str]:
    """The stems of a passage's words and of the parts of its hyphenated words ("enc-layers": "enc",
    "layer"), cached: each claim sentence weighs the same passage several times. A short part is kept as an
    abbreviation too ("~enc"), which a longer claim word it begins stands for ("encoder")."""
    out = set()
    for t in tokens(passage):
        out.add(t.stem)
        parts = t.text.lower().split("-") if "-" in t.text else []
        out |= {stem(part) for part in parts if part}
        out |= {
            ABBREVIATION + part for part in parts[:-1] if part.isalpha() and len(part) in ABBREVIATION_LETTERS
        }
    return frozenset(out)


def is_said(word_stem: str, said: frozenset[str]) -> bool:
    """Is a claim word's stem among the passage's, or does one of the passage's abbreviations begin it?"""
    return word_stem in said or any(ABBREVIATION + word_stem[:n] in said for n in ABBREVIATION_LETTERS)


# A short first part of a hyphenated word in a table's header ("enc-layers", "dec-layers", "max-len") is an
# abbreviation of a longer word a claim may spell out; one or two letters are too few to say which.
ABBREVIATION = "~"
ABBREVIATION_LETTERS = (3, 4)


def align(claim: str, evidence: str, passage: str) -> Alignment:
    """The claim's added stretches and swapped names against its evidence sentence (words anywhere in the
    passage count as said). Only content words are diffed: stop words would anchor unrelated stretches."""
    said = said_stems(passage)
    c, e = tokens(claim), tokens(evidence)
    claim_stems = {t.stem for t in c}
    added: list[str] = []
    swapped: list[tuple[str, str]] = []
    ops = SequenceMatcher(a=[t.stem for t in e], b=[t.stem for t in c], autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag not in ("insert", "replace"):
            continue
        new = [t for t in c[j1:j2] if t.content and not is_said(t.stem, said)]
        theirs = [t for t in e[i1:i2] if t.content and t.stem not in claim_stems]
        claim_names = [t for t in c[j1:j2] if t.name and t.content]
        their_names = [t for t in theirs if t.name]
        claim_stuff = [t for t in c[j1:j2] if t.stem in _MATERIALS]
        their_stuff = [t for t in theirs if t.stem in _MATERIALS]
        if claim_names and their_names:
            swapped.append((" ".join(t.text for t in claim_names), " ".join(t.text for t in their_names)))
        elif claim_stuff and their_stuff:  # "made of stainless steel" where the source says "aluminum alloy"
            at = [i for i, t in enumerate(theirs) if t.stem in _MATERIALS]
            swapped.append(
                (
                    " ".join(t.text for t in c[j1:j2] if t.content),
                    " ".join(t.text for t in theirs[at[0] : at[-1] + 1]),
                )
            )
        elif (
            new
            and len(new) >= MIN_ADDED_WORDS
            and not (theirs and len(theirs) <= len(new) + SUBSTITUTION_SLACK)
        ):
            added.append(" ".join(t.text for t in new))
    seen = {w for stretch in added for w in stretch.split()}
    segments = _segments(claim)
    if sum(_said(seg, said) >= 2 for seg in segments):  # a parenthesis beside a clause the source does say
        added += [
            seg.rstrip(".!?") for seg in segments if _mostly_new(seg, said) and not set(seg.split()) & seen
        ]
    return Alignment(added, swapped)


def mostly_unsaid(claim: str, passage: str) -> str | None:
    """The claim's content words the passage lacks, when they are more than it holds (MOSTLY_UNSAID):
    however close in meaning, a passage that shares one word of "The btrfs balance command completed
    successfully" (its "btrfs", in a mailing list's address) does not say it. The alignment lets a few
    new words stand for as many of the evidence's (a rewording), which lets through a claim with no more
    in common with its evidence than that one word."""
    said = said_stems(passage)
    content = [t for t in tokens(claim) if t.content]
    new = [t.text for t in content if not is_said(t.stem, said)]
    return " ".join(new) if len(new) >= MIN_ADDED_WORDS and len(new) > MOSTLY_UNSAID * len(content) else None


# The share of a claim's content words a passage may lack and still be its evidence (a paraphrase rewords
# some of them, never most).
MOSTLY_UNSAID = 0.5


def counts_unsaid(claim: str, figure: str, passage: str) -> bool:
    """Does the claim's ``figure`` count something the passage never mentions ("10 billion yuan" in a passage
    without yuan)? Then the figure is an addition, not a changed figure."""
    at = claim.find(figure)
    following = [t for t in tokens(claim[at + len(figure) :])[:1] if t.content] if at >= 0 else []
    return bool(following) and not is_said(following[0].stem, said_stems(passage))


def _segments(claim: str) -> list[str]:
    """The claim's comma-delimited phrases, when it has several: ", most of them volunteers," is one."""
    parts = [p.strip() for p in re.split(r"[,;()—–]", claim)]
    return [p for p in parts if p] if len(parts) > 1 else []


def _said(segment: str, said: frozenset[str]) -> int:
    return sum(t.content and is_said(t.stem, said) for t in tokens(segment))


def _mostly_new(segment: str, said: frozenset[str]) -> bool:
    """A phrase whose content the passage does not hold: all of it, or most of it and two words or more."""
    content = [t for t in tokens(segment) if t.content]
    new = sum(not is_said(t.stem, said) for t in content)
    return bool(content) and (new == len(content) or MIN_ADDED_WORDS <= new > len(content) / 2)


__all__ = ["Alignment", "align", "counts_unsaid", "mostly_unsaid", "tokens"]
