"""The language server, driven over stdio by pygls's own LSP client as an editor drives it."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from findings_validator.cli import main

pytest.importorskip("pygls")
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "iso27001-surveillance.yaml"
TIMEOUT = 60.0  # start-up on a loaded machine; the checks themselves take milliseconds


class Editor:
    """A client that records what the server publishes."""

    def __init__(self) -> None:
        self.client = LanguageClient("test-editor", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.arrived = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)
            self.arrived.set()

    async def next_diagnostics(self, uri: str, count: int) -> types.PublishDiagnosticsParams:
        """Wait until ``uri`` has had ``count`` publications; the last one."""
        while len(self.published.get(uri, ())) < count:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), TIMEOUT)
        return self.published[uri][count - 1]

    def open(self, uri: str, text: str, language: str = "yaml") -> None:
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))

    def change(self, uri: str, text: str, version: int) -> None:
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))


def drive(scenario: Callable[[Editor], Awaitable[None]], *args: str) -> None:
    """Start ``findings-validator server`` as a subprocess, initialise it, play ``scenario``, shut it down."""

    async def run() -> None:
        editor = Editor()
        await editor.client.start_io(sys.executable, "-m", "findings_validator", "server", "--isolated", *args)
        try:
            await asyncio.wait_for(editor.client.initialize_async(types.InitializeParams(
                capabilities=types.ClientCapabilities(), root_uri=ROOT.as_uri())), TIMEOUT)
            editor.client.initialized(types.InitializedParams())
            try:
                await scenario(editor)
            finally:
                await asyncio.wait_for(editor.client.shutdown_async(None), TIMEOUT)
                editor.client.exit(None)
        finally:
            process = editor.client._server  # the server process, so that a failed start cannot leave it behind
            if process is not None and process.returncode is None:
                try:
                    await asyncio.wait_for(process.wait(), TIMEOUT)
                except TimeoutError:
                    process.kill()
            await editor.client.stop()

    asyncio.run(run())


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def test_diagnostics_on_open_sit_on_the_field_with_rule_and_suggestion() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = lines_of(text)
    obsolete = next(i for i, line in enumerate(lines) if "A.12.6.1" in line)

    async def scenario(editor: Editor) -> None:
        uri = "file:///drafts/iso27001.yaml"
        editor.open(uri, text)
        published = await editor.next_diagnostics(uri, 1)
        by_code = {(d.code, d.range.start.line): d for d in published.diagnostics}
        superseded = by_code[("FV106", obsolete)]
        # the clause field: from its key to the end of its value
        assert superseded.range.start.character == lines[obsolete].index("clause:")
        assert superseded.range.end.character == len(lines[obsolete].rstrip())
        assert superseded.severity == types.DiagnosticSeverity.Error
        assert "Suggestion: Cite ISO/IEC 27001:2022 A.8.8" in superseded.message
        assert superseded.source == "findings-validator" and superseded.data["finding"] == "NC-02"

    drive(scenario)


def test_the_same_verdict_logic_as_check(capsys: pytest.CaptureFixture[str]) -> None:
    """What the server publishes is what `check --format json` reports for the file: the same rules, each on the
    same line (a diagnostic without a position of its own on its finding's line, a report-level one on line 1)."""
    import json

    assert main(["check", "--isolated", "--format", "json", str(EXAMPLE)]) == 1
    report = json.loads(capsys.readouterr().out)
    expected = sorted([(d["rule"], d["line"] or f["line"]) for f in report["findings"] for d in f["diagnostics"]]
                      + [(d["rule"], d["line"] or 1) for f in report["files"] for d in f["diagnostics"]])

    async def scenario(editor: Editor) -> None:
        uri = "file:///drafts/same.yaml"
        editor.open(uri, EXAMPLE.read_text(encoding="utf-8"))
        published = await editor.next_diagnostics(uri, 1)
        assert sorted((d.code, d.range.start.line + 1) for d in published.diagnostics) == expected

    drive(scenario)


def test_changes_are_debounced_and_checked_again() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    fixed = text.replace('"A.12.6.1"', '"A.8.8"')

    async def scenario(editor: Editor) -> None:
        uri = "file:///drafts/edit.yaml"
        editor.open(uri, text)
        first = await editor.next_diagnostics(uri, 1)
        assert "FV106" in {d.code for d in first.diagnostics}
        for version in range(2, 6):  # a burst of keystrokes: one check after the pause
            editor.change(uri, fixed, version)
        second = await editor.next_diagnostics(uri, 2)
        assert second.version == 5
        assert "FV106" not in {d.code for d in second.diagnostics}
        await asyncio.sleep(0.6)
        assert len(editor.published[uri]) == 2

    drive(scenario)


def test_code_action_replaces_an_obsolete_citation_with_its_successor() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = lines_of(text)
    obsolete = next(i for i, line in enumerate(lines) if "A.12.6.1" in line)

    async def scenario(editor: Editor) -> None:
        uri = "file:///drafts/fix.yaml"
        editor.open(uri, text)
        published = await editor.next_diagnostics(uri, 1)
        here = [d for d in published.diagnostics if d.range.start.line == obsolete]
        line_range = types.Range(types.Position(obsolete, 0), types.Position(obsolete, len(lines[obsolete])))
        actions = await asyncio.wait_for(editor.client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), line_range, types.CodeActionContext(diagnostics=here))), TIMEOUT)
        assert actions and len(actions) == 1
        (action,) = actions
        assert action.kind == types.CodeActionKind.QuickFix
        (edit,) = action.edit.changes[uri]
        start, end = edit.range.start.character, edit.range.end.character
        assert lines[obsolete][start:end] == "A.12.6.1" and edit.new_text == "ISO/IEC 27001:2022 A.8.8"
        assert {d.code for d in action.diagnostics or ()} >= {"FV106"}
        # the fixed draft no longer has the defect
        editor.change(uri, text.replace("A.12.6.1", edit.new_text), 2)
        again = await editor.next_diagnostics(uri, 2)
        assert not [d for d in again.diagnostics if d.code == "FV106"]

    drive(scenario)


