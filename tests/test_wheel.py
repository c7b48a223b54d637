"""A built wheel, installed with its declared dependencies in a fresh virtual environment outside the source tree,
finds its data and works.

The environment sees nothing of the one running the tests (no system site-packages), and pip installs the
wheel's dependencies from the package index pip is configured with, as a user's ``pip install`` would: a
dependency missing from pyproject.toml fails this test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_works_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(dist.glob("findings_validator-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    writers = "findings_validator/writers/"
    assert {f"{writers}templates/{name}.html.j2" for name in ("report", "parts", "chart")} | {
        f"{writers}html_wording.yaml", f"{writers}assets/report.css", f"{writers}assets/report.js"} <= shipped
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    installed = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", "--no-compile", str(wheel)],
                               capture_output=True, text=True, cwd=tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "iso27001-surveillance.yaml", work / "report.yaml")
    env = {"PATH": str(bindir), "FINDINGS_VALIDATOR_CACHE": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(bindir / "findings-validator"), *args], capture_output=True, text=True,
                              cwd=work, env=env)

    where = subprocess.run([str(bindir / "python"), "-c", "import findings_validator, sys; "
                            "print(findings_validator.__file__)"], capture_output=True, text=True, cwd=work, env=env)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr
    isolated = subprocess.run([str(bindir / "python"), "-c", "import pytest"], capture_output=True, cwd=work, env=env)
    assert isolated.returncode != 0, "the test environment leaks into the wheel's"   # pytest is no dependency
    checked = run("check", "report.yaml", "--format", "json")
    assert checked.returncode == 1, checked.stderr
    assert '"verdict": "reclassify_as_nc"' in checked.stdout
    page = run("check", "report.yaml", "--format", "html")  # the templates and their wording are in the wheel
    assert page.returncode == 1, page.stderr
    assert '<table class="overview">' in page.stdout and "reclassify as NC" in page.stdout
    assert "<p class=\"why\">" in page.stdout, page.stdout[-2000:]
    listed = run("catalog", "list")
    assert "ISO/IEC 27001:2022" in listed.stdout, listed.stderr
    shown = run("catalog", "show", "ISO 9001:2026", "6.1.3")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("ISO 9001:2026 6.1.3  Actions to address opportunities"), shown.stdout
    assert "predecessors: ISO 9001:2015/6.1.2" in shown.stdout
    cited = run("cite", "--criteria", "ISO 9001:2026", "10.3", "--format", "json")
    assert '"ISO 9001:2026 10.1"' in cited.stdout, cited.stdout + cited.stderr
    tested = run("rules", "test")
    assert tested.stdout.strip().endswith(" passed, 0 failed"), tested.stdout + tested.stderr
