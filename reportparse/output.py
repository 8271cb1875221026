"""Writing rendered text out: UTF-8 in large pieces; regular files replaced atomically, other
files (a device, a FIFO) written directly.

A regular file is replaced through a temporary file beside it, renamed into place: readers
see the old file or the new one, never a part, and the new file keeps the old one's mode.
Temporary names are ``.NAME.rpPID-XXXXXXXX.tmp``, with ``NAME`` shortened so that they fit
wherever ``NAME`` fits; one whose process is gone (killed outright) is stale, and
:func:`remove_stale_temps` removes it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO

_PIECE = 1 << 16  # characters gathered before one write
_NAME_MAX = 255  # bytes in a file name, where the system does not say
#: a temporary file of :func:`write_atomic` (``pid``: the process writing it)
TEMP_NAME = re.compile(r"\.(?P<name>.*)\.rp(?P<pid>[0-9]+)-[0-9a-f]{8}\.tmp", re.DOTALL)


def encode_parts(parts: Iterable[str], size: int = _PIECE) -> Iterator[bytes]:
    """``parts`` as UTF-8, gathered into pieces of at least ``size`` characters (the last may be
    shorter): few writes, and never the whole text in memory at once."""
    pending: list[str] = []
    gathered = 0
    for part in parts:
        pending.append(part)
        gathered += len(part)
        if gathered >= size:
            yield "".join(pending).encode("utf-8")
            pending, gathered = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def write_file(path: str, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` to ``path``: a regular file (or a new one) is replaced atomically, keeping
    its mode; a link is followed, and a device or FIFO is written directly. Raises
    :class:`IsADirectoryError` for a folder, :class:`OSError` for what else fails."""
    real = os.path.realpath(path)  # keep a link, replace what it points to
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if mode is not None and not stat.S_ISREG(mode):
        fd = os.open(real, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "wb") as fh:
            _put(fh, data)
        return
    folder, name = os.path.split(real)
    dir_fd = _open_folder(folder)
    try:
        write_atomic(name, data, dir_fd=dir_fd)
        remove_stale_temps(dir_fd, only_for=name)
    finally:
        os.close(dir_fd)


def write_atomic(name: str, data: bytes | Iterable[bytes], *, dir_fd: int | None = None) -> None:
    """Replace ``name`` (in the folder open as ``dir_fd``; else a path) by ``data`` (bytes, or
    pieces of it) through a temporary file in the same folder, renamed into place. A regular
    file replaced keeps its mode (and owner, where allowed). Nothing is followed: the entry
    ``name`` itself is replaced, whatever it is; the caller refuses what must not be."""
    if dir_fd is None:
        folder, base = os.path.split(name)
        fd = _open_folder(folder)
        try:
            return write_atomic(base, data, dir_fd=fd)
        finally:
            os.close(fd)
    try:
        old: os.stat_result | None = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        old = None
    fd, tmp = create_temp(dir_fd, name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if old is not None and stat.S_ISREG(old.st_mode):
                keep_mode(fh.fileno(), old)
            _put(fh, data)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except OSError:
            pass
        raise


def temp_name(name: str, token: str, *, pid: int | None = None, limit: int = _NAME_MAX) -> str:
    """The temporary name for ``name`` (``token``: 8 hex digits), at most ``limit`` bytes long:
    ``name`` is shortened as needed."""
    suffix = f".rp{os.getpid() if pid is None else pid}-{token}.tmp"
    room = limit - 1 - len(suffix)
    raw = os.fsencode(name)
    if len(raw) > room:
        name = os.fsdecode(raw[:max(room, 1)])
    return f".{name}{suffix}"


def remove_stale_temps(dir_fd: int, *, only_for: str | None = None) -> int:
    """Remove the temporary files of :func:`write_atomic` in the folder open as ``dir_fd``
    whose process is gone (``only_for``: just those for that name); how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(dir_fd))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(".") or not entry.name.endswith(".tmp") or not _stale(entry):
            continue
        if only_for is not None and not only_for.startswith(_temp_of(entry.name)):
            continue
        try:
            os.unlink(entry.name, dir_fd=dir_fd)
            removed += 1
        except OSError:
            pass
    return removed


def _temp_of(temp: str) -> str:
    found = TEMP_NAME.fullmatch(temp)
    return found.group("name") if found else ""


def _stale(entry: os.DirEntry[str]) -> bool:
    """A regular file of ours that no live process writes."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    found = TEMP_NAME.fullmatch(entry.name)
    return found is not None and not _alive(int(found.group("pid")))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # PermissionError: alive, someone else's
        return pid > 0
    return True


def _open_folder(path: str) -> int:
    return os.open(path or ".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _name_max(dir_fd: int) -> int:
    try:
        return os.fpathconf(dir_fd, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return _NAME_MAX


def create_temp(dir_fd: int, name: str) -> tuple[int, str]:
    """A new hidden temporary file beside ``name`` in the folder ``dir_fd``, opened for
    writing (never through a link), and its name; the name fits wherever ``name`` fits."""
    import secrets  # not on the stdout path: it pulls in hashlib

    limit = _name_max(dir_fd)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    while True:
        tmp = temp_name(name, secrets.token_hex(4), limit=limit)
        try:
            return os.open(tmp, flags, 0o666, dir_fd=dir_fd), tmp
        except FileExistsError:
            continue


def keep_mode(fd: int, old: os.stat_result) -> None:
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != os.fstat(fd)[4:6]:
        try:
            os.fchown(fd, old.st_uid, old.st_gid)
        except OSError:
            pass  # only root may give a file away
    try:
        os.fchmod(fd, stat.S_IMODE(old.st_mode))
    except (OSError, AttributeError):
        pass


def _put(fh: BinaryIO, data: bytes | Iterable[bytes]) -> None:
    if isinstance(data, bytes):
        fh.write(data)
    else:
        fh.writelines(data)


def reason(exc: OSError) -> str:
    """Why writing failed, in words (a full disk says so)."""
    if exc.errno == errno.ENOSPC:
        return "no space left on device: the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)
