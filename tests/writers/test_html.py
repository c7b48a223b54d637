"""The HTML page without a browser: self-contained, escaped, findings first, in the reader's words."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from importlib.resources import files

import pytest

from findings_validator.citations.types import Citation, Resolution, Status
from findings_validator.models import (
    AuditType,
    Diagnostic,
    Effect,
    Finding,
    FindingResult,
    Grade,
    Places,
    ReportResult,
    RuleInfo,
    Severity,
    Verdict,
)
from findings_validator.writers import html_writer, render
from findings_validator.writers.html_chart import CHART_THRESHOLD, area

from .conftest import FILE, sample_result
from .regenerate import EXAMPLES, check_example, checker, example_names

TOKENS = ("downgrade_to_ofi", "reclassify_as_nc", "upgrade_to_major", "not_in_criteria", "obsolete_edition")


class _Collect(HTMLParser):
    """Tags with their attributes, and the text a reader sees (not the style or the script), of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(page: str) -> _Collect:
    collected = _Collect()
    collected.feed(page)
    collected.close()
    return collected


def test_self_contained(result: ReportResult, rules: list[RuleInfo]) -> None:
    page = render("html", [result], rules)
    tags = parse(page).tags
    assert not [t for t, a in tags if t in ("img", "iframe", "object", "embed", "audio", "video", "source")]
    assert [a for t, a in tags if t == "script"] == [{}]  # inline only
    assert [a for t, a in tags if t == "link"] == [{"rel": "icon", "href": "data:,"}]
    assert not re.search(r"url\(|@import|https?://(?!findings-validator)", page.split("<body>")[1])
    csp = [a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == [html_writer.CSP] and "default-src 'none'" in html_writer.CSP


def test_everything_is_escaped(result: ReportResult, rules: list[RuleInfo]) -> None:
    page = render("html", [result], rules)
    assert "<kept>" not in page and "&lt;kept&gt;" in page
    assert "<b>" not in page and "7.5.3 &lt;b&gt;" in page
    assert "Ångström &amp; &lt;Co&gt;" in page
    text = "".join(parse(page).text)
    assert 'Records "not" <kept>.' in text


def test_the_templates_escape_everything_but_our_own_css_and_js() -> None:
    assert html_writer.environment().autoescape is True
    templates = files("findings_validator.writers") / "templates"
    unescaped = [line.strip() for t in templates.iterdir() if t.name.endswith(".j2")
                 for line in t.read_text(encoding="utf-8").splitlines() if "|safe" in line or "Markup" in line]
    assert unescaped == ["{{ css|safe }}</style>", "{{ js|safe }}</script>"]


def test_audit_cards_and_diagnostics(result: ReportResult, rules: list[RuleInfo]) -> None:
    page = render("html", [result], rules)
    collected = parse(page)
    cards = [a for t, a in collected.tags if t == "article"]
    assert cards == [{"class": "card", "id": "finding-1", "data-verdict": "invalid", "data-grade": "minor"},
                     {"class": "card", "id": "finding-2", "data-verdict": "valid", "data-grade": "major"}]
    text = " ".join(collected.text)
    for expected in ("CB, Ltd", "surveillance", "ISO 9001:2015", "not ready: 1 nonconformities need rework",
                     "Control of documented information", "Sample: 3/10 — résumé", "FV302",
                     "Name the records, dates.", "The report has no conclusion.",
                     "2 findings: 1 valid, 1 invalid · 2 errors, 2 warnings, 1 info"):
        assert expected in text, expected
    options = [a["value"] for t, a in collected.tags if t == "option"]
    assert options == ["", "valid", "invalid", "", "major", "minor"]


def test_overview_comes_first_and_links_to_every_card(result: ReportResult, rules: list[RuleInfo]) -> None:
    page = render("html", [result], rules)
    assert page.index('<table class="overview">') < page.index("<article") < page.index("as a whole</h3>")
    rows = re.findall(r'<tr data-verdict="(\w+)" data-grade="(\w+)"><td><a href="#(finding-\d)">(.*?)</a></td>'
                      r"<td>(.*?)</td><td>(.*?)</td><td>.*?>(.*?)</span></td><td>(.*?)</td></tr>", page)
    assert rows == [("invalid", "minor", "finding-1", "NC-1", "minor", "ISO 9001:2015 7.5.3", "invalid",
                     "evidence is vague"),
                    ("valid", "major", "finding-2", "MAJ-1", "major", "8.5.1", "valid",
                     "to check: waiver for a rule that did not fire")]
    ids = {a["id"] for t, a in parse(page).tags if t == "article"}
    assert {href for _, _, href, *_ in rows} == ids


def test_each_card_names_its_file_and_lines(result: ReportResult, rules: list[RuleInfo]) -> None:
    page = render("html", [result], rules)
    card = page.split('id="finding-1"')[1].split("</article>")[0]
    assert '<span class="where">reports/site a/audit.yaml, line 12</span>' in card
    assert '<span class="where">line 14</span>' in card  # the diagnostic's own line, in the card's file


def test_a_word_document_is_named_by_its_places(rules: list[RuleInfo]) -> None:
    result = sample_result()
    report = result.report.model_copy(update={"places": Places((1, 10), ("paragraph 1", "table 1, row 2"))})
    page = render("html", [dataclasses.replace(result, report=report)], rules)
    assert '<span class="where">reports/site a/audit.yaml, table 1, row 2</span>' in page


@pytest.mark.parametrize("name", example_names())
def test_verdicts_are_words_and_report_checks_name_no_field(name: str) -> None:
    page = render("html", [check_example(name)], list(checker().rules.infos()))
    text = " ".join(parse(page).text)
    assert not [token for token in TOKENS if token in text]
    checks = page.split("as a whole</h3>")[1] if "as a whole</h3>" in page else ""
    shown = " ".join(parse(checks).text)
    assert not re.search(r"\baudit\.\w+|Add '|\w+:'", shown), shown


def test_the_wording_covers_every_report_check_and_every_value() -> None:
    wording = html_writer.wording()
    report_rules = {info.id for info in checker().rules.infos() if info.scope == "report"}
    assert report_rules and report_rules <= set(wording["report_checks"])
    for rule, entry in wording["report_checks"].items():
        assert entry["section"] in wording["sections"], rule
        assert entry["what"].endswith(".") and entry["why"].endswith("."), rule
        assert not re.search(r"\baudit\.\w+|\w+:'", entry["what"] + " " + entry["why"]), rule
    labels = wording["labels"]
    for kind, enum in (("verdict", Verdict), ("grade", Grade), ("severity", Severity), ("status", Status),
                       ("audit_type", AuditType)):
        assert sorted(labels[kind]) == sorted(v.value for v in enum), kind


def test_a_report_check_tells_what_is_missing_and_why() -> None:
    result = check_example("iso9001-surveillance")
    page = render("html", [result], list(checker().rules.infos()))
    checks = page.split("as a whole</h3>")[1]
    assert "<h4>What the report must contain (ISO/IEC 17021-1 9.4.8)</h4>" in checks
    assert "The report does not state what the audit set out to achieve (its objectives)." in checks
    assert "The audit&#39;s conclusions are judged against the objectives it was planned to meet." in checks
    assert "ISO/IEC 17021-1:2015 9.4.8.2 d)" in checks
    assert checks.index("must contain") < checks.index("must cover")


def test_an_unknown_report_check_falls_back_to_its_title_and_message(rules: list[RuleInfo]) -> None:
    result = sample_result()
    page = render("html", [result], rules)
    checks = page.split("as a whole</h3>")[1]
    assert "<h4>Other checks on the report</h4>" in checks
    assert '<p class="what">report has no conclusion</p>' in checks
    assert '<p class="details">The report has no conclusion.</p>' in checks


def _finding(number: int, verdict: Verdict, clause: str) -> FindingResult:
    finding = Finding.model_validate({"id": f"NC-{number}", "grade": "minor", "clause": clause, "file": FILE})
    citation = Resolution(Citation(clause, 0, len(clause)), Status.EXACT, (clause,))
    return FindingResult(finding, verdict, (), (citation,))


def test_the_reason_is_the_diagnostic_that_decided_the_verdict() -> None:
    reject = Diagnostic("FV302", Severity.ERROR, "vague", effect=Effect.REJECT, title="evidence is vague")
    reclassify = Diagnostic("FV601", Severity.ERROR, "an NC", effect=Effect.RECLASSIFY, title="OFI records an NC")
    warning = Diagnostic("FV701", Severity.WARNING, "No effect shown.")
    finding = _finding(1, Verdict.VALID, "ISO 9001:2015/7.5.3").finding
    assert html_writer.reason(FindingResult(finding, Verdict.RECLASSIFY_AS_NC, (reject, reclassify))) == \
        "OFI records an NC"
    assert html_writer.reason(FindingResult(finding, Verdict.INVALID, (warning, reject))) == "evidence is vague"
    assert html_writer.reason(FindingResult(finding, Verdict.VALID, (warning,))) == "to check: No effect shown."
    assert html_writer.reason(FindingResult(finding, Verdict.VALID)) == "no problem found"


def test_clause_areas() -> None:
    assert area(_finding(1, Verdict.VALID, "ISO 9001:2015/7.1.5.2")) == ("ISO 9001:2015", "clause 7")
    assert area(_finding(1, Verdict.VALID, "ISO/IEC 27001:2022/A.8.15")) == ("ISO/IEC 27001:2022", "A.8")
    assert area(FindingResult(_finding(1, Verdict.VALID, "x").finding, Verdict.INVALID)) == ("", "no clause found")


@pytest.mark.parametrize("count", [CHART_THRESHOLD, CHART_THRESHOLD + 1])
def test_the_chart_is_drawn_above_the_threshold(count: int, rules: list[RuleInfo]) -> None:
    clauses = ["ISO 9001:2015/7.5.3", "ISO 9001:2015/10.2.1", "ISO 9001:2015/8.5.1", "ISO/IEC 27001:2022/A.5.1"]
    verdicts = list(Verdict)
    findings = tuple(_finding(n, verdicts[n % 5], clauses[n % 4]) for n in range(count))
    page = render("html", [ReportResult(FILE, None, findings)], rules)
    if count <= CHART_THRESHOLD:
        assert "<svg" not in page
        return
    svg = page.split("<svg", 1)[1].split("</svg>")[0]
    areas = re.findall(r'data-area="([^"]+)"', svg)
    assert areas == ["ISO 9001:2015 clause 7", "ISO 9001:2015 clause 8", "ISO 9001:2015 clause 10",
                     "ISO/IEC 27001:2022 A.5"]
    counts = [int(n) for n in re.findall(r'data-count="(\d+)"', svg)]
    assert sum(counts) == count
    titles = re.findall(r"<title>([^<]+)</title>", svg)
    assert len(titles) == len(counts) and all(re.fullmatch(r"[\w/ .:]+: \d+ [a-zA-Z ]+", t) for t in titles)
    assert not [t for t in titles if "_" in t]
    assert not re.search(r"<script|href=|xlink", svg)
    legend = page.split('<ul class="legend">')[1].split("</ul>")[0]
    assert [w for w in re.findall(r"</span>([^<]+)</li>", legend)] == [
        "valid", "invalid", "downgrade to OFI", "reclassify as NC", "upgrade to major"]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_text_colour_of_the_stylesheet_reads_on_its_background() -> None:
    css = (files("findings_validator.writers") / "assets" / "report.css").read_text(encoding="utf-8")
    declared = re.findall(r"--([\w-]+): #([0-9a-f]{6}|[0-9a-f]{3})\b", css.split("}", 1)[0])
    colours = {name: "#" + (value if len(value) == 6 else "".join(c * 2 for c in value)) for name, value in declared}
    colours["white"] = "#ffffff"
    pairs = [("fg", "bg"), ("fg", "card"), ("muted", "bg"), ("muted", "card"), ("info", "card"), ("ok", "card"),
             ("ok", "bg")]
    badges = re.findall(r"\.badge\.verdict-\w+ \{ background: var\(--([\w-]+)\)", css)
    assert len(badges) == len(Verdict)
    pairs += [("white", badge) for badge in badges]
    low = {(fg, bg): round(contrast(colours[fg], colours[bg]), 2) for fg, bg in pairs
           if contrast(colours[fg], colours[bg]) < 4.5}
    assert not low


def test_print_stylesheet(result: ReportResult, rules: list[RuleInfo]) -> None:
    css = render("html", [result], rules).split("@media print", 1)[1]
    assert "nav.filters { display: none" in css
    assert ".card[hidden] { display: block !important; break-inside: avoid" in css
    assert "table.overview tr[hidden] { display: table-row !important; }" in css


def test_cards_give_the_lines_of_the_report_file_read() -> None:
    from findings_validator.readers import read_report

    read = read_report(EXAMPLES / "iso27001-surveillance.yaml")
    report, path = read.report, read.report.file
    lines = (EXAMPLES / "iso27001-surveillance.yaml").read_text(encoding="utf-8").splitlines()
    page = render("html", [checker().check_report(report, read.problems)], list(checker().rules.infos()))
    for finding in report.findings:
        assert finding.line > 0 and finding.id in lines[finding.line - 1]
        assert f"<h3>{finding.id}</h3>" in page
        assert f'<span class="where">{path}, line {finding.line}</span>' in page
