"""A built wheel, installed in a fresh virtual environment outside the source tree, finds its data and works."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_works_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(dist.glob("findings_validator-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    # The dependencies come from the environment running the tests, which need not be the system one (a virtual
    # environment): a .pth file puts its site-packages after the new environment's own, where the wheel goes.
    where_libs = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run([str(bindir / "python"), "-c", where_libs], check=True, capture_output=True,
                             text=True).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = [str(bindir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed", str(wheel)]
    subprocess.run(install, check=True, capture_output=True, cwd=tmp_path)  # even if installed system-wide
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
    checked = run("check", "report.yaml", "--format", "json")
    assert checked.returncode == 1, checked.stderr
    assert '"verdict": "reclassify_as_nc"' in checked.stdout
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
