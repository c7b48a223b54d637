"""shared_words: content words two texts share, as the subject ranker compares them."""

from __future__ import annotations

from findings_validator.dsl.scope import shared_words

SCOPE = "Provision of managed IT, hosting and service desk services to SME customers"


def test_content_words_are_compared_by_stem() -> None:
    assert shared_words("(laptop resale) has no data leakage controls on its web shop admin.", SCOPE) == 0
    assert shared_words("'s service desk does not log incidents", SCOPE) == 2
    assert shared_words("hosted servers of the customer", SCOPE) == 2  # host, custom


def test_function_words_and_empty_texts_share_nothing() -> None:
    assert shared_words("of the and to", SCOPE) == 0
    assert shared_words("", SCOPE) == 0
    assert shared_words("service desk", "") == 0
