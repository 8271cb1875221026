"""``check`` configuration: ``[tool.reportparse]`` in ``pyproject.toml``, or ``reportparse.toml``.

The nearest configuration file above a checked file applies to it: its folder is searched
first, then each parent; in one folder ``reportparse.toml`` wins over ``pyproject.toml``, and
a ``pyproject.toml`` without a ``[tool.reportparse]`` table is passed over. Keys::

    select = ["H1"]                  # codes or prefixes to check (default: the default rules)
    ignore = ["H110"]                # codes or prefixes to skip
    [per-file-ignores]               # in pyproject.toml: [tool.reportparse.per-file-ignores]
    "drafts/**" = ["H101"]           # globs relative to the configuration file's folder;
    "*-excerpt.txt" = ["H103"]       # one without '/' matches the file name

Options on the command line win: ``--select`` replaces ``select`` and the configured ignores,
``--ignore`` adds to ``ignore``. TOML is read with :mod:`tomllib` (Python 3.11+) or ``tomli``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportparse.inputs import matches_any

FILE_NAMES = ("reportparse.toml", "pyproject.toml")
_KEYS = ("select", "ignore", "per-file-ignores")


class ConfigError(ValueError):
    """A configuration file that cannot be read or has a wrong key or value."""


@dataclass(frozen=True)
class Config:
    """The rule selection of one configuration file (or none: the defaults)."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    def selection(self, file: str, select: Iterable[str] | None = None,
                  ignore: Iterable[str] = ()) -> tuple[list[str] | None, list[str]]:
        """``(select, ignore)`` for checking ``file``, with the command line's ``select`` and
        ``ignore`` on top (``select=None``: not given)."""
        ignore = list(ignore)
        if select is not None:
            return list(select), ignore
        extra: list[str] = []
        if self.path is not None and file != "-":
            rel = os.path.relpath(os.path.abspath(file), self.path.parent)
            for glob, codes in self.per_file_ignores:
                if matches_any(rel, [glob]):
                    extra.extend(codes)
        return (list(self.select) if self.select is not None else None), [*self.ignore, *extra, *ignore]


DEFAULT = Config()


def find(start: str | os.PathLike[str]) -> Path | None:
    """The configuration file that applies to the file (or folder) ``start``, or None."""
    path = Path(os.path.abspath(start))
    folder = path if path.is_dir() else path.parent
    while True:
        for name in FILE_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
        if folder.parent == folder:
            return None
        folder = folder.parent


class Resolver:
    """The configuration of each checked file, each folder searched and each file read once."""

    def __init__(self) -> None:
        self._found: dict[Path, Path | None] = {}
        self._loaded: dict[Path, Config] = {}

    def for_file(self, path: str) -> Config:
        """The configuration that applies to ``path`` (the defaults if none is found)."""
        folder = Path(os.path.abspath(path))
        folder = folder if folder.is_dir() else folder.parent
        if folder not in self._found:
            self._found[folder] = find(folder)
        found = self._found[folder]
        if found is None:
            return DEFAULT
        if found not in self._loaded:
            self._loaded[found] = load(found)
        return self._loaded[found]


def _has_table(pyproject: Path) -> bool:
    try:
        data = _toml(pyproject)
    except ConfigError:
        return True  # a broken pyproject.toml is reported, not passed over
    return isinstance(data.get("tool"), dict) and "reportparse" in data["tool"]


def load(path: str | os.PathLike[str]) -> Config:
    """The configuration in the file ``path`` (``reportparse.toml``, or a ``pyproject.toml``
    with ``[tool.reportparse]``); :class:`ConfigError` says what is wrong with it."""
    path = Path(os.path.abspath(path))
    data = _toml(path)
    if path.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool")
        table = tool.get("reportparse") if isinstance(tool, dict) else None
        if table is None:
            raise ConfigError(f"{path}: no [tool.reportparse] table")
        where = "[tool.reportparse]"
    else:
        table, where = data, "the top level"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.reportparse] must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} in {where}; the keys are {', '.join(_KEYS)}")
    select = _codes(path, "select", table["select"]) if "select" in table else None
    ignore = _codes(path, "ignore", table.get("ignore", []))
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{path}: per-file-ignores must be a table of glob = [codes]")
    pairs = tuple((str(glob), _codes(path, f"per-file-ignores {glob!r}", codes)) for glob, codes in per_file.items())
    return Config(path, select, ignore, pairs)


def _codes(path: Path, key: str, value: Any) -> tuple[str, ...]:
    from reportparse.lint import Selection

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} must be a list of codes, e.g. [\"H101\", \"H2\"]")
    try:
        Selection(value, None)
    except ValueError as exc:
        raise ConfigError(f"{path}: {key}: {exc}") from None
    return tuple(v.strip().upper() for v in value)


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            return tomllib.loads(fh.read().decode("utf-8-sig"))  # a byte-order mark (Notepad's) is dropped
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
