"""``yamlread.load_yaml`` reads every text exactly as PyYAML's safe loader does: the same data, or the same error.

The fast parser (``yaml_rs``, YAML 1.2) is used only where it cannot differ from PyYAML (YAML 1.1); these tests
compare the two readings on the bundled catalogs, on the forms where YAML 1.1 and 1.2 differ, and on random
documents and random edits of the bundled files.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml_rs
from hypothesis import given, settings
from hypothesis import strategies as st

from findings_validator.catalog import yamlread
from findings_validator.catalog.paths import bundled_catalog_files
from findings_validator.catalog.yamlread import load_yaml

FILES = bundled_catalog_files()
TEXTS = [p.read_text(encoding="utf-8") for p in FILES]


def pyyaml(text: str) -> tuple[str, Any]:
    try:
        return "ok", yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception as exc:  # noqa: BLE001 - the error is the result here
        return "error", (type(exc), str(exc))


def ours(text: str) -> tuple[str, Any]:
    try:
        return "ok", load_yaml(text)
    except Exception as exc:  # noqa: BLE001
        return "error", (type(exc), str(exc))


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (``True`` is not ``1``, a date is not a string), NaN == NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(k, kb) and same(v, vb) for (k, v), (kb, vb) in zip(a.items(), b.items()))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def assert_reads_like_pyyaml(text: str) -> None:
    expected, got = pyyaml(text), ours(text)
    assert same(got, expected), f"{text!r}\n  PyYAML:    {expected!r}\n  load_yaml: {got!r}"


@pytest.mark.parametrize("text", TEXTS, ids=[p.name for p in FILES])
def test_bundled_catalogs_take_the_fast_path_and_read_alike(text: str) -> None:
    if "\\" in text:  # regular expressions (guidance.yaml): escapes are always read by PyYAML, which is right
        assert same(yamlread.load_yaml(text), yaml.load(text, Loader=yaml.CSafeLoader))
        assert "\\" not in "".join(p.read_text(encoding="utf-8") for p in FILES if p.name != "guidance.yaml")
        return
    fast, data = yamlread._read_fast(text)
    assert fast, "a bundled catalog fell back to PyYAML: the fast path would not be measured"
    assert same(data, yaml.load(text, Loader=yaml.CSafeLoader))


TOKENS = """yes Yes YES no No NO on On ON off Off OFF y n true True TRUE tRue false FALSE null Null NULL ~ nULL
0 00 01 010 08 09 0o7 0o10 0b101 0x1f 0X1F 0x_1 1_000 _1 +_2 +1 -1 +0 -0 1:20 190:20:30 123456789012345678901234567890
1.0 1. .5 -.5 +.5 1e5 1E5 1.0e5 1.0e+5 1e+5 1e_5 .01e4 -1.5 .inf -.inf +.inf .Inf .inF .nan .NaN .NAN inf nan 1_0.5 1:20.5
2015-09-15 2015-9-15 2015-13-01 2015-02-30 2016-02-29 0001-01-01 2015-09-15T10:00:00 2001-12-14t21:59:43.10-05:00
10:00:00 21:59:43.10 20150915 = << - ? : a:b a#b OH&S A.5 8.5.1 x-y""".split()

