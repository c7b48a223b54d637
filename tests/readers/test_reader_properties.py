"""Properties: any report written in any format reads back the same; no bytes make a reader fail but with
InputError; positions point at what they name."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st
from report_render import RENDERERS, render_json

from findings_validator.errors import InputError
from findings_validator.models import Audit, Finding, Grade, Report, Waiver
from findings_validator.readers import read_report

EXAMPLES = Path(__file__).parents[2] / "examples"
_word = st.from_regex(r"[A-Za-z0-9\u00e9\u00fc][A-Za-z0-9.,/()'\u00e9-]{0,8}", fullmatch=True)
text = st.lists(_word, min_size=1, max_size=8).map(" ".join).filter(lambda t: t[0].isalpha())
clause = st.from_regex(r"(ISO 9001:2015 )?[1-9]{1,2}(\.[0-9]{1,2}){0,3}( [a-e]\))?", fullmatch=True)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    ids = draw(st.lists(st.from_regex(r"(NC|OFI|OBS)-[0-9]{2,4}", fullmatch=True), max_size=5, unique=True))
    findings = [Finding(
        id=fid, grade=draw(st.sampled_from(Grade)), clause=draw(st.lists(clause, max_size=2)),
        requirement=draw(st.none() | text), statement=draw(text), evidence=draw(st.lists(text, max_size=3)),
        process=draw(st.none() | text), site=draw(st.none() | text), auditee=draw(st.none() | text),
        waivers=draw(st.lists(st.builds(Waiver, rule=st.from_regex(r"FV[1-9][0-9]{2}", fullmatch=True),
                                        reason=text), max_size=1)),
    ) for fid in ids]
    audit = Audit(criteria=draw(st.lists(st.sampled_from(["ISO 9001:2015", "ISO/IEC 27001:2022"]), min_size=1,
                                         max_size=2, unique=True)),
                  type=draw(st.none() | st.sampled_from(["stage1", "surveillance"])),
                  exclusions=draw(st.lists(clause, max_size=2)), scope=draw(st.none() | text))
    return Report(audit=audit, findings=tuple(findings))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.sampled_from(sorted(RENDERERS)))
def test_written_in_any_format_and_read_back(report: Report, format: str) -> None:
    rendered = RENDERERS[format](report)
    note(repr(rendered))
    audit = report.audit if format == "xlsx" else None
    result = read_report(rendered, format=format, audit=audit)
    assert [f.model_dump() for f in result.report.findings] == [f.model_dump() for f in report.findings]
    assert result.report.audit == report.audit
    assert all(p.rule == "FV008" for p in result.problems)


_SEEDS = [(EXAMPLES / "iso27001-surveillance.yaml").read_bytes()[:600], b'{"audit": {"criteria": ["x"]}, "findings": [',
          b"ID,Grade\n1,minor\n", b"---\naudit: {}\n---\n## N \xc2\xb7 minor\n**Statement:** x\n"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_SEEDS), st.binary(max_size=60), st.integers(0, 600),
       st.sampled_from([None, "yaml", "json", "jsonl", "csv", "xlsx", "markdown"]))
@example(b"- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -"
         b" - - - - - - - - - - x", b"", 0, "yaml")
def test_fuzzed_bytes_only_raise_input_error(seed: bytes, noise: bytes, at: int, format: str | None) -> None:
    data = seed[:at] + noise + seed[at:]
    try:
        read_report(data, format=format)
    except InputError:
        pass


def test_positions_point_at_what_they_name() -> None:
    report = read_report(EXAMPLES / "iso27001-surveillance.yaml").report
    lines = (EXAMPLES / "iso27001-surveillance.yaml").read_text().split("\n")
    for finding in report.findings:
        for name, (line, column) in finding.positions.items():
            assert lines[line - 1][column - 1:].startswith(name), (finding.id, name)
    json_text = render_json(report)
    json_lines = json_text.split("\n")
    for finding in read_report(json_text, format="json").report.findings:
        assert (finding.line, finding.column) == finding.positions["id"]
        for name, (line, column) in finding.positions.items():
            assert json_lines[line - 1][column - 1:].startswith(f'"{name}"'), (finding.id, name)
    flat = read_report(render_json(report, indent=None), format="json").report.findings[3]
    assert flat.line == 1 and render_json(report, indent=None)[flat.column - 1:].startswith('"id": "NC-03"')


def test_markdown_and_csv_positions() -> None:
    draft = read_report(EXAMPLES / "iso9001-draft.md").report.findings[1]
    assert (draft.line, draft.column) == (34, 4)
    assert draft.positions == {"id": (34, 4), "grade": (34, 12), "clause": (34, 20), "statement": (36, 1),
                               "evidence": (39, 1)}
    csv_text = "# audit: {criteria: [x]}\nID,Grade,Statement\nN1,minor,s\n\"N2\",ofi,\"two\nlines\"\nN3,ofi,t\n"
    findings = read_report(csv_text, format="csv").report.findings
    assert [(f.line, f.positions["statement"]) for f in findings] == [(3, (3, 3)), (4, (4, 3)), (6, (6, 3))]


# JSON objects as lines of JSON Lines are written: keys and values with escapes, quotes, braces and colons in
# strings, nested objects and lists, any spacing between the tokens
_json_text = st.text(st.sampled_from('ab"\\:{}[],é\n\t '), max_size=8)
_json_values = st.recursive(st.none() | st.booleans() | st.integers() | _json_text,
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_json_text, inner, max_size=3),
                            max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_json_text, _json_values, max_size=6), st.sampled_from(["", " ", "  ", "\t"]),
       st.booleans())
def test_scanned_keys_agree_with_the_walk(obj: dict, space: str, ascii_only: bool) -> None:
    """The positions of a JSON Lines object's keys found by skipping values with the C decoder are those the walk
    by hand finds, for any keys, values and spacing."""
    from findings_validator.readers.json_reader import _scanned_keys, _walked_keys

    line = json.dumps(obj, ensure_ascii=ascii_only, separators=(f"{space},{space}", f"{space}:{space}"))
    note(line)
    assert _scanned_keys(line, 0, 3, 1 + len(space) + 1) == _walked_keys(line, 0, 3, 1 + len(space) + 1)
