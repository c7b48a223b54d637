"""The citation parser's lexer tries terminals one by one (``grammars._TerminalScanner``): it must read every text
exactly as lark's own scanner, which joins a state's terminals into one expression."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import lark
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from findings_validator import grammars
from findings_validator.citations.parser import _parser, may_cite

ROOT = Path(__file__).resolve().parent.parent.parent


@cache
def _lark_own() -> lark.Lark:
    ours = _parser()
    data, memo = ours.memo_serialize([lark.lexer.TerminalDef, lark.grammar.Rule])
    return lark.Lark.load({"data": data, "memo": memo})


def _texts(start: str) -> list[str]:
    """The corpus's clause fields and the citation cases; for prose also the statements, evidence and requirements
    that the checker parses (those that may cite a clause)."""
    texts: list[str] = []
    for line in (ROOT / "tests" / "corpus" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        finding = json.loads(line)["finding"]
        texts.append(str(finding.get("clause") or ""))
        if start == "prose":
            texts += [t for k in ("statement", "evidence", "requirement") if may_cite(t := str(finding.get(k) or ""))]
    cases = yaml.safe_load((ROOT / "tests" / "citations" / "cases.yaml").read_text(encoding="utf-8"))
    texts += [str(case["text"]) for group in cases["groups"] for case in group["cases"]]
    return sorted({t for t in texts if t.strip()})


@pytest.fixture(autouse=True, params=["one by one", "joined"])
def scanning(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test with the terminals tried one by one, then with the joined expressions compiled at once (the
    scanners are made afresh before and after)."""
    def fresh() -> None:
        lexer = _parser().parser.lexer
        for basic in (*lexer.lexers.values(), lexer.root_lexer):
            basic._scanner = None

    monkeypatch.setattr(grammars._TerminalScanner, "JOIN_AFTER", 10**9 if request.param == "one by one" else 0)
    fresh()
    yield
    fresh()


def _read(parser: lark.Lark, text: str, start: str) -> object:
    try:
        return parser.parse(text, start=start)
    except lark.exceptions.LarkError as exc:
        return (type(exc).__name__, getattr(exc, "pos_in_stream", None), getattr(exc, "column", None))


def test_the_lexers_scanners_are_the_terminal_by_terminal_ones() -> None:
    lexer = _parser().parser.lexer
    assert {type(basic) for basic in lexer.lexers.values()} == {grammars._TerminalBasicLexer}
    _read(_parser(), "see ISO 9001:2015 clause 8.5.1 a) and procedure QP-07", "prose")
    scanners = [basic._scanner for basic in lexer.lexers.values() if basic._scanner is not None]
    assert scanners and all(isinstance(s, grammars._TerminalScanner) for s in scanners)
    joined = [s for s in scanners if s._mres]
    assert joined if grammars._TerminalScanner.JOIN_AFTER == 0 else not joined


@pytest.mark.parametrize("start", ["prose", "field", "standard"])
def test_every_corpus_text_reads_as_with_larks_own_scanner(start: str) -> None:
    ours, theirs = _parser(), _lark_own()
    texts = _texts(start)
    assert len(texts) > 300
    for text in texts:
        assert _read(ours, text, start) == _read(theirs, text, start), text


PIECES = ["ISO", "9001", ":2015", "clause", "cl.", "§", "8.5.1", "a)", "(b)", "and", "or", ",", ";", "/", "-", "to",
          "Annex", "A", "A.8.15", "control", "5.18", "note 2", "procedure", "QP-07", "rev 3", "WI 12.3", "(ii)", "BS EN",
          "OHSAS", "18001", "(2015)", "Amd 1:2024", "of", "the", "policy", "1)", "x", "é", " ", "  ", "\n", ".", ":"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_random_citation_like_texts_read_alike(pieces: list[str]) -> None:
    text = " ".join(pieces)
    ours, theirs = _parser(), _lark_own()
    for start in ("prose", "field"):
        assert _read(ours, text, start) == _read(theirs, text, start)