EDGE_CASES = [
    *(form.format(t) for t in TOKENS
      for form in ("k: {}\n", "k: [{}, x]\n", "{}: v\n", "k: '{}'\n", 'k: "{}"\n', "- {}\n", "k: >-\n  {}\n")),
    "", "# only a comment\n", "---\n", "a: 1\n---\nb: 2\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: yes\n",
    "a: 1\na: 2\n", "a: 1\r\nb: [x, y]\r\n", "a: 1\rb: 2\n", "a:\tx\n", "a: x\ty\n", "\ta: 1\n", "\ufeffa: 1\n",
    "a: x\x85y\n", "a: x\u2028y\n", "a: \x07\n", "a: \"x\\/y\"\n", "a: \"\\N\\_\\L\\P\\e\\x41\"\n", "a: 'it''s'\n",
    "a: |\n", "a: |\n  x\n  y\n", "a: >-\n  x\n\n  y\n", "a: |+\n  x\n\n", "a: x\n  y\n\n  z\n", "a: \"x\n  y\"\n",
    "a: &x [1]\nb: *x\n", "a: &x {k: 1}\nb:\n  <<: *x\n", "a: !!str 1\n", "a: !foo x\n", "? [a]\n: b\n", "? a\n: b\n",
    "a: [:]\n", "a: [?]\n", "a: [-]\n", "a: [x:, y]\n", "a: {x: }\n", "a: [a: b]\n", "a: b: c\n", "a: 'x' y\n",
    "a: @x\n", "a: `x\n", "a: %x\n", "a: x %y\n", "[1, 2]\n", "- a\n- b\n", "plain\n", "a: é ü ☃ 😀 \u00a0x\n",
    "summary: Heading: see > x | y & z? ! *\n", "a: 'x'\n#c\n", "a: 1\n  b: 2\n", "a: b\n#c\n d\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_read_alike(text: str) -> None:
    assert_reads_like_pyyaml(text)


def test_every_form_pyyaml_types_and_yaml_rs_does_not_is_caught() -> None:
    """The data check: a string that PyYAML would have typed had it been plain, and ``yaml_rs`` leaves a string,
    is among ``_TYPED_WORDS`` or the numeric candidates. Every string of up to two characters, and the tokens."""
    alphabet = "0123456789-+.:_eExXbBoOiInNaAfFtTzZ ~<=!&*yYsS"
    strings = ["".join(p) for n in (1, 2) for p in itertools.product(alphabet, repeat=n)] + TOKENS
    for s in strings:
        if s != s.strip() or not yamlread._TYPED(s):
            continue
        try:
            plain = yaml_rs.loads(f"k: {s}\n")
        except Exception:  # noqa: BLE001 - not a scalar on its own; PyYAML reads that text alone
            plain = None
        if isinstance(plain, dict) and type(plain.get("k")) is str:
            caught = s in yamlread._TYPED_WORDS or any(True for _ in yamlread._NUMERIC_CANDIDATE("\x00" + s))
            assert caught, s


def test_typed_forms_are_pyyaml_resolvers() -> None:
    """``_TYPED`` is PyYAML's table of implicit resolvers: they agree on which plain scalars are not strings."""
    resolver = yaml.resolver.Resolver()
    alphabet = "0123456789-+.:_eExXbBoOiInNaAfFtTzZlLuUyYsS ~<=!&*"
    rng = random.Random(3)
    strings = ["".join(p) for n in (1, 2) for p in itertools.product(alphabet, repeat=n)] + TOKENS
    strings += ["".join(rng.choice(alphabet) for _ in range(rng.randint(3, 10))) for _ in range(20000)]
    for s in strings:
        tag = resolver.resolve(yaml.ScalarNode, s, (True, False))
        assert bool(yamlread._TYPED(s)) == (tag != "tag:yaml.org,2002:str"), (s, tag)


def test_without_yaml_rs_pyyaml_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlread, "yaml_rs", None)
    assert yamlread._read_fast(TEXTS[0]) == (False, None)
    assert same(load_yaml(TEXTS[0]), yaml.load(TEXTS[0], Loader=yaml.CSafeLoader))


def test_syntax_errors_are_pyyamls_with_a_position() -> None:
    with pytest.raises(yaml.YAMLError) as info:
        load_yaml("a: [1,\nb: 2\n")
    assert info.value.problem_mark is not None  # type: ignore[attr-defined]


# -- random documents -------------------------------------------------------------------------------------------
WORDS = [*TOKENS, "x", "Heading", "Says it", "x y", "x  y", " x", "x ", "", "|", "|-", ">", ">+", "é", "😀", "\t",
         "a\tb", "\x85", "\u2028", "\ufeff", "\x07", "\\", "\\n", "''", '""', "'x'", '"x"', "%x", "@x", "`x", "!x",
         "&x", "*x", "x: y", "x:y", "-x", "?x", ":x", "x-", "x?", "[x]", "{x}", "x,y", "x #c", "'2015-09-15'",
         '"2016-02-29"', "'10:00:00'", '"yes"', "'on'", '"8.5.1"', '"4"', "Amd 1:2024", "ISO 9001:2015", "\u00a0x"]
QUOTED = " abc'\"#:-?,[]{}\\né\t0123456789."
ESCAPES = ["\\n", "\\t", "\\\\", '\\"', "\\/", "\\x41", "\\u263A", "\\N", "\\_", "\\L", "\\P", "\\e", "\\0", " ", "a",
           "#", ":", "'", "z", "é", "1"]


