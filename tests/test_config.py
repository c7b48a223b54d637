"""Configuration discovery, precedence and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from findings_validator.config import load_config
from findings_validator.errors import ConfigError


def test_found_by_walking_up_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.findings-validator]\nfail_on = "warning"\nrules = ["my.rules"]\n')
    deep = tmp_path / "reports" / "2026"
    deep.mkdir(parents=True)
    effective = load_config(deep / "report.yaml")
    assert effective.file == tmp_path / "pyproject.toml"
    assert effective.config.fail_on == "warning"
    assert effective.config.rules == (str(tmp_path / "my.rules"),)


def test_findings_validator_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.findings-validator]\nfail_on = "warning"\n')
    (tmp_path / "findings-validator.toml").write_text('fail_on = "info"\n')
    assert load_config(tmp_path).config.fail_on == "info"


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(tmp_path).file != tmp_path / "pyproject.toml"


def test_command_line_overrides_file_and_sources_are_recorded(tmp_path: Path) -> None:
    (tmp_path / "findings-validator.toml").write_text('fail_on = "warning"\nselect = ["FV1"]\n')
    effective = load_config(tmp_path, overrides={"fail_on": "never", "ignore": None})
    assert effective.config.fail_on == "never"
    assert effective.sources["fail_on"] == "command line"
    assert effective.sources["select"] == str(tmp_path / "findings-validator.toml")
    assert effective.sources["ignore"] == "default"


def test_isolated_ignores_files(tmp_path: Path) -> None:
    (tmp_path / "findings-validator.toml").write_text('fail_on = "warning"\n')
    assert load_config(tmp_path, isolated=True).config.fail_on == "error"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('fail_onn = "warning"\n', "unknown configuration key 'fail_onn'"),
        ('fail_on = "sometimes"\n', "configuration key 'fail_on'"),
        ('jobs = "many"\n', "configuration key 'jobs'"),
        ('fail_on = \n', "TOML syntax error"),
    ],
)
def test_bad_configuration_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "findings-validator.toml").write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(tmp_path)
    assert str(tmp_path / "findings-validator.toml") in str(info.value)
    if "fail_onn" in text:
        assert info.value.hint == "did you mean 'fail_on'?"
