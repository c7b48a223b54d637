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


# ---- a configuration names files inside its own folder ---------------------------------------------------------
@pytest.mark.parametrize(("key", "entry"), [
    ("rules", "/proc/self/environ"), ("rules", "../outside.rules"), ("rules", "sub/../../outside.rules"),
    ("catalogs", "/"), ("catalogs", ".."), ("catalogs", "/etc"), ("layouts", "/etc/passwd"),
])
def test_a_path_out_of_the_configuration_folder_is_refused(key: str, entry: str, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "outside.rules").write_text("secret\n")
    (repo / "pyproject.toml").write_text(f'[tool.findings-validator]\nfail_on = "warning"\n{key} = ["{entry}"]\n')
    with pytest.raises(ConfigError) as caught:
        load_config(repo)
    assert caught.value.location is not None
    assert (caught.value.location.file, caught.value.location.line) == (str(repo / "pyproject.toml"), 3)
    assert "leads outside the configuration's folder" in caught.value.message
    assert "--rules" in (caught.value.hint or "")


def test_a_link_out_of_the_configuration_folder_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "catalogs").mkdir(parents=True)
    (tmp_path / "secret.yaml").write_text("token: x\n")
    (repo / "catalogs" / "extra.yaml").symlink_to(tmp_path / "secret.yaml")
    (repo / "mine.rules").symlink_to(tmp_path / "secret.yaml")
    (repo / "findings-validator.toml").write_text('catalogs = ["catalogs"]\n')
    with pytest.raises(ConfigError, match=r"catalogs entry 'catalogs' \(its file catalogs/extra.yaml\) leads outside"):
        load_config(repo)
    (repo / "findings-validator.toml").write_text('rules = ["mine.rules"]\n')
    with pytest.raises(ConfigError, match="rules entry 'mine.rules' leads outside"):
        load_config(repo)


@pytest.mark.parametrize(("key", "entry", "message"), [
    ("rules", "folder", "is a folder"), ("layouts", "folder", "is a folder"), ("rules", "fifo", "is not a regular file"),
    ("catalogs", "fifo", "is not a regular file"), ("catalogs", "withfifo", r"\(its file withfifo/x.yaml\) is not a regular file"),
])
def test_only_regular_files_are_named(key: str, entry: str, message: str, tmp_path: Path) -> None:
    import os

    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "withfifo").mkdir()
    os.mkfifo(tmp_path / "withfifo" / "x.yaml")
    (tmp_path / "findings-validator.toml").write_text(f'{key} = ["{entry}"]\n')
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_files_and_folders_inside_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.rules").write_text("")
    (tmp_path / "packs" / "deep").mkdir(parents=True)
    (tmp_path / "packs" / "deep" / "x.yaml").write_text("format: 1\n")
    (tmp_path / "inner.yaml").symlink_to(tmp_path / "packs" / "deep" / "x.yaml")  # a link that stays inside
    (tmp_path / "findings-validator.toml").write_text(
        'rules = ["rules/a.rules", "./rules/../rules/a.rules", "not-yet-written.rules"]\n'
        f'catalogs = ["packs", "inner.yaml", "{tmp_path / "packs"}"]\n')
    config = load_config(tmp_path).config
    assert config.rules == (str(tmp_path / "rules" / "a.rules"),) * 2 + (str(tmp_path / "not-yet-written.rules"),)
    assert config.catalogs == (str(tmp_path / "packs"), str(tmp_path / "packs" / "deep" / "x.yaml"),
                               str(tmp_path / "packs"))


def test_the_command_line_may_name_any_file(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "findings-validator.toml").write_text('fail_on = "warning"\n')
    outside = str(tmp_path / "elsewhere.rules")
    assert load_config(tmp_path / "repo", overrides={"rules": [outside]}).config.rules == (outside,)
