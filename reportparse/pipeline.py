"""``parse()``: the stages in order, each a pure function of the one before."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Union

from reportparse import records
from reportparse.build import build_document, drained
from reportparse.decode import decode, decode_text
from reportparse.errors import ScanTimeoutError
from reportparse.markers.scan import mend_split_markers, scan_markers
from reportparse.noise import clean_lines, find_noise
from reportparse.outline import infer_outline
from reportparse.records import Diagnostic
from reportparse.source import SourceText

if TYPE_CHECKING:
    from reportparse.model import Document

#: What :func:`parse` reads: text (``str``, never taken for a file name), raw bytes, or a path.
Data = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]"]


def parse(
    data: Data,
    *,
    encoding: str | None = None,
    keep_noise: bool = False,
    source: str | None = None,
) -> Document:
    """Parse report text (``str``), raw bytes, or the file at a path (``os.PathLike``, e.g.
    :class:`pathlib.Path`) into a :class:`Document`. A ``str`` is always the text itself, never
    a file name: use :func:`parse_file` or a ``Path`` to read a file.

    ``encoding`` forces a codec for bytes; ``keep_noise`` leaves page furniture
    in the text (it is still listed in ``Document.noise``); ``source`` names the
    input in the metadata (default for a path: the path). Raises a :class:`ReportParseError`
    subclass on empty, binary or undecodable input, :class:`ScanTimeoutError` if a
    pattern scan runs past its time guard (a bug, never expected), ``OSError`` if a path
    cannot be read, and ``TypeError`` for any other kind of ``data``.
    """
    from reportparse.model import from_records

    return from_records(parse_records(data, encoding=encoding, keep_noise=keep_noise, source=source))


def parse_file(
    path: str | os.PathLike[str],
    encoding: str | None = None,
    *,
    keep_noise: bool = False,
    source: str | None = None,
) -> Document:
    """Parse the file at ``path`` (a ``str`` here is a file name): :func:`parse` of its bytes,
    with ``source`` the path unless given. ``OSError`` if it cannot be read."""
    from pathlib import Path

    return parse(Path(os.fspath(path)), encoding=encoding, keep_noise=keep_noise, source=source)


def parse_with_source(
    data: Data,
    *,
    encoding: str | None = None,
    keep_noise: bool = False,
    source: str | None = None,
) -> tuple[Document, SourceText]:
    """:func:`parse`, and the decoded text it read with its line table (for columns)."""
    from reportparse.model import from_records

    doc, src = records_with_source(data, encoding=encoding, keep_noise=keep_noise, source=source)
    return from_records(doc), src


def parse_records(
    data: Data,
    *,
    encoding: str | None = None,
    keep_noise: bool = False,
    source: str | None = None,
) -> records.Document:
    """:func:`parse`, giving the parser's records (:mod:`reportparse.records`) instead of the
    pydantic model: what the command line renders, without importing pydantic."""
    return records_with_source(data, encoding=encoding, keep_noise=keep_noise, source=source)[0]


def records_with_source(
    data: Data,
    *,
    encoding: str | None = None,
    keep_noise: bool = False,
    source: str | None = None,
) -> tuple[records.Document, SourceText]:
    """:func:`parse_records`, and the decoded text it read with its line table (for columns)."""
    data, source = _content(data, source)
    try:
        return _parse(data, encoding, keep_noise, source)
    except TimeoutError as exc:
        raise ScanTimeoutError(f"a pattern scan took too long and was stopped ({exc}); "
                               "please report this input") from None


def _content(data: Data, source: str | None) -> tuple[str | bytes, str | None]:
    """The text or bytes ``data`` stands for, and the name of the input."""
    if isinstance(data, (str, bytes)):
        return data, source
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data), source
    if isinstance(data, os.PathLike):
        name = os.fsdecode(os.fspath(data))
        with open(name, "rb") as fh:
            return fh.read(), source if source is not None else name
    raise TypeError(f"parse() takes text (str), bytes or a path (os.PathLike), not {type(data).__name__}")


_LANGUAGES = {"ko": "Korean", "ja": "Japanese"}
_SHOWN = {"utf-8": "UTF-8", "gb18030": "GB18030"}


def _parse(data: str | bytes, encoding: str | None, keep_noise: bool,
           source: str | None) -> tuple[records.Document, SourceText]:
    if isinstance(data, bytes):
        decoded = decode(data, encoding)
    else:
        decoded = decode_text(data)
    src = SourceText.from_text(decoded.text, decoded.encoding, decoded.bom)
    warnings: list[Diagnostic] = []
    if decoded.replaced:
        warnings.append(Diagnostic(
            code="D101", name="undecodable-bytes", line=1,
            message=f"{decoded.replaced} undecodable byte(s) replaced by U+FFFD; "
                    "pass the right encoding to keep them",
        ))
    if decoded.other:
        warnings.append(Diagnostic(
            code="D103", name="mixed-encodings", line=decoded.first_other,
            message=f"{decoded.other_lines} line{'s' * (decoded.other_lines != 1)} "
                    f"{'are' if decoded.other_lines != 1 else 'is'} {_SHOWN[decoded.other]} (the first is "
                    f"line {decoded.first_other}), the others {_SHOWN[decoded.encoding]}; "
                    "each line was read in its own encoding",
        ))
    if decoded.doubtful:
        language = _LANGUAGES.get(decoded.language)
        message = (f"the bytes read as {language} text ({decoded.encoding}), not as a Chinese report; "
                   "if that is wrong, pass the encoding explicitly" if language else
                   f"the text read as {decoded.encoding} is full of characters a Chinese report "
                   "does not use; it is probably in another encoding: pass it explicitly")
        warnings.append(Diagnostic(code="D102", name="implausible-text", line=1, message=message))
    noise = find_noise(src)
    lines = mend_split_markers(clean_lines(src, [] if keep_noise else noise))
    headings, outline_warnings = infer_outline(lines, scan_markers(lines))
    # Lines and headings are freed as their records are built: they do not outlive the tree.
    return build_document(src, drained(lines), drained(headings), noise, warnings + outline_warnings, source), src

