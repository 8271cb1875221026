"""Naming inputs, one way for every command: files, folders (searched recursively) and ``-``.

:func:`resolve` turns command arguments into :class:`Input` s. A file named on the
command line is always taken; a folder gives every file below it whose path matches
an ``include`` glob (default ``*.txt``) and no ``exclude`` glob. Globs:

- a glob without ``/`` matches the file name, at any depth (``*.txt``, ``draft-*``);
- a glob with ``/`` matches the path relative to the folder given: ``*`` and ``?``
  stay within one path component, ``**`` spans any number of them, also none, so
  ``**/*.txt`` matches ``a.txt`` as well as ``x/y/a.txt``;
- an ``exclude`` glob that matches a folder excludes everything under it;
- matching ignores case (``*.txt`` takes ``REPORT.TXT``).

Links to folders are not followed. A folder that cannot be read is a
:class:`Problem`, reported beside the inputs that could be found, and so is a file
found in a folder that is not a regular file (a FIFO, a device, also through a link):
reading it could wait, or go on, forever; a folder in which
nothing matches raises :class:`NoInputError`. Library code: nothing here prints.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

STDIN = "-"
DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt",)


@dataclass(frozen=True)
class Input:
    """One input: ``path`` as given or found (``-`` is stdin), and ``rel``, its path relative to
    the folder argument it was found under (``root``; None for a file named directly, whose
    ``rel`` is its file name)."""

    path: str
    rel: str
    root: str | None = None


@dataclass(frozen=True)
class Problem:
    """A folder that could not be searched, and why."""

    path: str
    message: str


@dataclass
class Resolution:
    """The inputs found, in argument order (each folder's files in path order), and the folders
    that could not be read."""

    inputs: list[Input] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class NoInputError(ValueError):
    """Arguments that name no input to read: a folder in which no file matched, or stdin
    (``-``) named more than once (it can be read only once)."""


class InputReadError(OSError):
    """An input that cannot be read; the message names it and says why."""


def resolve(args: Sequence[str], *, include: Iterable[str] = (), exclude: Iterable[str] = (),
            prune: Callable[[str], bool] | None = None, special: bool = False) -> Resolution:
    """The inputs ``args`` name (files, folders, ``-``).

    ``include`` defaults to :data:`DEFAULT_INCLUDE`; ``prune(path)`` true skips a
    folder during the search (``batch`` prunes its output folder); ``special``: files
    found that are not regular files are inputs too, not problems (``batch`` skips them
    itself). A path that does not exist is passed on as a file: reading it reports it. Raises
    :class:`NoInputError` naming the first folder in which nothing matched, or where ``-``
    comes more than once.
    """
    if sum(arg == STDIN for arg in args) > 1:
        raise NoInputError("<stdin>: '-' is named more than once; stdin can be read only once")
    includes = tuple(include) or DEFAULT_INCLUDE
    excludes = tuple(exclude)
    found = Resolution()
    for arg in args:
        if arg != STDIN and os.path.isdir(arg):
            before = len(found.inputs), len(found.problems)
            _search(arg, includes, excludes, prune, found, special)
            if (len(found.inputs), len(found.problems)) == before:
                raise NoInputError(f"{display(arg)}: no file matches {' or '.join(includes)}"
                                   + (f" (excluding {' and '.join(excludes)})" if excludes else ""))
        else:
            found.inputs.append(Input(arg, os.path.basename(arg) if arg != STDIN else STDIN))
    return found


def _search(root: str, includes: tuple[str, ...], excludes: tuple[str, ...],
            prune: Callable[[str], bool] | None, found: Resolution, special: bool) -> None:
    def unreadable(exc: OSError) -> None:
        path = exc.filename if isinstance(exc.filename, str) else root
        found.problems.append(Problem(path, f"cannot read folder ({_reason(exc)})"))

    for top, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        kept = []
        for name in sorted(dirs):
            path = os.path.join(top, name)
            if (prune is not None and prune(path)) or matches_any(_rel(path, root), excludes):
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = os.path.join(top, name)
            rel = _rel(path, root)
            if not matches_any(rel, includes) or matches_any(rel, excludes):
                continue
            kind = None if special else _special_kind(path)
            if kind is None:
                found.inputs.append(Input(path, rel, root))
            else:
                found.problems.append(Problem(path, f"not a regular file ({kind}); not read"))


def _special_kind(path: str) -> str | None:
    """What ``path`` (a link followed) is if it exists and is not a regular file, else None."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # reading it reports what is wrong
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a file"


def _rel(path: str, root: str) -> str:
    return os.path.relpath(path, root)


def matches_any(rel: str, globs: Iterable[str]) -> bool:
    """Whether the relative path ``rel`` matches one of ``globs`` (see the module docstring)."""
    posix = rel.replace(os.sep, "/")
    name = posix.rsplit("/", 1)[-1]
    return any(_compiled(g).fullmatch(posix if "/" in g.strip("/") else name) for g in globs)


@lru_cache(maxsize=64)
def _compiled(glob: str) -> re.Pattern[str]:
    """``glob`` as a regular expression over a ``/``-separated path."""
    pattern = glob.strip("/")
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")  # any number of folders, also none
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2 if pattern.startswith("[!", i) or pattern.startswith("[]", i) else i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def read_bytes(path: str) -> bytes:
    """The content of ``path`` (``-``: all of stdin); :class:`InputReadError` says what failed."""
    if path == STDIN:
        import sys

        if sys.stdin is None:  # started with file descriptor 0 closed
            raise InputReadError(f"{display(path)}: is closed; pipe text in, or name a FILE")
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except IsADirectoryError:
        raise InputReadError(f"{display(path)}: is a directory") from None
    except FileNotFoundError:
        raise InputReadError(f"{display(path)}: no such file") from None
    except PermissionError:
        raise InputReadError(f"{display(path)}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise InputReadError(f"{display(path)}: cannot read ({_reason(exc)})") from None


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def display(path: str) -> str:
    """``path`` printable: ``-`` is ``<stdin>``, bytes of a file name that are not UTF-8 show as
    U+FFFD."""
    if path == STDIN:
        return "<stdin>"
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
