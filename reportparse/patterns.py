"""Patterns compiled on first use: importing the parser does not pay for the ones an input never needs.

``lazy(source, flags)`` stands in for ``regex.compile(source, flags)``. The first call of a
matching method compiles the pattern and keeps its bound methods in the object's slots, so every
later call goes straight to the compiled pattern.
"""

from __future__ import annotations

from typing import Any

import regex

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "splititer")


class LazyPattern:
    """A ``regex`` pattern compiled the first time one of its methods is used."""

    __slots__ = ("_compiled", "_flags", "_source", *_METHODS)

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: regex.Pattern[str] | None = None

    @property
    def compiled(self) -> regex.Pattern[str]:
        """The compiled pattern (compiling it now if it was not yet)."""
        if self._compiled is None:
            compiled = self._compiled = regex.compile(self._source, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # reached only while a method slot is still empty
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags})"


def lazy(source: str, flags: int = 0) -> LazyPattern:
    """``regex.compile(source, flags)``, done on first use."""
    return LazyPattern(source, flags)
