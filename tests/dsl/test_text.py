"""The text measures and the lexicon matcher agree with plain reference versions of themselves.

The measures' patterns are written for speed (look-behinds instead of leading word boundaries, lower-cased text
instead of re.IGNORECASE) and the matcher jumps between candidate words; the references below are the obvious
forms, and the fast ones must count and find exactly the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from findings_validator.dsl.text import (FACTS, LexiconMatcher, measure, present, sentences, spaced, tokens_of,
                                         words_of)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
# a count in figures or in words, of any language the measures read ("three of the eleven", "all five")
_N = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
      r"|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce)")
REFERENCE = {
    "words": re.compile(r"[^\W_]+(?:['’][^\W_]+)*"),
    "dates": re.compile(
        rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{1,2}}(?:\s+|-)(?:{_MONTHS})[a-z]*\.?(?:\s+|-)\d{{4}}"
        rf"|(?:{_MONTHS})[a-z]*\.?\s+(?:\d{{1,2}},\s+)?\d{{4}}|q[1-4]\s+\d{{4}}|(?:19|20)\d\d)\b", re.I),
    "identifiers": re.compile(r"\b[A-Z](?=[A-Z0-9/_.-]{0,40}\d)[A-Z0-9]*(?:[-_/.][A-Z0-9]+)+\b"),
    "samples": re.compile(rf"\b{_N}\s+(?:of|out\s+of)\s+(?:the\s+)?{_N}\b|\b\d+\s*%|\ball\s+{_N}\b"
                          rf"|\bnone\s+of\s+the\s+{_N}\b", re.I),
    "names": re.compile(r"\b[A-Z]\.\s?(?:[A-Z]\.\s?)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b"),
    "numbers": re.compile(r"\b\d+(?:[.,]\d+)?\b"),
}
FRAGMENTS = ["QF-071 rev 6", "PO-25-3381", "2025-10-14", "14/10/2025", "3.4.25", "12 March 2025", "05-Jan-2026", "Sept. 3, 2024",
             "Q3 2024", "1999", "3 of 12", "2 out of the 9", "45 %", "all 7", "none of the 4", "D. Farrant",
             "J.K. Rowling-Smith", "A.B. Smith", "x1.5", "1,250", "_9", "a_B-1", "Calibration", "records",
             "were", "not", "seen", "on", ".", ",", ";", " ", "\n", "(", ")", "'", "’", "é", "MAR 2024", "X9-Y",
             "N.", "3of 4", "20250", "Ave.", "three of the eleven", "all five", "two of 6", "none of the four",
             "one", "SupplierIQ", "eLearn", "Moodle", "Ab_c", "aéB"]
texts = st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join) | st.lists(
    st.sampled_from(FRAGMENTS), max_size=12).map(" ".join) | st.text(max_size=60)


# details and record_details combine the others: tests/dsl/test_evidence.py
PATTERNS = [name for name in FACTS if name not in ("details", "record_details", "parts")]


def proper_names_reference(text: str) -> int:
    """A capitalised word, or one with a capital inside, after a space that does not follow a sentence's end, a
    colon, a bracket or a quotation mark, and not after a line break."""
    count = 0
    for match in re.finditer(r"\w+", text):
        i = match.start()
        if i == 0 or not text[i - 1].isspace() or text[i - 1] == "\n":
            continue
        if i >= 2 and text[i - 2] in ".!?:;([\n\"'‘“":
            continue
        count += bool(re.fullmatch(r"[A-Z][a-z]+[A-Z]?\w*|[a-z]+[A-Z]\w*", match.group()))
    return count


def reference_count(text: str, name: str) -> int:
    if name == "proper_names":
        return proper_names_reference(text)
    if name == "sentences":
        stripped = text.strip()
        return len(re.findall(r"[.!?](?:\s|$)", stripped)) + (1 if stripped and stripped[-1] not in ".!?" else 0)
    return len(REFERENCE[name].findall(text))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_measures_equal_the_reference_patterns(text: str) -> None:
    for name in PATTERNS:
        assert measure(text, name) == reference_count(text, name), name
        assert present(text, name) == (reference_count(text, name) > 0), name


@settings(max_examples=200, deadline=None)
@given(texts)
def test_parts_are_the_sentences_any_sentence_ranges_over(text: str) -> None:
    """`parts` counts a text's sentences and their colon or semicolon parts: what any sentence (…) reads."""
    assert measure(text, "parts") == len(sentences(text))
    assert present(text, "parts") == (measure(text, "parts") > 0)


