"""The HTML report in a real browser: the overview, the cards, the filters, the chart, printing, readable colours,
no script from any text of a report, and no network at all.

Skips (with the reason) when the Python package ``playwright`` or the Debian ``chromium`` is missing; it never
downloads a browser. Leaves screenshots in ``test-artifacts/`` (``report.png``, ``chart.png``).
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from findings_validator.models import Diagnostic, Effect, Report, ReportResult, Severity
from findings_validator.writers import render

from .regenerate import EXAMPLES, ROOT, check_example, checker, example_names

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

if importlib.util.find_spec("playwright") is None:
    pytest.skip("the playwright package is not installed (pip install playwright)", allow_module_level=True)
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402 - only once we know it is there


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Any, path: Path, results: list[ReportResult]) -> tuple[Any, list[str], list[str]]:
    """A new page showing ``results``, with the URLs it requests and the dialogs it opens (both recorded)."""
    path.write_text(render("html", results, list(checker().rules.infos())), encoding="utf-8")
    requests: list[str] = []
    dialogs: list[str] = []
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    return page, requests, dialogs


@pytest.fixture(scope="module")
def loaded(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str], str]]:
    """The page for all five examples, the URLs it requested, and its own URL."""
    path = tmp_path_factory.mktemp("html") / "report.html"
    page, requests, _ = _open(browser, path, [check_example(name) for name in example_names()])
    yield page, requests, path.as_uri()
    page.close()


def _combined() -> ReportResult:
    """The findings of every example as one integrated report: more than 20 findings, so it has the chart."""
    examples = [yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")) for name in example_names()]
    criteria = sorted({c for data in examples for c in data["audit"]["criteria"]})
    findings = [{**f, "file": "combined.yaml"} for data in examples for f in data["findings"]]
    report = Report.model_validate({"audit": {"criteria": criteria, "client": "Combined"}, "findings": findings,
                                    "file": "combined.yaml"})
    return checker().check_report(report)


@pytest.fixture(scope="module")
def combined(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, ReportResult]]:
    result = _combined()
    page, _, _ = _open(browser, tmp_path_factory.mktemp("html") / "combined.html", [result])
    yield page, result
    page.close()


def _visible(page: Any) -> list[tuple[str, str, str]]:
    cards = page.locator("article.card")
    return [(cards.nth(i).get_attribute("data-verdict"), cards.nth(i).get_attribute("data-grade"),
             cards.nth(i).locator("h3").inner_text())
            for i in range(cards.count()) if cards.nth(i).is_visible()]


def test_every_card_is_visible_and_screenshot(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    assert len(_visible(page)) == page.locator("article.card").count() == 50
    assert page.locator("#filter-count").inner_text() == "50 of 50 findings shown"
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "report.png"), full_page=True)


def test_verdict_filter_hides_the_others(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    page.select_option("#filter-verdict", "valid")
    shown = _visible(page)
    assert shown and {verdict for verdict, _, _ in shown} == {"valid"}
    assert len(shown) == page.locator('article.card[data-verdict="valid"]').count()
    page.select_option("#filter-verdict", "")
    assert len(_visible(page)) == 50


def test_grade_filter_and_both_together(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    page.select_option("#filter-grade", "minor")
    shown = _visible(page)
    assert shown and {grade for _, grade, _ in shown} == {"minor"}
    page.select_option("#filter-verdict", "invalid")
    both = _visible(page)
    assert both and all(v == "invalid" and g == "minor" for v, g, _ in both) and len(both) < len(shown)
    page.select_option("#filter-verdict", "")
    page.select_option("#filter-grade", "")


def test_printing_shows_every_card_and_no_filters(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    page.select_option("#filter-verdict", "valid")
    page.emulate_media(media="print")
    try:
        assert len(_visible(page)) == 50
        assert not page.locator("nav.filters").is_visible()
    finally:
        page.emulate_media(media="screen")
        page.select_option("#filter-verdict", "")


def test_no_network_request(loaded: tuple[Any, list[str], str]) -> None:
    page, requests, url = loaded
    page.reload()
    assert set(requests) == {url}


def test_each_report_opens_with_an_overview_of_its_findings(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    sections = page.locator("section.report")
    assert sections.count() == 5
    for i in range(sections.count()):
        section = sections.nth(i)
        rows = section.locator("table.overview tbody tr")
        cards = section.locator("article.card")
        assert rows.count() == cards.count() == 10
        assert section.locator("table.overview thead th").all_inner_texts() == [
            "FINDING", "GRADE", "CITED", "VERDICT", "WHY"]  # shown upper-case by the stylesheet
        for j in range(rows.count()):
            row, card = rows.nth(j), cards.nth(j)
            assert row.locator("a").get_attribute("href") == "#" + card.get_attribute("id")
            assert row.locator("a").inner_text() == card.locator("h3").inner_text()
            assert row.locator(".badge").inner_text() == card.locator("header .badge").inner_text()
            assert row.locator("td").nth(4).inner_text() == card.locator("p.reason").inner_text() != ""
        box = lambda selector: section.locator(selector).first.bounding_box()  # noqa: E731
        assert box("table.overview")["y"] < box("article.card")["y"] < box("ul.checks")["y"]


def test_no_token_reaches_the_reader(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    text = page.locator("body").inner_text()
    assert "reclassify as NC" in text and "downgrade to OFI" in text
    assert not [t for t in ("downgrade_to_ofi", "reclassify_as_nc", "upgrade_to_major", "(audit.") if t in text]


def test_the_report_checks_come_after_the_findings_and_are_linked(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    link = page.locator("section.report").first.locator("p.counts a")
    assert link.inner_text() == "8 checks on the report as a whole after the findings"
    link.click()
    heading = page.locator(link.get_attribute("href"))
    assert heading.inner_text() == "Checks on the report as a whole"
    assert 0 <= heading.bounding_box()["y"] < 900
    page.evaluate("window.scrollTo(0, 0)")


def test_a_row_of_the_overview_leads_to_its_card(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    page.locator('table.overview a[href="#finding-27"]').click()
    assert page.evaluate("location.hash") == "#finding-27"
    top = page.locator("#finding-27").bounding_box()["y"]
    assert -1 < top < 900  # at the top of the viewport, give or take the sub-pixel rounding of the scroll
    page.evaluate("window.scrollTo(0, 0)")


def test_the_filters_hide_overview_rows_with_their_cards(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    page.select_option("#filter-verdict", "invalid")
    rows = page.locator("table.overview tbody tr")
    visible = [rows.nth(i).get_attribute("data-verdict") for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert visible and set(visible) == {"invalid"} and len(visible) == len(_visible(page))
    assert page.locator("#filter-count").inner_text() == f"{len(visible)} of 50 findings shown"
    page.emulate_media(media="print")
    try:
        assert all(rows.nth(i).is_visible() for i in range(rows.count()))
    finally:
        page.emulate_media(media="screen")
        page.select_option("#filter-verdict", "")
    assert all(rows.nth(i).is_visible() for i in range(rows.count()))


def test_no_chart_for_reports_of_twenty_findings_or_fewer(loaded: tuple[Any, list[str], str]) -> None:
    page, _, _ = loaded
    assert page.locator("svg").count() == 0


def test_the_chart_counts_every_finding_by_verdict_and_clause_area(combined: tuple[Any, ReportResult]) -> None:
    page, result = combined
    chart = page.locator("figure.chart svg.verdict-chart")
    assert chart.count() == 1 and chart.is_visible()
    segments = chart.locator("rect")
    by_verdict: dict[str, int] = {}
    for i in range(segments.count()):
        verdict = segments.nth(i).get_attribute("data-verdict")
        by_verdict[verdict] = by_verdict.get(verdict, 0) + int(segments.nth(i).get_attribute("data-count"))
        assert segments.nth(i).bounding_box()["width"] > 0
    expected: dict[str, int] = {}
    for finding in result.findings:
        expected[finding.verdict.value] = expected.get(finding.verdict.value, 0) + 1
    assert by_verdict == expected and sum(by_verdict.values()) == 50
    rows = chart.locator("g.row")
    totals = [int(rows.nth(i).locator("text.total").text_content()) for i in range(rows.count())]
    assert sum(totals) == 50 and rows.count() > 4
    labels = [rows.nth(i).locator("text.area").text_content() for i in range(rows.count())]
    assert "ISO/IEC 27001:2022 A.8" in labels and "ISO 9001:2015 clause 7" in labels
    assert page.locator("ul.legend li").all_inner_texts() == [
        word for word, token in (("valid", "valid"), ("invalid", "invalid"), ("downgrade to OFI", "downgrade_to_ofi"),
                                 ("reclassify as NC", "reclassify_as_nc"), ("upgrade to major", "upgrade_to_major"))
        if token in expected]
    assert page.locator("script").count() == 1
    chart.scroll_into_view_if_needed()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-artifacts" / "chart.png"))


FIELDS = ("criteria", "client", "certification_body", "scope", "site_of_audit", "exclusion", "leader", "member",
          "objective", "conclusion", "recommendation", "id", "clause", "requirement", "statement", "evidence",
          "process", "site", "auditee", "file", "rule", "message", "suggestion", "source", "title",
          "report_rule", "report_message", "report_title", "previous_finding")


def payload(name: str) -> str:
    """Markup that would run a script or fetch an image if it reached the page unescaped."""
    return (f"<img src=x onerror=\"window.__xss='{name}'\"><script>window.__xss='{name}';alert(1)</script>"
            f"\"'><svg onload=\"window.__xss='{name}'\"><b>{name}</b>")


def _attacked() -> ReportResult:
    p = payload
    audit = {"criteria": ["ISO 9001:2015", p("criteria")], "client": p("client"),
             "certification_body": p("certification_body"), "scope": p("scope"), "sites": [p("site_of_audit")],
             "exclusions": [p("exclusion")], "team": {"leader": p("leader"), "members": [p("member")]},
             "objectives": [p("objective")], "conclusion": p("conclusion"), "recommendation": p("recommendation"),
             "type": "surveillance", "previous_findings": [{"id": p("previous_finding"), "status": "open"}]}
    finding = {"id": p("id"), "grade": "minor", "clause": p("clause"), "requirement": p("requirement"),
               "statement": p("statement"), "evidence": [p("evidence")], "process": p("process"), "site": p("site"),
               "auditee": p("auditee"), "file": p("file"), "line": 7}
    result = checker().check_report(Report.model_validate({"audit": audit, "findings": [finding], "file": p("file")}))
    own = Diagnostic(p("rule"), Severity.ERROR, p("message"), p("suggestion"), p("source"), Effect.REJECT,
                     p("id"), p("file"), 9, 1, p("title"))
    report_level = Diagnostic(p("report_rule"), Severity.WARNING, p("report_message"), file=p("file"), line=2,
                              title=p("report_title"))
    first = dataclasses.replace(result.findings[0], diagnostics=(*result.findings[0].diagnostics, own))
    return dataclasses.replace(result, findings=(first,), diagnostics=(*result.diagnostics, report_level))


def test_no_text_of_a_report_can_run_a_script(browser: Any, tmp_path: Path) -> None:
    page, requests, dialogs = _open(browser, tmp_path / "attack.html", [_attacked()])
    try:
        page.select_option("#filter-verdict", "invalid")
        page.locator("table.overview a").first.click()
        assert page.evaluate("window.__xss") is None and dialogs == []
        assert page.locator("img, iframe, object, embed, b").count() == 0
        assert page.locator("svg").count() == 0 and page.locator("script").count() == 1
        shown = page.locator("body").inner_text()
        missing = [name for name in FIELDS if payload(name) not in shown]
        assert not missing
        assert set(requests) == {(tmp_path / "attack.html").as_uri()}
    finally:
        page.close()


CONTRAST = """() => {
  const pairs = [];
  const rgba = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) { return c.slice(0, 3); }
    }
    return [255, 255, 255];
  };
  for (const el of document.querySelectorAll("body *")) {
    if (["SCRIPT", "STYLE", "OPTION"].includes(el.tagName)) { continue; }
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) { continue; }
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") { continue; }
    const colour = el instanceof SVGElement ? style.fill : style.color;
    pairs.push([el.tagName + "." + el.getAttribute("class"), rgba(colour).slice(0, 3), background(el)]);
  }
  return pairs;
}"""


def _ratio(one: list[float], other: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("media", ["screen", "print"])
def test_every_text_has_a_contrast_of_at_least_4_5(combined: tuple[Any, ReportResult], media: str) -> None:
    page, _ = combined
    page.emulate_media(media=media)
    try:
        pairs = page.evaluate(CONTRAST)
    finally:
        page.emulate_media(media="screen")
    assert len(pairs) > 500
    low = sorted({(name, round(_ratio(fg, bg), 2)) for name, fg, bg in pairs if _ratio(fg, bg) < 4.5})
    assert not low
