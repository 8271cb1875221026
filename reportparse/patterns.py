"""Patterns compiled on first use: importing the parser does not pay for the ones an input never needs.

``lazy(source, flags)`` stands in for ``regex.compile(source, flags)``. The first call of a
matching method compiles the pattern and keeps its bound methods in the object's slots, so every
later call goes straight to the compiled pattern.

``lazy(source, flags, keys=...)`` names strings of which every match holds at least one. While
the pattern is not compiled, a call on a string that holds none of them returns what the
compiled pattern would (no match) without compiling it: a short input that never shows a rule's
shape never pays for the rule. The look-ups are cheap but not free, so a pattern stops asking
once it has looked through :data:`GATE_BUDGET` characters, and compiles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "splititer")

#: Characters a gated pattern looks through (times its number of keys, plus a little per call)
#: before it compiles anyway: about what compiling a large pattern costs.
GATE_BUDGET = 1_000_000
_CALL_COST = 50

#: What each method gives on a string the pattern cannot match.
_NO_MATCH: dict[str, Callable[[str], Any]] = {
    "match": lambda s: None,
    "fullmatch": lambda s: None,
    "search": lambda s: None,
    "finditer": lambda s: iter(()),
    "findall": lambda s: [],
    "sub": lambda s: s,
    "subn": lambda s: (s, 0),
    "split": lambda s: [s],
    "splititer": lambda s: iter((s,)),
}


class LazyPattern:
    """A ``regex`` pattern compiled the first time one of its methods is used (on a string
    that holds one of its ``keys``, if it has any)."""

    __slots__ = ("_budget", "_compiled", "_flags", "_keys", "_source", *_METHODS)

    def __init__(self, source: str, flags: int = 0, keys: tuple[str, ...] = ()) -> None:
        self._source = source
        self._flags = flags
        self._keys = keys
        self._budget = GATE_BUDGET
        self._compiled: regex.Pattern[str] | None = None

    @property
    def compiled(self) -> regex.Pattern[str]:
        """The compiled pattern (compiling it now if it was not yet)."""
        if self._compiled is None:
            compiled = self._compiled = regex.compile(self._source, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
        return self._compiled

    @property
    def keys(self) -> tuple[str, ...]:
        """Strings of which every match holds one (empty: the pattern is not gated)."""
        return self._keys

    def cannot_match(self, string: str) -> bool:
        """Whether ``string`` holds none of the keys, so that no part of it can match
        (False once the look-up budget is spent, or for a pattern without keys)."""
        keys = self._keys
        if not keys or self._budget < 0:
            return False
        self._budget -= len(string) * len(keys) + _CALL_COST
        return not any(key in string for key in keys)

    def __getattr__(self, name: str) -> Any:  # reached only while a method slot is still empty
        if name.startswith("_"):
            raise AttributeError(name)
        if self._keys and name in _METHODS:
            gated = _gate(self, name)
            setattr(self, name, gated)  # until compiling puts the compiled method there
            return gated
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags})"


def _gate(pattern: LazyPattern, name: str) -> Callable[..., Any]:
    """``pattern``'s method ``name`` that answers "no match" without compiling where it cannot match."""
    no_match = _NO_MATCH[name]
    at = 1 if name in ("sub", "subn") else 0  # sub(repl, string, ...)

    def call(*args: Any, **kwargs: Any) -> Any:
        if (pattern._compiled is None and len(args) > at and not kwargs.get("partial")
                and pattern.cannot_match(args[at])):
            return no_match(args[at])
        return getattr(pattern.compiled, name)(*args, **kwargs)

    return call


def lazy(source: str, flags: int = 0, keys: tuple[str, ...] | str = ()) -> LazyPattern:
    """``regex.compile(source, flags)``, done on first use; ``keys`` are strings of which
    every match holds one (a string of single characters, or a tuple of strings)."""
    return LazyPattern(source, flags, tuple(keys))
