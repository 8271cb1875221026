"""Retrieval chunks (reportparse.chunks): sizes, cut points, overlap, merging, heading paths, positions.

:func:`check` states what every chunking must satisfy; it runs over texts written here, over
hypothesis-generated reports and over the dev corpus (../shared/corpus/real, when present).
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import reportparse
from reportparse.chunks import (
    BREADCRUMB_SEPARATOR,
    Chunk,
    ChunkOptions,
    chunk,
    chunk_document,
    sentences,
    source_text,
)
from reportparse.cli import main
from reportparse.model import Document
from reportparse.render import heading_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


# --- the invariants ------------------------------------------------------------------------

def _blocks(doc: Document) -> list[tuple[str, tuple[str, ...], bool]]:
    """The document's headings and paragraphs in order: (text, heading path of its section, heading?)."""
    out = [(p.text, (), False) for p in doc.paragraphs]
    path: list[str] = []
    for sec in doc.walk():
        del path[sec.level - 1:]
        path.append(heading_text(sec))
        out.append((heading_text(sec), tuple(path), True))
        out += [(p.text, tuple(path), False) for p in sec.paragraphs]
    return out


def _sentence_bounds(text: str) -> set[int]:
    bounds, at = {0, len(text)}, 0
    for s in sentences(text):
        at += len(s)
        bounds.add(at)
    return bounds


def _longest_sentence_around(text: str, i: int) -> int:
    at = 0
    for s in sentences(text):
        if at <= i < at + len(s) or at < i <= at + len(s):
            return len(s)
        at += len(s)
    return 0


def check(doc: Document, text: str, chunks: list[Chunk], options: ChunkOptions) -> None:
    """Everything a chunking promises, for ``doc`` parsed from ``text``."""
    blocks = _blocks(doc)
    stream = "".join(b for b, _, _ in blocks)
    assert "\n" not in stream  # so line breaks in a body are exactly the joints between blocks
    # where each block starts in the stream, and where each one's sentences end
    starts = [0]
    for b, _, _ in blocks:
        starts.append(starts[-1] + len(b))
    starts_in_stream = set(starts)
    sentence_ends = {starts[k] + e for k, (b, _, _) in enumerate(blocks) for e in _sentence_bounds(b)}
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    # nothing lost, nothing doubled, except each chunk's overlap
    assert "".join(c.body[c.overlap:] for c in chunks).replace("\n", "") == stream
    assert all(c.body.strip() for c in chunks)
    at = 0
    for k, c in enumerate(chunks):
        crumb = BREADCRUMB_SEPARATOR.join(c.heading_path) + "\n" if options.breadcrumb and c.heading_path else ""
        assert c.text == crumb + c.body
        if options.max_chars is not None:
            assert len(c.body.rstrip()) <= options.max_chars, c  # spaces at the end are not counted
        if c.overlap:
            assert k > 0 and c.overlap <= options.overlap
            assert chunks[k - 1].body.endswith(c.body[:c.overlap])
            overlap_start = at - len(c.body[:c.overlap].replace("\n", ""))
            if overlap_start not in sentence_ends:  # whole sentences, or the end of one too long
                block = bisect.bisect_right(starts, overlap_start) - 1
                assert options.max_chars is not None
                assert _longest_sentence_around(blocks[block][0], overlap_start - starts[block]) > \
                    options.max_chars, c
        # a cut between chunks is a paragraph or sentence end, or inside a sentence too long for one
        if k > 0 and at not in starts_in_stream and at not in sentence_ends:
            block = bisect.bisect_right(starts, at) - 1
            assert options.max_chars is not None
            assert _longest_sentence_around(blocks[block][0], at - starts[block]) > options.max_chars, c
        first = bisect.bisect_right(starts, at) - 1
        at += len(c.body[c.overlap:].replace("\n", ""))
        last = bisect.bisect_left(starts, at) - 1
        # every piece carries the full path of its section; without min_chars, a chunk's
        # paragraphs are all of that one section
        owners = {blocks[b][1] for b in range(first, last + 1) if not blocks[b][2]}
        if options.min_chars == 0 and owners:
            assert owners == {tuple(c.heading_path)}, c
        # text of sections merged into it lies below its path; a heading may also lie above it,
        # when a section without text of its own opens the chunk of its first sub-section
        path = tuple(c.heading_path)
        for text_, owner, is_heading in blocks[first:last + 1]:
            assert owner[:len(path)] == path or (is_heading and path[:len(owner)] == owner), (text_, c)
        # positions: the body's characters, in order, within its span of the source
        assert 0 <= c.char_start < c.char_end <= len(text)
        assert text[c.char_start] == c.body[0]
        rest = iter(text[c.char_start:c.char_end])
        assert all(ch in rest for ch in c.body.replace("\n", "").replace(" ", "")), c
        assert c.line_start == bisect.bisect_right(line_starts, c.char_start)
        assert c.line_end == bisect.bisect_right(line_starts, c.char_end - 1)
        assert (c.source, c.encoding, c.title) == (doc.metadata.source, doc.metadata.encoding, doc.title)
    assert at == len(stream)


