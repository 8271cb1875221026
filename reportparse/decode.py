"""Stage 1: bytes to text.

Tries, in order: a byte-order mark, strict UTF-8, UTF-16 without a BOM (told by
its NUL pattern), strict GB18030. If none fits, UTF-8 with replacement and a
warning. Binary data and empty input are refused with an error.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from reportparse.errors import BinaryInputError, DecodeError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Signatures of common binary formats that users rename to .txt by mistake.
_MAGIC = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF",
    b"\x1f\x8b", b"BM", b"Rar!", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0", b"MZ",
)
_SAMPLE = 64 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")


@dataclass(frozen=True)
class DecodedText:
    """Decoded text and how it was obtained."""

    text: str
    encoding: str
    bom: bool = False
    replaced: int = 0  # undecodable bytes replaced by U+FFFD


def _utf16_without_bom(sample: bytes) -> str | None:
    """Return 'utf-16-le'/'utf-16-be' if the NUL bytes fall on one parity, else None."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-heavy UTF-16 puts NULs on one side; CJK-heavy UTF-16 has few NULs but
    # is not valid UTF-8 or GB18030 either, so it is tried after those fail.
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    if any(sample.startswith(m) for m in _MAGIC):
        # "BM" and "MZ" are also ordinary text starts; demand control bytes too.
        if not sample.startswith((b"BM", b"MZ")):
            return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(sample) // 100)


def decode(data: bytes, encoding: str | None = None) -> DecodedText:
    """Decode ``data``; ``encoding`` forces a codec instead of detection.

    Raises EmptyInputError, BinaryInputError or DecodeError.
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise DecodeError(f"unknown encoding {encoding!r}") from exc
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"bytes are not valid {encoding} (first bad byte at offset {exc.start})"
            ) from exc
        return _checked(DecodedText(text, codecs.lookup(encoding).name))

    if not data.strip():
        raise EmptyInputError("input is empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(DecodedText(data[len(bom):].decode(name), name, bom=True))
            except UnicodeDecodeError:
                break
    guess16 = _utf16_without_bom(data[:_SAMPLE])
    if guess16:
        try:
            return _checked(DecodedText(data.decode(guess16), guess16))
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise BinaryInputError("input looks like binary data, not text")
    for name in ("utf-8", "gb18030"):
        try:
            return _checked(DecodedText(data.decode(name), name))
        except UnicodeDecodeError:
            continue
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if replaced > max(16, len(data) // 20):
        raise DecodeError(
            "bytes are not valid UTF-8, UTF-16 or GB18030; pass the encoding explicitly"
        )
    return _checked(DecodedText(text, "utf-8", replaced=max(replaced, 1)))


def _checked(decoded: DecodedText) -> DecodedText:
    if not any(not ch.isspace() and ch not in _INVISIBLE for ch in decoded.text):
        raise EmptyInputError("input holds only white space")
    if "\x00" in decoded.text:
        raise BinaryInputError("decoded text contains NUL characters: input looks binary")
    return decoded


def decode_text(text: str) -> DecodedText:
    """Check an already decoded ``str``; lone surrogates are replaced by U+FFFD."""
    clean = _SURROGATE.sub("\ufffd", text) if _has_surrogates(text) else text
    return _checked(DecodedText(clean, "utf-8", replaced=sum(
        1 for a, b in zip(text, clean, strict=False) if a != b)))


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
