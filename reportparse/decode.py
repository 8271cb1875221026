"""Stage 1: bytes to text.

Detection, in order:

1. A signature of a common binary format (PNG, PDF, ZIP, …): ``BinaryInputError``.
2. A byte-order mark (UTF-8, UTF-16, UTF-32). The mark is dropped from the text.
3. UTF-16 without a BOM, ASCII-heavy: its NUL bytes fall on one parity.
4. Strict UTF-8.
5. UTF-16 without a BOM, CJK-heavy (few NULs): it decodes to plausible Chinese text.
6. Many control bytes: ``BinaryInputError``.
7. UTF-8 with a few bad bytes when the rest is clearly UTF-8; strict GB18030
   (which includes GBK and GB2312), unless its reading is implausible and the
   Big5 one (``big5hkscs``, traditional characters) is far less so: Big5 bytes
   are nearly all valid GB18030, but read so they give kana, Greek, Cyrillic and
   private-use characters instead of Chinese.
8. A text pasted together from UTF-8 and GB18030 parts, each line valid and plausible in
   one of them: each line in its own encoding (:attr:`DecodedText.other` names the one of
   fewer lines; the pipeline warns D103). Tried only where neither reads the whole text.
9. Otherwise GB18030 if it leaves less than half as many undecodable bytes as
   UTF-8 does, else UTF-8. Each bad byte is replaced by U+FFFD and counted in
   :attr:`DecodedText.replaced` (the pipeline turns that into warning D101).
   More than 16 bad bytes that are also more than 5 % of the input:
   ``DecodeError`` (pass the encoding explicitly). A BOM'd or UTF-16 reading
   with that many bad bytes is given up for the next step.

A reading whose characters are still implausible for a Chinese report (more
than one in 20 of a sample) is flagged :attr:`DecodedText.doubtful` (warning
D102). Before a GB18030 or Big5 reading is taken, Korean and Japanese are told
apart by what their own readings show, since their bytes are valid GB18030 too:
Japanese (Shift-JIS/cp932, EUC-JP) reads with kana in one in seven characters;
Korean (EUC-KR/cp949) reads as Hangul while the GB18030 reading has none of the
，。 that Chinese prose is full of. Such a text is decoded in its own encoding,
with :attr:`DecodedText.language` set and flagged doubtful (it is no Chinese report). A forced ``encoding`` skips detection: bytes that are not valid in it raise
``DecodeError``; a leading BOM is dropped. Decoded text that is empty or only
white space (including zero-width characters) raises ``EmptyInputError``;
text with many control characters raises ``BinaryInputError``. A few stray
control characters, NUL included, are kept as they are.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from reportparse.errors import BinaryInputError, DecodeError, EmptyInputError
from reportparse.patterns import lazy

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Signatures of common binary formats that users rename to .txt by mistake.
_MAGIC = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x7fELF",
    b"\x1f\x8b", b"Rar!\x1a", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0",
)
_SAMPLE = 64 * 1024
_ESCAPE = "reportparse-escape"  # the codec error handler registered below
_MAX_BAD = 16  # bad bytes tolerated whatever the input size ...
_MAX_BAD_SHARE = 20  # ... and beyond that, up to one in this many bytes
_SURROGATE = lazy("[\ud800-\udfff]")
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")
# Control characters that do not occur in text (tab, line ends, VT, FF and ESC do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_CONTROL = lazy(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Characters a Chinese report is made of: ASCII, Latin-1, general punctuation,
# enclosed numbers, CJK symbols and ideographs, full-width forms.
_IMPLAUSIBLE = lazy(
    r"[^\t\n\r\x20-\x7e\xa0-\xff\u2000-\u206f\u2100-\u21ff\u2460-\u24ff\u2500-\u25ff"
    r"\u2600-\u26ff\u3000-\u303f\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ufe30-\ufe4f\uff01-\uff65\uffe0-\uffe6]"
)
# Characters a misread ASCII text almost never yields as UTF-16: they need NUL, 0x30 or 0xFF bytes.
_ANCHOR = lazy(r"[\t\n\r\x20-\x7e\u3000-\u303f\uff01-\uff65\uffe0-\uffe6]")


@dataclass(frozen=True)
class DecodedText:
    """Decoded text and how it was obtained."""

    text: str
    encoding: str
    bom: bool = False
    replaced: int = 0  # undecodable bytes replaced by U+FFFD
    doubtful: bool = False  # the text reads implausibly: probably the wrong encoding
    language: str = "zh"  # "ko" or "ja" where the bytes read as Korean or Japanese text
    other: str = ""  # the encoding of the lines that are not in ``encoding`` (see :func:`_mixed`)
    other_lines: int = 0  # how many lines are in ``other``
    first_other: int = 0  # the first of them (1-based; \r\n, \r and \n each end a line)


def _escape_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each undecodable byte becomes one lone surrogate (any byte, unlike
    ``surrogateescape``); no decoder produces lone surrogates itself, so they count bad bytes."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "\udc00" * (exc.end - exc.start), exc.end


codecs.register_error(_ESCAPE, _escape_bytes)


def _lenient(data: bytes, codec: str) -> tuple[str, int]:
    """``data`` decoded with each undecodable byte replaced by U+FFFD, and their number."""
    return _SURROGATE.subn("\ufffd", data.decode(codec, errors=_ESCAPE))


def _too_many(bad: int, size: int) -> bool:
    return bad > _MAX_BAD and bad * _MAX_BAD_SHARE > size


def _is_binary_format(data: bytes) -> bool:
    return data.startswith(_MAGIC)


def _looks_binary(data: bytes) -> bool:
    """Whether raw bytes hold more control bytes than text ever does."""
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(sample) // 100)


def _utf16_by_nuls(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' if the NUL bytes fall on one parity (ASCII-heavy UTF-16), else None."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _utf16_by_content(data: bytes) -> str | None:
    """The UTF-16 byte order under which ``data`` (not UTF-8) reads as Chinese text, if any.

    Decoded with the wrong codec, Chinese text in UTF-8 or GB18030 yields
    surrogates, Hangul and private-use characters; ASCII yields ideographs but
    no line ends where the bytes have them, and no ASCII or CJK punctuation.
    """
    sample = data[:_SAMPLE]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text, bad = _lenient(sample, codec)
        if bad * 50 > len(text):
            continue
        odd = len(_IMPLAUSIBLE.findall(text)) + bad
        if odd * 50 > len(text):
            continue
        if b"\n" in sample and "\n" not in text and "\r" not in text:
            continue
        anchors = len(_ANCHOR.findall(text))  # ASCII, CJK and full-width punctuation
        if anchors == 0 or anchors * 100 < len(text):
            continue
        return codec
    return None


def decode(data: bytes, encoding: str | None = None) -> DecodedText:
    """Decode ``data``; ``encoding`` forces a codec instead of detection.

    Raises EmptyInputError, BinaryInputError or DecodeError (see the module docstring).
    """
    if encoding is not None:
        return _forced(data, encoding)
    if not data.strip():
        raise EmptyInputError("input is empty")
    if _is_binary_format(data):
        raise BinaryInputError("input looks like binary data (an image, archive or document), not text")
    for bom, name in _BOMS:
        if data.startswith(bom):
            text, bad = _lenient(data[len(bom):], name)
            if not _too_many(bad, len(data)):
                return _checked(DecodedText(text, name, bom=True, replaced=bad))
    guess16 = _utf16_by_nuls(data[:_SAMPLE])
    if guess16:
        text, bad = _lenient(data, guess16)
        if not _too_many(bad, len(data)):
            return _checked(DecodedText(text, guess16, replaced=bad))
    try:
        return _checked(DecodedText(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    guess16 = _utf16_by_content(data)
    if guess16:
        text, bad = _lenient(data, guess16)
        return _checked(DecodedText(text, guess16, replaced=bad))
    if _looks_binary(data):
        raise BinaryInputError("input looks like binary data, not text")
    # Decide "UTF-8 with a few damaged bytes" on a sample first: a lenient pass calls the
    # error handler once per bad byte, which is slow on a large GB18030 text.
    head = _utf8_head(data)
    utf8_head = _mostly_utf8(head)
    if utf8_head:
        mixed = _mixed(data)
        if mixed is not None:
            return _checked(mixed)
        utf8, utf8_bad = _lenient(data, "utf-8")
        if _mostly_utf8(data, utf8, utf8_bad):
            return _checked(DecodedText(utf8, "utf-8", replaced=utf8_bad))
    other = _korean_or_japanese(data)
    if other is not None:
        return _checked(other)
    try:
        return _checked(_or_big5(data, DecodedText(data.decode("gb18030"), "gb18030")))
    except UnicodeDecodeError:
        pass
    mixed = None if utf8_head else _mixed(data)  # else tried already
    if mixed is not None:
        return _checked(mixed)
    gb, gb_bad = _lenient(data, "gb18030")
    if gb_bad * 2 < _lenient(head, "utf-8")[1]:  # the head has no more bad bytes than the whole
        text, name, bad = gb, "gb18030", gb_bad
    else:
        utf8, utf8_bad = _lenient(data, "utf-8")
        text, name, bad = (gb, "gb18030", gb_bad) if gb_bad * 2 < utf8_bad else (utf8, "utf-8", utf8_bad)
    decoded = _or_big5(data, DecodedText(text, name, replaced=bad))
    if _too_many(decoded.replaced, len(data)):
        raise DecodeError(
            f"bytes are not valid UTF-8, UTF-16, GB18030 or Big5 ({decoded.replaced} undecodable bytes); "
            "pass the encoding explicitly"
        )
    return _checked(decoded)


def _mixed(data: bytes) -> DecodedText | None:
    """``data`` read line by line where it is pasted together from UTF-8 and GB18030 text: each
    line that is valid UTF-8 (and reads plausibly) as UTF-8, each other line as GB18030; the
    encoding of most lines is :attr:`DecodedText.encoding`, the other one ``other``. None
    unless both are needed and every line reads plausibly in one of them (a damaged line is
    not; nor, among few GB18030 lines, a Latin-1 one, whose reading pairs a high byte with an
    ASCII letter)."""
    lines = data.splitlines(keepends=True)
    texts: list[str | None] = [None] * len(lines)  # each line's reading; None: ASCII
    gb: list[int] = []
    utf8: list[int] = []
    for k, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            texts[k] = line.decode("utf-8")
            utf8.append(k)
        except UnicodeDecodeError:
            gb.append(k)
    if not utf8 or not gb:
        return None
    if _IMPLAUSIBLE.search("".join(texts[k] or "" for k in utf8)):  # rare: look line by line
        gb = sorted(gb + [k for k in utf8 if _IMPLAUSIBLE.search(texts[k] or "")])
        read_as_gb = set(gb)
        utf8 = [k for k in utf8 if k not in read_as_gb]
        if not utf8:
            return None
    few = len(gb) <= len(utf8)  # the GB18030 lines are the pasted part: each must look like Chinese
    for k in gb:
        try:
            text = lines[k].decode("gb18030")
        except UnicodeDecodeError:
            return None
        if _IMPLAUSIBLE.search(text) or (few and not _gb_shaped(text)):
            return None
        texts[k] = text
    others = gb if few else utf8
    return DecodedText("".join(line.decode("ascii") if text is None else text
                               for line, text in zip(lines, texts, strict=True)),
                       "utf-8" if few else "gb18030", other="gb18030" if few else "utf-8",
                       other_lines=len(others), first_other=others[0] + 1)


def _gb_shaped(text: str) -> bool:
    """Whether the GB18030 reading ``text`` looks like Chinese: few of its two-byte characters
    have an ASCII-range second byte (GB2312 has none; a Latin-1 é before a letter makes one)."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    low = sum(1 for ch in wide if len(b := ch.encode("gb18030")) == 2 and b[1] < 0x80)
    return low * 4 <= len(wide)


