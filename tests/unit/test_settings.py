"""Settings from one place: flags over QA_* variables over defaults; a bad value is one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.errors import QAError, QuestionError
from qa.settings import DEFAULT_K, MAX_K, MAX_PIXELS, Limits, Settings, valid_k


def test_flags_win_over_variables_which_win_over_defaults():
    env = {"QA_SOURCE": "/docs", "QA_PORT": "8000", "QA_THREADS": "3", "QA_READER": "off"}
    from_env = Settings.from_env(env)
    assert from_env.source == Path("/docs") and from_env.port == 8000 and from_env.threads == 3
    assert not from_env.reader and from_env.index == Path("index") and from_env.top_k == DEFAULT_K
    flagged = Settings.from_env(env, source="/other", port=None)  # None: the flag was not given
    assert flagged.source == Path("/other") and flagged.port == 8000


@pytest.mark.parametrize(
    "key, value",
    [
        ("QA_PORT", "eighty"),
        ("QA_CONCURRENCY", "0"),
        ("QA_THREADS", "-2"),
        ("QA_MAX_FILE_BYTES", "1e6"),
        ("QA_COMPRESS", "zip"),
    ],
)
def test_a_bad_variable_is_one_line_naming_it(key, value):
    with pytest.raises(QAError, match=key) as caught:
        Settings.from_env({key: value})
    assert "\n" not in str(caught.value)


def test_limits_come_from_their_variables():
    assert Limits.from_env({}) == Limits() and Limits().max_pixels == MAX_PIXELS
    assert Limits.from_env({"QA_MAX_PIXELS": "1000", "QA_EXTRACT_SECONDS": "5"}) == Limits(
        max_pixels=1000, seconds=5
    )
    with pytest.raises(QAError, match="QA_MAX_OCR_PAGES"):
        Limits.from_env({"QA_MAX_OCR_PAGES": "many"})


@pytest.mark.parametrize("k", [0, MAX_K + 1, True, 2.0, "5", None])
def test_k_is_a_whole_number_of_passages_in_range(k):
    with pytest.raises(QuestionError, match=f"from 1 to {MAX_K}"):
        valid_k(k)
    assert valid_k(1) == 1 and valid_k(MAX_K) == MAX_K
