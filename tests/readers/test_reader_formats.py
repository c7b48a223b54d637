"""Every format gives the same models: the shared examples, rendered in each format, and small fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from report_render import RENDERERS, render_csv, render_jsonl

from findings_validator.errors import ConfigError
from findings_validator.models import Audit, Grade, Report
from findings_validator.readers import INPUT_PROBLEMS, iter_findings, read_report

EXAMPLES = Path(__file__).parents[2] / "examples"
YAML_EXAMPLES = sorted(EXAMPLES.glob("*.yaml"))


def known(report: Report) -> list[dict[str, object]]:
    """The findings' known fields (unknown fields are not rendered in every format)."""
    return [finding.model_dump(exclude=set(finding.extra_fields)) for finding in report.findings]


@pytest.mark.parametrize("path", YAML_EXAMPLES, ids=lambda p: p.stem)
def test_examples_read_as_safe_load_would(path: Path) -> None:
    result = read_report(path)
    assert result.report.model_dump() == Report.model_validate(yaml.safe_load(path.read_text())).model_dump()
    assert result.problems == ()   # the examples make no noise of their own (reviews live beside them)


@pytest.mark.parametrize("format", sorted(RENDERERS))
@pytest.mark.parametrize("path", YAML_EXAMPLES, ids=lambda p: p.stem)
def test_examples_in_every_format(path: Path, format: str) -> None:
    reference = read_report(path).report
    audit = reference.audit if format == "xlsx" else None   # a workbook holds no audit metadata
    result = read_report(RENDERERS[format](reference), format=format, audit=audit)
    assert known(result.report) == known(reference)
    assert result.report.audit == reference.audit
    assert all(p.rule == "FV006" for p in result.problems)


def test_markdown_example_matches_its_yaml() -> None:
    draft = read_report(EXAMPLES / "iso9001-draft.md")
    assert draft.problems == ()
    assert known(draft.report) == known(read_report(EXAMPLES / "iso9001-surveillance.yaml").report)


@pytest.mark.parametrize("format", sorted(set(RENDERERS) - {"xlsx"}))
def test_format_told_from_content(format: str) -> None:
    reference = read_report(EXAMPLES / "iso27001-surveillance.yaml").report
    text = RENDERERS[format](reference)
    assert known(read_report(text).report) == known(reference)


CSV = """\
NC No;Clause Ref;Category;Nonconformity;Objective Evidence;Raised By
NC-01;8.5.1 c);Minor NC;Work instructions were not available at press PB-3.;"WI-FAB-014 absent, 2025-10-15
Operator K. Ambrose confirmed";J. Smith
"""


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_and_export_headers(delimiter: str) -> None:
    result = read_report(CSV.replace(";", delimiter), format="csv", audit={"criteria": ["ISO 9001:2015"]})
    (finding,) = result.report.findings
    assert (finding.id, finding.grade, finding.clause) == ("NC-01", Grade.MINOR, ("8.5.1 c)",))
    assert finding.evidence == ("WI-FAB-014 absent, 2025-10-15", "Operator K. Ambrose confirmed")
    assert finding.extra_fields == {"Raised By": "J. Smith"}
    assert finding.positions["evidence"] == (2, 5)
    assert [p.rule for p in result.problems] == ["FV006"]


def test_csv_column_mapping_option() -> None:
    text = "Ref,Type,Finding Text,Standard Clause\nN1,major,Text,4.4\n"
    result = read_report(text, format="csv", columns={"Finding Text": "statement"}, audit=Audit(criteria=["x"]))
    assert result.report.findings[0].statement == "Text"
    assert result.problems == ()
    with pytest.raises(ConfigError, match="did you mean 'statement'"):
        read_report(text, format="csv", columns={"Finding Text": "statment"})


def test_csv_comment_block_holds_the_audit() -> None:
    reference = read_report(EXAMPLES / "iso9001-surveillance.yaml").report
    assert render_csv(reference).startswith("# audit:\n")
    assert read_report(render_csv(reference), format="csv").report.audit == reference.audit


def test_audit_option_forms(tmp_path: Path) -> None:
    text = render_csv(read_report(EXAMPLES / "iso9001-surveillance.yaml").report, metadata=False)
    sidecar = tmp_path / "audit.yaml"
    sidecar.write_text("audit:\n  criteria: ['ISO 14001:2015']\n")
    for option in ({"criteria": ["ISO 14001:2015"]}, {"audit": {"criteria": ["ISO 14001:2015"]}},
                   Audit(criteria=["ISO 14001:2015"]), sidecar, str(sidecar)):
        result = read_report(text, format="csv", audit=option)
        assert result.report.audit.criteria == ("ISO 14001:2015",)
        assert result.problems == ()
    assert [p.rule for p in read_report(text, format="csv").problems] == ["FV002"]


def test_jsonl_stream() -> None:
    reference = read_report(EXAMPLES / "iso45001-integrated.yaml").report
    audit, items = iter_findings(render_jsonl(reference).encode(), format="jsonl")
    assert audit == reference.audit
    items = list(items)
    assert [f.model_dump() for f in items] == [f.model_dump() for f in reference.findings]
    audit, items = iter_findings(render_jsonl(reference).encode() + b'{"id": "X", "grade": "ofi", "statement": "s", '
                                 b'"owner": "B"}\n', format="jsonl")
    items = list(items)
    assert items[-2].id == "X" and items[-1].rule == "FV006"


def test_iter_findings_reads_other_formats_whole() -> None:
    text = (EXAMPLES / "iso14001-stage2.yaml").read_text(encoding="utf-8").replace("    grade:", "    owner: B\n    grade:", 1)
    audit, items = iter_findings(text, format="yaml")
    assert audit.criteria == ("ISO 14001:2015",)
    assert [getattr(item, "rule", None) for item in items][:2] == ["FV006", None]


def test_input_problems_are_listed() -> None:
    assert list(INPUT_PROBLEMS) == [*(f"FV00{n}" for n in range(1, 9)), "FV013"]   # FV009-FV012: the engine's
