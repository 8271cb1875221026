"""Stage 1, decode: bytes (and str) to text, encodings, BOMs, binary and empty input."""

from __future__ import annotations

import codecs

import pytest

import reportparse
from reportparse.decode import DecodedText, decode, decode_text
from reportparse.errors import BinaryInputError, DecodeError, EmptyInputError, ReportParseError

REPORT = "一、总体情况\n今年全县财政收入稳步增长，各项支出得到保障。\n（一）收入\n税收收入 12.5 亿元。\n二、存在问题\n"


# --- Unicode encodings -------------------------------------------------------------------

def test_utf8_without_bom() -> None:
    assert decode(REPORT.encode()) == DecodedText(REPORT, "utf-8")


def test_utf8_with_bom_drops_the_mark() -> None:
    d = decode(codecs.BOM_UTF8 + REPORT.encode())
    assert (d.text, d.encoding, d.bom, d.replaced) == (REPORT, "utf-8", True, 0)


@pytest.mark.parametrize(("bom", "codec"), [
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_utf16_and_utf32_with_bom(bom: bytes, codec: str) -> None:
    d = decode(bom + REPORT.encode(codec))
    assert (d.text, d.encoding, d.bom, d.replaced) == (REPORT, codec, True, 0)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    REPORT,  # CJK-heavy: few NUL bytes, many control bytes
    "Annual report 2024\nRevenue grew by 12 percent.\n一、总体情况\n",  # ASCII-heavy: NUL parity
    "今年工作顺利，收入增长。明年继续努力",  # one line, no line end
], ids=["cjk", "ascii", "one-line"])
def test_utf16_without_bom(codec: str, text: str) -> None:
    d = decode(text.encode(codec))
    assert (d.text, d.encoding, d.bom, d.replaced) == (text, codec, False, 0)


