"""Cut noise out of the lines and rejoin sentences that a page break split."""

from __future__ import annotations

from reportparse.markers.scan import SENTENCE_END, starts_with_marker
from reportparse.model import NoiseItem
from reportparse.source import SourceText, TextLine

#: Noise kinds that mark a page boundary.
PAGE_BREAK_KINDS = frozenset({"page_footer", "running_header"})
_CLOSED = SENTENCE_END + ":”’」』)]》…"


def clean_lines(src: SourceText, noise: list[NoiseItem]) -> list[TextLine]:
    """Non-blank content lines with ``noise`` removed; a sentence cut by a page break is one line."""
    by_line: dict[int, list[NoiseItem]] = {}
    for item in noise:
        for n in range(src.line_of(item.span.start), src.line_of(max(item.span.start, item.span.end - 1)) + 1):
            by_line.setdefault(n, []).append(item)
    out: list[TextLine] = []
    break_pending = False
    for n in range(1, src.line_count + 1):
        start, end = src.starts[n - 1], src.ends[n - 1]
        pieces: list[tuple[int, int]] = []
        pos = start
        break_before = break_after = False
        for item in sorted(by_line.get(n, ()), key=lambda i: i.span.start):
            a, b = max(item.span.start, start), min(item.span.end, end)
            if a > pos:
                pieces.append((pos, a))
            is_break = item.kind in PAGE_BREAK_KINDS
            if is_break and not src.view[start:a].strip():
                break_before = True
            if is_break and not src.view[b:end].strip():
                break_after = True
            pos = max(pos, b)
        if pos < end:
            pieces.append((pos, end))
        line = TextLine.from_pieces(src, n, pieces)
        if line.is_blank():
            break_pending = break_pending or break_before or break_after
            continue
        if (break_pending or break_before) and out and _joinable(out[-1], line):
            prev = out[-1]
            out[-1] = TextLine.from_pieces(src, prev.number, [*prev.pieces, *line.pieces])
        else:
            out.append(line)
        break_pending = break_after
    return out


def _joinable(before: TextLine, after: TextLine) -> bool:
    tail = before.view.rstrip()
    return bool(tail) and tail[-1] not in _CLOSED and not starts_with_marker(after.view)