_DOUBTFUL = 0.05  # share of implausible characters that makes a reading doubtful
_ODD_MIN = 8  # ... and how many it takes to tell
_BIG5 = "big5hkscs"


def _implausible(text: str) -> float:
    """The share of characters in a sample of ``text`` that a Chinese report does not use
    (U+FFFD aside: replaced bytes are counted already); 0 where they are too few to tell."""
    sample = text[:_SAMPLE]
    odd = len(_IMPLAUSIBLE.findall(sample)) - sample.count("\ufffd")
    return odd / len(sample) if odd >= _ODD_MIN else 0.0


_KANA = lazy(r"[\u3041-\u30ff]")
_HANGUL = lazy(r"[\uac00-\ud7a3]")
_ZH_STOPS = lazy(r"[，。]")
_OTHER_SHARE = 7  # one character in this many of the sample: kana, or (a share of) Hangul
_FOREIGN_MIN = 20  # characters it takes to tell a language


def _korean_or_japanese(data: bytes) -> DecodedText | None:
    """The Korean or Japanese reading of ``data`` where its bytes are that text, not Chinese."""
    sample = data[:_SAMPLE]
    for codec, language, letters in (("cp932", "ja", _KANA), ("euc_jp", "ja", _KANA), ("cp949", "ko", _HANGUL)):
        text = sample.decode(codec, errors="replace")  # the built-in handler: fast on many bad bytes
        bad = text.count("\ufffd")
        wide = len(text) - len(text.encode("ascii", errors="ignore"))
        found = len(letters.findall(text))
        if found < _FOREIGN_MIN or bad * 100 > len(text) or found * _OTHER_SHARE < wide:
            continue
        if language == "ko":
            if found * 2 < wide:
                continue
            gb = sample.decode("gb18030", errors="replace")
            if len(_ZH_STOPS.findall(gb)) * 100 > wide:
                continue  # Chinese prose read as Korean: the GB18030 reading has its punctuation
        full, bad = _lenient(data, codec)
        return DecodedText(full, codec, replaced=bad, doubtful=True, language=language)
    return None


