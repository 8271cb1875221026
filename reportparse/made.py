"""The record of how each output of a batch was made, so that a rerun knows which to redo.

The record is ``OUT/.reportparse-outputs.jsonl``: one line per event, ``{"output": REL,
"options": {...}, "source": PATH, "stamp": [SIZE, MTIME_NS]}``, the last line for an output
winning. ``options`` is null while an output made with other options is being replaced, or
once it is deleted: an output whose line says so, or that has no line, was made in an
unknown way (and is not known to be batch's own). ``source`` is the absolute path of the
file it was made from and ``stamp`` the output's size and modification time just after it
was made (lines of older versions have neither): an output whose source is gone is stale,
and one whose stamp no longer matches was changed since. A run appends as its outputs are made (a run killed outright
loses at most the lines of the files in progress, which then count as unknown) and rewrites
the record compactly when it ends. Library code: nothing here prints.
"""

from __future__ import annotations

import json
import os
from typing import Any

#: the record's file name, at the top of the output folder
RECORD = ".reportparse-outputs.jsonl"
_COMPACT_AFTER = 1000  # lines appended beyond the outputs recorded before the record is rewritten


class Record:
    """The record of the output folder open as ``dir_fd`` (the descriptor stays the caller's)."""

    def __init__(self, dir_fd: int) -> None:
        self.dir_fd = dir_fd
        self.options: dict[str, dict[str, Any] | None] = {}
        #: output -> (absolute source path or None, stamp or None), for outputs of known making
        self.origins: dict[str, tuple[str | None, tuple[int, int] | None]] = {}
        self.lines = 0
        self.broken = False  # an append failed: the record is dropped at close
        self._fd: int | None = None
        self._read()

    def _read(self) -> None:
        try:
            fd = os.open(RECORD, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0), dir_fd=self.dir_fd)
        except OSError:
            return
        with os.fdopen(fd, "rb") as fh:
            for raw in fh:
                self.lines += 1
                try:
                    entry = json.loads(raw)
                    output, options = entry["output"], entry["options"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a kill, or not ours
                if isinstance(output, str) and (options is None or isinstance(options, dict)):
                    self.options[output] = options
                    self._origin(output, options, entry.get("source"), entry.get("stamp"))

    def _origin(self, output: str, options: dict[str, Any] | None, source: object, stamp: object) -> None:
        self.origins.pop(output, None)
        if options is None:
            return
        known = (isinstance(stamp, list) and len(stamp) == 2
                 and all(isinstance(n, int) and not isinstance(n, bool) for n in stamp))
        self.origins[output] = (source if isinstance(source, str) else None,
                                (stamp[0], stamp[1]) if known else None)  # type: ignore[index]

    def made_with(self, output: str) -> dict[str, Any] | None:
        """The options ``output`` was made with (None: unknown)."""
        return self.options.get(output)

    def making(self, output: str, options: dict[str, Any]) -> None:
        """``output`` may now be replaced using ``options``: if it was made with other ones, it
        is unknown until :meth:`made` says otherwise."""
        if self.options.get(output, None) not in (None, options):
            self._append(output, None)

    def made(self, output: str, options: dict[str, Any], source: str | None = None) -> None:
        """``output`` was made with ``options`` (from the file ``source``: its absolute path is
        kept, with the output's size and modification time as they are now)."""
        stamp = stamp_of(self.dir_fd, output)
        self._append(output, options, None if source is None else os.path.abspath(source), stamp)

    def forget(self, output: str) -> None:
        """``output`` is gone (deleted): it is no longer known."""
        self._append(output, None)

    def _append(self, output: str, options: dict[str, Any] | None, source: str | None = None,
                stamp: tuple[int, int] | None = None) -> None:
        self.options[output] = options
        self._origin(output, options, source, None if stamp is None else list(stamp))
        if self.broken:
            return
        line = _line(output, options, source, stamp)
        try:
            if self._fd is None:
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                self._fd = os.open(RECORD, flags, 0o666, dir_fd=self.dir_fd)
            os.write(self._fd, line.encode("ascii"))
            self.lines += 1
        except OSError:
            self.broken = True

    def close(self) -> None:
        """Rewrite the record compactly if it has grown (remove it if an append failed: every
        output is then unknown, never wrongly known)."""
        from reportparse.output import write_atomic

        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        try:
            if self.broken:
                os.unlink(RECORD, dir_fd=self.dir_fd)
            elif self.lines > len(self.options) + _COMPACT_AFTER:
                text = "".join(_line(o, v, *self.origins.get(o, (None, None)))
                               for o, v in sorted(self.options.items()) if v is not None)
                write_atomic(RECORD, text.encode("ascii"), dir_fd=self.dir_fd)
        except OSError:
            pass


def _line(output: str, options: dict[str, Any] | None, source: str | None,
          stamp: tuple[int, int] | None) -> str:
    entry: dict[str, Any] = {"output": output, "options": options}
    if options is not None and source is not None:
        entry["source"] = source
    if options is not None and stamp is not None:
        entry["stamp"] = list(stamp)
    return json.dumps(entry) + "\n"  # ASCII: names that are not UTF-8 keep their bytes as escapes


def stamp_of(dir_fd: int, output: str) -> tuple[int, int] | None:
    """The size and modification time (ns) of the regular file ``output`` below the folder
    ``dir_fd`` (None: it is not there, or not a regular file)."""
    import stat

    try:
        info = os.stat(output, dir_fd=dir_fd, follow_symlinks=False)
    except (OSError, ValueError, NotImplementedError):
        return None
    return (info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else None
