"""Which language a text is written in (py3langid, whose model ships in its wheel: nothing is downloaded).

Used to say why qa abstains when a question is in another language than the documents: the bundled model
reads English, and a German question then finds nothing close, for a reason the user can act on.
"""

from __future__ import annotations

from functools import lru_cache

# The languages told apart: the common ones of questions and documents. A short question scored against all
# 97 of py3langid's languages is often taken for a rare one ("Who is Beyonce?" → Xhosa); against these it
# is English at 0.75.
LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "nl", "ru", "zh", "ja", "ko", "ar", "pl", "sv", "tr")
NAMES = {
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "pl": "Polish",
    "sv": "Swedish",
    "tr": "Turkish",
}
# A language is named only when this sure (normalised probability): every English question of the project's
# question sets scores 0.75 or more for English, every German and Spanish test question 0.97 or more for its
# own.
SURE = 0.9


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def language(text: str) -> str | None:
    """The language of ``text`` ("de"), or None when it cannot be told with confidence (or py3langid is
    absent)."""
    try:
        code, probability = _identifier().classify(text)
    except ImportError:
        return None
    return code if probability >= SURE else None


def name(code: str) -> str:
    return NAMES.get(code, code)


__all__ = ["language", "name"]
