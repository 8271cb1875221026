"""Stage 3: find heading candidates in the cleaned lines.

A candidate is a marker at a line start (after indentation, Markdown ``#``
marks or a list bullet), inside a line after sentence-final punctuation, or a
bracketed marker inside a line (a heading and its first sub-heading run
together). Whether a candidate is a heading is the outline's decision.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, replace

import regex

from reportparse.markers.numerals import CHINESE_NUMERAL_CHARS, ordinal_value
from reportparse.markers.table import (
    MARKER_FIRST,
    UNNUMBERED,
    MarkerMatch,
    match_bare_count,
    match_marker,
    plain_han,
)
from reportparse.patterns import LazyPattern, lazy
from reportparse.source import TextLine, scan_timeout

#: Sentence-final punctuation (on the view: full-width forms folded to ASCII).
SENTENCE_END = "。!?;"
#: A line ending in one of these is closed: no sentence runs on past it.
CLOSING = SENTENCE_END + ":”’」』)]》…"
#: Characters that may close a sentence after its final punctuation.
_CLOSERS = "”’」』)》\\]"

# Layout before a marker: indentation, Markdown heading marks or a list bullet, and Markdown
# bold (**一、总体情况**, as Word-to-Markdown converters write a heading).
_LEAD = lazy(r"[ ]*(?:#{1,6}[ ]*|[-*+•·●◆■□▪◇◎★☆►>][ ]+|[●◆■□▪◇◎★☆►•][ ]*)?[ ]*(?:\*\*[ ]*)?")
_INLINE = lazy(rf"[{SENTENCE_END}][{_CLOSERS}]*[ ]*(?={MARKER_FIRST})")  # only where a marker may follow
_BRACKET = lazy(r"[(〔]")
_RUN_IN = lazy(r"(?<=[^\x00-\x7f])[一1][ ]?、", keys="、")
_SEPARATOR = lazy(r"(?:[ :]|\*\*)*")
_TITLE_END = lazy(r"[。!?]")
_TRAILING = "。!?;:,、 ．：；，！？*"
_TITLE_STRIP = _TRAILING + "\u3000\t"  # what a title loses at its end
_MARKDOWN = lazy(r"[ ]*(#{1,6})(?!#)[ ]*", keys="#")  # seven marks or more make no heading (CommonMark)
_APPENDIX = lazy(
    r"[ ]*(?:附[ ]?件|附[ ]?录|附[ ]?表)[ ]*[0-9一二三四五六七八九十A-Z]{0,3}[ ]*(?::(?![ ]*\d)[^。!?;]{0,40})?[ ]*"
    r"|[ ]*(?:名词(?:解释|注释)|术语(?:解释|说明)|参考文献)[ ]*:?[ ]*"
    # the label of one text in a collection of model texts: 篇一：某某工作总结, 范文二
    r"|[ ]*(?:篇|范文)[ ]?[一二三四五六七八九十0-9]{1,3}[ ]*(?::[^。!?;]{0,40})?[ ]*",
    keys=("附", "名词", "术语", "参考文献", "篇", "范文"),
)
#: A colon this far into a heading line, or nearer, ends its title (一、指导思想：坚持…).
COLON_TITLE_MAX = 30
_QUOTE_OPEN, _QUOTE_CLOSE = "“「『", "”」』"
_MARKDOWN_FIRST = frozenset(" #")  # what a line that _MARKDOWN matches begins with
_APPENDIX_FIRST = frozenset(" 附名术参篇范")  # and one that _APPENDIX matches
_QUOTE_MARK = lazy(f"[{_QUOTE_OPEN}{_QUOTE_CLOSE}]")
_QUOTE_MAX_LINES = 120  # a quotation open longer than this is a stray mark, not a quotation
#: What follows 第X条/章/节… when it is a cross-reference in a sentence, not a heading:
#: 第三十条规定的, 第二条所称, 第一章至第三章, 第五条、第六条, 第三条第二款.
_REFERENCE = lazy(
    rf"(?:规定|所称|所列|所述|所指|中规定|(?:至|到|、|和|与|及|以及|或|或者)第|第[{CHINESE_NUMERAL_CHARS}\d]+[款项])",
    keys=("规定", "所", "第"),
)
_LIST_OPEN = lazy(r"(?<=[^ :]):[ ]*")  # a colon inside a line: a list may open after it
# A numeral right after a marker: another item of an inline enumeration (一、二、三类), or the
# marker's own next number (三、四季度, 五、六月份, 1、2号楼): the two numbers are a phrase.
_NUMERAL_LIST = lazy(rf"[ ]*(?:[{CHINESE_NUMERAL_CHARS}]+[ ]?[、.]|\d+[ ]?[、.](?!\d))", keys="、.")
_NUMERAL = lazy(rf"[ ]*(?P<num>[{CHINESE_NUMERAL_CHARS}]{{1,3}}|\d{{1,3}})")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, a fifth of what a
# candidate costs on marker-dense text. Treated as a value all the same: changed only by replace().
@dataclass(slots=True, eq=False)
class Candidate:
    """A marker that may be a heading, with the facts the outline needs.

    Positions are indexes into ``line.text``. ``where`` is 'start' (line start),
    'inline' (after sentence-final punctuation) or 'embedded' (a bracketed
    marker elsewhere inside a line).
    """

    line: TextLine
    marker: MarkerMatch
    where: str
    title_start: int  # first character after the marker and its separator
    title_end: int  # end of the title (lead sentence), exclusive
    body_start: int  # where body text on the same line begins (== len if none)
    numeral_follows: bool  # another numeral follows the marker: 一、二、三类
    md_level: int = 0  # number of Markdown '#' marks before the marker
    quoted: bool = False  # inside an open quotation (“…”): quoted text, not this document's outline
    reference: bool = False  # 第X条 as a cross-reference (第三十条规定的…, 第一章至第三章)
    in_list: bool = False  # an item of a list a colon opened inside a sentence (包括：1.…；2.…)
    titled: bool = False  # the title, as found, is not empty (cheaper than ``title`` on a long line)
    table_row: bool = False  # the line is a row of a flattened table (（一）直接费<TAB>16<TAB>16)

    @property
    def family(self) -> str:
        return self.marker.family.id

    @property
    def ordinal(self) -> int:
        return self.marker.ordinal

    @property
    def marker_text(self) -> str:
        return self.line.text[self.marker.start:self.marker.end]

    @property
    def title(self) -> str:
        return self.line.text[self.title_start:self.title_end].rstrip(_TITLE_STRIP)

    def title_within(self, limit: int) -> str | None:
        """:attr:`title` if it is at most ``limit`` characters long, else None: a long title
        (the rest of a one-line dump) is measured, not copied."""
        text, start, end = self.line.text, self.title_start, self.title_end
        while end > start and text[end - 1] in _TITLE_STRIP:
            end -= 1
        return text[start:end] if end - start <= limit else None


def _is_sentence(view: str) -> bool:
    """Whether a line ends as a statement does (``# 实施救助措施。``): body text, whatever its
    marks. (A question may be a title: ``## 如何申请仲裁？``.)"""
    return _ends_in(view, "。;")


#: What a non-empty :data:`_LEAD` begins with: a line that opens with none of these has no lead.
_LEAD_FIRST = frozenset(" #-*+•·●◆■□▪◇◎★☆►>")


def _lead_end(view: str) -> int:
    if view[:1] not in _LEAD_FIRST:  # most lines: no lead, and no match to try
        return 0
    m = _LEAD.match(view)
    return m.end() if m else 0


def _numeral_follows(view: str, mm: MarkerMatch) -> bool:
    """Whether another item of an enumeration, or the marker's own next number, follows it at once."""
    after = view[mm.end:mm.end + 1]
    if not (after == " " or after.isdigit() or (after and after in CHINESE_NUMERAL_CHARS)):
        return False  # most markers: their title's first word follows them, no numeral
    if _NUMERAL_LIST.match(view, mm.end):
        return True
    nxt = _NUMERAL.match(view, mm.end)
    if nxt is None or nxt.group("num").isdigit() != (mm.family.id == "arabic"):
        return False
    return ordinal_value(nxt.group("num")) == mm.ordinal + 1


# A short word and a joiner of an enumeration after a marker: （1）班、（2）班, （一）组和（二）组.
_ENUM_JOIN = lazy(r"[ ]*\p{Han}{0,2}[ ]*[、和与及至到或~～-][ ]*")
_ENUM_FAMILIES = frozenset({"zh-paren", "arabic-paren", "circled"})


def _next_of_kind_follows(view: str, mm: MarkerMatch) -> bool:
    """Whether a bracketed or circled marker's own next number, in the same form, follows it
    after at most a short word and a joiner (``（1）班、（2）班``): an enumeration in a sentence."""
    if mm.family.id not in _ENUM_FAMILIES:
        return False
    after = view[mm.end:mm.end + 1]
    if not after or (after.isascii() and after not in " ~-"):
        return False  # no word nor joiner follows: a Han word and most joiners are not ASCII
    join = _ENUM_JOIN.match(view, mm.end)
    if join is None:
        return False
    nxt = match_marker(view, join.end())
    return nxt is not None and nxt.family is mm.family and nxt.ordinal == mm.ordinal + 1


def _glued_to_word(view: str, pos: int) -> bool:
    """Whether the bracket at ``pos`` closes up to a Latin letter or a digit before it
    (``alert(1)``, ``f(x)``, ``式3(2)``): a call, an argument or an index, not a marker."""
    return pos > 0 and view[pos - 1].isascii() and view[pos - 1].isalnum()


class _LineMarks:
    """What the candidates of one line look up, each found in one pass over the line: the
    marker at each bracket, the bracketed 1s (a sub-heading that ends a title) and the
    sentence ends that end a title. Looked up by bisection, so a line of thousands of
    markers costs no more per marker than a short one."""

    def __init__(self, line: TextLine, start: int, timeout: float | None) -> None:
        self.line = line
        self.brackets = _bracket_markers(line.view, start, timeout)
        self._timeout = timeout
        self._ends: list[int] | None = None
        self._searched = False
        self._kept_before: dict[int, int] = {}
        self._ones: tuple[list[tuple[int, str]], list[int]] | None = None

    def titled(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is more than what a title loses at its end (punctuation, space)."""
        kept = self._kept_before.get(end)
        if kept is None:  # just past the last character a title keeps, before ``end``
            text, kept = self.line.text, end
            while kept > 0 and text[kept - 1] in _TITLE_STRIP:
                kept -= 1
            self._kept_before[end] = kept
        return kept > start

    def title_end(self, pos: int) -> int | None:
        """The first sentence end (``。!?``) at or after ``pos``, or None."""
        if self._ends is None:
            if not self._searched:  # the line's first candidate (most lines have one): one search
                self._searched = True
                m = _search(_TITLE_END, self.line.view, pos, self._timeout)
                return m.start() if m else None
            self._ends = [m.start() for m in _finditer(_TITLE_END, self.line.view, 0, None, self._timeout)]
        k = bisect.bisect_left(self._ends, pos)
        return self._ends[k] if k < len(self._ends) else None

    def sub_heading(self, start: int, end: int, family: str) -> int | None:
        """The first bracketed 1 in ``[start, end)`` of a family other than ``family``, or None."""
        if not self.brackets:  # most lines
            return None
        ones, other = self._bracketed_ones()
        k = bisect.bisect_left(ones, (start,))
        if k < len(ones) and ones[k][1] == family:
            k = other[k]
        return ones[k][0] if k < len(ones) and ones[k][0] < end else None

    def _bracketed_ones(self) -> tuple[list[tuple[int, str]], list[int]]:
        """The bracketed 1s (position, family), and for each the index of the next one of another family."""
        if self._ones is None:
            ones = [(pos, mm.family.id) for pos, mm in self.brackets.items() if mm is not None and mm.ordinal == 1]
            other = [len(ones)] * len(ones)
            for i in range(len(ones) - 2, -1, -1):
                other[i] = i + 1 if ones[i + 1][1] != ones[i][1] else other[i + 1]
            self._ones = ones, other
        return self._ones


def _bracket_markers(view: str, start: int, timeout: float | None) -> dict[int, MarkerMatch | None]:
    """The marker at each bracket in ``view[start:]`` (None where there is none), but for
    brackets glued to a word before them."""
    found: dict[int, MarkerMatch | None] = {}
    if "(" not in view and "〔" not in view:  # most lines
        return found
    for m in _finditer(_BRACKET, view, start, None, timeout):
        pos = m.start()
        if not _glued_to_word(view, pos):
            found[pos] = match_marker(view, pos)
    return found


def _title_colon(view: str, start: int, stop: int) -> int:
    """The first colon in ``view[start:stop]`` that ends a title, or -1: a colon between two
    digits is part of a time or a ratio (``9:00``, ``1:500``), not a break."""
    colon = view.find(":", start, stop)
    while colon > 0 and view[colon - 1].isdigit() and colon + 1 < len(view) and view[colon + 1].isdigit():
        colon = view.find(":", colon + 1, stop)
    return colon


_SEPARATOR_FIRST = frozenset(" :*")  # what a non-empty _SEPARATOR begins with


def _separator_end(view: str, pos: int) -> int:
    """Where the spaces, colons and bold marks after a marker ending at ``pos`` end."""
    if pos >= len(view) or view[pos] not in _SEPARATOR_FIRST:  # most titles follow their marker at once
        return pos
    return _SEPARATOR.match(view, pos).end()


def _candidate(marks: _LineMarks, mm: MarkerMatch, where: str, md_level: int = 0) -> Candidate:
    line = marks.line
    view = line.view
    title_start = _separator_end(view, mm.end)
    if title_start > mm.end:  # an escape (&nbsp;) kept in the text is the title's, not the separator
        k = mm.end
        while k < title_start and (view[k] != " " or line.is_layout(k)):
            k += 1
        title_start = k
    numeral_follows = (_numeral_follows(view, mm) if mm.family.id in ("zh-dun", "arabic")
                       else _next_of_kind_follows(view, mm))
    reference = view.startswith("第", mm.start) and _REFERENCE.match(view, mm.end) is not None
    if mm.family.body_is_text or title_start == len(view):  # no title: body text, or nothing after the marker
        return Candidate(line, mm, where, title_start, title_start, title_start, numeral_follows, md_level,
                         reference=reference)
    end = marks.title_end(title_start)
    title_end = end if end is not None else len(view)
    body_start = end + 1 if end is not None else len(view)
    colon = _title_colon(view, title_start, min(title_end, title_start + COLON_TITLE_MAX + 1))
    if colon > title_start and view[colon + 1:title_end].strip():
        title_end, body_start = colon, colon + 1  # 一、指导思想：坚持… -> title 指导思想
    # A bracketed sub-heading run into the title ends the title there.
    sub = marks.sub_heading(title_start, title_end, mm.family.id)
    if sub is not None:
        title_end = body_start = sub
    while body_start < len(view) and view[body_start] == " " and line.is_layout(body_start):
        body_start += 1
    return Candidate(line, mm, where, title_start, title_end, body_start, numeral_follows, md_level, reference=reference,
                     titled=marks.titled(title_start, title_end))


_GUARDED_LINE = 10_000  # a line this long gets a scan time guard (too costly on every line)


def _line_timeout(line: TextLine) -> float | None:
    return scan_timeout(len(line.view)) if len(line.view) >= _GUARDED_LINE else None


def _finditer(pattern: LazyPattern, view: str, pos: int, endpos: int | None,
              timeout: float | None) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(view, pos, endpos)``, under ``timeout`` if the line has one: ``regex``
    parses a keyword argument at about the cost of a short match, so unguarded lines pass none."""
    if timeout is None:
        return pattern.finditer(view, pos, endpos)
    return pattern.finditer(view, pos, endpos, timeout=timeout)


def _search(pattern: LazyPattern, view: str, pos: int, timeout: float | None) -> regex.Match[str] | None:
    """``pattern.search(view, pos)``, under ``timeout`` if the line has one (see :func:`_finditer`)."""
    if timeout is None:
        return pattern.search(view, pos)
    return pattern.search(view, pos, timeout=timeout)


def scan_line(line: TextLine) -> list[Candidate]:
    """All heading candidates in ``line``, in order."""
    view = line.view
    if view.isdigit() and view.isascii():  # a bare number (a page number left in): no marker, no title
        return []
    return _scan_line(line)


def _scan_line(line: TextLine) -> list[Candidate]:
    """:func:`scan_line` of any line."""
    view = line.view
    timeout = _line_timeout(line)
    out: list[Candidate] = []
    start = _lead_end(view)
    marks = _LineMarks(line, start, timeout)
    md = _MARKDOWN.match(view) if view[:1] in _MARKDOWN_FIRST else None
    md_level = len(md.group(1)) if md else 0
    mm = match_marker(view, start)
    if mm is None and not md_level and view[start:start + 1].isdigit():
        mm = match_bare_count(view, start)  # 1 项目概述 (a chapter if 1.1 follows) or 3 项工作
    if mm is not None:
        out.append(_candidate(marks, mm, "start", md_level))
    elif md_level and start < len(view.rstrip()) and not _is_sentence(view):
        out.append(_unnumbered(line, start, md_level))
    elif view[:1] in _APPENDIX_FIRST and _APPENDIX.fullmatch(view):
        out.append(_unnumbered(line, start, 0))
    seen = {start}
    for m in _finditer(_INLINE, view, start, None, timeout):
        pos = m.end()
        if pos in seen or pos >= len(view):
            continue
        mm = match_marker(view, pos)
        if mm is not None and mm.family.inline:
            seen.add(pos)
            out.append(_candidate(marks, mm, "inline"))
    for pos, mm in marks.brackets.items():
        if pos == start or pos in seen:
            continue
        if mm is not None and mm.family.id in ("zh-paren", "arabic-paren"):
            seen.add(pos)
            out.append(_candidate(marks, mm, "embedded"))
    if out and out[0].where == "start" and out[0].title_end > out[0].title_start and "、" in view:
        head = out[0]  # a 一、 or 1、 run into a heading's title: its first sub-heading, maybe
        for m in _finditer(_RUN_IN, view, head.title_start + 1, head.title_end, timeout):
            mm = match_marker(view, m.start())
            if m.start() not in seen and mm is not None and mm.ordinal == 1 and mm.style == "、":
                seen.add(m.start())
                out.append(_candidate(marks, mm, "embedded"))
    if len(out) > 1:
        out.sort(key=lambda c: c.marker.start)
    return out


_LIST_ITEM_MAX = 60  # in a run-on line, characters from one list item to the next when a full stop parts them
#: A line this long has lost its line breaks: a sentence end there is a line start.
RUN_ON = 2000
#: Open lists: (family, style) -> (next number, where the last item began, relative to the line).
_Lists = dict[tuple[str, str], tuple[int, int]]


def _list_items(view: str, out: list[Candidate], lists: _Lists, bare: bool, next_view: str,
                timeout: float | None, after_colon: bool = False) -> _Lists:
    """Mark in ``out`` the items of lists opened by a colon inside a sentence, and return the
    lists still open at the line's end. A 1 right after a colon inside a line
    (``包括：1.土地平整；2.道路硬化``) opens a list; the 2, 3 … of its family and style that
    follow are its items, not headings: inline, parted from the item before by a semicolon
    or a full stop (in a line that lost its line breaks, a full stop only after a short item:
    a heading glued there has a section of text before its sibling), or at the start of this
    line when ``lists`` came open from the line before (see :func:`_carried`).

    After a line ending ``bare``, with no punctuation (``附件：1、申请书``), an item at the line
    start is the list's only where the list shows itself as one: it is the third item or
    later, the list goes on after it (on its line or at the next line's start), or its line
    ends in a pause (``；``). Otherwise it may be a heading (``目标是：1.完成规划`` /
    ``2.工作措施``) and the outline decides.

    After a line ending ``after_colon`` (``按下列程序报告：``), a 1 at the line start whose 2
    follows on its line after a semicolon (``①电话报告；②书面报告``) opens a list: the colon
    opened it, and its items run on in one sentence instead of standing on lines of their own."""
    if not lists and not after_colon and ":" not in view:  # most lines: no list open, and none opens
        return lists
    tentative: Candidate | None = None  # a line-start item after a bare line, not yet shown a list's
    if out and out[0].where == "start" and lists:
        head = out[0]
        key = (head.family, head.marker.style)
        if key in lists and lists[key][0] == head.ordinal:
            out[0] = replace(head, in_list=True)
            lists[key] = (head.ordinal + 1, head.marker.start)
            if bare and head.ordinal < 3 and not _ends_in(view, _PAUSE) and not _starts_item(
                    next_view, key, head.ordinal + 1):
                tentative = head
        else:
            lists = {}  # a line opening with another marker starts a block of its own
    if after_colon and out and out[0].where == "start" and out[0].ordinal == 1 and not lists:
        head = out[0]
        key = (head.family, head.marker.style)
        if any(c.where == "inline" and (c.family, c.marker.style) == key and c.ordinal == 2
               and _char_before(view, c.marker.start, " " + _CLOSERS) == ";" for c in out[1:]):
            out[0] = replace(head, in_list=True)
            lists[key] = (2, head.marker.start)
    opens = [] if ":" not in view else [
        (mm.start, (mm.family.id, mm.style)) for m in _finditer(_LIST_OPEN, view, 1, None, timeout)
        if (mm := match_marker(view, m.end())) is not None and mm.ordinal == 1]
    if not opens and not lists:
        return lists
    run_on = len(view) >= RUN_ON
    k = 0
    for i, c in enumerate(out):
        while k < len(opens) and opens[k][0] < c.marker.start:
            lists[opens[k][1]] = (2, opens[k][0])
            k += 1
        key = (c.family, c.marker.style)
        if c.where != "inline" or key not in lists:
            continue
        expect, last = lists.pop(key)
        parted_by = _char_before(view, c.marker.start, " " + _CLOSERS)
        if c.ordinal == expect and (parted_by == ";" or not run_on or c.marker.start - last <= _LIST_ITEM_MAX):
            out[i] = replace(c, in_list=True)
            lists[key] = (expect + 1, c.marker.start)
    for pos, key in opens[k:]:
        lists[key] = (2, pos)
    if tentative is not None:
        key = (tentative.family, tentative.marker.style)
        if lists.get(key, (0, 0))[0] <= tentative.ordinal + 1:  # no item of the list after it
            out[0] = tentative
            lists.pop(key, None)
    return lists


_PAUSE = ";,，、:"  # a line ending in one of these goes on as a list does
_SENTENCE_DONE = "。!?"


_ENDS_SKIP = " *" + _CLOSERS  # what _ends_in looks past
_UNBARE = _PAUSE + _SENTENCE_DONE + CLOSING  # a line ending in none of these ends bare


def _ends_in(view: str, chars: str) -> bool:
    """Whether ``view``'s last character, past spaces, bold marks and closing quotes, is one of ``chars``."""
    tail = view.rstrip(_ENDS_SKIP)
    return bool(tail) and tail[-1] in chars


def _starts_item(view: str, key: tuple[str, str], ordinal: int) -> bool:
    """Whether ``view`` begins with the marker of number ``ordinal`` of ``key`` (family, style)."""
    mm = match_marker(view, _lead_end(view))
    return mm is not None and (mm.family.id, mm.style) == key and mm.ordinal == ordinal


def _carried(lists: _Lists, line: TextLine) -> _Lists:
    """The lists open at the end of ``line`` that go on into the next line: those of a line
    that does not end its sentence (a hard wrap, an item ending in ；, an attachment list's
    ``附件：1、…`` with ``2、…`` under it). After a full stop a new paragraph may begin."""
    if not lists or _ends_in(line.view, _SENTENCE_DONE):
        return {}
    width = len(line.view)
    return {key: (expect, last - width) for key, (expect, last) in lists.items()}


def _char_before(view: str, pos: int, skip: str) -> str:
    """The last character before ``pos`` that is not in ``skip``, or ''."""
    while pos > 0 and view[pos - 1] in skip:
        pos -= 1
    return view[pos - 1] if pos > 0 else ""


def _unnumbered(line: TextLine, start: int, md_level: int) -> Candidate:
    """A Markdown heading line or an attachment line (附件): a heading without a number."""
    style = "#" * md_level if md_level else "appendix"
    mm = MarkerMatch(UNNUMBERED, 0, (), style, start, start)
    end = line.strip_bounds(start, len(line.view))[1]
    titled = bool(line.text[start:end].rstrip(_TITLE_STRIP))
    return Candidate(line, mm, "start", start, end, end, False, md_level, titled=titled)


def scan_markers(lines: list[TextLine]) -> list[Candidate]:
    """Candidates of all lines, in document order, with their quotation state.

    A quotation that opens a line and is still open at its end is a block
    quotation (amendment text, a quoted rule): it goes on over the following
    lines until it closes. A quotation opened mid-line ends with its line.
    """
    out: list[Candidate] = []
    block, open_lines = False, 0
    lists: _Lists = {}
    for i, line in enumerate(lines):
        view = line.view
        depth = 1 if block else 0
        found = scan_line(line)
        # the line before's last character, as _ends_in reads it ('' if none), for both tests
        last = lines[i - 1].view.rstrip(_ENDS_SKIP)[-1:] if i > 0 else ""
        bare = i > 0 and not (last and last in _UNBARE)
        next_view = lines[i + 1].view if i + 1 < len(lines) else ""
        after_colon = last == ":"
        lists = _carried(_list_items(view, found, lists, bare, next_view, _line_timeout(line), after_colon), line)
        if found and _is_table_row(lines, i):
            found = [replace(c, table_row=True) for c in found]
        if _QUOTE_MARK.search(view) is None:  # no quotation mark: the depth stays, and so does ``block``
            out.extend(found if depth <= 0 else map(_replace_quoted, found))
        else:
            lead = _lead_end(view)
            opens_block = lead < len(view) and view[lead] in _QUOTE_OPEN
            pos = 0
            for c in found:
                depth = _quote_depth(view, pos, c.marker.start, depth)
                pos = c.marker.start
                out.append(c if depth <= 0 else _replace_quoted(c))
            depth = _quote_depth(view, pos, len(view), depth)
            block = depth > 0 and (block or opens_block)
        open_lines = open_lines + 1 if block else 0
        if open_lines > _QUOTE_MAX_LINES:
            block, open_lines = False, 0
    return _read_split_decimals(_sections_after_a_colon(out, lines))


def _sections_after_a_colon(cands: list[Candidate], lines: list[TextLine]) -> list[Candidate]:
    """Undo the list a colon seemed to open where its items were headings that lost their line
    breaks: on one line, ``重点抓好以下工作：（一）…。…。（二）…。…。``, each item a title
    sentence with body text after it, and the line after it, after that line's full stop,
    begins with the next number (``（三）…``): the sequence goes on one a line, as headings
    do. The first item (after the colon) is then a heading glued into the line too."""
    index = {id(line): i for i, line in enumerate(lines)}
    k = -1
    while k + 1 < len(cands):
        k += 1
        c = cands[k]
        if c.where != "start" or c.ordinal < 2 or c.in_list or c.quoted or c.table_row:
            continue
        i = index.get(id(c.line), 0)
        if i == 0 or k == 0 or cands[k - 1].line is not lines[i - 1]:
            continue  # no candidate on the line before: no list there to undo
        if not _ends_in(lines[i - 1].view, _SENTENCE_DONE):
            continue
        before, key = lines[i - 1], (c.family, c.marker.style)
        items: list[int] = []
        j = k - 1
        while j >= 0 and cands[j].line is before:
            if (cands[j].family, cands[j].marker.style) == key:
                items.append(j)
            j -= 1
        items.reverse()
        view = before.view
        if items and cands[items[0]].ordinal == 2:  # a 1. after a colon is no candidate: find it
            opener = _list_opener(before, key, cands[items[0]].marker.start)
            if opener is not None:
                cands.insert(items[0], opener)
                k += 1
                items = [items[0]] + [x + 1 for x in items]
        if [cands[x].ordinal for x in items] != list(range(1, c.ordinal)):
            continue
        first = cands[items[0]]
        if first.where == "start" or _char_before(view, first.marker.start, " ") != ":":
            continue
        if not all(cands[x].in_list and cands[x].where == "inline" for x in items[1:]):
            continue
        ends = [cands[x].marker.start for x in items[1:]] + [len(view)]
        if any(view.count("。", cands[x].marker.end, end) < 2 for x, end in zip(items, ends, strict=True)):
            continue  # an item of one sentence: a list's item (1.资金不足。2.人才缺乏。)
        cands[items[0]] = replace(first, where="inline", in_list=False)
        for x in items[1:]:
            cands[x] = replace(cands[x], in_list=False)
    return [c for c in cands if c.where != "opener"]


def _list_opener(line: TextLine, key: tuple[str, str], stop: int) -> Candidate | None:
    """The 1 of ``key`` (family, style) right after a colon in ``line`` before ``stop``, as a
    candidate marked 'opener' (dropped unless it proves a heading), or None."""
    view = line.view
    for m in _LIST_OPEN.finditer(view, 1, stop):
        mm = match_marker(view, m.end())
        if mm is not None and mm.ordinal == 1 and (mm.family.id, mm.style) == key:
            return _candidate(_LineMarks(line, 0, _line_timeout(line)), mm, "opener")
    return None


# Tabs and runs of spaces part a flattened table's cells (on the text: the view folds tabs).
_CELL_GAP = lazy(r"[ \u3000\xa0]*\t[ \u3000\xa0\t]*|[ \u3000\xa0]{2,}", keys=("\t", "\u3000", "\xa0", "  "))
_AMOUNT = lazy(r"[-+－]?(?:[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?[%％]?|[.．][\d０-９]+)|[-—–/]+")
# A cell of a table that is not a bare amount: an amount with its unit (3260.50万元, 12人,
# 86.5t, 45元/吨), or a short label (a unit column's 万元, a 合格, a 是/否).
_UNIT = r"(?:\p{Han}{1,3}|[A-Za-z㎡㎞㎏²³]{1,4})(?:/(?:\p{Han}{1,2}|[A-Za-z]{1,3}))?"
_AMOUNT_WITH_UNIT = lazy(rf"[-+－]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?{_UNIT}")
_SHORT_LABEL = lazy(r"[\p{Han}A-Za-z()（）/]{1,5}")


def _has_gap_char(text: str) -> bool:
    """Whether ``text`` holds one of the characters every :data:`_CELL_GAP` is made of."""
    return " " in text or "\u3000" in text or "\xa0" in text or "\t" in text


def _row_shape(text: str) -> int:
    """How a line reads as a table row: 2 if two or more of its cells after the first are
    amounts (or all of them are amounts, amounts with units or short labels, two or more
    of them amounts), 1 if it has two cells or more and its last is an amount, or all its
    cells after the first are short and one holds an amount; else 0."""
    if not _has_gap_char(text):  # most lines: no cell gap can be in them
        return 0
    cells = _CELL_GAP.split(text.strip(" \u3000\t\xa0"))
    if len(cells) < 2:
        return 0
    amounts = sum(1 for cell in cells[1:] if _AMOUNT.fullmatch(cell))
    if amounts >= 2:
        return 2
    if _AMOUNT.fullmatch(cells[-1]):
        return 1
    with_unit = sum(1 for cell in cells[1:] if _AMOUNT_WITH_UNIT.fullmatch(cell))
    if not amounts + with_unit or amounts + with_unit + sum(
            1 for cell in cells[1:] if _SHORT_LABEL.fullmatch(cell)) < len(cells) - 1:
        return 0
    return 2 if amounts + with_unit >= 2 else 1


_ROW_CELLS_MIN = 3  # a line of this many cells or more beside one of as many is a table row
_CELL_MAX = 60  # a table cell is at most this long: longer, it is a paragraph


def _cell_count(text: str) -> int:
    """How many cells tabs or runs of spaces part ``text`` into, or 0 where one of them is a
    paragraph's length (a text that lost its line breaks, not a row)."""
    cells = _CELL_GAP.split(text.strip(" \u3000\t\xa0"))
    return 0 if any(len(cell) > _CELL_MAX for cell in cells) else len(cells)


def _is_table_row(lines: list[TextLine], i: int) -> bool:
    """Whether line ``i`` is a row of a flattened table: cells holding amounts, by its own
    shape or, with one amount, by the rows next to it; or three cells or more, as many as
    a line next to it has (a table's columns: 1.3.1<TAB>招标范围<TAB>第二标段, under a header
    row of three cells). A marker with a tab before its title is two cells, not a row."""
    text = lines[i].text
    shape = _row_shape(text)
    if shape == 2:
        return True
    if shape == 1 and any(0 <= j < len(lines) and _row_shape(lines[j].text) for j in (i - 1, i + 1)):
        return True
    if "\t" not in text and "  " not in text:
        return False
    cells = _cell_count(text)
    return cells >= _ROW_CELLS_MIN and any(
        0 <= j < len(lines) and _cell_count(lines[j].text) == cells for j in (i - 1, i + 1))


def _read_split_decimals(cands: list[Candidate]) -> list[Candidate]:
    """A split decimal (``1. 4``) is 1.4 where the decimal outline before it leads there
    (1.3 or 1.3.2 before it; 1 before a 1.1); elsewhere it is the item ``1.`` with its text."""
    prev: tuple[int, ...] = ()
    for i, c in enumerate(cands):
        mm = c.marker
        if mm.family.id not in ("decimal", "decimal-bare") or c.where != "start" or mm.quantity_like:
            continue
        if mm.split and not _leads_to(prev, mm.path):
            plain = match_marker(c.line.view, mm.start, split=False)
            if plain is None:
                continue
            marks = _LineMarks(c.line, _lead_end(c.line.view), _line_timeout(c.line))
            cands[i] = replace(_candidate(marks, plain, c.where, c.md_level), quoted=c.quoted)
            continue
        prev = mm.path
    return cands


def _leads_to(prev: tuple[int, ...], path: tuple[int, ...]) -> bool:
    """Whether the decimal heading ``path`` can come next after ``prev``."""
    head, last = path[:-1], path[-1]
    if prev[:len(head)] != head:
        return False
    if len(prev) == len(head):
        return last == 1
    return prev[len(head)] == last - 1


_DECIMAL_ALONE = lazy(r"\d{1,2}(?:\.\d{1,2}){1,7}\.?", keys=".")
_ALONE_TITLE_MAX = 40  # the next line is a marker's title line only if it is this short
_ALONE_TEXT_MAX = 400  # a sentence on the next line goes on a marker alone up to this length
#: How a bracketed or chapter-like marker ends (（1）, 〔二〕, 第三章): its text may be a sentence.
_ITEM_MARKER_ENDS = frozenset(")〕章节節条條篇编編款分")
_MARKER_ENDS = _ITEM_MARKER_ENDS | frozenset(".、")


def _is_enclosed(ch: str) -> bool:
    """Whether ``ch`` is an enclosed numeral (①, ⑴, ㈠, ㉑, ㊱)."""
    cp = ord(ch)
    return 0x2460 <= cp <= 0x2487 or 0x3220 <= cp <= 0x3229 or 0x3251 <= cp <= 0x325F or 0x32B1 <= cp <= 0x32BF


def _marker_alone(view: str) -> bool:
    """Whether a line holds a heading marker and nothing else (``5.1``, ``（三）``, ``## 2.``)."""
    tail = view.rstrip(" *")
    if not tail or not (tail[-1] in _MARKER_ENDS or tail[-1].isdigit() or _is_enclosed(tail[-1])):
        return False  # cheap: a marker ends in a digit, its punctuation or an enclosed numeral
    rest = tail[_lead_end(tail):]
    if "." in rest and _DECIMAL_ALONE.fullmatch(rest):
        return True
    if tail[-1].isdecimal():  # the table's markers end in a mark or a bracket, or need a title after them
        return False
    mm = match_marker(rest, 0)
    return mm is not None and mm.end == len(rest) and mm.family.id != "decimal-bare"


def _title_alone(view: str, marker_view: str) -> bool:
    """Whether a line can be the text of a marker alone on the line before (``marker_view``):
    short, no marker, no sentence; after a bracketed, enclosed or chapter-like marker
    (``（1）``, ``②``, ``第三章``) also a sentence, as an item's text (``组织群众转移。``)."""
    text = view.strip(" *")
    if not text or starts_with_marker(text):
        return False
    if len(text) <= _ALONE_TITLE_MAX and not any(ch in "。;!?" for ch in text):
        return True
    tail = marker_view.rstrip(" *")
    return len(text) <= _ALONE_TEXT_MAX and (tail[-1] in _ITEM_MARKER_ENDS or _is_enclosed(tail[-1]))


def mend_split_markers(lines: list[TextLine]) -> list[TextLine]:
    """Join a line that holds only an opening bracket to the next line (``（`` + ``三）…``), and a
    line that holds only a marker to a short title on the next line (``5.1`` + ``排名情况``)."""
    out: list[TextLine] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt_view = lines[i + 1].view if i + 1 < len(lines) else ""
        if i + 1 < len(lines) and (line.view.strip() in ("(", "〔") or (
                _marker_alone(line.view) and _title_alone(nxt_view, line.view))):
            nxt = lines[i + 1]
            out.append(TextLine(line.number, line.pieces + nxt.pieces, line.text + nxt.text,
                                line.view + nxt.view))
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def _quote_depth(view: str, a: int, b: int, depth: int) -> int:
    """``depth`` after the quotation marks of ``view[a:b]`` (a closing mark never takes it below 0)."""
    for m in _QUOTE_MARK.finditer(view, a, b):  # the marks only, not every character
        if m.group() in _QUOTE_OPEN:
            depth += 1
        else:
            depth = max(0, depth - 1)
    return depth


def _replace_quoted(c: Candidate) -> Candidate:
    return replace(c, quoted=True)


def starts_with_marker(view: str) -> bool:
    """Whether ``view`` (a line's view) begins, after layout, with a heading marker."""
    if view and plain_han(view[0]):
        return False
    return match_marker(view, _lead_end(view)) is not None
