"""What a repository's files can make the tool do: a configuration cannot name files outside its folder nor make
an error print a file, only regular files are read as rules or catalogs, and errors quote a short printable
excerpt of a line (docs/security.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from findings_validator.dsl import load_rules
from findings_validator.errors import RuleSyntaxError, excerpt, printable, short

REPORT = Path(__file__).parent / "data" / "clean-report.yaml"
SECRET = "s3cr3t-t0ken-for-the-leak-test"


def _check(*args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "LEAK_TEST_TOKEN": SECRET}
    return subprocess.run([sys.executable, "-m", "findings_validator", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(("key", "entry"), [("rules", "/proc/self/environ"), ("catalogs", "/"),
                                            ("rules", "../../../../../../../proc/self/environ")])
def test_a_repository_configuration_cannot_read_files_outside(key: str, entry: str, tmp_path: Path) -> None:
    """Regression: ``rules = ["/proc/self/environ"]`` printed the whole environment in a syntax error, and
    ``catalogs = ["/"]`` walked the file system."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n[tool.findings-validator]\n{key} = ["{entry}"]\n')
    (repo / "report.yaml").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    done = _check("report.yaml", cwd=repo, timeout=120)
    assert done.returncode == 2
    assert SECRET not in done.stdout + done.stderr and "PATH=" not in done.stdout + done.stderr
    assert f"pyproject.toml:5:1: {key} entry " in done.stderr
    assert "leads outside the configuration's folder" in done.stderr


def test_the_command_line_may_still_name_such_a_file(tmp_path: Path) -> None:
    """An explicit path is trusted, but even then a syntax error quotes a short excerpt, not the file."""
    done = _check("--isolated", "--rules", "/proc/self/environ", str(REPORT), cwd=tmp_path)
    assert done.returncode == 2 and "/proc/self/environ:1:" in done.stderr
    assert SECRET not in done.stderr
    assert all(len(line) <= 80 and line.isprintable() for line in done.stderr.splitlines()[1:])


@pytest.mark.parametrize("option", ["--rules", "--catalog"])
def test_a_device_is_not_read_as_rules_or_catalog(option: str, tmp_path: Path) -> None:
    done = _check("--isolated", option, "/dev/zero", str(REPORT), cwd=tmp_path, timeout=120)
    assert done.returncode == 2
    assert "/dev/zero: cannot read" in done.stderr and "not a regular file (a character device)" in done.stderr


def test_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)
    for option in ("--rules", "--catalog"):
        done = _check("--isolated", option, str(fifo), str(REPORT), cwd=tmp_path, timeout=120)
        assert done.returncode == 2 and "not a regular file (a FIFO)" in done.stderr


def test_a_syntax_error_quotes_a_short_printable_excerpt(tmp_path: Path) -> None:
    rules = tmp_path / "long.rules"
    line = "x" * 5000 + " \x1b[31m" + SECRET + "\x07" * 10 + " %%% " + "y" * 5000
    rules.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(RuleSyntaxError) as caught:
        load_rules([rules], builtin=False)
    text = str(caught.value)
    assert SECRET not in text and "\x1b" not in text and "\x07" not in text
    assert len(text) < 600
    quoted, caret = text.splitlines()[1:3]
    assert len(quoted.strip()) <= 62
    assert caret.index("^") < len(quoted)


def test_excerpt_keeps_the_caret_on_its_character() -> None:
    line = "".join(chr(ord("a") + n % 26) for n in range(1000))
    for column in (1, 2, 30, 31, 500, 970, 999, 1000):
        shown, at = excerpt(line, column)
        assert len(shown) <= 62 and shown[at - 1] == line[column - 1]
    assert excerpt("short\tline\x00", 7) == ("short line?", 7)
    assert printable("a\u202eb\nc\ud800") == "a?b?c?"
    assert short("z" * 100, 10) == "z" * 10 + "…" and short("ok") == "ok"