def _or_big5(data: bytes, gb: DecodedText) -> DecodedText:
    """``gb`` (a GB18030 reading), or the Big5 reading where that one is far more plausible;
    whichever is taken is flagged doubtful if it still reads implausibly."""
    gb_odd = _implausible(gb.text)
    if gb_odd <= _DOUBTFUL:
        return gb
    big5, bad = _lenient(data, _BIG5)
    big5_odd = _implausible(big5)
    if big5_odd * 4 < gb_odd:
        return DecodedText(big5, _BIG5, replaced=bad, doubtful=big5_odd > _DOUBTFUL)
    return DecodedText(gb.text, gb.encoding, replaced=gb.replaced, doubtful=True)


def _utf8_head(data: bytes) -> bytes:
    """The first ``_SAMPLE`` bytes or so, cut where a UTF-8 character starts."""
    end = min(len(data), _SAMPLE)
    while 0 < end < len(data) and end > _SAMPLE - 4 and data[end] & 0xC0 == 0x80:
        end -= 1
    return data[:end]


def _mostly_utf8(data: bytes, text: str | None = None, bad: int = 0) -> bool:
    """Whether ``data`` is UTF-8 with a few damaged bytes: at least 4 good non-ASCII characters
    per bad byte (text in another encoding read as UTF-8 has many more bad bytes than good)."""
    if text is None:
        text, bad = _lenient(data, "utf-8")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    return bad * 4 <= non_ascii


