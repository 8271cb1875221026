"""Batch conversion: a folder of reports to a mirrored folder of outputs.

:func:`plan` lists the work, :func:`convert` does one file, :func:`run` does
them all (in worker processes when asked) and reports each result to a
callback. Every output is written atomically (a temporary file renamed into
place), so an interrupted run leaves each output complete or absent, and a
rerun with ``skip_unchanged`` finishes the rest (it redoes an output older than
its source, or not known to be made with the same options: see
:mod:`reportparse.made`); :func:`prepare` removes the temporary files a killed
run left. Nothing is written outside the output
folder: each output is reached through folder descriptors opened one step at a
time without following links, so the folder checked is the folder written in,
even when a folder is swapped for a link meanwhile. Nothing is written inside
the source folder either (when it lies inside the output folder), so no output
lands on a source.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

from reportparse.made import RECORD
from reportparse.output import encode_parts, reason, remove_stale_temps, write_atomic

if TYPE_CHECKING:
    import threading
    from concurrent.futures import Future

#: output file extension for each render format
EXTENSIONS: dict[str, str] = {
    "json": ".json", "tree": ".tree.txt", "markdown": ".md", "outline": ".outline.txt",
    "chunks": ".jsonl", "text": ".txt", "html": ".html",
}

#: the page listing every document of a ``--format html`` run, at the top of the output folder
INDEX = "index.html"
_FACTS_HEAD = 1 << 16  # a page's facts are in its first bytes

#: below this much input in all, worker processes cost more time than they save
_POOL_MIN_BYTES = 1024 * 1024

Status = Literal["converted", "skipped", "failed"]


class BatchError(Exception):
    """The source or output folder cannot be used (missing, not a folder, the same folder)."""


class UnsafePathError(OSError):
    """An output path that would leave the output folder (through a link, or not a folder), go
    into the source folder, or replace what is not a regular file."""


class OutputWriteError(OSError):
    """An output that cannot be written; the message names it and says why."""


@dataclass(frozen=True)
class Options:
    """How each file is converted and when an existing output is kept."""

    format: str = "json"
    encoding: str | None = None
    keep_noise: bool = False
    indent: int | None = 2  # JSON only; None is one compact line
    force: bool = False  # overwrite existing outputs
    skip_unchanged: bool = False  # overwrite only outputs older than their source or made otherwise
    #: chunks only: keyword arguments of the chunks renderer (max_chars, overlap, min_chars, breadcrumb)
    chunking: dict[str, Any] = field(default_factory=dict)

    def making(self) -> dict[str, object]:
        """What an output made with these options depends on (as :mod:`reportparse.made` keeps it)."""
        made: dict[str, object] = {"format": self.format, "encoding": self.encoding,
                                   "keep_noise": self.keep_noise}
        if self.format == "json":
            made["indent"] = self.indent
        if self.format == "chunks":
            made.update(self.chunking)
        return made


@dataclass(frozen=True)
class Job:
    """One input file: its path, its output path relative to the output folder, why it is
    skipped (empty if it is not), its size in bytes, and why it fails before it is read."""

    source: str
    target: str
    skip: str = ""
    size: int = 0
    error: str = ""  # why it cannot be done at all (a folder that cannot be read)
    source_folder: tuple[int, int] | None = None  # (device, inode) of SRC: no output goes in it


@dataclass(frozen=True)
class Result:
    """What happened to one job; for a converted file also the codes of the parse's warnings
    (in document order, repeated as often as they occur), its number of headings, and the
    seconds :func:`convert` took (None where not known)."""

    job: Job
    status: Status
    message: str = ""
    warnings: tuple[str, ...] = ()
    headings: int | None = None
    seconds: float | None = None


@dataclass
class Summary:
    """Results and time of a run; ``not_started`` counts jobs an interruption left undone."""

    results: list[Result] = field(default_factory=list)
    not_started: int = 0
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        """How many jobs ended with ``status``."""
        return sum(1 for r in self.results if r.status == status)

    def warnings(self) -> dict[str, int]:
        """How many warnings of each code the converted files gave, by code."""
        counts: dict[str, int] = {}
        for result in self.results:
            for code in result.warnings:
                counts[code] = counts.get(code, 0) + 1
        return dict(sorted(counts.items()))


class BatchInterrupted(KeyboardInterrupt):
    """Raised by :func:`run` on Ctrl-C or SIGTERM, after the files in progress were finished."""

    def __init__(self, summary: Summary) -> None:
        super().__init__("batch interrupted")
        self.summary = summary


def display(path: str) -> str:
    """``path`` printable: bytes that are not UTF-8 in a file name show as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def plan(src: str, out: str, *, include: Iterable[str] = (), exclude: Iterable[str] = (),
         format: str = "json") -> list[Job]:
    """The jobs for the files under ``src`` that ``include`` (default ``*.txt``) and not
    ``exclude`` match, in path order (globs as in :mod:`reportparse.inputs`).

    Links and special files are skipped, and so is ``out`` if it lies inside ``src``, and a
    file whose output would be the run's own (its :data:`INDEX`, its record of outputs); a
    folder that cannot be read is a job that fails. Raises :class:`BatchError` if ``src``
    is not a folder or no file in it matches, or ``out`` is ``src`` or a file.
    """
    from reportparse.inputs import NoInputError, resolve

    if not os.path.isdir(src):
        raise BatchError(f"{display(src)}: " + ("not a folder" if os.path.exists(src) else "no such folder"))
    if os.path.exists(out) and not os.path.isdir(out):
        raise BatchError(f"{display(out)}: exists and is not a folder")
    real_out = os.path.realpath(out)
    if real_out == os.path.realpath(src):
        raise BatchError(f"{display(out)}: the output folder must not be the source folder")
    try:
        found = resolve([src], include=include, exclude=exclude,
                        prune=lambda path: os.path.realpath(path) == real_out, special=True)
    except NoInputError as exc:
        raise BatchError(str(exc)) from None
    ext = EXTENSIONS[format]
    info = os.stat(src)
    folder = (info.st_dev, info.st_ino)
    jobs: list[Job] = [Job(p.path, "", error=p.message) for p in found.problems]
    claimed: dict[str, str] = {}
    for item in found.inputs:
        target = os.path.splitext(item.rel)[0] + ext
        if format == "html" and os.path.normcase(target) == os.path.normcase(INDEX):
            jobs.append(Job(item.path, target, f"its page would be the run's {INDEX}; rename the file"))
            continue
        if os.path.normcase(target) == os.path.normcase(RECORD):
            jobs.append(Job(item.path, target, f"its output would be the run's record of outputs ({RECORD}); "
                                               "rename the file"))
            continue
        jobs.append(_job(item.path, target, claimed, folder))
        claimed.setdefault(os.path.normcase(target), item.path)
    return jobs