def test_parts_split_a_heading_from_what_follows() -> None:
    assert measure("Walk-through of the lab: drum SW-2 stored open.", "parts") == 2
    assert measure("Calibration status of CMM-02 reviewed in the metrology room.", "parts") == 1
    assert measure("Log RT-ERP viewed; no test since 2025-11-03. Seen with J. Weller.", "parts") == 3
    assert measure("", "parts") == 0
    # a colon or semicolon inside a bracket does not end the part; one after a bracket that never closes does
    assert measure("8 stores (list seen: 02, 07, 09) not audited and not rescheduled.", "parts") == 1
    assert measure("Stores audited (2 of 5; others pending) in June.", "parts") == 1
    assert measure("Stores (list seen: 02, 07, 09 not audited.", "parts") == 2
    # a record's number with the part of it a label names keeps the label with what it says
    assert measure("ENV-07 §5.3: consignment notes to be kept for 3 years.", "parts") == 1
    assert measure("CP-05 section 6: RAMS to be approved before work starts.", "parts") == 1
    assert measure("WI-12 rev 3 step 4: the guard must be refitted.", "parts") == 1
    assert measure("Clause 5.3(b): roles not assigned.", "parts") == 2


def test_measures_on_realistic_evidence() -> None:
    """Every text of the worked examples."""
    checked = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        for finding in yaml.safe_load(path.read_text(encoding="utf-8")).get("findings", []):
            for field in ("statement", "requirement", "evidence"):
                value = finding.get(field)
                for text in ([value] if isinstance(value, str) else value or []):
                    checked += 1
                    for name in PATTERNS:
                        assert measure(text, name) == reference_count(text, name), (name, text)
    assert checked > 90


def reference_search(lexicon: list[str], text: str) -> str | None:
    """Walk every position; at each, try the phrases that begin with its word, longest first, then those that
    begin with '*' (any one word), in lexicon order."""
    tokens = tokens_of(text)
    phrases = [words_of(p) for p in lexicon if words_of(p)]
    starting = sorted((w for w in phrases if w[0] != "*"), key=lambda w: -len(w))
    anywhere = [w for w in phrases if w[0] == "*"]
    for i in range(len(tokens)):
        for words in [w for w in starting if w[0] == tokens[i]] + anywhere:
            window = tokens[i:i + len(words)]
            if len(window) == len(words) and all(w in ("*", t) for w, t in zip(words, window)):
                return " ".join(window)
    return None


WORDS = ["not", "no", "evidence", "of", "the", "should", "consider", "a", "record", "was", "had", "expired"]
lexicons = st.lists(st.lists(st.sampled_from(WORDS + ["*"]), min_size=1, max_size=3).map(" ".join),
                    min_size=1, max_size=6)
token_texts = st.lists(st.sampled_from(WORDS + ["Not", "NO,", "record."]), max_size=25).map(" ".join)
# words joined by what real text puts between them: runs of spaces, line breaks, tabs, no-break spaces, punctuation
gaps = st.sampled_from([" ", "  ", "\n", " \t", "\u00a0", ", ", "; ", " – ", "’", "(", ") ", "\r\n", "..."])
gapped_texts = st.lists(st.tuples(st.sampled_from(WORDS + ["Not", "NO", "Record"]), gaps), max_size=25).map(
    lambda parts: "".join(w + g for w, g in parts))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | st.text(st.characters(max_codepoint=127), max_size=80) | gapped_texts)
def test_spaced_is_the_words_joined_by_single_spaces(text: str) -> None:
    from findings_validator.dsl.text import _JOINED_HYPHENED

    assume(not any(joined in text.lower() for joined in _JOINED_HYPHENED))  # read as one word: tested below
    assert spaced(text) == f" {' '.join(tokens_of(text))} "


@settings(max_examples=400, deadline=None)
@given(lexicons, token_texts)
def test_matcher_finds_what_the_reference_walk_finds(lexicon: list[str], text: str) -> None:
    if all(words_of(p)[0] == "*" for p in lexicon if words_of(p)) and lexicon:
        lexicon = [*lexicon, "record"]
    scan = LexiconMatcher({"lex": tuple(lexicon)}).scan(text)
    found = scan.get("lex")
    expected = reference_search(lexicon, text)
    assert (found is None) == (expected is None)
    if found is not None:
        assert tokens_of(found) == expected.split()  # the words found, as written in the text


