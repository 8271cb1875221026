"""The report of a batch run: a JSON Lines file with one record per source, and the summary line.

Each record is one line, written as soon as its file is done, so a run that is interrupted
(or killed) leaves a valid report of the files it finished::

    {"source": "reports/a.txt", "output": "out/a.json", "status": "converted", "message": "",
     "warnings": {"D101": 1}, "headings": 12, "seconds": 0.031}

``status`` is ``converted``, ``skipped`` or ``failed`` (``message`` says why), or ``stale``
for an output whose source is gone (with ``deleted``, true when ``--delete-stale`` removed
it); ``warnings`` counts the parse's warnings by code, and ``headings`` and ``seconds``
are null where no file was converted. :func:`check_path` refuses a report path that would
be a source, be read as one, or be an output; :func:`open_report` replaces the file at
that path by a new one (through a temporary file renamed into place, so a file linked to
it elsewhere is not changed). Library code: nothing here prints.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from reportparse.batch import Job, Result, Summary
    from reportparse.stale import StaleOutput

#: the report path that means stdout
STDOUT = "-"


class ReportError(Exception):
    """The report cannot be written where asked; the message names it and says why."""


def check_path(path: str, src: str, out: str, jobs: Sequence[Job], *, include: Iterable[str] = (),
               exclude: Iterable[str] = ()) -> None:
    """Raise :class:`ReportError` if the report ``path`` is a folder, one of the sources, a
    file the search of ``src`` with ``include``/``exclude`` would take as a source, or a
    file of the output folder ``out`` that batch makes or keeps (an output, the record of
    how outputs were made, the html index)."""
    from reportparse.batch import INDEX, display
    from reportparse.inputs import DEFAULT_INCLUDE, matches_any
    from reportparse.made import RECORD

    if path == STDOUT:
        return
    include, exclude = tuple(include), tuple(exclude)
    real = os.path.realpath(path)
    shown = display(path)
    if os.path.isdir(real):
        raise ReportError(f"{shown}: the report is a folder; name a file")
    if real == os.path.realpath(out):
        raise ReportError(f"{shown}: the report would replace the output; name another file")
    sources = {os.path.realpath(job.source) for job in jobs}
    if real in sources:
        raise ReportError(f"{shown}: the report would overwrite a source file")
    real_src, real_out = os.path.realpath(src), os.path.realpath(out)
    if _below(real, real_src) and not _below(real, real_out):
        rel = os.path.relpath(real, real_src)
        excluded = matches_any(rel, exclude) or any(matches_any(f, exclude) for f in _parents(rel))
        if matches_any(rel, include or DEFAULT_INCLUDE) and not excluded:
            raise ReportError(f"{shown}: the report is under {display(src)} and matches what batch reads "
                              "there: it would be taken as a source; name another file")
    if _below(real, real_out):
        rel = os.path.normcase(os.path.relpath(real, real_out))
        targets = {os.path.normcase(job.target) for job in jobs if job.target}
        if rel in targets or rel in (RECORD, INDEX) or _recorded(real_out, rel):
            raise ReportError(f"{shown}: the report would replace a file batch makes in {display(out)}; "
                              "name another file")


def _below(path: str, folder: str) -> bool:
    return path != folder and os.path.commonpath([path, folder]) == folder


def _parents(rel: str) -> list[str]:
    """The folders above the relative path ``rel``, nearest first."""
    out: list[str] = []
    folder = os.path.dirname(rel)
    while folder:
        out.append(folder)
        folder = os.path.dirname(folder)
    return out


def _recorded(out: str, rel: str) -> bool:
    """Whether ``rel`` is an output in the record of how the outputs of ``out`` were made."""
    from reportparse.batch import _open_dir
    from reportparse.made import Record

    try:
        fd = _open_dir(out)
    except OSError:
        return False
    try:
        return any(os.path.normcase(o) == rel for o in Record(fd).options)
    finally:
        os.close(fd)


class Report:
    """An open report: :meth:`result` and :meth:`stale` write one record each, whole, at once.
    A write that fails (a full disk) does not stop the run: ``error`` says why, and nothing
    more is written."""

    def __init__(self, write: Callable[[bytes], None], out: str | None,
                 close: Callable[[], None] | None = None, name: str = STDOUT) -> None:
        self._write = write
        self._close = close
        self.out = out  # the output folder (None: no file per source, as with a Spark dataset)
        self.name = name
        self.error = ""

    def result(self, result: Result) -> None:
        """Write the record of one finished job."""
        from reportparse.batch import display

        job = result.job
        output = display(os.path.join(self.out, job.target)) if self.out is not None and job.target else None
        counts: dict[str, int] = {}
        for code in result.warnings:
            counts[code] = counts.get(code, 0) + 1
        self._put({"source": display(job.source), "output": output, "status": result.status,
                   "message": result.message, "warnings": dict(sorted(counts.items())),
                   "headings": result.headings,
                   "seconds": None if result.seconds is None else round(result.seconds, 4)})

    def stale(self, stale: StaleOutput) -> None:
        """Write the record of one stale output."""
        from reportparse.batch import display

        assert self.out is not None
        message = "its source is gone" + (f"; kept: {stale.kept}" if stale.kept else "")
        self._put({"source": display(shown_source(stale.source)), "output": display(os.path.join(self.out, stale.output)),
                   "status": "stale", "message": message, "warnings": {}, "headings": None,
                   "seconds": None, "deleted": stale.deleted})

    def _put(self, record: dict[str, Any]) -> None:
        from reportparse.batch import display
        from reportparse.output import reason

        if self.error:
            return
        try:
            self._write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.error = f"{display(self.name)}: cannot write the report ({reason(exc)}); it is incomplete"

    def close(self) -> None:
        """Close the file (not a stream given to :func:`open_report`)."""
        if self._close is not None:
            self._close()
            self._close = None


def open_report(path: str, out: str | None, *, stream: BinaryIO | None = None) -> Report:
    """The report at ``path`` (``-``: to ``stream``, flushed after each record), emptied.

    A regular file (or a new one) is replaced by a new file renamed into place (keeping its
    mode); a link is followed, and a device or FIFO is written directly. Raises
    :class:`ReportError` if it cannot be made.
    """
    from reportparse.batch import display
    from reportparse.output import reason

    if path == STDOUT:
        if stream is None:
            raise ReportError("no stream to write the report to")

        def put(data: bytes) -> None:
            stream.write(data)
            stream.flush()

        return Report(put, out)
    try:
        fd = _open_file(os.path.realpath(path))
    except OSError as exc:
        raise ReportError(f"{display(path)}: cannot write the report ({reason(exc)})") from None

    def write(data: bytes) -> None:
        while data:
            data = data[os.write(fd, data):]

    return Report(write, out, close=lambda: os.close(fd), name=path)


def _open_file(real: str) -> int:
    """A descriptor of a new, empty file put in place at ``real`` (see :func:`open_report`)."""
    from reportparse.output import create_temp, keep_mode

    try:
        old: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        return os.open(real, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    folder, name = os.path.split(real)
    dir_fd = os.open(folder or ".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fd, tmp = create_temp(dir_fd, name)
        try:
            if old is not None:
                keep_mode(fd, old)
            os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            os.close(fd)
            try:
                os.unlink(tmp, dir_fd=dir_fd)
            except OSError:
                pass
            raise
        return fd
    finally:
        os.close(dir_fd)


def summary_line(summary: Summary, *, stale: Sequence[StaleOutput] = (), delete_stale: bool = False,
                 interrupted: bool = False) -> str:
    """The line that ends a run: ``7 converted, 0 skipped, 1 failed[, 2 stale (2 deleted)]
    [, N left] in 0.1 s[; warnings: D101 3, H101 1]``."""
    line = f"{summary.count('converted')} converted, {summary.count('skipped')} skipped, " \
           f"{summary.count('failed')} failed"
    if stale:
        line += f", {len(stale)} stale"
        if delete_stale:
            line += f" ({sum(s.deleted for s in stale)} deleted)"
    if interrupted:
        line += f", {summary.not_started} left"
    line += f" in {summary.seconds:.1f} s"
    warnings = summary.warnings()
    if warnings:
        line += "; warnings: " + ", ".join(f"{code} {n}" for code, n in warnings.items())
    return ("Interrupted: " if interrupted else "") + line


def stale_message(stale: StaleOutput, out: str, *, delete: bool) -> str:
    """The line that tells of one stale output (``Stale: …`` or ``Deleted: …``)."""
    from reportparse.batch import display

    said = f"{display(os.path.join(out, stale.output))}: its source {display(shown_source(stale.source))} is gone"
    if stale.deleted:
        return f"Deleted: {said}"
    if stale.kept:
        return f"Stale: {said}; kept: {stale.kept}"
    return f"Stale: {said}" + ("" if delete else " (--delete-stale deletes it)")


def shown_source(path: str) -> str:
    """The recorded (absolute) source ``path`` as a user names it: relative to the current
    folder when it lies below it."""
    here = os.getcwd()
    return os.path.relpath(path, here) if _below(path, here) else path