def _job(path: str, target: str, claimed: dict[str, str], folder: tuple[int, int]) -> Job:
    try:
        info = os.lstat(path)
    except OSError:
        return Job(path, target, source_folder=folder)  # gone already: convert() reports it
    if stat.S_ISLNK(info.st_mode):
        return Job(path, target, "a symbolic link; links are not followed")
    if not stat.S_ISREG(info.st_mode):
        return Job(path, target, "not a regular file")
    other = claimed.get(os.path.normcase(target))
    if other is not None:
        return Job(path, target, f"its output {display(target)} is already made from {display(other)}")
    return Job(path, target, size=info.st_size, source_folder=folder)


def prepare(out: str) -> None:
    """Make the output folder ``out`` if it is missing, and remove the temporary files that
    runs killed outright left in it; raises :class:`BatchError` if it cannot be written."""
    try:
        os.makedirs(out, exist_ok=True)
        fd = _open_dir(out)
    except OSError as exc:
        raise BatchError(f"{display(out)}: cannot make the output folder ({reason(exc)})") from None
    try:
        _probe(fd, out)
        for _top, _dirs, _files, top_fd in os.fwalk(".", dir_fd=fd, follow_symlinks=False):
            remove_stale_temps(top_fd)
    finally:
        os.close(fd)


def _probe(fd: int, out: str) -> None:
    """:class:`BatchError` if no file can be made in the folder ``fd``."""
    import secrets

    from reportparse.output import temp_name

    probe = temp_name("reportparse-probe", secrets.token_hex(4))
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=fd))
        os.unlink(probe, dir_fd=fd)
    except OSError as exc:
        raise BatchError(f"{display(out)}: cannot write in the output folder ({reason(exc)})") from None


