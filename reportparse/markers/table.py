"""The marker table: every heading-marker family, in one place.

Patterns run on the normalised view (full-width ASCII folded to ASCII), so
``（一）`` and ``(一)``, ``1．`` and ``1.`` share one pattern. Each match gives
the ordinal in group ``num``; the marker text is sliced from the source.
Families are tried in table order; the first that matches at a position wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import regex

from reportparse.markers.numerals import ordinal_value
from reportparse.patterns import LazyPattern, lazy

_CN = "[一二三四五六七八九十百零〇两兩廿]"


#: What follows a number that is a quantity, a date or a count, never a chapter title (3 个, 10 月).
_BARE_NOT_TITLE = "万亿元倍个米吨亩斤克岁户次辆件年月日时分秒号名人家项条所种位天周届期批套台座处只"


@dataclass(frozen=True)
class MarkerFamily:
    """One kind of heading marker.

    ``rank`` is the GB/T 9704 prior (smaller is higher), used only to break ties.
    ``strong`` families (第X章) are headings at a line start even with no open
    sequence; ``nests`` lets a new 1 open a collection inside a heading of the
    same family (第一篇 inside 第四篇); ``body_is_text`` means the text after
    the marker is body, not title (articles 第X条).
    """

    id: str
    source: str
    rank: int
    example: str
    strong: bool = False
    nests: bool = False
    body_is_text: bool = False
    inline: bool = True  # may be found inside a line after sentence-final punctuation
    starts: str = ""  # the characters its marker can begin with (tests check them against the pattern)

    @cached_property
    def lazy_pattern(self) -> LazyPattern:
        """The pattern, compiled on its first match (a text may never try this family)."""
        return lazy(self.source)

    @cached_property
    def pattern(self) -> regex.Pattern[str]:
        return self.lazy_pattern.compiled

    def match(self, view: str, pos: int) -> regex.Match[str] | None:
        """Match this family's marker at ``view[pos:]``."""
        return self.pattern.match(view, pos)


_DIGITS = "0123456789"
_CN_STARTS = _CN.strip("[]")
_CIRCLED = "".join(chr(c) for r in ((0x2460, 0x2473), (0x3251, 0x325F), (0x32B1, 0x32BF)) for c in range(r[0], r[1] + 1))


def _ordinal_family(unit: str) -> str:
    return rf"第[ ]?(?P<num>{_CN}{{1,7}}|\d{{1,4}})[ ]?(?:{unit})"


FAMILIES: tuple[MarkerFamily, ...] = (
    # Traditional forms too (編, 節, 條): laws and rules of Hong Kong, Macao and Taiwan.
    MarkerFamily("zh-part", _ordinal_family("篇|编|編|部分"), 0, "第一篇", strong=True, nests=True, starts="第"),
    MarkerFamily("zh-chapter", _ordinal_family("章"), 1, "第一章", strong=True, starts="第"),
    MarkerFamily("zh-section", _ordinal_family("节|節"), 2, "第一节", strong=True, starts="第"),
    MarkerFamily("zh-article", _ordinal_family("条|條"), 3, "第一条", strong=True, body_is_text=True, starts="第"),
    MarkerFamily("zh-clause", _ordinal_family("款"), 4, "第一款", body_is_text=True, starts="第"),
    MarkerFamily(
        "zh-dun", rf"(?P<num>{_CN}{{1,3}})[ ]?(?P<punct>、{{1,2}}|\.(?![\d.])、?)", 5, "一、", starts=_CN_STARTS
    ),
    MarkerFamily(
        "zh-paren",
        rf"(?:\([ ]?(?P<num>{_CN}{{1,3}})[ ]?\)|〔(?P<num>{_CN}{{1,3}})〕|(?P<num>[㈠-㈩]))(?P<punct>、?)",
        6,
        "（一）",
        starts="(〔㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩",
    ),
    MarkerFamily(
        # 1.1, and 1.1、 1.1. as some documents write it (the punctuation is part of the marker);
        # 5.5. 1 as a PDF extraction splits 5.5.1 (a space after a dot, never before it);
        # a title may open with a Latin numeral (5.1I级响应, 5.4Ⅳ级响应)
        "decimal",
        r"(?P<num>\d{1,2}(?:\.[ ]?\d{1,2}){1,7})(?:、|\.(?![\d.]))?(?![\d.%])(?=[ ]|[^\x00-\x7f]|[A-Z]+[^\x00-\x7f])",
        7,
        "1.1",
        starts=_DIGITS,
    ),
    MarkerFamily("arabic", r"(?P<num>\d{1,3})[ ]?(?P<punct>、{1,2}|\.(?!\.)、?)", 7, "1.", starts=_DIGITS),
    MarkerFamily("arabic-paren", r"(?:\([ ]?(?P<num>\d{1,3})[ ]?\)|(?P<num>[⑴-⒇]))(?P<punct>、?)", 8, "（1）",
                 starts="(" + "".join(chr(c) for c in range(ord("⑴"), ord("⒇") + 1))),
    MarkerFamily("arabic-half-paren", r"(?P<num>\d{1,3})\)", 9, "1）", inline=False, starts=_DIGITS),
    MarkerFamily("circled", r"(?P<num>[①-⑳㉑-㉟㊱-㊿])", 10, "①", starts=_CIRCLED),
    MarkerFamily("latin", r"(?P<num>[a-z])\)|\((?P<num>[a-z])\)", 11, "a)", inline=False,
                 starts="(abcdefghijklmnopqrstuvwxyz"),
    # The bare chapter number of a decimal outline (1 总则, 1总则 above 1.1): a candidate only;
    # the outline keeps it where the decimal outline goes on below it.
    MarkerFamily("decimal-bare", rf"(?P<num>\d{{1,2}})(?![\d.%])(?=[ ]{{0,3}}[^\x00-\x7f{_BARE_NOT_TITLE}])", 7,
                 "1 总则", inline=False, starts=_DIGITS),
)

