"""Web boilerplate: site advertising, repost notices, related-article lists, page toolbars."""

from __future__ import annotations

import regex

from reportparse.model import NoiseItem
from reportparse.noise.spans import noise_item, whole_line
from reportparse.source import SourceText

# A line holding one of these is boilerplate as a whole.
_WHOLE_LINE = regex.compile(
    r"小编|希望对(?:大家|您|你)有所帮助|本文来[自源].{0,40}转载|转载请(?:保留|注明)"
    r"|推荐相关文章|相关文章推荐|相关推荐[:]|^[ ]*相关(?:报道|阅读|文章)[:]?[ ]*$"
    r"|\(推荐打开|欢迎(?:访问|阅读)本站|更多.{0,10}请(?:访问|关注)|版权所有|免责声明"
    r"|上一页.{0,80}下一页|^[ ]*(?:下载|打印|全屏|收藏|分享到?|关闭窗口|返回顶部)[ ]*$"
    r"|^[ ]*当前位置[:]|^[ ]*function[ ]+\w+[ ]*\(|document\.\w+|^[ ]*(?:来源|时间|作者|编辑|发布时间)[:].{0,40}$"
)
# Pieces removed from inside a line.
_PIECE = regex.compile(
    r"<!--.*?-->|<!--|-->|<[ ]*/?[a-zA-Z][^<>]{0,80}>"
    r"|【[ ]*字[体号][:].{0,20}?】|【[ ]*E-?mail推荐[ ]*】|【[ ]*(?:打印|关闭|收藏)[^】]{0,10}】"
    r"|\([ ]*责任编辑[:][^)]{0,30}\)|^[ ]*文章标题[:]"
)
_NBSP_TOKEN = regex.compile(r"(?:<U\+00A0>)+", regex.IGNORECASE)


def find_boilerplate(src: SourceText) -> list[NoiseItem]:
    """Boilerplate lines and pieces, plus the ``<U+00A0>`` escapes some scrapers leave (as layout)."""
    out: list[NoiseItem] = []
    for n in range(1, src.line_count + 1):
        base = src.starts[n - 1]
        view = src.line_view(n)
        text = src.line(n)
        if not view.strip():
            continue
        if _WHOLE_LINE.search(view) and len(view.strip()) < 400:
            out.append(whole_line(src, n, "boilerplate"))
            continue
        for m in _PIECE.finditer(view):
            out.append(noise_item(src, "boilerplate", base + m.start(), base + m.end()))
        if "<" in text:
            for m in _NBSP_TOKEN.finditer(text):
                out.append(noise_item(src, "layout", base + m.start(), base + m.end()))
    return out