@settings(max_examples=300, deadline=None)
@given(st.lists(lexicons, min_size=2, max_size=4), gapped_texts | token_texts)
def test_all_lexicons_at_once_find_what_each_finds_alone(several: list[list[str]], text: str) -> None:
    """One automaton holds every lexicon; each lexicon's answer is the one the reference walk gives for it alone,
    however the words are spaced and punctuated."""
    several = [[*lexicon, "record"] for lexicon in several]   # at least one phrase that does not begin with '*'
    scan = LexiconMatcher({f"lex{i}": tuple(lexicon) for i, lexicon in enumerate(several)}).scan(text)
    for i, lexicon in enumerate(several):
        found, expected = scan.get(f"lex{i}"), reference_search(lexicon, text)
        assert (found is None) == (expected is None), (lexicon, text)
        if found is not None:
            assert tokens_of(found) == expected.split()


@pytest.mark.parametrize("text, phrase", [
    ("The records had not been kept; no evidence of review.", "had not"),
    ("No evidence of the review.", "No evidence of"),
    ("nothing here", None),
])
def test_matcher_examples(text: str, phrase: str | None) -> None:
    scan = LexiconMatcher({"breach": ("had not", "no evidence of", "no evidence")}).scan(text)
    assert scan.get("breach") == phrase


def test_the_space_characters_are_those_str_split_splits_on() -> None:
    from findings_validator.dsl.text import _SPACES

    assert set(_SPACES) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


@pytest.mark.parametrize("text, phrase", [
    ("Es la mejor práctica del sector.", "mejor práctica"),
    ("Es la MEJOR PRÁCTICA.", "MEJOR PRÁCTICA"),
    ("es la mejor practica", None),           # ASCII text: searched as bytes, where no accented phrase can match
    ("La mejor\u00a0práctica, sin duda", "mejor\u00a0práctica"),
])
def test_phrases_in_other_languages(text: str, phrase: str | None) -> None:
    scan = LexiconMatcher({"preferencia": ("mejor práctica", "en mi experiencia")}).scan(text)
    assert scan.get("preferencia") == phrase


def test_a_selection_of_rules_shares_the_rule_sets_automaton() -> None:
    from findings_validator.dsl.ruleset import load_rules

    rules = load_rules()
    narrowed = rules.select(ignore=["FV401"])
    assert narrowed.matcher is rules.matcher
    text = "I would recommend that the supplier list be reviewed"
    assert narrowed.scan(text).matches() == rules.scan(text).matches()


def test_a_phrase_met_again_is_passed_over_but_a_wildcard_phrase_is_tried_again() -> None:
    matcher = LexiconMatcher({"total": ("no * at all",), "absence": ("no",), "place": ("the", "the site")})
    scan = matcher.scan("No records. The site had no evidence at all, and the site no plan.")
    assert scan.get("total") == "no evidence at all"  # the first 'no' does not fit the wildcard phrase; the second does
    assert scan.get("absence") == "No"
    assert scan.get("place") == "The site"  # the earliest, and at one position the longest


def test_an_abbreviation_of_number_before_a_figure_is_no_word() -> None:
    from findings_validator.dsl.text import spaced

    assert spaced("Pallets 2 m from roller door No. 3.") == " pallets 2 m from roller door number 3 "
    assert spaced("Doors Nos.4 and 5; no record.") == " doors number 4 and 5 no record "
    assert spaced("No. The record was missing.") == " no the record was missing "
    assert spaced("Casino.3 and piano. 4") == " casino 3 and piano 4 "


def test_a_word_joined_by_a_hyphen_into_a_compound_is_read_as_one_word() -> None:
    from findings_validator.dsl.text import spaced

    assert spaced("Go/no-go gauges G-12 and G-14.") == " go nogo gauges g 12 and g 14 "
    assert spaced("The no-show rate was 11 %; no record.") == " the noshow rate was 11 no record "
    assert spaced("No-one was trained.") == " no one was trained "  # a compound that keeps the word's meaning
    assert spaced("There was no -- record; piano-go; no-1") == " there was no record piano go no 1 "
