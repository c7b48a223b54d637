"""Shared fixtures of the catalog tests (the bundled catalogs are the session fixture of tests/conftest.py): a small
made-up standard written into a temporary directory, for tests that need files of their own."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

OLD_EDITION = """\
    # A made-up standard, old edition.
    format: 1
    standard: ISO 99999
    edition: 2020
    title: Made-up management systems — Requirements
    status: withdrawn
    withdrawn: 2033-06-30
    transition_end: 2033-06-30
    clauses:
      - id: "4"
        title: Context of the organization
        requirement: false
        summary: Heading.
      - id: "4.1"
        title: Issues
        requirement: true
        summary: Know the issues.
      - id: "4.2"
        title: Interested parties
        requirement: true
        items: [a, b]
        summary: Know who cares.
"""

NEW_EDITION = """\
    # A made-up standard, new edition: what a user adds for an edition published after this release.
    format: 1
    standard: ISO 99999
    edition: 2030
    title: Made-up management systems — Requirements
    status: current
    published: 2030-01-15
    supersedes: ISO 99999:2020
    aliases: [BS EN ISO 99999]
    clauses:
      - id: "4"
        title: Context of the organization
        requirement: false
        hs: "4"
        summary: Heading.
      - id: "4.1"
        title: Understanding the organization and its context
        requirement: true
        items: a-c
        hs: "4.1"
        summary: Know the issues, climate change included.
      - id: "4.2"
        title: Interested parties
        requirement: true
        items: [a, b, c]
        references: ["4.1"]
        summary: Know who cares.
      - id: "4.3"
        title: Scope
        requirement: true
        summary: Draw the boundary.
      - id: A
        title: Guidance on this document
        kind: annex_clause
        normative: false
        requirement: false
        summary: Informative guidance.
"""

MAP = """\
    format: 1
    from: ISO 99999:2020
    to: ISO 99999:2030
    entries:
      - from: "4"
        to: ["4"]
        relationship: equal
      - from: "4.1"
        to: ["4.1"]
        relationship: equal
      - from: "4.2"
        to: ["4.2", "4.3"]
        relationship: superset
        confidence: medium
"""


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """``write("maps/x.yaml", text)``: a dedented file under tmp_path, its path returned."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def texts() -> dict[str, str]:
    """The made-up files' text: ``old`` and ``new`` edition, ``map`` between them."""
    return {"old": OLD_EDITION, "new": NEW_EDITION, "map": MAP}


@pytest.fixture
def made_up(write: Callable[[str, str], Path], tmp_path: Path) -> Path:
    """A directory holding the made-up ISO 99999 editions and the map between them."""
    write("iso99999-2020.yaml", OLD_EDITION)
    write("iso99999-2030.yaml", NEW_EDITION)
    write("maps/iso99999-2020-to-iso99999-2030.yaml", MAP)
    return tmp_path
