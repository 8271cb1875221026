"""Stale outputs: files a batch made in its output folder whose source is gone.

An output is batch's own when the record of :mod:`reportparse.made` says it was made with
known options in the format of this run, from a source it names (outputs recorded by older
versions name none and are never stale). It is stale when that source no longer exists
and this run does not make the output again. :func:`find` lists them, and with ``delete``
removes each one that is still the file batch made (the same size and modification time
as recorded): it is reached through folder descriptors opened one step at a time without
following links, never inside the source folder, and only a regular file with the format's
suffix is removed. Library code: nothing here prints.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportparse.batch import Job
    from reportparse.made import Record


@dataclass(frozen=True)
class StaleOutput:
    """An output whose source is gone: its path relative to the output folder, the source it
    was made from, whether it was deleted, and why not when deleting was asked (``kept``)."""

    output: str
    source: str
    deleted: bool = False
    kept: str = ""


def find(out: str, jobs: Sequence[Job], format: str, *, delete: bool = False,
         avoid: tuple[int, int] | None = None) -> list[StaleOutput]:
    """The stale outputs of ``format`` in the folder ``out``, given the ``jobs`` of this run
    (their outputs are not stale), in path order; ``delete`` removes them (see the module
    docstring). ``avoid``: the (device, inode) of the source folder, never entered."""
    from reportparse.batch import EXTENSIONS, INDEX, _open_dir
    from reportparse.made import RECORD, Record

    ext = EXTENSIONS[format]
    planned = {os.path.normcase(job.target) for job in jobs if job.target}
    try:
        out_fd = _open_dir(out)
    except OSError:
        return []
    record = Record(out_fd)
    found: list[StaleOutput] = []
    try:
        for output in sorted(record.origins):
            source, stamp = record.origins[output]
            options = record.made_with(output) or {}
            if (source is None or options.get("format") != format or not output.endswith(ext)
                    or os.path.normcase(output) in planned or output in (RECORD, INDEX)
                    or os.path.lexists(source)):
                continue
            stale = _settle(out_fd, output, source, stamp, record, delete=delete, avoid=avoid)
            if stale is not None:
                found.append(stale)
    finally:
        record.close()
        os.close(out_fd)
    return found


def _settle(out_fd: int, output: str, source: str, stamp: tuple[int, int] | None, record: Record,
            *, delete: bool, avoid: tuple[int, int] | None) -> StaleOutput | None:
    """``output`` as it is now: None if it is no longer there (as a regular file outside the
    source folder), else stale, and deleted if asked and it is still as batch made it."""
    located = _locate(out_fd, output, avoid)
    if located is None:
        if delete:
            record.forget(output)  # gone already: the record need not keep it
        return None
    dir_fd, name, info = located
    try:
        if not delete:
            return StaleOutput(output, source)
        if stamp is None or (info.st_size, info.st_mtime_ns) != stamp:
            return StaleOutput(output, source, kept="changed since batch made it")
        try:
            os.unlink(name, dir_fd=dir_fd)
        except OSError as exc:
            from reportparse.output import reason

            return StaleOutput(output, source, kept=f"cannot delete it ({reason(exc)})")
        record.forget(output)
        return StaleOutput(output, source, deleted=True)
    finally:
        os.close(dir_fd)


def _locate(out_fd: int, output: str, avoid: tuple[int, int] | None) -> tuple[int, str, os.stat_result] | None:
    """The open folder of ``output`` below ``out_fd``, its name and what it is, if it is a
    regular file reached without a link and outside the folder ``avoid``; else None."""
    from reportparse.batch import _open_dir

    parts = PurePath(output).parts
    if not parts or PurePath(output).is_absolute() or any(p in ("..", ".", "") for p in parts):
        return None
    try:
        fd = os.dup(out_fd)
    except OSError:
        return None
    try:
        for part in (*parts[:-1], None):
            info = os.fstat(fd)
            if avoid is not None and (info.st_dev, info.st_ino) == avoid:
                os.close(fd)
                return None
            if part is None:
                break
            below = _open_dir(part, fd, follow=False)
            os.close(fd)
            fd = below
        info = os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)
    except OSError:
        os.close(fd)
        return None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return None
    return fd, parts[-1], info