def _scalar(r: random.Random) -> str:
    c = r.random()
    if c < 0.5:
        return " ".join(r.choice(WORDS) for _ in range(r.choice([1, 1, 1, 2, 3])))
    if c < 0.65:
        return "'" + "".join(r.choice(QUOTED) for _ in range(r.randint(0, 6))).replace("'", "''").replace("\n", " ") + "'"
    if c < 0.8:
        return '"' + "".join(r.choice(ESCAPES) for _ in range(r.randint(0, 5))) + '"'
    return "".join(r.choice("0123456789+-._eExXoObB:") for _ in range(r.randint(1, 6)))


def _node(r: random.Random, indent: int, depth: int, flow: bool = False) -> str:
    c, pad = r.random(), " " * indent
    if depth > 2 or c < 0.45:
        if not flow and r.random() < 0.1:
            return _scalar(r) + "\n" + pad + "  " + _scalar(r)  # a plain scalar on two lines
        if not flow and r.random() < 0.05:
            lines = "".join("\n" + pad + "  " + r.choice(WORDS) for _ in range(r.randint(0, 3)))
            return r.choice(["|", ">", "|-", ">+", "|2", ">-"]) + lines
        return _scalar(r)
    if c < 0.6 or flow:
        items = [_node(r, indent, depth + 1, True) for _ in range(r.randint(0, 3))]
        if r.random() < 0.5:
            return "[" + ", ".join(items) + (r.choice(["", ","]) if items else "") + "]"
        return "{" + ", ".join(f"{_scalar(r)}: {i}" for i in items) + "}"
    if c < 0.8:
        return "".join(f"\n{pad}- {_node(r, indent + 2, depth + 1)}" for _ in range(r.randint(1, 3)))
    return "".join(f"\n{pad}{_scalar(r)}:{r.choice([' ', ' ', '  ', ''])}{_node(r, indent + 2, depth + 1)}"
                   for _ in range(r.randint(1, 3)))


def _document(r: random.Random) -> str:
    lines = []
    for _ in range(r.randint(1, 5)):
        lines.append(f"{r.choice(['k', 'id', 'title', 'yes', '4.1', 'a b'])}: {_node(r, 2, 0)}")
        if r.random() < 0.2:
            lines.append(r.choice(["# comment: yes", "", "  # x", "#- [x]"]))
    text = "\n".join(lines) + r.choice(["\n", "", "\n\n"])
    if r.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if r.random() < 0.05:
        text = r.choice(["---\n", "%YAML 1.1\n---\n", "\ufeff", "--- "]) + text
    if r.random() < 0.05:
        text += r.choice(["...\n", "---\nb: 1\n", "&a x: *a\n"])
    return text


@settings(max_examples=400, deadline=None)
@given(st.randoms(use_true_random=False))
def test_random_documents_read_alike(r: random.Random) -> None:
    assert_reads_like_pyyaml(_document(r))


EDITS = list(" \t\n\r:-#'\"[]{},?|>!&*%@`\\0123456789.eE_+xyz") + [
    "yes", "no", "on", "010", "1:20", "- ", ": ", "\n  ", "\n- ", "  ", "\u2028", "\x85", "\ufeff", "---", "1e5", "~",
    "null", "<<", "=", "'2015-09-15'"]


@settings(max_examples=400, deadline=None)
@given(st.randoms(use_true_random=False))
def test_random_edits_of_the_bundled_catalogs_read_alike(r: random.Random) -> None:
    lines = r.choice(TEXTS).splitlines(keepends=True)
    start = r.randrange(len(lines))
    text = "".join(lines[start:start + r.randint(3, 40)])
    for _ in range(r.randint(1, 3)):
        at, op = r.randrange(len(text) + 1), r.random()
        if op < 0.4:
            text = text[:at] + r.choice(EDITS) + text[at:]
        elif op < 0.7:
            text = text[:at] + text[at + r.randint(1, 3):]
        else:
            text = text[:at] + r.choice(EDITS) + text[at + 1:]
    assert_reads_like_pyyaml(text)


@pytest.mark.parametrize("name", ["intervals.yaml", "reason_codes.yaml", "languages/words.yaml"])
def test_bundled_data_files_read_as_pyyaml_reads_them(name: str) -> None:
    import findings_validator

    path = Path(findings_validator.__file__).parent / name
    yamlread.read_data_file.cache_clear()
    got = yamlread.read_data_file(path)
    assert same(got, yaml.safe_load(path.read_text(encoding="utf-8")))
    assert yamlread.read_data_file(path) is got  # read once per process
