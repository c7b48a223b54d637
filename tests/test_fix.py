"""`fix`: citation rewrites (safe, and unsafe when asked) that keep comments and layout, are idempotent and write
atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from findings_validator.errors import InputError
from findings_validator.fix import atomic_write, fix_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.yaml"
    shutil.copy(ROOT / "examples" / "iso27001-surveillance.yaml", path)
    return path


def test_fix_replaces_a_single_successor_and_normalises(report: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    before = report.read_text()
    outcome = fix_file(report, catalogs=catalogs, unsafe=True)
    after = report.read_text()
    assert outcome.changes == ["NC-01: 'Annex A control 5.18' → 'A.5.18'",
                               "NC-02: 'A.12.6.1' → 'ISO/IEC 27001:2022 A.8.8'"]
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [('    clause: "Annex A control 5.18"', '    clause: "A.5.18"'),
                       ('    clause: "A.12.6.1"', '    clause: "ISO/IEC 27001:2022 A.8.8"')]
    assert len(before.splitlines()) == len(after.splitlines())   # comments and layout kept


def test_fix_is_idempotent_and_leaves_unchanged_files_untouched(report: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    fix_file(report, catalogs=catalogs, unsafe=True)
    stamp = report.stat().st_mtime_ns
    os.utime(report, ns=(stamp - 10_000_000, stamp - 10_000_000))
    again = fix_file(report, catalogs=catalogs, unsafe=True)
    assert not again.changed
    assert report.stat().st_mtime_ns == stamp - 10_000_000


def test_check_mode_writes_nothing_and_shows_a_diff(report: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    before = report.read_bytes()
    outcome = fix_file(report, write=False, catalogs=catalogs, unsafe=True)
    assert outcome.changed and report.read_bytes() == before
    assert "-    clause: \"A.12.6.1\"" in outcome.diff and "+    clause: \"ISO/IEC 27001:2022 A.8.8\"" in outcome.diff


def test_a_successor_that_is_a_heading_is_not_applied(tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.yaml"
    path.write_text('audit: {criteria: ["ISO 9001:2015"]}\nfindings:\n  - {id: A, grade: minor, clause: "ISO 9001:2008 8.2.2"}\n')
    outcome = fix_file(path, catalogs=catalogs, unsafe=True)   # 8.2.2 maps to the heading 9.2 only: nothing safe to do
    assert not outcome.changed


def test_interrupted_write_leaves_the_original_intact(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.yaml"
    path.write_text("original\n")

    def boom(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, "new content\n")
    assert path.read_text() == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


def test_only_yaml_json_and_markdown_are_fixed(tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.csv"
    path.write_text("id,grade\n")
    with pytest.raises(InputError, match="YAML, JSON and Markdown reports"):
        fix_file(path, catalogs=catalogs)


_MISMATCH = """audit:
  type: surveillance
  criteria: ["ISO/IEC 27001:2022"]
  dates: ["2025-10-02"]
findings:
  - id: NC-01
    grade: minor
    clause: "A.8.2"   # as the auditor wrote it
    statement: Backups of the engineering file server are not tested by restoring them.
    evidence: Backup job log BK-07 of 2025-10-01 shows nightly jobs; no restore test since 2024.
  - id: NC-02
    grade: minor
    clause: ["A.8.2", "A.8.20"]
    statement: Backups of the engineering file server are not tested by restoring them.
    evidence: Backup job log BK-07 of 2025-10-01 shows nightly jobs; no restore test since 2024.
