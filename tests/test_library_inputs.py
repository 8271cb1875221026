"""The library's inputs: ``parse`` takes text, bytes or a path; ``parse_file`` reads a file."""

from __future__ import annotations

from pathlib import Path

import pytest

import reportparse

TEXT = "一、总体情况\n今年工作顺利。\n二、存在问题\n仍有不足。\n"


def _titles(doc: reportparse.Document) -> list[str]:
    return [s.marker + s.title for s in doc.walk()]


@pytest.fixture
def gbk_file(tmp_path: Path) -> Path:
    path = tmp_path / "报告.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    return path


def test_parse_takes_a_path_and_names_the_source(gbk_file: Path) -> None:
    doc = reportparse.parse(gbk_file)
    assert _titles(doc) == ["一、总体情况", "二、存在问题"]
    assert doc.metadata.source == str(gbk_file)
    assert doc.metadata.encoding == "gb18030"
    assert reportparse.parse(gbk_file, source="named").metadata.source == "named"


def test_a_str_is_always_text_never_a_file_name(gbk_file: Path) -> None:
    doc = reportparse.parse(str(gbk_file))
    assert doc.sections == [] and doc.metadata.source is None
    assert str(gbk_file) in (doc.title or "") + "".join(p.text for p in doc.paragraphs)


def test_parse_takes_bytes_and_bytes_like() -> None:
    data = TEXT.encode()
    for value in (data, bytearray(data), memoryview(data)):
        assert _titles(reportparse.parse(value)) == ["一、总体情况", "二、存在问题"]


def test_parse_file_with_an_encoding(gbk_file: Path) -> None:
    assert _titles(reportparse.parse_file(str(gbk_file))) == ["一、总体情况", "二、存在问题"]
    doc = reportparse.parse_file(gbk_file, encoding="gb18030")
    assert (doc.metadata.encoding, doc.metadata.source) == ("gb18030", str(gbk_file))
    with pytest.raises(reportparse.DecodeError):
        reportparse.parse_file(gbk_file, encoding="ascii")


def test_a_missing_file_is_an_os_error_and_another_type_a_type_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        reportparse.parse_file(tmp_path / "gone.txt")
    with pytest.raises(TypeError, match=r"takes text \(str\), bytes or a path"):
        reportparse.parse(42)  # type: ignore[arg-type]
