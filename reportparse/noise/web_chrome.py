"""A web page's own controls: toolbars (``【字体：大 中 小】``, 打印, 分享到, ``扫一扫 关注公众号``,
an ad slot's ``广告``), share bars (``分享到：微信
微博 QQ空间``), breadcrumbs (``当前位置：首页>>…``, or a line of short items parted by ``>`` ``›``
``»`` ``-`` that opens with the home link or ends in ``正文``: ``首页 > 新闻中心 > 工作动态``), pagination (``上一页 1 2 3 下一页``), navigation bars (``首页 | 机构概况 |
新闻中心 | 政务公开``: four or more short items set apart by bars, dots or spaces, one of them
the home link, and no line beside it with as many cells, which makes it a table's header
row), click prompts, and the site footer after the closing controls (``打印本页``,
``关闭窗口``) at the end of a page.

Toolbars and breadcrumbs split over several lines (one control per line) are
followed to their end; a lone separator (``|``, ``×``, ``>``) next to a control is
part of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from reportparse.noise.spans import (
    LINE_END,
    LINE_START,
    collect,
    keyword_lines,
    line_start,
    next_nonblank,
    noise_item,
    whole_line,
)
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_TOOL = (
    r"(?:下载|打印(?:本页|此页)?|全屏|收藏(?:本页)?|分享(?:到)?(?:微信|微博|QQ空间|朋友圈)?|关闭(?:窗口|本页)?"
    r"|返回(?:顶部|首页)|扫一扫在手机(?:上)?打开(?:当前|本)页|扫一扫|字[体号]:?(?:[ ]*[大中小])*"
    r"|(?i:e-?mail)推荐|推荐给朋友|我要纠错|关注(?:我们|(?:微信)?公众号)|广告):?"
)
_ONE_TOOL = rf"(?:【[ ]?{_TOOL}[ ]?】|{_TOOL})"
# Line patterns, tried with fullmatch on the lines where their keywords occur.
# What every match of each keyword pattern begins with (keyword_lines' starts, folded); the
# pattern's keys are these, and a letter of each folded word in both cases.
_TOOL_STARTS = ("下载", "打印", "全屏", "收藏", "分享", "关闭", "返回", "扫一扫", "字体", "字号", "推荐给朋友", "纠错",
                "关注", "广告")
_TOOL_KEYS = lazy(r"下载|打印|全屏|收藏|分享|关闭|返回|扫一扫|字[体号]|(?i:mail)|推荐给朋友|纠错|关注|广告",
                  keys=(*_TOOL_STARTS, "l", "L"))
_TOOL_LINE = lazy(rf"[ |/]*{_ONE_TOOL}(?:[ |/]*{_ONE_TOOL})*[ |/]*")
_TOOL_PIECE = lazy(rf"【[ ]*字[体号][ ]*:[^】\r\n]{{0,20}}】|【[ ]?{_TOOL}[ ]?】", keys="【")
# A toolbar opened with 【 and closed on a later line.
_TOOLBAR_OPEN = lazy(
    LINE_START + r"[ ]*【[ ]*(?:字[体号]|(?i:e-?mail)推荐|打印|关闭|分享)[^】\r\n]{0,20}" + LINE_END, keys="【"
)
_TOOLBAR_CLOSE = lazy(r"[ ]*】[ ]*")
_TOOLBAR_REACH = 12  # lines to the closing 】
_CRUMB_WORD = r"(?:当前位置|(?:您|你)?(?:现在)?的位置|所在位置)"  # a breadcrumb's label
_CRUMB_OPEN = lazy(LINE_START + rf"[ ]*{_CRUMB_WORD}[ ]*:", keys=("位置",))
_CRUMB_SEPARATOR = lazy(r"[ ]*(?:>{1,2}|»|/|→|-)[ ]*")
_CRUMB_MAX = 20
_CRUMB_LINE = 200  # characters after the colon of a breadcrumb
# A breadcrumb without a label: crumbs parted by arrows or dashes, from the home link or to the article.
_CRUMB = r"[\p{Han}A-Za-z0-9]{1,12}"
_CRUMB_GAP = r"[ ]*(?:>{1,2}|›|»|-)[ ]*"
_CRUMB_LABEL = rf"(?:{_CRUMB_WORD}[ ]*:?[ ]*)?"
_CRUMB_STARTS = ("首页", "主页", "正文", "详情")
_CRUMB_KEYS = lazy(r"首页|主页|正文|详情", keys=_CRUMB_STARTS)
_CRUMB_TRAIL = lazy(
    rf"[ ]*{_CRUMB_LABEL}(?:\p{{Han}}{{0,8}}首页|主页){_CRUMB_GAP}{_CRUMB}(?:{_CRUMB_GAP}{_CRUMB}){{0,8}}(?:{_CRUMB_GAP})?"
    rf"|[ ]*{_CRUMB_LABEL}{_CRUMB}(?:{_CRUMB_GAP}{_CRUMB}){{1,8}}{_CRUMB_GAP}(?:正文|详情|正文内容|详细内容)[ ]*"
)
# A share bar: 分享 and the sites it shares to.
_SITE = (r"(?:微信(?:好友)?|朋友圈|(?:新浪|腾讯)?微博|(?i:qq)(?:空间|好友)?|豆瓣|人人网?|抖音|今日头条|百度贴吧"
         r"|(?i:facebook|twitter|linkedin)|复制链接|更多)")
_SHARE_KEYS = lazy(r"分享", keys=("分享",))
_SHARE_BAR = lazy(rf"[ ]*【?[ ]*分享(?:到|至)?[ ]*:?[ ]*】?(?:[ |/·•]*{_SITE})+[ |/·•]*")
# The sites alone, a share bar's buttons on lines of their own after its 分享到：.
_SITE_STARTS = ("微信", "朋友圈", "微博", "豆瓣", "人人", "抖音", "头条", "贴吧", "复制链接")
_SITE_FOLDED = ("qq", "facebook", "twitter", "linkedin")
_SITE_KEYS = lazy(r"微信|朋友圈|微博|(?i:qq)|豆瓣|人人|抖音|头条|贴吧|(?i:facebook|twitter|linkedin)|复制链接",
                  keys=(*_SITE_STARTS, "q", "Q", "e", "E"))
_SITES = lazy(rf"(?:[ |/·•]*{_SITE})+[ |/·•]*")
_PAGE_KEYS = lazy(r"首页|上一页|下一页|尾页|末页", keys=("首页", "一页", "尾页", "末页"))
_PAGINATION = lazy(
    r"[ |<>»«\d]*(?:(?:首页|上一页|下一页|尾页|末页)[ |<>»«\d]*)+|.*?上一页.*?下一页.*", regex.DOTALL
)
_NAV_STARTS = ("首页", "主页")
_NAV_KEYS = lazy(r"首页|主页", keys=_NAV_STARTS)
_PAGE_STARTS = ("首页", "上一页", "下一页", "尾页", "末页")
_CLICK_STARTS = ("点击", "点此")
_NAV_ITEM = r"(?:(?!丨)[\p{Han}A-Za-z]){2,8}"  # 丨 is a Han character but a separator here
_NAV_LINE = lazy(rf"[ ]*{_NAV_ITEM}(?:(?:[ ]*[|丨·•/][ ]*|[ ]+){_NAV_ITEM}){{3,}}[ ]*")
_CELL_GAP = lazy(r"[ |丨·•/]+")
_CLICK_KEYS = lazy(r"(?:点击|点此)(?:图片|这里|此处|进入|查看|下载|阅读|播放|收听)", keys=_CLICK_STARTS)
_SEPARATOR = line_start(r"[ ]*(?:[|×>»/·•]|>>)[ ]*" + LINE_END, keys="|×>»/·•")
_CLOSING = line_start(r"[ ]*【?(?:打印本页|关闭窗口|关闭本页|返回顶部|关闭)】?[ ]*" + LINE_END,
                keys=("打印本页", "关闭", "返回顶部"))
_CLOSING_WORD = lazy(r"打印本页|关闭窗口|关闭本页|返回顶部", keys=("打印本页", "关闭", "返回顶部"))
_TAIL_MAX = 10  # non-blank lines after the closing controls that can be the site footer
_BODY_MIN = 20  # non-blank lines before them, so the controls close a page


def find_web_chrome(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """Toolbars, share bars, breadcrumbs, pagination, navigation bars, click prompts and the footer
    after the closing controls."""
    view = src.view
    toolbars = [n for n in keyword_lines(src, _TOOL_KEYS, 80, _TOOL_STARTS, ("mail",))
                if _TOOL_LINE.fullmatch(view, src.starts[n - 1], src.ends[n - 1])]
    out: list[NoiseItem | None] = [whole_line(src, n, "boilerplate") for n in toolbars]
    for keys, pattern, max_len, starts, folded in (
            (_PAGE_KEYS, _PAGINATION, 400, _PAGE_STARTS, ()), (_CLICK_KEYS, None, 40, _CLICK_STARTS, ()),
            (_CRUMB_KEYS, _CRUMB_TRAIL, 200, _CRUMB_STARTS, ()), (_SHARE_KEYS, _SHARE_BAR, 120, ("分享",), ())):
        for n in keyword_lines(src, keys, max_len, starts, folded):
            if pattern is None or pattern.fullmatch(view, src.starts[n - 1], src.ends[n - 1]):
                out.append(whole_line(src, n, "boilerplate"))
    for n in keyword_lines(src, _NAV_KEYS, 200, _NAV_STARTS):
        if _NAV_LINE.fullmatch(view, src.starts[n - 1], src.ends[n - 1]) and not _beside_a_table_row(src, n):
            out.append(whole_line(src, n, "boilerplate"))
    out.extend(noise_item(src, "boilerplate", m.start(), m.end()) for m in _TOOL_PIECE.finditer(view, timeout=src.timeout))
    for m in _TOOLBAR_OPEN.finditer(view, timeout=src.timeout):
        out.extend(_toolbar(src, src.line_of(m.start())))
    for m in _CRUMB_OPEN.finditer(view, timeout=src.timeout):
        n = src.line_of(m.start())
        if src.ends[n - 1] - m.end() <= _CRUMB_LINE:
            out.extend(_breadcrumb(src, n, not view[m.end():src.ends[n - 1]].strip()))
    out.extend(_closing_tail(src, toolbars))
    items = collect(out)
    chrome_lines = {n.line for n in items} | {n.line for n in earlier if n.kind == "boilerplate"}
    items.extend(_share_buttons(src, chrome_lines))
    for m in _SEPARATOR.scan(src):
        n = src.line_of(m.start())
        if next_nonblank(src, n, -1) in chrome_lines or next_nonblank(src, n, 1) in chrome_lines:
            item = noise_item(src, "boilerplate", m.start(), m.end())
            if item is not None:
                items.append(item)
    return items


def _share_buttons(src: SourceText, chrome_lines: set[int]) -> list[NoiseItem]:
    """Lines of share sites only (``微信``, ``QQ空间 微博``) next to the page's controls, one after
    another; ``chrome_lines`` grows by them."""
    view = src.view
    sites = [n for n in keyword_lines(src, _SITE_KEYS, 80, _SITE_STARTS, _SITE_FOLDED)
             if n not in chrome_lines and _SITES.fullmatch(view, src.starts[n - 1], src.ends[n - 1])]
    out: list[NoiseItem | None] = []
    # a run of them reaches the controls above it (taken going down) or below it (going up)
    for order in (sites, sites[::-1]):
        for n in order:
            if n not in chrome_lines and (next_nonblank(src, n, -1) in chrome_lines
                                          or next_nonblank(src, n, 1) in chrome_lines):
                out.append(whole_line(src, n, "boilerplate"))
                chrome_lines.add(n)
    return collect(out)


def _beside_a_table_row(src: SourceText, n: int) -> bool:
    """Whether the line before or after line ``n`` has as many cells as it: ``n`` heads a table."""
    cells = len(_cells(src.line_view(n)))
    for m in (next_nonblank(src, n, -1), next_nonblank(src, n, 1)):
        if m and src.ends[m - 1] - src.starts[m - 1] <= 400 and len(_cells(src.line_view(m))) == cells:
            return True
    return False


def _cells(view: str) -> list[str]:
    return [c for c in _CELL_GAP.split(view.strip()) if c]


def _toolbar(src: SourceText, n: int) -> list[NoiseItem | None]:
    """Lines from the opening 【 on line ``n`` to the closing 】, if it comes soon; else line ``n``."""
    lines = [n]
    m = n
    for _ in range(_TOOLBAR_REACH):
        m = next_nonblank(src, m, 1)
        if not m:
            break
        view = src.line_view(m)
        if _TOOLBAR_CLOSE.fullmatch(view):
            lines.append(m)
            return [whole_line(src, k, "boilerplate") for k in lines]
        if len(view.strip()) > 6:
            break
        lines.append(m)
    return [whole_line(src, n, "boilerplate")]


def _breadcrumb(src: SourceText, n: int, open_ended: bool) -> list[NoiseItem | None]:
    """The breadcrumb on line ``n``; when it ends at its colon, the crumbs on the lines after it.

    Crumbs alternate with separators; a repeat of the last crumb (the channel's name) goes too.
    """
    lines = [n]
    if open_ended:
        m = next_nonblank(src, n, 1)
        last = ""
        while m and len(src.line_view(m).strip()) <= _CRUMB_MAX:
            lines.append(m)
            last = src.line_view(m).strip()
            sep = next_nonblank(src, m, 1)
            if not sep or not _CRUMB_SEPARATOR.fullmatch(src.line_view(sep)):
                break
            lines.append(sep)
            m = next_nonblank(src, sep, 1)
        again = next_nonblank(src, lines[-1], 1)
        if last and again and src.line_view(again).strip() == last:
            lines.append(again)
    return [whole_line(src, k, "boilerplate") for k in lines]


def _closing_tail(src: SourceText, toolbars: list[int]) -> list[NoiseItem | None]:
    """The lines after the last closing control (alone on its line, or in one of the toolbar lines
    ``toolbars`` with other controls), when only a few follow it and a page precedes it."""
    closing = [src.line_of(m.start()) for m in _CLOSING.scan(src)]
    # a toolbar of several controls that holds a closing one closes the page too
    closing.extend(n for n in toolbars if _CLOSING_WORD.search(src.line_view(n)))
    if not closing:
        return []
    n = max(closing)
    after = []
    m = next_nonblank(src, n, 1)
    while m:
        after.append(m)
        if len(after) > _TAIL_MAX:
            return []
        m = next_nonblank(src, m, 1)
    before = 0
    m = next_nonblank(src, n, -1)
    while m and before < _BODY_MIN:
        before += 1
        m = next_nonblank(src, m, -1)
    if before < _BODY_MIN:
        return []
    return [whole_line(src, k, "boilerplate") for k in [n, *after]]