def convert(job: Job, out: str, options: Options, made_alike: bool = False) -> Result:
    """Convert one file into ``out``; never raises for a bad file (it gives a failed Result).
    ``made_alike``: its existing output is known to be made with ``options`` (only then does
    ``skip_unchanged`` keep it)."""
    if job.error:
        return Result(job, "failed", job.error)
    if job.skip:
        return Result(job, "skipped", job.skip)
    start = time.perf_counter()
    try:
        result = _convert(job, out, options, made_alike)
    except (UnsafePathError, OutputWriteError) as exc:
        result = Result(job, "failed", str(exc))
    except OSError as exc:
        result = Result(job, "failed", _os_message(exc))
    except Exception as exc:  # a bug must not stop the other files
        result = Result(job, "failed", f"internal error: {type(exc).__name__}: {exc}")
    return dataclasses.replace(result, seconds=time.perf_counter() - start)


def _convert(job: Job, out: str, options: Options, made_alike: bool) -> Result:
    from reportparse.errors import ReportParseError
    from reportparse.pipeline import parse_records
    from reportparse.render import render_parts

    shown = os.path.join(out, job.target)
    dir_fd, name = open_target(out, job.target, avoid=job.source_folder)
    try:
        existing = _replaceable(dir_fd, name, shown)
        if existing is not None:
            if not options.force:
                if not options.skip_unchanged:
                    return Result(job, "skipped", "output exists (--force overwrites it)")
                if made_alike and existing.st_mtime_ns >= os.stat(job.source).st_mtime_ns:
                    return Result(job, "skipped", "output is newer than its source")
            source = os.stat(job.source)
            if (existing.st_dev, existing.st_ino) == (source.st_dev, source.st_ino):
                return Result(job, "failed", "the output would overwrite its own source")
        with open(job.source, "rb") as fh:
            data = fh.read()
        try:
            doc = parse_records(data, encoding=options.encoding, keep_noise=options.keep_noise,
                                source=display(job.source))
        except ReportParseError as exc:
            return Result(job, "failed", str(exc))
        opts: dict[str, Any] = {"indent": options.indent} if options.format == "json" else {}
        if options.format in ("html", "text"):
            from reportparse.decode import decode

            opts["source"] = decode(data, options.encoding).text  # what the parse read
        if options.format == "chunks":
            from reportparse.chunks import source_text

            opts = {**options.chunking, "source": source_text(data, options.encoding)}
        parts = render_parts(doc, options.format, **opts)
        tail = ["\n"] if options.format == "json" else []
        try:
            write_atomic(name, encode_parts(itertools.chain(parts, tail)), dir_fd=dir_fd)
        except OSError as exc:
            raise OutputWriteError(f"cannot write {display(shown)} ({reason(exc)})") from None
        return Result(job, "converted", warnings=tuple(w.code for w in doc.warnings),
                      headings=len(doc.walk()))
    finally:
        os.close(dir_fd)


def _replaceable(dir_fd: int, name: str, shown: str) -> os.stat_result | None:
    """What ``name`` in the folder ``dir_fd`` is (None: nothing); :class:`UnsafePathError` if
    it is a link or not a regular file."""
    try:
        existing = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(existing.st_mode):
        raise UnsafePathError(f"{display(shown)} is a symbolic link; not writing through it")
    if not stat.S_ISREG(existing.st_mode):
        raise UnsafePathError(f"{display(shown)} exists and is not a regular file; not replacing it")
    return existing


