"""Property tests: every catalog node, written the ways auditors write it, resolves back to itself; no input crashes
the parser; parse → render → parse is stable."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from findings_validator.catalog import Catalogs, Clause, load_catalogs
from findings_validator.citations import Criteria, find_citations, parse_citations, resolve, resolve_field
from findings_validator.errors import CitationSyntaxError

CATALOGS = load_catalogs(use_cache=False)
NODES: list[Clause] = sorted(CATALOGS.iter_clauses(), key=lambda c: c.key)
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_CLAUSE_WORDS = ["", "cl. ", "Cl ", "CL.", "clause ", "Clause ", "§", "§ ", "section ", "para "]
_OTHER_NAMES = {  # usual spellings of each standard, besides its canonical name
    "ISO/IEC 27001": ["ISO 27001", "BS EN ISO/IEC 27001", "iso/iec 27001"],
    "ISO 9001": ["BS EN ISO 9001", "ISO9001", "DIN EN ISO 9001"],
    "ISO 14001": ["BS EN ISO 14001", "EN ISO 14001"],
    "ISO 45001": ["BS ISO 45001", "AS/NZS ISO 45001"],
    "OHSAS 18001": ["BS OHSAS 18001"],
}


@st.composite
def standard_prefix(draw: st.DrawFn, standard: str, year: int, lone_number: bool) -> tuple[str, str]:
    """(before, after): the standard written before the id ("ISO 9001:2015 ") or after it (" of ISO 9001:2015").

    A lone number after a comma or dash is not read as a clause ("ISO 9001:2015, 8 sites"), so ``lone_number``
    leaves those separators out."""
    name = draw(st.sampled_from([standard, *_OTHER_NAMES.get(standard, [])]))
    number = standard.split()[-1]
    written = draw(st.sampled_from([
        f"{name}:{year}", f"{name} : {year}", f"{name} ({year})", f"{name}-{year}", f"{name} {year}",
        f"{number}:{year}", f"{name}:{year}/Amd 1:2024",
    ]))
    places = ["none", "before", "after"] + ([] if lone_number else ["before,", "before -"])
    place = draw(st.sampled_from(places))
    if place == "none":
        return "", ""
    if place == "after":
        return "", f" {draw(st.sampled_from(['of', 'in', 'per']))} {name}:{year}"
    return written + {"before": " ", "before,": ", ", "before -": " - "}[place], ""


@st.composite
def items_text(draw: st.DrawFn, clause: Clause) -> tuple[str, tuple[str, ...]]:
    """Lettered items of ``clause`` as written, and the letters they mean."""
    if not clause.items or draw(st.booleans()):
        return "", ()
    letters = clause.items
    if len(letters) >= 2 and draw(st.booleans()):  # a range
        first = draw(st.integers(0, len(letters) - 2))
        last = draw(st.integers(first + 1, len(letters) - 1))
        a, b = letters[first], letters[last]
        joiner = draw(st.sampled_from(["-", " - ", " to ", "–", " through "]))
        wrap = draw(st.sampled_from(["{}) ", "({}) "]))
        text = " " + wrap.format(a).strip() + joiner + wrap.format(b).strip()
        return text, letters[first:last + 1]
    chosen = draw(st.lists(st.sampled_from(letters), min_size=1, max_size=3, unique=True))
    if len(chosen) == 1:
        style = draw(st.sampled_from([" {})", "({})", " ({})", ".{}", " {}).", " {})"]))
        letter = chosen[0].upper() if draw(st.booleans()) else chosen[0]
        return style.format(letter).rstrip("."), tuple(chosen)
    joiner = draw(st.sampled_from([" and ", ", ", " & ", "/", " or ", " "]))
    wrap = draw(st.sampled_from(["{})", "({})"]))
    return " " + joiner.join(wrap.format(c) for c in chosen), tuple(chosen)


@st.composite
def written_node(draw: st.DrawFn) -> tuple[Clause, str, tuple[str, ...]]:
    """A catalog node, how an auditor might write it, and the items that text names."""
    clause = draw(st.sampled_from(NODES))
    edition = CATALOGS.editions[clause.edition]
    word = draw(st.sampled_from(_CLAUSE_WORDS))
    before, after = draw(standard_prefix(edition.standard, edition.year, "." not in clause.id and not word))
    if clause.id.isalpha():  # a whole annex
        body = draw(st.sampled_from([f"Annex {clause.id}", f"annex {clause.id.lower()}", f"ANNEX {clause.id}"]))
        return clause, before + body + after, ()
    if clause.annex:
        digits = clause.id[2:]
        styles = [clause.id, f"Annex {clause.id}", clause.id.lower()]
        if "." in digits:
            styles += [f"A {digits}", f"A. {digits}"]
        if clause.kind == "annex_control" and clause.annex == "A":
            styles += [f"Annex A control {digits}", f"control {clause.id}", f"Control A {digits}",
                       f"control {digits}", f"Annex A control {clause.id}"]
            if digits not in edition.clauses:  # a bare "5.23" means A.5.23 only where no clause 5.23 exists
                styles.append(digits)
        body = draw(st.sampled_from(styles))
    else:
        body = word + clause.id
    items, letters = draw(items_text(clause)) if edition.items_known else ("", ())
    title = draw(st.sampled_from(["", f" {clause.title}"])) if clause.title and not after and not items else ""
    return clause, before + body + items + title + after, letters


@PROPS
@given(written_node())
@example((CATALOGS.clause("ISO 9001:2015/7.1.5.2"), "ISO 9001 (2015) clause 7.1.5.2 a)", ("a",)))
@example((CATALOGS.clause("ISO/IEC 27001:2022/A.8.15"), "Annex A control 8.15", ()))
@example((CATALOGS.clause("ISO/IEC 27001:2022/A.5.23"), "5.23", ()))
@example((CATALOGS.clause("ISO/IEC 27001:2013/A.12.4.1"), "ISO 27001:2013 A 12.4.1", ()))
@example((CATALOGS.clause("ISO 9001:2015/A"), "ISO 9001:2015, Annex A", ()))
@example((CATALOGS.clause("ISO 9001:2015/5.2"), "5.2 Quality policy", ()))
def test_every_node_resolves_to_itself(written: tuple[Clause, str, tuple[str, ...]]) -> None:
    clause, text, letters = written
    note(f"{clause.key!r} written as {text!r}")
    criteria = Criteria.of([clause.edition], CATALOGS)
    citations = parse_citations(text)
    assert len(citations) == 1, [c.render() for c in citations]
    resolution = resolve(citations[0], criteria, CATALOGS)
    note(f"{resolution.status.value}: {resolution.reason}")
    assert resolution.clauses == (clause.key,)
    assert resolution.items == letters
    assert resolution.status.value in ("exact", "too_broad", "not_a_requirement")


_PIECES = [
    "8.5.1", "7.1.5.2", "A.8.15", "A 5.23", "5.23", "c)", "(c)", ".c", "a)-d)", "to", "and", "or", ",", ";", "&",
    "/", "-", "clause", "cl.", "§", "section", "Annex", "A", "control", "ISO", "ISO/IEC", "BS EN", "9001", ":2015",
    "(2015)", "27001:2022", "/Amd 1:2024", "NOTE", "Note 1", "of", "procedure", "QP-07", "1)", "(2)", "12.03.2024",
    "21.5", "°C", "the", "records", "(", ")", ".", ":", "'", "\"", "OHSAS 18001:2007", "4.4.6", "_", "\n", "\t",
    "WI 12.3", "EP-07", "para 2", "§3", "s.6", "(ii)", "iv)", "[c]", "Clause Ref:", "Ref.", "14001", "45001 6.1.2.1",
    "COSHH 2002 reg 7", "GDPR Art. 32", "NIST CSF", "HSG65", "Regulations 2005", "Act", "Quality Manual", "|", " / ",
    " + ", "rev C", "SOP-IT-04",
]
_texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.printable, max_size=40),
    st.lists(st.sampled_from(_PIECES), max_size=10).map(" ".join),
    st.lists(st.sampled_from(_PIECES), max_size=10).map("".join),
)


@PROPS
@given(_texts)
@example("ISO 9001:2015 Annex")
@example("clause 8.5.1 c) to")
@example("a_b")
@example("8.5.1 1)")
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        parse_citations(text)
    except CitationSyntaxError as exc:
        assert 1 <= exc.column <= len(text) + 1
    find_citations(text)


@PROPS
@given(_texts)
@example("7.5.3.2 c) WI 12.3 ; ???")
@example("Clause Ref: 8.2 / COSHH 2002 reg 7 | see photo")
@example("HS-SOP-22 Guillotine ??, para 4.1 and & 4.3, §")
@example("Hospital Policy HS-POL-12, section 5.2 and\nQP-08 x, para 4.1, 4.2 and")
@example("Code of Practice (20, s. §5.3 s.; IEC 62443-3-3 SR SR 5.1 - - 4")
@example("guidelines, s." + " section 8.5.1" * 40)
def test_reading_a_field_never_raises_and_points_into_it(text: str) -> None:
    """A clause field read as the checker reads it: never an exception, every part located in the text."""
    criteria = Criteria.of(["ISO 9001:2015", "ISO 45001:2018"], CATALOGS)
    for resolution in resolve_field(text, criteria, CATALOGS):
        citation = resolution.citation
        assert 0 <= citation.start <= citation.end <= len(text)
        assert citation.text == text[citation.start:citation.end].strip() or citation.document or citation.reference


def _stable(text: str) -> None:
    try:
        citations = parse_citations(text)
    except CitationSyntaxError:
        return
    for citation in citations:
        rendered = citation.render()
        note(f"{citation.text!r} rendered as {rendered!r}")
        again = parse_citations(rendered)
        assert [c.key() for c in again] == [citation.key()]
        assert again[0].render() == rendered


@PROPS
@given(written_node())
def test_render_round_trip_of_written_nodes(written: tuple[Clause, str, tuple[str, ...]]) -> None:
    _stable(written[1])


@PROPS
@given(_texts)
@example("ISO/IEC 27001:2013/Cor 2:2015 A.12.4.1")
@example("9.3.2 b) 1) c) 2)")
@example("ISO 9001:2015 procedure QP-07")
@example("7.1.5.1 c) Note 2")
def test_render_round_trip_of_any_text(text: str) -> None:
    _stable(text)


@pytest.mark.parametrize("text", [
    "The organization did not retain documented information, contrary to the requirements of clause 8.5.1 c) of "
    "ISO 9001:2015.",
    "see ISO 9001:2015 7.1.5.2 a) and 7.5.3",
])
def test_prose_spans_point_into_the_text(text: str) -> None:
    for citation in find_citations(text):
        assert text[citation.start:citation.end].strip() == citation.text
        assert citation.text


def test_memoised_results_are_values() -> None:
    """The parser and resolver memoise; what they return must be immutable, or one caller could spoil another."""
    first = parse_citations("8.5.1 c)")
    assert parse_citations("8.5.1 c)") is first
    assert isinstance(first, tuple)
    with pytest.raises(AttributeError):
        first[0].clause = "9.9"  # type: ignore[misc]


def test_resolution_to_dict(catalogs: Catalogs) -> None:
    criteria = Criteria.of(["ISO 9001:2015"], catalogs)
    (resolution,) = [resolve(c, criteria, catalogs) for c in parse_citations("ISO 9001:2008 4.2.3")]
    assert resolution.to_dict() == {
        "text": "ISO 9001:2008 4.2.3",
        "status": "obsolete_edition",
        "clauses": ["ISO 9001:2008/4.2.3"],
        "titles": ["Control of documents"],
        "items": [],
        "suggestions": ["ISO 9001:2015 7.5.2", "ISO 9001:2015 7.5.3"],
        "reason": resolution.reason,
    }


def _prose_texts() -> list[str]:
    """Every text of the corpus (statements, evidence, requirements) and the prose cases of cases.yaml."""
    import json
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parent.parent
    texts: list[str] = []
    for line in (root / "corpus" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        finding = json.loads(line).get("finding", {})
        for key in ("statement", "evidence", "requirement"):
            value = finding.get(key)
            texts.extend(value if isinstance(value, list) else [value] if isinstance(value, str) else [])
    for group in yaml.safe_load((Path(__file__).with_name("cases.yaml")).read_text(encoding="utf-8"))["groups"]:
        if group.get("mode") == "prose":
            texts.extend(case["text"] for case in group["cases"])
    return texts


def test_may_cite_is_true_wherever_a_citation_other_than_a_document_is_found() -> None:
    """``may_cite`` lets ``details`` skip the parser: it may say yes wrongly, never no."""
    from findings_validator.citations.parser import may_cite

    texts = _prose_texts()
    assert len(texts) > 300
    skipped = 0
    for text in texts:
        if not may_cite(text):
            skipped += 1
            assert all(c.document for c in find_citations(text)), text
    assert skipped > len(texts) // 4  # it does skip texts


_PROSE_PIECES = ["clause", "cl.", "Clause", "section", "§", "control", "Annex", "annex A", "A.8.15", "A 5.1", "A.5",
                 "ISO", "iso", "IEC", "ISO/IEC", "BS EN", "OHSAS", "IATF", "AS/NZS", "9001", "27001", "14001:2015",
                 ":2015", "(2015)", "-2015", "7.1.5.2", "8.5.1", "a)", "(b)", "c", "and", "or", "of", "in", "to",
                 ",", ";", "/", "-", ":", "(", ")", ".", "QP-07", "WI 12.3", "procedure", "policy HR/POL/003",
                 "note", "the", "records", "3 of 12", "2024-03-01", "TW-04", "was", "not", "uncle", "cle", "parasec",
                 "controlled", "annexed", "\n", "é", "clé", "ACL-30", "DCL-20", "x_cl", "12cl 4.1", "'cl 4.1",
                 "Isolation", "A.8.15a"]


@given(st.lists(st.sampled_from(_PROSE_PIECES), max_size=12), st.lists(st.sampled_from(["", " ", "  "]), min_size=12,
                                                                        max_size=12))
@PROPS
def test_may_cite_never_misses_a_citation_in_random_prose(pieces: list[str], gaps: list[str]) -> None:
    from findings_validator.citations.parser import may_cite

    text = "".join(piece + gap for piece, gap in zip(pieces, gaps))
    if not may_cite(text):
        assert all(c.document for c in find_citations(text)), text


@given(st.lists(st.sampled_from(_PROSE_PIECES + ["CL", "Sect", "PARAGRAPH", "Controls", "ANNEX", "a 12.3", "A. 5.1",
                                                 "comparison", "piece", "DIN EN ISO", "as/nzs", "ACL-30", "_"]),
                max_size=8), st.sampled_from(["", " ", "."]))
@PROPS
def test_the_ascii_search_finds_what_the_grammars_terminals_find(pieces: list[str], gap: str) -> None:
    """The lower-case search ``may_cite`` uses for ASCII text finds every match of the grammar's terminals where
    a token can start (at the start or after anything but a letter)."""
    from findings_validator.citations.parser import _ASCII_WORDS, _anchors

    text = gap.join(pieces).encode("ascii", "ignore").decode()
    anchors = _anchors()
    starts = [p for p in range(len(text)) if p == 0 or not text[p - 1].isalpha()]
    words = ("CLAUSE_WORD", "CONTROL_WORD", "ANNEX_WORD", "ANNEX_ID")
    terminals = any(anchors[name].match(text, p) for name in words for p in starts)
    publisher = any(anchors["PUBLISHER"].match(text, p) for p in starts)
    ascii_ = _ASCII_WORDS.search(text.lower()) is not None
    assert ascii_ or not (terminals or publisher), text  # never less than the terminals
    if not any(name in text.lower() for name in ("iso", "iec", "ohsas", "iatf", "nzs")):
        assert ascii_ == terminals, text  # and no more, but for the publishers' names (looked for more widely)
