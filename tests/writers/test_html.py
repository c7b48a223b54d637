"""The HTML page without a browser: self-contained, escaped, with every part the reader needs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from findings_validator.models import ReportResult, RuleInfo
from findings_validator.writers import render


class _Collect(HTMLParser):
    """Tags with their attributes, and the text, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
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
    assert "default-src 'none'" in page


def test_everything_is_escaped(result: ReportResult, rules: list[RuleInfo]) -> None:
    page = render("html", [result], rules)
    assert "<kept>" not in page and "&lt;kept&gt;" in page
    assert "<b>" not in page and "7.5.3 &lt;b&gt;" in page
    assert "Ångström &amp; &lt;Co&gt;" in page
    text = "".join(parse(page).text)
    assert 'Records "not" <kept>.' in text


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


def test_print_stylesheet(result: ReportResult, rules: list[RuleInfo]) -> None:
    css = render("html", [result], rules).split("@media print", 1)[1]
    assert "nav.filters { display: none" in css
    assert ".card[hidden] { display: block !important; break-inside: avoid" in css