def _os_message(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file (was it moved or deleted during the run?)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or str(exc)


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


def _open_dir(path: str, dir_fd: int | None = None, *, follow: bool = True) -> int:
    return os.open(path, _DIR_FLAGS | (0 if follow else getattr(os, "O_NOFOLLOW", 0)), dir_fd=dir_fd)


def open_target(out: str, rel: str, *, avoid: tuple[int, int] | None = None) -> tuple[int, str]:
    """The folder of ``out/rel``, open (its missing folders made), and the file name in it.

    Each folder below ``out`` is opened relative to the one above it without following
    links, so writing through the descriptor writes where was checked. Raises
    :class:`UnsafePathError` if ``rel`` is absolute or has ``..``, a step is a link or not a
    folder, or a step is the folder ``avoid`` (device, inode); :class:`OutputWriteError` if a
    folder cannot be made or opened. The caller closes the descriptor.
    """
    parts = PurePath(rel).parts
    if not parts or PurePath(rel).is_absolute() or any(p in ("..", ".", "") for p in parts):
        raise UnsafePathError(f"output path {display(rel)!r} is not inside the output folder")
    try:
        fd = _open_dir(out)
    except OSError as exc:
        raise OutputWriteError(f"cannot open the output folder {display(out)} ({reason(exc)})") from None
    here = out
    try:
        for part in (*parts[:-1], None):
            info = os.fstat(fd)
            if avoid is not None and (info.st_dev, info.st_ino) == avoid:
                raise UnsafePathError(f"{display(os.path.join(out, rel))} would be inside the source folder "
                                      f"{display(here)}; not writing it")
            if part is None:
                break
            here = os.path.join(here, part)
            below = _step(fd, part, here)
            os.close(fd)
            fd = below
    except BaseException:
        os.close(fd)
        raise
    return fd, parts[-1]


def _step(fd: int, part: str, shown: str) -> int:
    """The folder ``part`` of the folder ``fd`` (made if missing), opened without following a
    link."""
    try:
        try:
            return _open_dir(part, fd, follow=False)
        except FileNotFoundError:
            try:
                os.mkdir(part, dir_fd=fd)
            except FileExistsError:
                pass  # made meanwhile: open it as it is
            return _open_dir(part, fd, follow=False)
    except OSError as exc:
        try:
            mode = os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode
        except OSError:
            mode = 0
        if stat.S_ISLNK(mode):
            raise UnsafePathError(f"{display(shown)} is a symbolic link; not writing through it") from None
        if mode and not stat.S_ISDIR(mode):
            raise UnsafePathError(f"{display(shown)} exists and is not a folder") from None
        raise OutputWriteError(f"cannot make or open {display(shown)} ({reason(exc)})") from None


_POLL = 0.2  # seconds between looks at ``stop`` while workers convert


def run(jobs: Sequence[Job], out: str, options: Options, *, workers: int = 1,
        on_result: Callable[[Result], None] | None = None,
        stop: threading.Event | None = None) -> Summary:
    """Convert ``jobs`` into ``out`` with ``workers`` processes (in this process for a small
    batch), calling ``on_result`` (in this process) as each one ends.

    When ``stop`` is set (by a signal handler, say) or on KeyboardInterrupt, the files being
    converted are finished, no other is started, and :class:`BatchInterrupted` is raised with
    the summary. Setting ``stop`` is the safe way: an exception raised by a signal handler
    inside the pool's locks can leave it waiting for ever. A finished ``html`` run also
    writes :data:`INDEX` (see :func:`write_index`). Raises :class:`BatchError` before any
    work if ``out`` cannot be written (see :func:`prepare`).
    """
    from reportparse.made import Record

    prepare(out)
    summary = Summary()
    start = time.monotonic()
    making = options.making()
    out_fd = _open_dir(out)
    made = Record(out_fd)

    def begin(job: Job) -> bool:
        """Whether the output of ``job`` is known to be made with ``options``; the record then
        says it may be replaced."""
        alike = made.made_with(job.target) == making
        if not (job.skip or job.error):
            made.making(job.target, making)
        return alike

    def record(result: Result) -> None:
        if result.status == "converted":
            made.made(result.job.target, making, result.job.source)
        summary.results.append(result)
        if on_result is not None:
            on_result(result)

    try:
        if workers <= 1 or sum(j.size for j in jobs) < _POOL_MIN_BYTES:
            for job in jobs:
                if _stopping(stop):
                    break
                record(convert(job, out, options, begin(job)))
        else:
            _run_pool(jobs, out, options, workers, record, stop, begin)
        if _stopping(stop):
            raise KeyboardInterrupt
        if options.format == "html":
            write_index(out, summary.results)
    except KeyboardInterrupt:
        summary.not_started = len(jobs) - len(summary.results)
        summary.seconds = time.monotonic() - start
        raise BatchInterrupted(summary) from None
    finally:
        made.close()
        os.close(out_fd)
    summary.seconds = time.monotonic() - start
    return summary


def _run_pool(jobs: Sequence[Job], out: str, options: Options, workers: int,
              record: Callable[[Result], None], stop: threading.Event | None,
              begin: Callable[[Job], bool]) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: this process may run a progress-bar thread. Not forkserver either: a
    # SIGTERM to the process group kills the fork server, and the pool then counts as broken.
    context = multiprocessing.get_context("spawn")
    pending: dict[Future[Result], Job] = {}
    queue = iter(jobs)

    def collect(done: Iterable[Future[Result]], *, stopping: bool = False) -> None:
        for future in done:
            result = _outcome(future, pending.pop(future), stopping=stopping)
            if result is not None:
                record(result)

    # At most two files per worker are queued, so that an interruption finishes them quickly.
    # Futures are never cancelled: Python 3.11 can then hang when a worker dies.
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init,
                             initargs=(os.getpid(),)) as pool:
        try:
            while True:
                while len(pending) < workers * 2:
                    job = next(queue, None)
                    if job is None:
                        break
                    try:
                        pending[pool.submit(convert, job, out, options, begin(job))] = job
                    except BrokenProcessPool:
                        if not _stopping(stop):
                            record(Result(job, "failed", "not converted: a worker process died"))
                        raise
                if not pending:
                    break
                done = wait(pending, timeout=_POLL, return_when=FIRST_COMPLETED).done
                # A worker the stopping signal reached before it could ignore it takes its
                # file with it: that file counts as not started, not as failed.
                collect(done, stopping=_stopping(stop))
                if _stopping(stop):
                    while pending:  # the files in progress
                        collect(wait(pending, timeout=_POLL).done, stopping=True)
                    return
        except KeyboardInterrupt:
            collect(wait(pending).done, stopping=True)  # the files in progress
            raise
        except BrokenProcessPool:
            if _stopping(stop):
                collect(wait(pending).done, stopping=True)
                return
            collect(wait(pending).done)
            for job in queue:
                record(Result(job, "failed", "not converted: a worker process died"))