# ---- text output in a terminal or a CI log -------------------------------------------------------------------
HOSTILE = {"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [
    {"id": "::stop-commands::pwned", "grade": "minor", "clause": "ISO 9001:2015 7.1.5.2 a)",
     "statement": "x\n::add-mask::secret\n  ##[error]fake \x1b[2J\x1b]0;title\x07 \r overwritten\u202e",
     "evidence": "some staff"},
    {"id": "NC-2\x1b[31m\r##[group]g", "grade": "ofi", "clause": "9.9.9", "statement": "::error file=a::injected",
     "evidence": "none"},
    {"id": "NC-3", "grade": "minor", "clause": "ISO 9001:2015 7.1.5.2 a)", "evidence": "none",
     "statement": "The torque wrenches were not calibrated ::set-output name=x::y " + "word " * 40 + ":: ::warning::w"},
]}


def _commands(output: str) -> list[str]:
    """Lines a CI runner would take for a workflow command (after stripping spaces and colour codes)."""
    import re

    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line).lstrip() for line in output.splitlines()]
    return [line for line in plain if line.startswith("::") or "##[" in line]


@pytest.mark.parametrize("color", ["never", "always"])
@pytest.mark.parametrize("width", [None, "60"])
def test_text_output_neutralises_escapes_and_workflow_commands(color: str, width: str | None, tmp_path: Path) -> None:
    """Regression: the default ``text`` format printed ids and statements raw, so a report could inject GitHub
    Actions workflow commands and terminal escape sequences into a CI log."""
    import json
    import re

    report = tmp_path / "hostile.json"
    report.write_text(json.dumps(HOSTILE), encoding="utf-8")
    env = {**os.environ, "COLUMNS": width or "", "NO_COLOR": ""}
    done = subprocess.run([sys.executable, "-m", "findings_validator", "check", "--isolated", "--color", color,
                           "--explain", str(report)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert "stop-commands" in out and "pwned" in out  # the data is shown …
    assert _commands(out) == []  # … but no line is a command
    assert "\r" not in out and "\x07" not in out and "\u202e" not in out
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0  # only our own colour codes
    if color == "never":
        assert "\x1b" not in out
    assert "NC-2\\x1b[31m\\x0d#\\#[group]g" in re.sub(r"\x1b\[[0-9;]*m", "", out)


def test_text_and_github_share_the_escaping() -> None:
    from findings_validator.writers import common, github_writer, text_writer

    assert "log_safe" in vars(github_writer) and "printable_data" in vars(text_writer)
    hostile = "::add-mask::x\x1b[2J ##[group]"
    assert github_writer.escape_data(hostile) == common.log_safe(hostile)
    assert common.log_safe(hostile) == "\\::add-mask::x\\x1b[2J #\\#[group]"
    assert common.log_safe("a\nb\tc ISO 9001:2015 :: d") == "a\nb\tc ISO 9001:2015 :: d"
    assert common.log_safe("\x00\x7f\x85\u2028\ud800") == "\\x00\\x7f\\x85\\u2028\\ud800"


def test_every_test_named_in_the_table_of_what_was_found_exists() -> None:
    """docs/security.md lists each failure found in hostile inputs with the tests that reproduce it: every test it
    names must be a test function of that file (so the table stays true when tests are renamed or removed)."""
    import ast
    import re

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "security.md").read_text(encoding="utf-8")
    section = text.split("## What was found and where it is tested", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| what")]
    assert len(rows) >= 25
    defects = set()
    for row in rows[1:] if rows[0].startswith("| ---") else rows:
        defect, _, tests = [cell.strip() for cell in row.strip("|").split(" | ")]
        named = re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)`", tests)
        assert named, row
        defects.add(defect)
        for path, name in named:
            tree = ast.parse((root / path).read_text(encoding="utf-8"))
            functions = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
            assert name in functions, f"{path}::{name} named in docs/security.md does not exist"
    assert {"code execution through the cache", "a repository's configuration prints any file", "traceback",
            "hang", "memory over 1 GB", "good findings lost", "the other, clean file of the run lost", "`batch`",
            "`fix`", "default `text` output"} <= defects
