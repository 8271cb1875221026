"""Writing rendered text out: UTF-8 in large pieces, and files replaced atomically."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

_PIECE = 1 << 16  # characters gathered before one write


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


def write_atomic(path: str, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of it) to ``path`` through a temporary file in the same
    folder, renamed into place: readers see the old file or the new one, never a part."""
    import secrets  # not on the stdout path: it pulls in hashlib

    folder, name = os.path.split(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    while True:
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                fh.writelines(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