"""


def test_unsafe_fix_applies_an_unambiguous_suggested_clause(tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.yaml"
    path.write_text(_MISMATCH, encoding="utf-8")
    assert not fix_file(path, catalogs=catalogs).changed  # not a safe fix
    outcome = fix_file(path, catalogs=catalogs, unsafe=True)
    assert [c.split(" (")[0] for c in outcome.changes] == ["NC-01: 'A.8.2' → 'ISO/IEC 27001:2022 A.8.13'"]
    text = path.read_text(encoding="utf-8")
    assert 'clause: "ISO/IEC 27001:2022 A.8.13" # as the auditor wrote it' in text
    assert 'clause: ["A.8.2", "A.8.20"]' in text  # two entries: which one is wrong is not certain
    assert not fix_file(path, catalogs=catalogs, unsafe=True).changed


# ---- the file keeps its identity ------------------------------------------------------------------------------
OBSOLETE = 'audit: {criteria: ["ISO/IEC 27001:2022"]}\nfindings:\n  - {id: A, grade: minor, clause: "A.12.6.1"}\n'


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o640, 0o755, 0o2775])
def test_fix_keeps_the_mode(mode: int, tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    """The mode is kept, set-group-id included."""
    import stat

    path = tmp_path / "r.yaml"
    path.write_text(OBSOLETE)
    path.chmod(mode)
    assert fix_file(path, catalogs=catalogs, unsafe=True).changed
    assert "A.8.8" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert _leftovers(tmp_path) == []


def test_fix_keeps_the_owner_where_permitted(tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    """Regression: every fixed file became owned by the user running the fix."""
    path = tmp_path / "r.yaml"
    path.write_text(OBSOLETE)
    before = path.stat()
    if os.geteuid() == 0:  # root may give the file away: the fix must give it back
        os.chown(path, 4321, 4322)
        before = path.stat()
    fix_file(path, catalogs=catalogs, unsafe=True)
    after = path.stat()
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert after.st_ino != before.st_ino  # replaced whole (atomically), not edited in place


def test_fix_writes_the_target_of_a_symlink_and_keeps_the_link(tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    """Regression: a symbolic link was replaced by a regular file."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "r.yaml"
    target.write_text(OBSOLETE)
    link = tmp_path / "link.yaml"
    link.symlink_to(Path("real") / "r.yaml")
    chain = tmp_path / "chain.yaml"
    chain.symlink_to(link)
    assert fix_file(chain, catalogs=catalogs, unsafe=True).changed
    assert chain.is_symlink() and link.is_symlink() and os.readlink(link) == str(Path("real") / "r.yaml")
    assert "A.8.8" in target.read_text()
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "real") == []


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_fix_refuses_a_read_only_file(mode: int, tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    """Regression: read-only files were rewritten."""
    from findings_validator.fix import NotWritableError

    path = tmp_path / "r.yaml"
    path.write_text(OBSOLETE)
    path.chmod(mode)
    with pytest.raises(NotWritableError, match="is read-only: not rewritten") as caught:
        fix_file(path, catalogs=catalogs, unsafe=True)
    assert "chmod u+w" in (caught.value.hint or "")
    assert path.read_text() == OBSOLETE and _leftovers(tmp_path) == []
    assert fix_file(path, write=False, catalogs=catalogs, unsafe=True).changed  # a diff still shows the change


def test_the_fix_command_refuses_a_read_only_file_and_fixes_the_others(tmp_path: Path) -> None:
    import subprocess
    import sys

    locked, free = tmp_path / "locked.yaml", tmp_path / "free.yaml"
    for path in (locked, free):
        path.write_text(OBSOLETE)
    locked.chmod(0o444)
    done = subprocess.run([sys.executable, "-m", "findings_validator", "fix", "--unsafe-fixes", str(locked), str(free)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert f"error: {locked} is read-only: not rewritten" in done.stderr
    assert locked.read_text() == OBSOLETE and "A.8.8" in free.read_text()


SLOW_WRITE = """
import os, sys, time
from pathlib import Path
from findings_validator import fix

def stalled(fd):  # the data is written, not yet renamed over the original: the window an interruption can hit
    print("writing", flush=True)
    time.sleep(120)

os.fsync = stalled
fix.atomic_write(Path(sys.argv[1]), "new content\\n")
print("finished", flush=True)
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_while_writing_removes_the_temporary_file(signame: str, tmp_path: Path) -> None:
    """Regression: an interrupted fix left its temporary file beside the report."""
    import signal
    import subprocess
    import sys

    path = tmp_path / "r.yaml"
    path.write_text("original\n")
    # the child gets the signals' default actions, whatever this process was started with (under nohup, SIGHUP is
    # ignored, and an ignored signal stays ignored in a child, as it should)
    def defaults() -> None:
        for name in ("SIGTERM", "SIGINT", "SIGHUP"):
            signal.signal(getattr(signal, name), signal.SIG_DFL)

    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, preexec_fn=defaults)
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        assert len(_leftovers(tmp_path)) == 1  # the temporary file exists while writing
        child.send_signal(getattr(signal, signame))
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
        child.communicate()  # the pipes closed, also when an assertion above failed
    assert "finished" not in out
    assert child.returncode == (-signal.SIGTERM if signame == "SIGTERM" else -signal.SIGHUP if signame == "SIGHUP"
                                else child.returncode)
    if signame == "SIGINT":
        assert "KeyboardInterrupt" in err  # the usual effect of Ctrl-C, once the clean-up is done
    assert path.read_text() == "original\n"
    assert _leftovers(tmp_path) == []


def test_the_previous_signal_handlers_are_restored(tmp_path: Path) -> None:
    import signal

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    atomic_write(tmp_path / "r.yaml", "x\n")
    assert {s: signal.getsignal(s) for s in before} == before


def test_a_signal_whose_handler_returns_leaves_the_file_and_says_so(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The caller's own handler runs once the clean-up is done; if it returns, the write is reported as not done."""
    import signal

    from findings_validator.fix import NotWritableError

    path = tmp_path / "r.yaml"
    path.write_text("original\n")
    seen: list[int] = []

    def handler(signum: int, _frame: object) -> None:
        seen.append(signum)

    previous = signal.signal(signal.SIGHUP, handler)
    try:
        real_fsync = os.fsync

        def hang_up(fd: int) -> None:
            os.kill(os.getpid(), signal.SIGHUP)
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", hang_up)
        with pytest.raises(NotWritableError, match="interrupted by signal"):
            atomic_write(path, "new content\n")
        assert seen == [signal.SIGHUP]
        assert path.read_text() == "original\n" and _leftovers(tmp_path) == []
        assert signal.getsignal(signal.SIGHUP) is handler  # the caller's handler, back in place
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_check_fix_says_a_read_only_file_is_not_rewritten_and_checks_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "r.yaml"
    path.write_text(OBSOLETE)
    path.chmod(0o444)
    done = subprocess.run([sys.executable, "-m", "findings_validator", "check", "--isolated", "--fix", "--unsafe-fixes",
                           str(path)], capture_output=True, text=True, timeout=300)
    assert f"error: {path} is read-only: not rewritten" in done.stderr
    assert "A.12.6.1" in done.stdout and path.read_text() == OBSOLETE  # checked as it is
    assert done.returncode == 1


KILLED_FIX = """
import os, sys, time
from findings_validator import cli

def stalled(fd):  # the fixed text is in the temporary file, not yet renamed over the report
    print("writing", flush=True)
    time.sleep(120)

os.fsync = stalled
cli.main(["fix", "--unsafe-fixes", sys.argv[1]])
"""


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_fix_killed_with_sigkill_leaves_a_file_the_next_fix_removes(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Regression: ``kill -9`` (which no handler can catch) during a fix left ``.r.yaml.XXXXXXXX.tmp`` for ever.
    The next fix of the folder removes it, and only it: another program's files, a writer still alive, another
    machine's recent file and a link keep their place."""
    import signal
    import subprocess
    import sys
    import time

    from findings_validator import fix
    from findings_validator.cli import main

    path = tmp_path / "r.yaml"
    path.write_text(OBSOLETE)
    child = subprocess.Popen([sys.executable, "-c", KILLED_FIX, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        child.kill()
        child.stdout.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    assert path.read_text() == OBSOLETE  # the original is intact
    (killed,) = _leftovers(tmp_path)
    assert killed.startswith(f".r.yaml.fv-{fix._host()}-{child.pid}-")

    other_host = "0" * 8 if fix._host() != "0" * 8 else "1" * 8
    keep = {
        f".r.yaml.fv-{fix._host()}-{os.getpid()}-abcdefgh.tmp": "a fix still writing",
        f".r.yaml.fv-{other_host}-{child.pid}-abcdefgh.tmp": "another machine's, recent",
        ".r.yaml.k2j4h5g6.tmp": "another program's",
        f"r.yaml.fv-{fix._host()}-{child.pid}-abcdefgh.tmp": "not hidden: not a name fix gives",
        f".r.yaml.fv-{fix._host()}-{child.pid}-abcdefgh.tmp.bak": "a longer name",
    }
    for name, text in keep.items():
        (tmp_path / name).write_text(text)
    target = tmp_path / "target.txt"
    target.write_text("kept")
    link = tmp_path / f".r.yaml.fv-{fix._host()}-{child.pid}-linklink.tmp"
    link.symlink_to(target)
    old = tmp_path / f".other.yaml.fv-{fix._host()}-{os.getpid()}-olderone.tmp"  # a process id used again since
    old.write_text("two days old")
    stamp = time.time() - 2 * fix.STALE_SECONDS
    os.utime(old, (stamp, stamp))

    assert main(["fix", "--unsafe-fixes", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"removed {tmp_path / killed}: a temporary file left by a fix that was killed" in err
    assert f"removed {old}" in err
    assert "A.8.8" in path.read_text()
    assert not (tmp_path / killed).exists() and not old.exists()
    assert {name: (tmp_path / name).read_text() for name in keep} == keep
    assert link.is_symlink() and target.read_text() == "kept"


def test_check_fix_removes_a_killed_fixs_file_too_and_a_dry_run_removes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from findings_validator import fix
    from findings_validator.cli import main

    path = tmp_path / "r.yaml"
    path.write_text(OBSOLETE)
    stale = tmp_path / f".r.yaml.fv-{fix._host()}-{_dead_pid()}-abcdefgh.tmp"
    stale.write_text("half written")
    assert main(["fix", "--diff", "--unsafe-fixes", str(path)]) == 0  # writes nothing, removes nothing
    assert stale.exists()
    main(["check", "--isolated", "--fix", str(path)])
    assert not stale.exists()
    assert "a temporary file left by a fix that was killed" in capsys.readouterr().err


def test_a_report_with_a_long_name_is_still_fixed(tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    """The temporary file's name (``.NAME.fv-HOST-PID-XXXXXXXX.tmp``) is cut to fit the 255 bytes of a file name."""
    from findings_validator import fix

    path = tmp_path / ("r" * 245 + ".yaml")
    path.write_text(OBSOLETE)
    assert fix_file(path, catalogs=catalogs, unsafe=True).changed and "A.8.8" in path.read_text()
    assert _leftovers(tmp_path) == []
    prefix = fix._temporary_prefix(path.name)
    assert len(prefix.encode()) + 12 <= 255 and fix._TEMPORARY.fullmatch(prefix + "abcdefgh.tmp")