OPTION_SETS = [
    ChunkOptions(),
    ChunkOptions(max_chars=400),
    ChunkOptions(max_chars=300, overlap=80, min_chars=150, breadcrumb=True),
    ChunkOptions(max_chars=60, overlap=25),
    ChunkOptions(max_chars=12, overlap=5, min_chars=40),
]


def _check_all(data: str | bytes, source: str | None = None) -> None:
    doc = reportparse.parse(data, source=source)
    text = source_text(data)
    for options in OPTION_SETS:
        check(doc, text, chunk_document(doc, text, options), options)


# --- the dev corpus and generated reports ---------------------------------------------------

@pytest.mark.skipif(not CORPUS.is_dir(), reason="the dev corpus (../shared/corpus/real) is not here")
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else [])
def test_corpus_chunks_keep_every_character(name: str) -> None:
    _check_all((CORPUS / name).read_bytes(), source=name)


_SENTENCE = st.builds(
    lambda body, end, closer: body + end + closer,
    st.text(alphabet="经济发展稳中有进民生改善，、 ab1", min_size=0, max_size=40),
    st.sampled_from(["。", "！", "？", "；", "……", "。”", "？」", "", "；）"]),
    st.sampled_from(["", "", "　", " "]),
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=6).map("".join).filter(lambda p: p.strip())
_HEADING = st.sampled_from(["一、总体情况", "二、主要工作", "（一）财政收入", "（二）重点项目", "1.税收", "2.非税",
                            "第一章 总则", "第二章 分则", "三、存在问题"])
_LINE = st.one_of(_HEADING, _PARAGRAPH, st.just(""), st.just("第 3 页"))
_REPORT = st.lists(_LINE, min_size=1, max_size=25).map(lambda lines: "标题\n" + "\n".join(lines) + "\n")
_OPTIONS = st.builds(
    lambda n, m, k, crumb: ChunkOptions(max_chars=n, overlap=min(m, n - 1) if n else 0, min_chars=k,
                                        breadcrumb=crumb),
    st.one_of(st.none(), st.integers(1, 120)), st.integers(0, 40), st.integers(0, 80), st.booleans(),
)


@given(_REPORT, _OPTIONS, st.sampled_from(["\n", "\r\n"]))
def test_generated_reports_keep_every_character(report: str, options: ChunkOptions, eol: str) -> None:
    data = report.replace("\n", eol).encode("gb18030")
    doc = reportparse.parse(data)
    text = source_text(data)
    check(doc, text, chunk_document(doc, text, options), options)


# --- cutting ---------------------------------------------------------------------------------

LONG = (
    "一、总体情况\n"
    "今年全县经济平稳运行。财政收入增长较快！居民收入稳步提高；就业形势总体稳定。\n"
    "（一）财政收入\n"
    "1、税收收入\n"
    "税收收入增长百分之八。其中增值税增长较快。\n"
    "非税收入有所下降。\n"
)


def _bodies(data: str, **options: object) -> list[tuple[list[str], str]]:
    return [(c.heading_path, c.body) for c in chunk(data, ChunkOptions(**options))]  # type: ignore[arg-type]