#: Unnumbered headings (Markdown ``##`` lines, 附件/附录 lines): not in the table, never matched.
UNNUMBERED = MarkerFamily("unnumbered", r"(?!)", -1, "## 总则", strong=True, inline=False)

BY_ID: dict[str, MarkerFamily] = {f.id: f for f in FAMILIES}

# First characters a marker can start with, to skip positions cheaply.
_STARTS = frozenset("第(〔㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩0123456789abcdefghijklmnopqrstuvwxyz"
                    "一二三四五六七八九十百零〇两廿") | frozenset(chr(c) for c in range(0x2460, 0x2488)) \
    | frozenset(chr(c) for c in range(0x3251, 0x3260)) | frozenset(chr(c) for c in range(0x32B1, 0x32C0))


#: :data:`_STARTS` as a character class, for a pattern to stop only where a marker may begin.
MARKER_FIRST = "[" + "".join(regex.escape(ch) for ch in sorted(_STARTS)) + "]"


def plain_han(ch: str) -> bool:
    """Whether ``ch`` is a Han character that no marker begins with: a line that opens with
    one (after spaces) opens with no marker and no layout before one (a cheap first test)."""
    return "\u3400" <= ch <= "\u9fff" and ch not in _STARTS


#: Units a quantity goes on with (2.98万元, 1.5倍, 3.2%): after one, a decimal is a number, not a heading.
_UNITS = frozenset("万亿元倍%个米吨亩斤克岁户次辆件")
#: Units after a space that no title begins with (3.2 公里, 3.4 万吨/年, 1.5 倍): after one, a decimal
#: is a quantity a line wrap put at a line start, never a marker (2.3 个人防护, 2.1 万达项目 stay titles).
_SPACED_UNIT = lazy(r"[ ]{1,2}(?:万(?:元|吨|人|亩|户|平方米|立方米|千瓦)|亿元|公里|千米|公顷|公斤|千克"
                    r"|平方(?:公里|米)|立方米|千瓦时?|小时|个百分点|[%％倍吨亩斤辆])")


# Not frozen, as Candidate (markers/scan.py): treated as a value, changed only by replace().
@dataclass(slots=True, eq=False)
class MarkerMatch:
    """A marker found at a position: its family, ordinal, and extent in the view."""

    family: MarkerFamily
    ordinal: int
    path: tuple[int, ...]  # for decimal outlines (1.2.3); else (ordinal,)
    style: str  # punctuation/bracket style, e.g. '、', '.', '()', '〔〕'
    start: int
    end: int
    quantity_like: bool = False  # a digit follows "N." (20.2026年), or a unit a decimal (2.98万元)
    split: bool = False  # a decimal with a space after a dot (1. 4): 1.4, or 1. then a 4


_BY_FIRST: dict[str, tuple[MarkerFamily, ...]] = {}


def _families_from(first: str) -> tuple[MarkerFamily, ...]:
    """The families, in table order, whose marker can begin with ``first`` (none but for :data:`_STARTS`):
    by their ``starts``, so that a family's pattern is compiled only when a text has its first character."""
    found = _BY_FIRST.get(first)
    if found is None:
        found = _BY_FIRST[first] = () if first not in _STARTS else tuple(f for f in FAMILIES if first in f.starts)
    return found


_Matchers = tuple[LazyPattern | None, tuple[tuple[MarkerFamily, LazyPattern], ...]]
_MATCHERS: dict[str, _Matchers] = {}
_GATES: dict[tuple[MarkerFamily, ...], LazyPattern] = {}
#: Families a first character must lead to for a gate to pay (it costs one match more where a marker
#: is): the digits' four and 第's five, not the bracket's three (a bracket is often a marker).
_GATE_MIN = 4


