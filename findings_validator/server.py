"""``findings-validator server``: a Language Server Protocol server (stdio) for report drafts, built on pygls.

Diagnostics on open and on change (debounced), placed on the field they are about, with rule id, message and
suggestion; quick fixes for the safe citation rewrites; hover on a citation; completion of clause ids in
``clause:`` fields. The work is done by ``drafts.Drafts``; this module only speaks the protocol. pygls is an optional
dependency (``pip install 'findings-validator[lsp]'``), imported only when the server starts.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .drafts import Drafts, Located, Span
from .models import Severity

DEBOUNCE_SECONDS = 0.3
"""How long typing must pause before a changed draft is checked again."""

INSTALL_HINT = "the language server needs pygls: pip install 'findings-validator[lsp]'"


def _uri_path(uri: str) -> Path | None:
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


def build_server(config: Config | None = None, *, debounce: float = DEBOUNCE_SECONDS) -> Any:
    """The pygls ``LanguageServer`` with every feature registered (``config``: else found from the workspace)."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("findings-validator", __version__)
    state: dict[str, Any] = {"drafts": Drafts(config) if config is not None else None, "pending": {}}
    severities = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
                  Severity.INFO: types.DiagnosticSeverity.Information}

    def drafts() -> Drafts:
        if state["drafts"] is None:
            from .config import load_config

            root = server.workspace.root_path if server.workspace else None
            effective = load_config(Path(root) if root else Path.cwd())
            # per-file-ignores are relative to the configuration file, as for check
            state["drafts"] = Drafts(effective.config, effective.file.parent if effective.file else None)
        return state["drafts"]

    def lsp_range(span: Span) -> Any:
        return types.Range(types.Position(span.line, span.start), types.Position(span.end_line, span.end))

    def lsp_diagnostic(item: Located) -> Any:
        d = item.diagnostic
        message = d.message + (f"\nSuggestion: {d.suggestion}" if d.suggestion else "")
        if d.source:
            message += f"\n({d.source})"
        return types.Diagnostic(range=lsp_range(item.span), message=message, severity=severities[d.severity],
                                code=d.rule, source="findings-validator",
                                data={"finding": item.finding, "effect": d.effect.value})

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        located = drafts().diagnostics(uri, document.source)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=[lsp_diagnostic(item) for item in located]))

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        drafts()  # build the checker now, so that the first check after opening a draft is warm

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending: dict[str, asyncio.Task[None]] = state["pending"]
        if uri in pending:
            pending[uri].cancel()

        async def later() -> None:
            await asyncio.sleep(debounce)
            pending.pop(uri, None)
            publish(uri)

        pending[uri] = asyncio.ensure_future(later())

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        drafts().forget(uri)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        wanted = params.range
        actions = []
        for fix in drafts().fixes(uri):
            if fix.span.line < wanted.start.line or fix.span.line > wanted.end.line:
                continue
            related = [d for d in params.context.diagnostics
                       if d.source == "findings-validator" and d.range.start.line <= fix.span.line <= d.range.end.line]
            edit = types.TextEdit(range=lsp_range(fix.span), new_text=fix.new)
            actions.append(types.CodeAction(title=fix.title, kind=types.CodeActionKind.QuickFix,
                                            diagnostics=related or None, is_preferred=fix.safe,
                                            edit=types.WorkspaceEdit(changes={uri: [edit]})))
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        infos = drafts().hover(params.text_document.uri, params.position.line, params.position.character)
        if not infos:
            return None
        parts = []
        for info in infos:
            head = f"**{info.label}**" + (f" — {info.title}" if info.title else "")
            parts.append(f"{head}\n\n{info.summary}\n\n_citation: {info.status.replace('_', ' ')}_")
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value="\n\n---\n\n".join(parts)))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " ", "."]))
    def completion(params: types.CompletionParams) -> types.CompletionList:
        uri = params.text_document.uri
        document = server.workspace.get_text_document(uri)
        items = [types.CompletionItem(label=c.label, insert_text=c.insert, detail=c.detail,
                                      documentation=c.documentation, kind=types.CompletionItemKind.Reference)
                 for c in drafts().completions(uri, document.source, params.position.line,
                                               params.position.character)]
        return types.CompletionList(is_incomplete=False, items=items)

    return server


def serve(config: Config | None = None) -> None:
    """Run the server on stdin/stdout until the client says exit."""
    build_server(config).start_io()