def test_without_max_chars_a_section_is_one_chunk() -> None:
    assert _bodies(LONG) == [
        (["一、总体情况"], "一、总体情况\n今年全县经济平稳运行。财政收入增长较快！居民收入稳步提高；就业形势总体稳定。"),
        (["一、总体情况", "（一）财政收入", "1、税收收入"],
         "（一）财政收入\n1、税收收入\n税收收入增长百分之八。其中增值税增长较快。\n非税收入有所下降。"),
    ]


def test_split_between_paragraphs_first_then_sentences_and_the_deep_path_stays() -> None:
    assert _bodies(LONG, max_chars=32) == [
        (["一、总体情况"], "一、总体情况\n今年全县经济平稳运行。财政收入增长较快！"),
        (["一、总体情况"], "居民收入稳步提高；就业形势总体稳定。"),
        # the heading lines stay with the text they head; each piece keeps the whole path
        (["一、总体情况", "（一）财政收入", "1、税收收入"], "（一）财政收入\n1、税收收入\n税收收入增长百分之八。"),
        (["一、总体情况", "（一）财政收入", "1、税收收入"], "其中增值税增长较快。\n非税收入有所下降。"),
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    assert sentences("他说：“要抓落实。”大家同意。（详见附件！）后续……再议") == [
        "他说：“要抓落实。”", "大家同意。", "（详见附件！）", "后续……", "再议"]
    body = [b for _, b in _bodies("一、说明\n他说：“要抓落实。”大家都同意这个意见。\n", max_chars=20)]
    assert body == ["一、说明\n他说：“要抓落实。”", "大家都同意这个意见。"]


def test_only_a_sentence_longer_than_max_chars_is_cut_inside_at_a_comma() -> None:
    text = "一、说明\n" + "甲" * 10 + "，" + "乙" * 10 + "，" + "丙" * 10 + "。短句。\n"
    # the heading keeps its place: the long sentence fills the rest of its chunk
    assert [b for _, b in _bodies(text, max_chars=25)] == [
        "一、说明\n" + "甲" * 10 + "，", "乙" * 10 + "，" + "丙" * 10 + "。短句。"]
    assert [b for _, b in _bodies("一、说明\n" + "甲" * 30 + "\n", max_chars=12)] == [
        "一、说明\n" + "甲" * 7, "甲" * 12, "甲" * 11]
    # spaces at the end of a piece are not counted, so no chunk is only spaces
    assert [b for _, b in _bodies("一、说明\n" + "甲" * 9 + "。\u3000\u3000乙。\n", max_chars=12)] == [
        "一、说明", "甲" * 9 + "。\u3000\u3000", "乙。"]


def test_overlap_repeats_whole_sentences_up_to_overlap_chars() -> None:
    chunks = chunk(LONG, ChunkOptions(max_chars=32, overlap=10))
    assert [(c.body, c.overlap) for c in chunks][:3] == [
        ("一、总体情况\n今年全县经济平稳运行。财政收入增长较快！", 0),
        ("财政收入增长较快！居民收入稳步提高；就业形势总体稳定。", 9),
        # no overlap across sections: another section's text would carry the wrong path
        ("（一）财政收入\n1、税收收入\n税收收入增长百分之八。", 0),
    ]


def test_min_chars_merges_small_sections_into_their_parent() -> None:
    assert _bodies(LONG, min_chars=50) == [
        (["一、总体情况"], "一、总体情况\n今年全县经济平稳运行。财政收入增长较快！居民收入稳步提高；就业形势总体稳定。\n"
                          "（一）财政收入\n1、税收收入\n税收收入增长百分之八。其中增值税增长较快。\n非税收入有所下降。"),
    ]
    # a small section after a big sibling joins a chunk of the parent's path, in document order
    text = "一、总体情况\n" + "本段较长的说明文字。" * 4 + "\n（一）小节\n短。\n二、其他\n" + "另一段较长的说明。" * 4 + "\n"
    assert [p for p, _ in _bodies(text, min_chars=10)] == [["一、总体情况"], ["二、其他"]]
    assert _bodies(text, min_chars=10)[0][1].endswith("\n（一）小节\n短。")


def test_headings_without_text_open_the_next_chunk_or_join_their_parent() -> None:
    text = "一、总体情况\n（一）收入\n收入增长。\n二、问题\n（一）支出\n（二）债务\n三、打算\n继续努力。\n"
    assert _bodies(text) == [
        (["一、总体情况", "（一）收入"], "一、总体情况\n（一）收入\n收入增长。"),
        (["二、问题"], "二、问题\n（一）支出\n（二）债务"),
        (["三、打算"], "三、打算\n继续努力。"),
    ]


def test_breadcrumb_prefixes_the_path_and_is_not_counted() -> None:
    chunks = chunk(LONG, ChunkOptions(max_chars=32, breadcrumb=True))
    assert chunks[3].text == "一、总体情况 > （一）财政收入 > 1、税收收入\n其中增值税增长较快。\n非税收入有所下降。"
    assert len(chunks[3].text) > 32 >= len(chunks[3].body)


def test_positions_point_into_the_decoded_source_across_wraps_and_furniture() -> None:
    text = ("一、总体情况\r\n今年全县经济平稳运行，财政收入\r\n增长较快。\r\n- 2 -\r\n居民收入稳步提高。"
            "就业形势总体稳定。\r\n")
    data = text.encode("gbk")
    chunks = chunk(data, ChunkOptions(max_chars=20), source="r.txt")
    doc = reportparse.parse(data, source="r.txt")
    check(doc, text, chunks, ChunkOptions(max_chars=20))
    assert {c.encoding for c in chunks} == {doc.metadata.encoding}
    last = chunks[-1]
    assert text[last.char_start:last.char_end] == last.body.replace("\n", "")
    assert last.line_start == last.line_end == 5


@pytest.mark.parametrize(("options", "message"), [
    ({"max_chars": 0}, "at least 1"),
    ({"overlap": 5}, "needs max_chars"),
    ({"max_chars": 10, "overlap": 10}, "smaller than max_chars"),
    ({"min_chars": -1}, "negative"),
])
def test_options_that_cannot_work_are_refused(options: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ChunkOptions(**options)


# --- the command line ------------------------------------------------------------------------

def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_chunks_options(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(LONG, encoding="utf-8")
    result = _run("parse", str(report), "--format", "chunks", "--max-chars", "32", "--overlap", "10",
                  "--breadcrumb")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[1]["text"] == "一、总体情况\n财政收入增长较快！居民收入稳步提高；就业形势总体稳定。"
    assert list(records[1]) == ["text", "source", "heading_path", "line_start", "line_end", "char_start",
                                "char_end", "encoding", "title", "overlap"]
    out = tmp_path / "out"
    result = _run("batch", str(tmp_path), str(out), "--format", "chunks", "--max-chars", "32", "-q")
    assert result.exit_code == 0, result.stderr
    assert len((out / "r.jsonl").read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize(("args", "message"), [
    (["--max-chars", "100"], "apply to --format chunks only"),
    (["--format", "chunks", "--overlap", "10"], "--overlap needs --max-chars"),
    (["--format", "chunks", "--max-chars", "10", "--overlap", "10"], "must be smaller than --max-chars"),
])
def test_cli_chunk_options_that_cannot_work(tmp_path: Path, args: list[str], message: str) -> None:
    report = tmp_path / "r.txt"
    report.write_text(LONG, encoding="utf-8")
    result = _run("parse", str(report), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_batch_skip_unchanged_redoes_chunks_made_with_other_options(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "r.txt").write_text(LONG, encoding="utf-8")
    assert _run("batch", str(src), str(out), "--format", "chunks", "-q").exit_code == 0
    assert len((out / "r.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    result = _run("batch", str(src), str(out), "--format", "chunks", "--max-chars", "32", "--skip-unchanged", "-q")
    assert result.exit_code == 0, result.stderr
    assert len((out / "r.jsonl").read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"max_chars": "800"}, "max_chars must be a whole number, not '800'"),
    ({"max_chars": 2.5}, "max_chars must be a whole number, not 2.5"),
    ({"max_chars": 800, "overlap": True}, "overlap must be a whole number, not True"),
    ({"min_chars": None}, "min_chars must be a whole number, not None"),
])
def test_chunk_options_of_the_wrong_type_say_so(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError) as raised:  # was "'<' not supported between instances of 'str' and 'int'"
        ChunkOptions(**kwargs)  # type: ignore[arg-type]
    assert str(raised.value) == message
