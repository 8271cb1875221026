"""Web page markup left in the text: HTML comments (one line or several), tags, script lines."""

from __future__ import annotations

from collections.abc import Sequence

from reportparse.noise.spans import ANY, collect, line_start, noise_item
from reportparse.patterns import lazy
from reportparse.records import NoiseItem
from reportparse.source import SourceText

_COMMENT_ENDS = lazy(r"<!--|-->", keys=("--",))
_MAX_COMMENT_LINES = 50
_TAG = lazy(
    r"</?(?i:p|br|div|span|a|img|table|tr|td|th|tbody|thead|ul|ol|li|font|b|i|u|strong|em|h[1-6]"
    r"|script|style|iframe|center|hr|input|form|label|section|article|header|footer|nav|meta|link"
    r"|title|html|head|body|sup|sub|pre|code|blockquote)(?:[ ][^<>\r\n]{0,200})?[ ]*/?>",
    keys="<",
)
_SCRIPT = line_start(
    r"[ ]*(?:function[ ]+\w+[ ]*\(|(?:var|let|const)[ ]+\w+[ ]*=|document\.\w|window\.\w|\$\(|jQuery[.(])"
    + ANY + "*",
    keys=("function", "var", "let", "const", "document.", "window.", "$(", "jQuery"),
)


def find_markup(src: SourceText, earlier: Sequence[NoiseItem] = ()) -> list[NoiseItem]:
    """HTML comments (one item per line they cover), tags and script lines."""
    out: list[NoiseItem | None] = []
    opened: int | None = None
    for m in _COMMENT_ENDS.finditer(src.view, timeout=src.timeout):
        if m.group() == "<!--":
            if opened is not None:
                out.append(noise_item(src, "boilerplate", opened, opened + 4))
            opened = m.start()
            continue
        if opened is not None and src.line_of(m.start()) - src.line_of(opened) <= _MAX_COMMENT_LINES:
            out.extend(_per_line(src, opened, m.end()))
        else:
            out.append(noise_item(src, "boilerplate", m.start(), m.end()))
        opened = None
    if opened is not None:
        out.append(noise_item(src, "boilerplate", opened, opened + 4))
    out.extend(noise_item(src, "boilerplate", m.start(), m.end()) for m in _TAG.finditer(src.view, timeout=src.timeout))
    out.extend(noise_item(src, "boilerplate", m.start(), m.end()) for m in _SCRIPT.scan(src))
    return collect(out)


def _per_line(src: SourceText, start: int, end: int) -> list[NoiseItem | None]:
    """Items for ``[start, end)``, cut at line ends."""
    first, last = src.line_of(start), src.line_of(end - 1)
    return [
        noise_item(src, "boilerplate", max(start, src.starts[n - 1]), min(end, src.ends[n - 1]))
        for n in range(first, last + 1)
    ]