def test_utf16_with_odd_trailing_byte_is_replaced() -> None:
    d = decode(codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le") + b"\x0a")
    assert (d.text, d.encoding, d.replaced) == (REPORT + "\ufffd", "utf-16-le", 1)
    d = decode(REPORT.encode("utf-16-le") + b"\x0a")
    assert (d.text, d.encoding, d.replaced) == (REPORT + "\ufffd", "utf-16-le", 1)


# --- Chinese legacy encodings --------------------------------------------------------------

@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family_decodes_as_gb18030(codec: str) -> None:
    d = decode(REPORT.encode(codec))
    assert (d.text, d.encoding, d.replaced) == (REPORT, "gb18030", 0)


def test_gb18030_outside_gbk() -> None:
    text = "一、生僻字𠀀与欧元€符号\n"  # 4-byte GB18030 sequences
    assert decode(text.encode("gb18030")).text == text


def test_gb18030_mostly_ascii() -> None:
    text = "Report 2024, page one\n" * 20 + "一、总体情况\n"
    d = decode(text.encode("gb18030"))
    assert (d.text, d.encoding) == (text, "gb18030")


def test_gb18030_truncated_last_character_is_replaced() -> None:
    d = decode(REPORT.encode("gb18030") + "增".encode("gb18030")[:1])
    assert (d.text, d.encoding, d.replaced) == (REPORT + "\ufffd", "gb18030", 1)


TRADITIONAL = ("第一章 總則\n第一條 為了規範本會的組織和活動，根據有關法律的規定，制定本章程。\n"
               "第二條 本會是由從事相關工作的單位和個人自願組成的團體。\n")


@pytest.mark.parametrize("codec", ["big5", "cp950", "big5hkscs"])
def test_big5_is_told_from_gb18030(codec: str) -> None:
    # Big5 bytes are nearly all valid GB18030 too; read so, they give kana and private-use characters.
    d = decode(TRADITIONAL.encode(codec))
    assert (d.text, d.encoding, d.replaced, d.doubtful) == (TRADITIONAL, "big5hkscs", 0, False)


def test_traditional_characters_in_gb18030_stay_gb18030() -> None:
    d = decode(TRADITIONAL.encode("gb18030"))
    assert (d.text, d.encoding, d.doubtful) == (TRADITIONAL, "gb18030", False)


def test_big5_parses_to_its_headings() -> None:
    doc = reportparse.parse(TRADITIONAL.encode("big5"))
    assert [(s.marker, s.title) for s in doc.walk()] == [("第一章", "總則"), ("第一條", ""), ("第二條", "")]
    assert doc.metadata.encoding == "big5hkscs"
    assert doc.warnings == []


def test_a_reading_full_of_implausible_characters_is_a_warning() -> None:
    japanese = "第一章　総則\n第一条　この規則は、会の運営について必要な事項を定めるものとする。\n" * 3
    doc = reportparse.parse(japanese.encode("euc_jp"))
    assert [(w.code, w.name) for w in doc.warnings] == [("D102", "implausible-text")]
    assert "explicitly" in doc.warnings[0].message
    assert reportparse.parse(japanese.encode("euc_jp"), encoding="euc_jp").warnings == []


# --- line ends and special spaces: kept as they are, so spans slice the decoded text ---------

@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n", "\r\n\n\r"])
def test_line_ends_are_kept(eol: str) -> None:
    text = REPORT.replace("\n", eol)
    assert decode(text.encode()).text == text


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_line_ends_parse_alike(eol: str) -> None:
    base = reportparse.parse(REPORT)
    doc = reportparse.parse(REPORT.replace("\n", eol).encode())
    assert [(s.level, s.marker, s.title, s.line) for s in doc.walk()] == \
        [(s.level, s.marker, s.title, s.line) for s in base.walk()]
    assert doc.metadata.lines == base.metadata.lines == 5


def test_mixed_line_ends_count_lines() -> None:
    doc = reportparse.parse("一、总体情况\r\n正文。\r二、问题\n正文。".encode())
    assert doc.metadata.lines == 4
    assert [(s.marker, s.line) for s in doc.sections] == [("一、", 1), ("二、", 3)]


@pytest.mark.parametrize("space", ["\u3000", "\u00a0", "\u200b", "\u2060", "\u2002", "\t"])
def test_layout_and_zero_width_characters_are_kept(space: str) -> None:
    text = f"{space}{space}一、总体情况\n今年{space}工作顺利。\n"
    d = decode(text.encode())
    assert d.text == text
    sec = reportparse.parse(text.encode()).sections[0]
    assert (sec.marker, sec.title) == ("一、", "总体情况")
    assert text[sec.span.start:sec.span.end] == "一、总体情况"


# --- forced encoding ----------------------------------------------------------------------

def test_forced_encoding_is_used() -> None:
    data = REPORT.encode("gb18030")
    d = decode(data, "gbk")
    assert (d.text, d.encoding) == (REPORT, "gbk")


def test_forced_encoding_overrides_detection() -> None:
    # Valid UTF-8 and valid Latin-1: detection says UTF-8, the caller says Latin-1.
    data = "café".encode()
    assert decode(data).text == "café"
    assert decode(data, "latin-1").text == "cafÃ©"


def test_forced_encoding_drops_bom() -> None:
    assert decode(codecs.BOM_UTF8 + REPORT.encode(), "utf-8") == DecodedText(REPORT, "utf-8", bom=True)
    d = decode(codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16")
    assert (d.text, d.bom) == (REPORT, True)


def test_forced_encoding_that_does_not_fit_is_an_error() -> None:
    with pytest.raises(DecodeError, match=r"not valid utf-8 \(first bad byte at offset 2\)"):
        decode(REPORT.encode("gb18030"), "utf-8")  # 一 is D2 BB: valid UTF-8 by chance


@pytest.mark.parametrize("name", ["no-such-codec", "hex", "rot13", "a\x00b"])
def test_forced_unknown_or_non_text_encoding_is_an_error(name: str) -> None:
    with pytest.raises(DecodeError):
        decode(b"abc", name)


def test_forced_encoding_never_yields_lone_surrogates() -> None:
    d = decode(b"\\ud800abc", "unicode_escape")
    assert (d.text, d.replaced) == ("\ufffdabc", 1)


# --- damaged input: replacement and warning D101 --------------------------------------------

def test_invalid_utf8_in_the_middle_is_replaced_with_warning() -> None:
    head, tail = "一、总体情况\n今年工作".encode(), "顺利。\n二、存在问题\n".encode()
    d = decode(head + b"\xff" + tail)
    assert (d.text, d.encoding, d.replaced) == ("一、总体情况\n今年工作\ufffd顺利。\n二、存在问题\n", "utf-8", 1)
    doc = reportparse.parse(head + b"\xff" + tail)
    assert [s.marker + s.title for s in doc.sections] == ["一、总体情况", "二、存在问题"]
    assert doc.sections[0].paragraphs[0].text == "今年工作\ufffd顺利。"
    assert [(w.code, w.name, w.line) for w in doc.warnings] == [("D101", "undecodable-bytes", 1)]
    assert "1 undecodable byte" in doc.warnings[0].message


def test_each_bad_byte_is_one_replacement() -> None:
    # A UTF-8 sequence cut short (2 of 3 bytes) is two bad bytes.
    d = decode("一、总体".encode() + "情".encode()[:2] + "况\n二、问题\n".encode())
    assert (d.text, d.replaced) == ("一、总体\ufffd\ufffd况\n二、问题\n", 2)


def test_genuine_replacement_characters_are_not_counted() -> None:
    text = "一、总体情况\ufffd\n"
    assert decode(text.encode()) == DecodedText(text, "utf-8")
    assert reportparse.parse(text.encode()).warnings == []


def test_utf8_bom_with_bad_bytes_stays_utf8() -> None:
    d = decode(codecs.BOM_UTF8 + REPORT.encode() + b"\xe4\xb8")
    assert (d.text, d.encoding, d.bom, d.replaced) == (REPORT + "\ufffd\ufffd", "utf-8", True, 2)


def test_latin1_text_is_utf8_with_replacement() -> None:
    d = decode("Résumé of the year\n".encode("latin-1"))
    assert (d.text, d.encoding, d.replaced) == ("R\ufffdsum\ufffd of the year\n", "utf-8", 2)


def test_cp1252_single_line_is_not_taken_for_utf16() -> None:
    text = "This is a sentence without punctuation with one \u201cquoted\u201d word and more words"
    d = decode(text.encode("cp1252"))
    assert (d.encoding, d.replaced) == ("utf-8", 2)


def test_a_few_undecodable_bytes_give_a_result_with_warning() -> None:
    doc = reportparse.parse(b"\xff\x80 \xfe\n" + "一、总体情况\n".encode())
    assert doc.sections[0].marker == "一、"
    assert [w.code for w in doc.warnings] == ["D101"]


@pytest.mark.parametrize("data", [
    b"\xff\x80" * 50,
    b"\xfd\xfc\xfb\xfa\xff" * 20 + "一、总体情况\n".encode(),
    bytes(range(0x80, 0x100)) * 4 + b"\x80\xff" * 200,
], ids=["ff80", "high-run", "all-high"])
def test_mostly_undecodable_bytes_are_a_decode_error(data: bytes) -> None:
    with pytest.raises(DecodeError, match="pass the encoding explicitly"):
        decode(data)
    with pytest.raises(ReportParseError):
        reportparse.parse(data)


# --- binary input -----------------------------------------------------------------------------

def test_nul_ridden_binary_is_refused() -> None:
    data = bytes(range(256)) * 8
    with pytest.raises(BinaryInputError):
        decode(data)


def test_nul_padding_is_refused() -> None:
    with pytest.raises(BinaryInputError):
        decode(b"\x00" * 1000 + REPORT.encode())


@pytest.mark.parametrize("magic", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    b"PK\x03\x04\x14\x00\x06\x00",
    b"\xff\xd8\xff\xe0\x00\x10JFIF",
    b"GIF89a\x01\x00",
    b"\x1f\x8b\x08\x00",
], ids=["png", "pdf", "zip", "jpeg", "gif", "gzip"])
def test_binary_formats_are_refused(magic: bytes) -> None:
    with pytest.raises(BinaryInputError):
        decode(magic)
    with pytest.raises(BinaryInputError):
        decode(magic + REPORT.encode())  # even with text after the header


def test_png_header_alone_is_refused() -> None:
    with pytest.raises(BinaryInputError, match="binary"):
        reportparse.parse(b"\x89PNG\r\n\x1a\n")


def test_utf16_looking_binary_is_refused() -> None:
    # Little-endian int16 values: NULs on odd bytes like ASCII UTF-16, but control characters.
    data = b"".join(i.to_bytes(2, "little") for i in range(1, 30)) * 10
    with pytest.raises(BinaryInputError):
        decode(data)


def test_a_few_stray_control_characters_are_kept() -> None:
    text = REPORT + "\x00\x07"
    assert decode(text.encode()).text == text
    assert reportparse.parse(text).sections[0].title == "总体情况"


def test_form_feed_and_escape_are_text() -> None:
    text = "一、总体情况\f\n" * 30 + "\x1b[0m\v"
    assert decode(text.encode()).text == text


# --- empty input --------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b"", b" ", b"\n\n\r\n\t ", "\u3000\u3000\n".encode(), "\u00a0".encode(), "\u200b\u200d".encode(),
    codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    "\u3000\n".encode("gb18030"), (" \r\n" * 9 + "\u3000").encode("utf-16-le"),
], ids=["empty", "space", "newlines", "ideographic-space", "nbsp", "zero-width", "bom",
        "bom-newline", "utf16-blank", "gb-blank", "utf16-nobom-blank"])
