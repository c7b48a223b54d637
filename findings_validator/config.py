"""Configuration: ``[tool.findings-validator]`` in pyproject.toml or a ``findings-validator.toml``.

Search order: ``--config FILE`` if given; else, walking up from the first input file's directory (or the current
directory), the first ``findings-validator.toml``, or ``pyproject.toml`` that has a ``[tool.findings-validator]``
table; ``--isolated`` skips the search. Command-line options override the file; the file overrides the defaults.
Unknown keys are errors.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError, Location, short

FILE_NAMES = ("findings-validator.toml", "pyproject.toml")


class Config(BaseModel):
    """Every setting, its type and default. ``findings-validator schema config`` prints this as JSON Schema."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criteria: tuple[str, ...] = Field((), description="Default audit criteria for reports that name none.")
    exclusions: tuple[str, ...] = Field((), description="Default exclusions for reports that name none.")
    rules: tuple[str, ...] = Field((), description="Extra rule files, relative to the config file and inside its folder.")
    catalogs: tuple[str, ...] = Field((), description="Extra catalog files or directories, relative to the config file "
                                      "and inside its folder.")
    select: tuple[str, ...] = Field((), description="Only these rule ids, prefixes (FV, FV1, ACME) or ALL; all when empty.")
    extend_select: tuple[str, ...] = Field((), description="Rule ids or prefixes to run in addition to `select`.")
    ignore: tuple[str, ...] = Field((), description="Rule ids (or prefixes) to leave out.")
    per_file_ignores: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Rules to leave out for files matching a pattern: {'drafts/*' = ['FV8']}.")
    profile: Literal["auto", "findings", "report"] = Field(
        "auto", description="findings: finding rules only; report: also the report's contents; auto: report when "
        "the audit block carries report metadata beyond criteria, exclusions and type.")
    exclude: tuple[str, ...] = Field((), description="Gitignore-style patterns of files and folders never checked "
                                     "when walking a directory (replaces the default list).")
    extend_exclude: tuple[str, ...] = Field((), description="Patterns to exclude in addition to `exclude`.")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict, description="Re-grade rules: {FV112 = 'error'}. Below error a rule cannot change a verdict.")
    fail_on: Literal["error", "warning", "info", "never"] = Field(
        "error", description="Exit 1 when a diagnostic reaches this severity.")
    ofi_allowed: bool = Field(True, description="False for schemes that forbid OFIs (rule FV602).")
    language: str = Field("", description="Language of the findings' text for reports whose audit block names "
                          "none: 'en' (the built-in lexicons) or a shipped language pack such as 'es'.")
    strict: bool = Field(False, description="Unknown input fields are errors instead of info.")
    builtin_rules: bool = Field(True, description="Load the built-in ISO/IEC 17021-1 rules.")
    columns: dict[str, str] = Field(default_factory=dict, description="Export column or key name → report field "
                                    "mapping, for every input format: {'ref' = 'id', 'objective_evidence' = 'evidence'}.")
    layouts: tuple[str, ...] = Field((), description="Label and finding-pattern files for Word/PDF reports (a "
                                     "certification body's template), relative to the config file and inside its folder.")
    jobs: int = Field(1, ge=0, description="Parallel processes for many files; 0 = one per core.")
    limits: dict[str, int] = Field(
        default_factory=dict, description="Bounds on what a report may hold, by name, to raise (or lower) them: "
        "{xlsx_rows = 2000000, document_bytes = 134217728}. The names and defaults are in docs/limits.md.")
    transition_ends: dict[str, _dt.date] = Field(
        default_factory=dict,
        description="Last day a superseded edition may be audited, as the accreditation body sets it: "
        "{\"ISO 9001:2015\" = 2029-09-30}. Overrides the catalog's transition_end (rule FV850).")


    @field_validator("exclude", "extend_exclude")
    @classmethod
    def _valid_patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _check_patterns(value)
        return value

    @field_validator("per_file_ignores")
    @classmethod
    def _valid_file_patterns(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        _check_patterns(tuple(value))
        return value

    @field_validator("limits")
    @classmethod
    def _known_limits(cls, value: dict[str, int]) -> dict[str, int]:
        from .readers.limits import check

        return check(value)


def _check_patterns(patterns: tuple[str, ...]) -> None:
    """Refuse a gitignore-style pattern that cannot be compiled, when the configuration is read, whether or not a
    folder is walked later."""
    if not patterns:
        return
    import pathspec

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except ValueError as exc:  # pathspec's pattern errors are ValueErrors
            raise ValueError(f"{pattern!r} is not a valid gitignore-style pattern ({exc}); "
                             "escape a leading '!' or '#' with a backslash") from None


@dataclass
class Effective:
    """The merged configuration and where each value came from."""

    config: Config
    sources: dict[str, str] = field(default_factory=dict)
    file: Path | None = None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first config file walking up from ``start``, and its findings-validator table."""
    directory = start if start.is_dir() else start.parent
    for folder in [directory.resolve(), *directory.resolve().parents]:
        for name in FILE_NAMES:
            path = folder / name
            if not path.is_file():
                continue
            table = read_table(path)
            if table is not None:
                return path, table
    return None


def read_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", Location(str(path))) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 0) or 0
        raise ConfigError(f"TOML syntax error: {exc}", Location(str(path), line, getattr(exc, "colno", 0) or 0)) from None
    except ValueError as exc:  # tomllib's int() refuses an integer of more than 4,300 digits
        raise ConfigError(f"invalid TOML value: {str(exc)[:120]}", Location(str(path)),
                          "a setting's number has a few digits") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("findings-validator")
        return dict(table) if table is not None else None
    return data


def _validate(values: dict[str, Any], where: str) -> Config:
    known = set(Config.model_fields)
    for key in values:
        if key.replace("-", "_") not in known:
            close = difflib.get_close_matches(key.replace("-", "_"), sorted(known), n=1)
            raise ConfigError(f"unknown configuration key {key!r}", Location(where),
                              f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(sorted(known))}")
    try:
        return Config.model_validate({k.replace("-", "_"): v for k, v in values.items()})
    except ValidationError as exc:
        err = exc.errors()[0]
        name = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"configuration key {name!r}: {err['msg']}", Location(where)) from None


def load_config(start: Path | None = None, *, config_file: Path | None = None, isolated: bool = False,
                overrides: dict[str, Any] | None = None) -> Effective:
    """Defaults ← config file ← ``overrides`` (command line; None values are ignored)."""
    sources = {name: "default" for name in Config.model_fields}
    values: dict[str, Any] = {}
    path: Path | None = None
    if config_file is not None:
        table = read_table(config_file)
        if table is None:
            raise ConfigError("pyproject.toml has no [tool.findings-validator] table", Location(str(config_file)))
        path, values = config_file, table
    elif not isolated:
        found = find_config(start or Path.cwd())
        if found is not None:
            path, values = found
    if path is not None:
        values = _relative_paths(values, path)
        _validate(values, str(path))
        for key in values:
            sources[key.replace("-", "_")] = str(path)
    for key, value in (overrides or {}).items():
        if value is None or value == () or value == []:
            continue
        values[key] = value
        sources[key] = "command line"
    return Effective(_validate(values, str(path or "<command line>")), sources, path)


_PATH_KEYS = ("rules", "catalogs", "layouts")


def _relative_paths(values: dict[str, Any], config: Path) -> dict[str, Any]:
    """The files a configuration names, resolved against its folder and kept inside it.

    A configuration file may come with the repository being checked, so what it names must stay in that
    repository: a path that leads out of the configuration's folder (absolute, ``..``, or through a link) is
    refused, as is anything but a regular file (a catalog may also be a folder, whose YAML files must then be
    regular files inside it too). A path given on the command line is not subject to this.
    """
    base = config.parent
    root = base.resolve()
    out = dict(values)
    for key in _PATH_KEYS:
        entries = out.get(key)
        if not isinstance(entries, list):
            continue
        resolved = []
        for entry in entries:
            if not isinstance(entry, str):
                resolved.append(entry)  # the schema reports the type
                continue
            path = (base / entry).resolve()
            _inside(path, root, key, entry, config)
            if path.is_dir() and key == "catalogs":
                from .catalog.paths import expand

                for found in expand([path]):
                    _inside(found.resolve(), root, key, entry, config, found)
            resolved.append(str(path))
        out[key] = resolved
    return out


def _inside(path: Path, root: Path, key: str, entry: str, config: Path, found: Path | None = None) -> None:
    """Refuse ``path`` (entry ``entry`` of ``key``, or a file ``found`` under it) outside ``root`` or not a regular
    file, with the entry's line in ``config``."""
    where = Location(str(config), _line_of(config, entry))
    shown = repr(short(entry))
    inner = f" (its file {short(str(found.relative_to(root) if found.is_relative_to(root) else found.name))})" if found else ""
    if not path.is_relative_to(root):
        raise ConfigError(f"{key} entry {shown}{inner} leads outside the configuration's folder {short(str(root), 80)}",
                          where, "a configuration names files inside its own folder; give other files on the "
                          "command line (--rules, --catalog)")
    if not path.exists():
        return  # reported where the file is read, as for a path given on the command line
    if not (path.is_file() or (key == "catalogs" and found is None and path.is_dir())):
        kind = "a folder" if path.is_dir() else "not a regular file"
        raise ConfigError(f"{key} entry {shown}{inner} is {kind}", where,
                          "name regular files" + (" or folders" if key == "catalogs" else ""))


def _line_of(config: Path, entry: str) -> int:
    """The first line of ``config`` that holds ``entry`` as a quoted string (0 when none does)."""
    try:
        lines = config.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    for number, line in enumerate(lines, 1):
        if f'"{entry}"' in line or f"'{entry}'" in line:
            return number
    return 0
