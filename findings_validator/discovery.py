"""Which files a directory given to ``check`` holds: report files, as a linter finds source files.

Walking a directory skips hidden files and folders (``.git``, ``.venv``), virtual environments (any folder with a
``pyvenv.cfg``), what ``.gitignore`` files ignore (those of the folder walked, of the folders under it, and of the
folders above it up to the repository's root), and what the ``exclude`` / ``extend-exclude`` patterns name
(gitignore syntax, relative to the configuration file's folder). A file named on the command line is always checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pathspec

DEFAULT_EXCLUDE = ("node_modules/", "venv/", "__pycache__/", "site-packages/", "build/", "dist/", "_build/",
                   "__pypackages__/")
"""Folders never walked unless ``exclude`` replaces this list (hidden folders and virtual environments aside)."""


def exclusion(patterns: Iterable[str], base: Path) -> tuple[pathspec.PathSpec, Path]:
    """The ``exclude`` patterns, compiled, with the folder they are relative to."""
    return pathspec.GitIgnoreSpec.from_lines(list(patterns)), base.resolve()


def _ignore_files(folder: Path) -> list[tuple[Path, pathspec.PathSpec]]:
    """The ``.gitignore`` files that apply to ``folder`` from above: from the repository's root (a folder with
    ``.git``) down to ``folder``'s parent; none when ``folder`` is in no repository."""
    chain = []
    for parent in folder.parents:
        chain.append(parent)
        if (parent / ".git").exists():
            break
    else:
        return []
    return [spec for parent in reversed(chain) if (spec := _read_ignore(parent)) is not None]


def _read_ignore(folder: Path) -> tuple[Path, pathspec.PathSpec] | None:
    path = folder / ".gitignore"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return folder, pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(path: Path, is_dir: bool, specs: list[tuple[Path, pathspec.PathSpec]]) -> bool:
    for folder, spec in specs:
        try:
            relative = path.relative_to(folder).as_posix()
        except ValueError:
            continue
        if spec.match_file(relative + ("/" if is_dir else "")):
            return True
    return False


def walk(root: Path, suffixes: Iterable[str], exclude: tuple[pathspec.PathSpec, Path] | None = None) -> list[Path]:
    """The report files under ``root`` (by suffix), sorted, without what is hidden, ignored or excluded."""
    wanted = {s.lower() for s in suffixes}
    top = root.resolve()
    inherited = _ignore_files(top)
    specs_at: dict[Path, list[tuple[Path, pathspec.PathSpec]]] = {}
    excluded = [(exclude[1], exclude[0]), (top, exclude[0])] if exclude is not None else []
    found: list[Path] = []
    for folder, dirs, files in os.walk(top):
        here = Path(folder)
        specs = specs_at.get(here.parent, inherited) if here != top else inherited
        own = _read_ignore(here)
        specs = [*specs, own] if own is not None else specs
        specs_at[here] = specs
        checks = [*specs, *excluded]
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d / "pyvenv.cfg").exists()
                         and not _ignored(here / d, True, checks))
        for name in files:
            path = here / name
            if name.startswith(".") or Path(name).suffix.lower() not in wanted or _ignored(path, False, checks):
                continue
            found.append(root / path.relative_to(top))
    return sorted(found)