def test_empty_and_white_space_only(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        decode(data)
    with pytest.raises(EmptyInputError):
        reportparse.parse(data)


def test_forced_encoding_of_blank_input_is_empty() -> None:
    with pytest.raises(EmptyInputError):
        decode(b"  \n", "gb18030")


# --- str input ------------------------------------------------------------------------------------

def test_decode_text_passes_str_through() -> None:
    assert decode_text(REPORT) == DecodedText(REPORT, "utf-8")


def test_decode_text_replaces_lone_surrogates() -> None:
    d = decode_text("一、总体\ud800情况\udfff\n")
    assert (d.text, d.replaced) == ("一、总体\ufffd情况\ufffd\n", 2)
    doc = reportparse.parse("一、总体\ud800情况\n")
    assert [w.code for w in doc.warnings] == ["D101"]
    doc.model_dump_json()  # serialisable: no lone surrogate left


@pytest.mark.parametrize("text", ["", "  \n", "\u3000", "\ufeff\u200b"])
def test_decode_text_refuses_blank(text: str) -> None:
    with pytest.raises(EmptyInputError):
        decode_text(text)


def test_decode_text_refuses_control_ridden_text() -> None:
    with pytest.raises(BinaryInputError):
        decode_text("\x00\x01\x02\x03" * 10)


def test_errors_share_one_parent() -> None:
    for cls in (DecodeError, BinaryInputError, EmptyInputError):
        assert issubclass(cls, ReportParseError)


# --- large input: detection looks at a sample, the verdict holds for the whole ---------------------

def test_large_utf8_with_a_bad_byte_far_in() -> None:
    body = "今年工作顺利。\n" * 20_000  # well past the 64 KiB sample
    data = next(d for d in (("一、总体情况\n" + " " * pad + body).encode() for pad in range(3))
                if d[65_536] & 0xC0 == 0x80)  # a character straddles the sample's end
    at = data.index(b"\n", 200_000) + 1
    damaged = data[:at] + b"\xff" + data[at:]
    d = decode(damaged)
    assert (d.encoding, d.replaced, d.text.count("\ufffd")) == ("utf-8", 1, 1)


def test_large_gb18030_with_a_truncated_end() -> None:
    text = "一、总体情况\n" + "今年工作顺利。\n" * 50_000
    d = decode(text.encode("gb18030") + "增".encode("gb18030")[:1])
    assert (d.encoding, d.replaced, d.text) == ("gb18030", 1, text + "\ufffd")


def test_large_gb18030_ascii_head() -> None:
    # The first 64 KiB are ASCII (valid in both); the Chinese comes later.
    text = "Report line.\n" * 6_000 + "一、总体情况\n今年工作顺利。\n" * 100
    d = decode(text.encode("gb18030"))
    assert (d.encoding, d.text) == ("gb18030", text)


# --- Korean and Japanese: valid GB18030 bytes too, never silently read as Chinese -----------------

KOREAN = "제1장 총칙\n제1조 이 규칙은 회의 운영에 필요한 사항을 정한다. 모든 회원은 규칙을 지켜야 한다.\n" * 4
JAPANESE = "第一章　総則\n第一条　この規則は、会の運営について必要な事項を定めるものとする。\n" * 4


@pytest.mark.parametrize(("text", "codec", "language", "name"), [
    (KOREAN, "euc_kr", "ko", "cp949"),
    (KOREAN, "cp949", "ko", "cp949"),
    (JAPANESE, "shift_jis", "ja", "cp932"),
    (JAPANESE, "cp932", "ja", "cp932"),
    (JAPANESE, "euc_jp", "ja", "euc_jp"),
])
def test_korean_and_japanese_are_read_in_their_own_encoding_and_flagged(
        text: str, codec: str, language: str, name: str) -> None:
    d = decode(text.encode(codec))
    assert (d.text, d.encoding, d.language, d.doubtful) == (text, name, language, True)
    doc = reportparse.parse(text.encode(codec))
    assert [w.code for w in doc.warnings] == ["D102"]
    assert {"ko": "Korean", "ja": "Japanese"}[language] in doc.warnings[0].message


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_chinese_prose_is_not_taken_for_korean_or_japanese(codec: str) -> None:
    d = decode(REPORT.encode(codec))
    assert (d.encoding, d.language, d.doubtful) == ("gb18030", "zh", False)


# --- mixed encodings ---------------------------------------------------------------------

def test_a_gbk_part_pasted_into_utf8_is_read_in_its_own_encoding() -> None:
    head = "一、总体情况\n今年全县财政收入稳步增长。\n".encode() * 5
    tail = "二、存在问题\n仍有不足，需要改进。\n".encode("gbk")
    d = decode(head + tail)
    assert d.text.endswith("二、存在问题\n仍有不足，需要改进。\n")
    assert (d.encoding, d.replaced, d.other, d.other_lines, d.first_other) == ("utf-8", 0, "gb18030", 2, 11)
    doc = reportparse.parse(head + tail)
    assert [s.marker + s.title for s in doc.sections][-1] == "二、存在问题"
    assert [(w.code, w.name) for w in doc.warnings] == [("D103", "mixed-encodings")]
    assert doc.warnings[0].line == 11
    assert doc.warnings[0].message == ("2 lines are GB18030 (the first is line 11), the others UTF-8; "
                                       "each line was read in its own encoding")


def test_utf8_lines_pasted_into_gbk_are_read_in_their_own_encoding() -> None:
    head = "一、总体情况\r\n今年全县财政收入稳步增长，各项支出得到保障。\r\n".encode("gbk") * 5
    tail = "二、存在问题\r\n仍有不足。\r\n".encode()
    d = decode(head + tail)
    assert d.text == ("一、总体情况\r\n今年全县财政收入稳步增长，各项支出得到保障。\r\n" * 5
                      + "二、存在问题\r\n仍有不足。\r\n")
    assert (d.encoding, d.replaced, d.other, d.other_lines, d.first_other) == ("gb18030", 0, "utf-8", 2, 11)


def test_a_latin1_line_in_utf8_is_not_read_as_gb18030() -> None:
    data = "一、总体情况\n今年工作顺利。\n".encode() + "Résumé of the année\n".encode("latin-1")
    d = decode(data)
    assert (d.encoding, d.other, d.replaced) == ("utf-8", "", 3)
    assert d.text.endswith("R\ufffdsum\ufffd of the ann\ufffde\n")


def test_a_damaged_line_that_no_encoding_reads_keeps_the_replacements() -> None:
    data = "一、总体情况\n今年工作顺利。\n".encode() * 3 + "二、问题".encode("gbk") + b"\xff\xff\n"
    d = decode(data)
    assert (d.other, d.replaced) == ("", 2 + 8)  # as before: the GBK line's bytes replaced too