def _forced(data: bytes, encoding: str) -> DecodedText:
    try:
        name = codecs.lookup(encoding).name
    except (LookupError, ValueError, TypeError) as exc:
        raise DecodeError(f"unknown encoding {encoding!r}") from exc
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"bytes are not valid {encoding} (first bad byte at offset {exc.start})"
        ) from exc
    except Exception as exc:  # some codecs (e.g. base64, rot13) are not text encodings
        raise DecodeError(f"cannot decode with {encoding!r}: {exc}") from exc
    if not isinstance(text, str):
        raise DecodeError(f"{encoding!r} is not a text encoding")
    bom = text.startswith("\ufeff") or (
        name in ("utf-16", "utf-32") and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    )
    text, replaced = _SURROGATE.subn("\ufffd", text.removeprefix("\ufeff"))  # e.g. unicode_escape
    return _checked(DecodedText(text, name, bom=bom, replaced=replaced))


def _checked(decoded: DecodedText) -> DecodedText:
    text = decoded.text
    if not any(not ch.isspace() and ch not in _INVISIBLE for ch in text):
        raise EmptyInputError("input holds only white space")
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise BinaryInputError("decoded text is full of control characters: input looks binary")
    return decoded


def decode_text(text: str) -> DecodedText:
    """Check an already decoded ``str``; lone surrogates are replaced by U+FFFD and counted."""
    clean, replaced = _SURROGATE.subn("\ufffd", text) if _has_surrogates(text) else (text, 0)
    return _checked(DecodedText(clean, "utf-8", replaced=replaced))


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