def write_index(out: str, results: Sequence[Result]) -> str:
    """Write ``out/index.html``, one row per job in path order: a link to its page with the
    facts the page carries (a page kept from an earlier run too), or why there is no page.
    Returns the index's path."""
    from reportparse.render.to_html import read_facts
    from reportparse.render.to_html_index import IndexEntry, to_index

    entries = []
    for result in sorted(results, key=lambda r: (r.job.target, r.job.source)):
        job = result.job
        facts = None
        page = os.path.join(out, job.target) if job.target else ""
        if page and not job.skip and result.status != "failed" and not os.path.islink(page):
            try:
                with open(page, "rb") as fh:
                    facts = read_facts(fh.read(_FACTS_HEAD).decode("utf-8", "replace"))
            except OSError:
                facts = None
        problem = "" if facts is not None else (result.message or "its page carries no reportparse facts")
        entries.append(IndexEntry(page=PurePath(job.target).as_posix() if job.target else "",
                                  source=display(job.source), facts=facts, problem=problem))
    page = to_index(entries, title=f"reportparse: {display(os.path.basename(os.path.abspath(out)))}")
    dir_fd, name = open_target(out, INDEX)
    try:
        _replaceable(dir_fd, name, os.path.join(out, INDEX))
        write_atomic(name, page.encode("utf-8"), dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
    return os.path.join(out, INDEX)


def _stopping(stop: threading.Event | None) -> bool:
    return stop is not None and stop.is_set()


def _outcome(future: Future[Result], job: Job, *, stopping: bool = False) -> Result | None:
    """The result of a finished future; None if the pool broke while ``stopping``: the job then
    counts as not started."""
    from concurrent.futures.process import BrokenProcessPool

    exc = future.exception()
    if exc is None:
        return future.result()
    if stopping and isinstance(exc, BrokenProcessPool):
        return None
    if isinstance(exc, BrokenProcessPool):
        return Result(job, "failed", "a worker process died while converting it")
    return Result(job, "failed", f"internal error: {type(exc).__name__}: {exc}")


def _worker_init(parent: int) -> None:
    """Workers ignore Ctrl-C and SIGTERM: the main process decides, and lets them finish the
    current file. A worker whose main process is gone (killed outright) exits."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if os.name == "posix":  # os.kill(pid, 0) only probes on POSIX
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while True:
        time.sleep(0.5)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def default_workers() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
