"""The HTML report in a real browser: cards shown, filters work, printing shows everything, no network at all.

Skips (with the reason) when the Python package ``playwright`` or the Debian ``chromium`` is missing; it never
downloads a browser. Leaves a screenshot in ``test-artifacts/report.png``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from findings_validator.writers import render

from .regenerate import ROOT, check_example, checker, example_names

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

if importlib.util.find_spec("playwright") is None:
    pytest.skip("the playwright package is not installed (pip install playwright)", allow_module_level=True)
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402 - only once we know it is there


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str], str]]:
    """The page for all four examples, the URLs it requested, and its own URL."""
    results = [check_example(name) for name in example_names()]
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render("html", results, list(checker().rules.infos())), encoding="utf-8")
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(path.as_uri())
            yield page, requests, path.as_uri()
        finally:
            browser.close()


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