def test_hover_on_a_citation_shows_the_clause_title_and_summary() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = lines_of(text)
    row = next(i for i, line in enumerate(lines) if "A.12.6.1" in line)

    async def scenario(editor: Editor) -> None:
        uri = "file:///drafts/hover.yaml"
        editor.open(uri, text)
        await editor.next_diagnostics(uri, 1)
        hover = await asyncio.wait_for(editor.client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(row, lines[row].index("A.12") + 3))), TIMEOUT)
        assert hover is not None
        value = hover.contents.value
        assert "**ISO/IEC 27001:2013 A.12.6.1** — Management of technical vulnerabilities" in value
        assert "obsolete edition" in value
        nothing = await asyncio.wait_for(editor.client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(0, 0))), TIMEOUT)
        assert nothing is None

    drive(scenario)


def test_completion_offers_the_clause_ids_of_the_audit_criteria() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = lines_of(text)
    row = next(i for i, line in enumerate(lines) if line.strip().startswith("clause:"))
    typed = lines[row][: lines[row].index("clause:") + len("clause: ")]
    draft = "\n".join([*lines[:row], typed, *lines[row + 1:]]) + "\n"

    async def scenario(editor: Editor) -> None:
        uri = "file:///drafts/complete.yaml"
        editor.open(uri, draft)
        await editor.next_diagnostics(uri, 1)
        result = await asyncio.wait_for(editor.client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(uri), types.Position(row, len(typed)))), TIMEOUT)
        labels = {item.label: item for item in result.items}
        assert "A.8.8" in labels and "4.1" in labels
        assert "A.12.6.1" not in labels  # the 2013 edition is not the audit's criteria
        assert labels["A.8.8"].detail.startswith("ISO/IEC 27001:2022 A.8.8")
        elsewhere = await asyncio.wait_for(editor.client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(uri), types.Position(0, 0))), TIMEOUT)
        assert not elsewhere.items

    drive(scenario)


def test_markdown_drafts_are_checked_too() -> None:
    draft = ROOT / "examples" / "iso9001-draft.md"

    async def scenario(editor: Editor) -> None:
        uri = "file:///drafts/iso9001-draft.md"
        editor.open(uri, draft.read_text(encoding="utf-8"), "markdown")
        published = await editor.next_diagnostics(uri, 1)
        assert published.diagnostics and all(d.range.start.line >= 0 for d in published.diagnostics)
        assert any(d.range.start.line > 0 for d in published.diagnostics)

    drive(scenario)


def test_without_pygls_the_command_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a))
    assert main(["server"]) == 2
    assert "pip install 'findings-validator[lsp]'" in capsys.readouterr().err


def test_check_does_not_import_the_server() -> None:
    import subprocess

    code = ("import sys; from findings_validator.cli import main; main(['check', '--isolated', '-f', 'json', "
            f"{str(EXAMPLE)!r}]); print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pygls', 'lsprotocol', 'jinja2', 'trestle')), file=sys.stderr)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.stderr.strip().splitlines()[-1] == "[]"
