"""Fast paths that must give exactly what the plain version gives (speed work, issue 14)."""

from __future__ import annotations

import importlib
import pkgutil
import random
from unittest import mock

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from pattern_strings import as_re, strings_of

import reportparse.noise
from reportparse.noise import spans
from reportparse.noise.rejoin import _width, wrap_width
from reportparse.noise.spans import LineStartPattern
from reportparse.source import _REPLACE_MIN, _TABLE, SourceText, normalise

# Every character the view folds, and the line ends and blank lines a text can hold.
_FOLDED = "".join(map(chr, _TABLE))
_TEXTS = [
    "",
    "\n",
    "一、总体情况\n",
    "\n\n正文。\n",
    "第一章　总则\r\n（一）做法\r二、\n",
    "第一章　总则\r\n\r\n \r\n（一）做法\n二、\r\n\n",
    " \u3000\t\n\u00a0\n&nbsp;\n  x  ",
    ("（一）工作情况：１２３，ＡＢＣ！\u3000&nbsp;&ldquo;引&rdquo;\t" + _FOLDED + "\n \n") * 20,
]


def _reference_lines(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts, ends = [0], []
    for m in regex.finditer(r"\r\n|\r|\n", text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return tuple(starts), tuple(ends)


def test_a_long_text_is_folded_as_a_short_one_is() -> None:
    """Above _REPLACE_MIN the view is built by replacements, below by ``str.translate``."""
    for text in _TEXTS:
        text += "\n"  # so that no escape spans two copies
        copies = _REPLACE_MIN // len(text) + 1
        assert len(text) < _REPLACE_MIN <= len(text * copies)
        assert normalise(text * copies) == normalise(text) * copies


def test_the_line_table_and_blank_lines_match_a_scan_of_the_line_ends() -> None:
    for text in _TEXTS + [t * 200 for t in _TEXTS]:
        src = SourceText.from_text(text)
        starts, ends = _reference_lines(text)
        assert (tuple(src.starts), tuple(src.ends)) == (starts, ends)
        view = src.view
        assert src.blank_lines == frozenset(
            n for n in range(1, len(starts) + 1) if not view[starts[n - 1]:ends[n - 1]].strip(" "))


def _line_start_patterns() -> list[tuple[str, LineStartPattern]]:
    found = []
    for info in pkgutil.iter_modules(reportparse.noise.__path__):
        module = importlib.import_module(f"reportparse.noise.{info.name}")
        found += [(f"{info.name}.{name}", value) for name, value in vars(module).items()
                  if isinstance(value, LineStartPattern)]
    return found


def test_the_noise_rules_have_line_start_patterns() -> None:
    assert len(_line_start_patterns()) >= 4


# Pieces of the lines the line-start patterns look for, and of the lines between them.
_PIECES = ["\n", "\r\n", "\r", " ", "　", "3", "12", "2024", "-", "—", "/", "第", "页", "共", "附件", "附 件", ":",
           "：", "【", "】", "打印", "关闭", "字体", "分享", "|", ">", "来源", "发布时间", "2024-05-06", "10:20",
           "责任编辑", "(", ")", "当前位置", "function f(", "var x =", "3月5日，", "本报记者 张三 摄", "。", "正文",
           "总体情况", "工作报告", "page 3", "p."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_a_line_start_scan_finds_what_finditer_finds(pieces: list[str]) -> None:
    src = SourceText.from_text("".join(pieces))
    for name, pattern in _line_start_patterns():
        expected = [(m.span(), m.groups()) for m in pattern.anchored.finditer(src.view)]
        # the search from line end to line end (keys on every line), the key lines only (keys on none), finditer
        for spacing in (1e9, 1e-9):
            with mock.patch.object(spans, "SCAN_MIN", 0), mock.patch.object(spans, "_KEY_LINE_SPACING", spacing):
                assert [(m.span(), m.groups()) for m in pattern.scan(src)] == expected, (name, spacing)
        assert [(m.span(), m.groups()) for m in pattern.scan(src)] == expected, name


def _reference_width(s: str) -> int:
    return 2 * len(s) - sum(map(len, regex.findall(r"[ 0-9A-Za-z]+", s)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_the_noise_on_a_line_is_found_alike_by_bisection_and_by_the_index_of_every_line(pieces: list[str]) -> None:
    src = SourceText.from_text("".join(pieces))
    noise = reportparse.noise.find_noise(src)
    one_by_one, indexed = spans.Masks(src, noise), spans.Masks(src, noise, every_line=True)
    for n in range(1, src.line_count + 1):
        assert one_by_one.spans(n) == indexed.spans(n)
        assert one_by_one.view(n) == indexed.view(n) and (n in one_by_one) == (n in indexed)


def test_the_display_width_counts_ascii_letters_digits_and_space_once() -> None:
    sample = "".join(map(chr, range(0x3100))) + "Ａ１\uff01" + _FOLDED
    for text in [sample, *_TEXTS, "abc 123", "，,。.", "\t\r"]:
        assert _width(text) == _reference_width(text)


def _reference_wrap_lines(src: SourceText) -> list[tuple[int, str]]:
    lines = [(_reference_width(src.line(n).rstrip()), src.line_view(n).rstrip()[-1:])
             for n in range(1, src.line_count + 1)]
    return [(w, last) for w, last in lines if last]


def test_the_wrap_width_is_found_alike_on_lf_crlf_and_cr_text() -> None:
    line = "各地区各部门认真贯彻落实党中央决策部署，扎实推进各项工作取得"  # hard-wrapped: no stop
    for end in ("\n", "\r\n", "\r"):
        text = end.join([line] * 12 + ["", "  ", "结束。"]) + end
        src = SourceText.from_text(text)
        lf = SourceText.from_text(text.replace(end, "\n"))
        assert wrap_width(src) == wrap_width(lf) is not None
        assert _reference_wrap_lines(src) == _reference_wrap_lines(lf)


def _keyword_calls() -> list[tuple[str, object, tuple[str, ...], tuple[str, ...]]]:
    from reportparse.noise import boilerplate, caption, toc, web_chrome

    w = web_chrome
    return [
        ("tool", w._TOOL_KEYS, w._TOOL_STARTS, ("mail",)), ("page", w._PAGE_KEYS, w._PAGE_STARTS, ()),
        ("click", w._CLICK_KEYS, w._CLICK_STARTS, ()), ("crumb", w._CRUMB_KEYS, ("首页", "主页", "正文", "详情"), ()),
        ("share", w._SHARE_KEYS, ("分享",), ()), ("nav", w._NAV_KEYS, ("首页", "主页"), ()),
        ("site", w._SITE_KEYS, w._SITE_STARTS, w._SITE_FOLDED),
        ("short", boilerplate._SHORT_KEYS, boilerplate._SHORT_STARTS, ("copyright", "icp")),
        ("caption", caption._KEYS, ("记者", "通讯员", "摄"), ()),
        ("toc", toc._KEYS, toc._KEY_STARTS, toc._KEY_FOLDED),
    ]


_KEY_PIECES = ["\n", "\r\n", " ", "下载", "打印", "分享", "字", "体", "号", "mail", "MaIL", "e-mail", "关注", "广告",
               "首页", "上一页", "下", "一页", "尾页", "点击", "查看", "点此", "这里", "主页", "正文", "详情", "微信",
               "qq", "QQ", "Facebook", "twitter", "LinkedIn", "人", "人人", "复制链接", "版权所有", "者", "权", "©",
               "Copyright", "ICP", "icp", "备", "证", "上一篇", ":", "更多", "推荐访问", "记者", "摄", "通讯员",
               "\u212a", "\u017f", "工作总结", "。", "目", "录", "正", "文", "....", ".", ". .", "……", "…", "····",
               "------", "-", "______", "篇", "contents", "CONTENTS", "Contentſ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_KEY_PIECES), max_size=60))
def test_keyword_lines_found_from_their_starts_are_those_a_scan_finds(pieces: list[str]) -> None:
    from reportparse.noise import spans

    src = SourceText.from_text("".join(pieces))
    spacing = spans._KEY_SPACING
    spans._KEY_SPACING = 1  # the hits tried one by one however dense (in a real text: up to one in 64)
    try:
        for name, keys, starts, folded in _keyword_calls():
            for max_len in (5, 200):
                found = spans.keyword_lines(src, keys, max_len, starts, folded)
                assert found == spans.keyword_lines(src, keys, max_len), name
    finally:
        spans._KEY_SPACING = spacing


_LINE_HEADS = list(" #-*+•·●◆■□▪◇◎★☆►>附件录表名词解释术语说明参考文献:一、1.（）总则\u3000x")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LINE_HEADS, max_size=12))
def test_a_line_is_tried_for_a_lead_markdown_or_appendix_only_where_it_can_begin_one(view: str) -> None:
    from reportparse.markers import scan

    lead = scan._LEAD.match(view)
    assert scan._lead_end(view) == (lead.end() if lead else 0)
    if view[:1] not in scan._MARKDOWN_FIRST:
        assert scan._MARKDOWN.match(view) is None
    if view[:1] not in scan._APPENDIX_FIRST:
        assert scan._APPENDIX.fullmatch(view) is None


def _reference_quote_depth(view: str, a: int, b: int, depth: int) -> int:
    for ch in view[a:b]:
        if ch in "“「『":
            depth += 1
        elif ch in "”」』":
            depth = max(0, depth - 1)
    return depth


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("“「『”」』一、正文。 \t\u3000\xa012万元"), max_size=30), st.integers(0, 2),
       st.integers(0, 30), st.integers(0, 30))
def test_quote_depth_and_table_rows_read_the_marks_and_gaps_only(view: str, depth: int, a: int, b: int) -> None:
    from reportparse.markers import scan

    assert scan._quote_depth(view, a, b, depth) == _reference_quote_depth(view, a, b, depth)
    if not any(gap in view for gap in " \u3000\xa0\t"):
        assert len(scan._CELL_GAP.split(view.strip(" \u3000\t\xa0"))) < 2


def test_the_model_tree_is_made_as_assemble_makes_it() -> None:
    from reportparse import model
    from reportparse.pipeline import parse_records

    text = "总体报告\n一、总体情况\n今年工作顺利。\n（一）主要做法\n正文。1. 细项：内容；\n第 1 页 共 2 页\n二、问题\n"
    doc = model.from_records(parse_records(text))
    made = [*doc.walk(), *(p for s in doc.walk() for p in s.paragraphs)]
    made += [*doc.noise, *(x.span for x in [*made, *doc.noise])]
    assert len({type(x) for x in made}) == 4
    for x in made:
        reference = type(x).assemble(**x.__dict__)
        assert list(x.__dict__) == list(type(x).model_fields) == list(reference.__dict__)
        assert x.__pydantic_fields_set__ == reference.__pydantic_fields_set__ == set(type(x).model_fields)
        assert x == reference and x.__pydantic_extra__ is None and x.__pydantic_private__ is None
    assert model.Document.model_validate_json(doc.model_dump_json()) == doc


def test_the_first_character_sets_hold_every_character_their_patterns_begin_with() -> None:
    """Exhaustive over the BMP, so that a pattern given a new alternative fails here until its
    first-character set (a hand-written speed gate) has it too."""
    from reportparse.markers import scan

    for pattern, first, name in ((scan._LEAD, scan._LEAD_FIRST, "lead"),
                                 (scan._MARKDOWN, scan._MARKDOWN_FIRST, "markdown"),
                                 (scan._APPENDIX, scan._APPENDIX_FIRST, "appendix")):
        compiled = pattern.compiled
        for cp in range(0x10000):
            m = compiled.match(chr(cp), partial=True)
            if m is not None and (m.partial or m.end() > 0):
                assert chr(cp) in first, (name, chr(cp))


@pytest.mark.parametrize("call", _keyword_calls(), ids=lambda call: call[0])
def test_every_match_of_a_keyword_pattern_begins_with_one_of_its_starts(call) -> None:
    """The starts ``keyword_lines`` finds lines from are those of every string the pattern can
    match: a new alternative without its start would silently miss lines."""
    name, keys, starts, folded = call
    compiled = keys.compiled if hasattr(keys, "compiled") else keys
    drawn = strings_of(as_re(compiled.pattern), int(compiled.flags), random.Random(name), 3000)
    matched = 0
    for s in drawn:
        for m in compiled.finditer(s):
            matched += 1
            at = m.start()
            assert any(s.startswith(w, at) for w in starts) or any(
                regex.match(f"(?i:{regex.escape(w)})", s, pos=at) for w in folded), (name, s, m.group())
    assert matched >= 20, f"{name}: too few drawn strings match to test its starts"


@given(st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_a_line_of_ascii_digits_has_no_candidate(digits: str) -> None:
    # scan_line skips such lines (bare page numbers left in the text): the full scan finds nothing there either
    from reportparse.markers.scan import _scan_line, scan_line
    from reportparse.source import TextLine

    line = TextLine(1, [(0, len(digits))], digits, digits)
    assert _scan_line(line) == [] == scan_line(line)