def _matchers_from(first: str) -> _Matchers:
    """:func:`_families_from` with each family's pattern, compiled when a marker is first tried with it,
    and where there are many, a gate: one pattern that matches where any of them does, so that one
    match turns away a position none of them fits (a page number, a year, 第二次)."""
    found = _MATCHERS.get(first)
    if found is None:
        families = _families_from(first)
        gate = None
        if len(families) >= _GATE_MIN:
            gate = _GATES.get(families)
            if gate is None:
                gate = _GATES[families] = lazy("|".join(f"(?:{f.source})" for f in families))
        found = _MATCHERS[first] = gate, tuple((f, f.lazy_pattern) for f in families)
    return found


_ORDINALS: dict[str, int | None] = {}  # ordinal_value of the numerals seen, up to _ORDINALS_MAX of them
_ORDINALS_MAX = 10_000


def _ordinal(num: str) -> int | None:
    """:func:`ordinal_value`, remembered: a document repeats the same few numerals."""
    try:
        return _ORDINALS[num]
    except KeyError:
        value = ordinal_value(num)
        if len(_ORDINALS) < _ORDINALS_MAX:
            _ORDINALS[num] = value
        return value


#: The markers found on short lines, by (view, position, split): the stages ask about the same
#: lines again (contents, rejoining, mending, scanning). Emptied when full.
_SEEN: dict[tuple[str, int, bool], MarkerMatch | None] = {}
_SEEN_MAX = 4096
_SEEN_LINE_MAX = 200  # longer lines are not remembered (nor kept alive)


def match_marker(view: str, pos: int, *, split: bool = True) -> MarkerMatch | None:
    """The marker at ``view[pos:]``, or None; tries the families in table order.

    ``split=False`` refuses the split-decimal reading (``1. 4`` as 1.4), so that
    ``1. 4月`` reads as the item ``1.`` instead."""
    if pos >= len(view) or view[pos] not in _STARTS:
        return None
    if len(view) > _SEEN_LINE_MAX:
        return _match_marker(view, pos, split)
    key = (view, pos, split)
    try:
        return _SEEN[key]
    except KeyError:
        pass
    found = _match_marker(view, pos, split)
    if len(_SEEN) >= _SEEN_MAX:
        _SEEN.clear()
    _SEEN[key] = found
    return found



_BARE_COUNT = lazy(rf"(?P<num>\d{{1,2}})(?![\d.%])(?=[ ]{{0,3}}[{_BARE_NOT_TITLE}])")


def match_bare_count(view: str, pos: int) -> MarkerMatch | None:
    """A bare number before a measure word at ``view[pos:]`` (``3 项工作``, but also ``1 项目概述``),
    as a ``decimal-bare`` marker marked ``quantity_like``: a chapter number only where the
    decimal outline confirms it (``N.1`` follows), else a quantity. None if there is none."""
    m = _BARE_COUNT.match(view, pos)
    if m is None:
        return None
    value = int(m.group("num"))
    return MarkerMatch(BY_ID["decimal-bare"], value, (value,), "", m.start(), m.end(), True)


def _match_marker(view: str, pos: int, split: bool) -> MarkerMatch | None:
    gate, matchers = _matchers_from(view[pos])
    if gate is not None and gate.match(view, pos) is None:
        return None
    for family, pattern in matchers:
        m = pattern.match(view, pos)
        if m is None:
            continue
        num = m.group("num")
        quantity_like = False
        if family.id == "decimal":
            if " " in num and not split:
                continue
            path = tuple(int(p) for p in num.replace(" ", "").split("."))
            ordinal = path[-1]
            if _SPACED_UNIT.match(view, m.end()) is not None:
                continue  # 3.2 公里: a quantity, whatever comes before it
            quantity_like = m.end() < len(view) and view[m.end()] in _UNITS  # 2.98万元, 1.5倍
        else:
            value = _ordinal(num)
            if value is None:
                continue
            ordinal, path = value, (value,)
        text = m.group()
        if family.id == "arabic":
            quantity_like = m.end() < len(view) and view[m.end()].isdigit()
            if quantity_like and not m.group("punct").startswith("."):
                quantity_like = False
        if family.id in ("zh-dun", "arabic"):
            style = "、" if "、" in m.group("punct") else "."
        elif text.startswith("〔"):
            style = "〔〕"
        elif text.startswith("("):
            style = "()"
        else:
            style = ""
        return MarkerMatch(family, ordinal, path, style, m.start(), m.end(), quantity_like, " " in num)
    return None
