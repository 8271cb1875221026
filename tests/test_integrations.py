"""The LangChain loader and the LlamaIndex reader, with the real packages (the extras
``langchain`` and ``llama-index``; .ci/run installs them, so under CI=true they must be there)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportparse.chunks import ChunkOptions, chunk_paths
from reportparse.errors import EmptyInputError
from reportparse.inputs import InputReadError


def _framework(name: str):  # type: ignore[no-untyped-def]
    if os.environ.get("CI"):
        return __import__(name)
    return pytest.importorskip(name)


REPORT = (
    "关于2024年工作的总结\n"
    "一、总体情况\n"
    "今年全县经济平稳运行。财政收入增长较快！居民收入稳步提高；就业形势总体稳定。\n"
    "（一）财政收入\n"
    "1、税收收入\n"
    "税收收入增长百分之八。其中增值税增长较快。\n"
)
METADATA_KEYS = {"source", "heading_path", "line_start", "line_end", "char_start", "char_end", "encoding",
                 "title", "overlap"}


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_bytes(REPORT.replace("2024", "2025").encode("gb18030"))
    (tmp_path / "notes.md").write_text("不是报告。\n", encoding="utf-8")
    return tmp_path


# --- LangChain ---------------------------------------------------------------------------------

def test_langchain_loader_yields_one_document_per_chunk(reports: Path) -> None:
    _framework("langchain_core")
    from langchain_core.document_loaders import BaseLoader
    from langchain_core.documents import Document

    from reportparse.integrations.langchain import ReportLoader

    loader = ReportLoader(reports, max_chars=32, overlap=10, breadcrumb=True)
    assert isinstance(loader, BaseLoader)
    docs = loader.load()
    chunks = list(chunk_paths(reports, ChunkOptions(max_chars=32, overlap=10, breadcrumb=True)))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.page_content for d in docs] == [c.text for c in chunks]
    assert [d.metadata for d in docs] == [c.metadata for c in chunks]
    assert set(docs[0].metadata) == METADATA_KEYS
    # every file below the folder that *.txt matches, in path order, each with its own encoding
    assert list(dict.fromkeys((d.metadata["source"], d.metadata["encoding"]) for d in docs)) == [
        (str(reports / "a.txt"), "utf-8"), (str(reports / "sub" / "b.txt"), "gb18030")]
    deep = next(d for d in docs if "其中增值税" in d.page_content)
    assert deep.metadata["heading_path"] == ["一、总体情况", "（一）财政收入", "1、税收收入"]
    assert deep.page_content.startswith("一、总体情况 > （一）财政收入 > 1、税收收入\n")
    assert deep.id == f"{deep.metadata['source']}:{deep.metadata['char_start']}-{deep.metadata['char_end']}"


def test_langchain_loader_is_lazy_and_names_the_file_that_fails(reports: Path) -> None:
    _framework("langchain_core")
    from reportparse.integrations.langchain import ReportLoader

    (reports / "empty.txt").write_bytes(b"")
    docs = ReportLoader([reports / "a.txt", reports / "empty.txt", reports / "missing.txt"]).lazy_load()
    assert next(docs).metadata["source"] == str(reports / "a.txt")  # read before the others are
    assert next(docs).metadata["source"] == str(reports / "a.txt")
    with pytest.raises(EmptyInputError, match=r"empty\.txt: input is empty"):
        next(docs)
    with pytest.raises(InputReadError, match=r"missing\.txt: no such file"):
        list(ReportLoader(reports / "missing.txt").lazy_load())


def test_langchain_loader_refuses_options_that_cannot_work(reports: Path) -> None:
    _framework("langchain_core")
    from reportparse.integrations.langchain import ReportLoader

    with pytest.raises(ValueError, match="overlap needs max_chars"):
        ReportLoader(reports, overlap=10)


# --- LlamaIndex --------------------------------------------------------------------------------

def test_llama_index_reader_returns_documents_with_the_same_metadata(reports: Path) -> None:
    _framework("llama_index.core")
    from llama_index.core.readers.base import BaseReader
    from llama_index.core.schema import Document, MetadataMode

    from reportparse.integrations.langchain import ReportLoader
    from reportparse.integrations.llama_index import ReportReader

    reader = ReportReader(max_chars=32, min_chars=10)
    assert isinstance(reader, BaseReader)
    docs = reader.load_data(reports)
    assert all(isinstance(d, Document) for d in docs)
    chunks = list(chunk_paths(reports, ChunkOptions(max_chars=32, min_chars=10)))
    assert [d.text for d in docs] == [c.text for c in chunks]
    assert [d.metadata for d in docs] == [c.metadata for c in chunks]
    _framework("langchain_core")
    assert [d.metadata for d in docs] == [d.metadata for d in ReportLoader(reports, max_chars=32,
                                                                           min_chars=10).load()]
    # the heading path goes to the embedding model, the positions do not
    shown = docs[0].get_content(MetadataMode.EMBED)
    assert "heading_path: ['一、总体情况']" in shown and "char_start" not in shown
    assert reader.load_data(reports / "sub" / "b.txt")[0].metadata["encoding"] == "gb18030"
    assert [d.metadata["source"] for d in reader.load_data([reports / "a.txt"])] == [str(reports / "a.txt")] * 4


# --- extras ------------------------------------------------------------------------------------

def test_importing_reportparse_imports_no_framework() -> None:
    code = ("import sys, reportparse, reportparse.chunks, reportparse.cli, reportparse.integrations; "
            "print(sorted(m for m in sys.modules if m.startswith(('langchain', 'llama_index'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


@pytest.mark.parametrize(("module", "blocked", "package", "extra"), [
    ("langchain", "langchain_core", "langchain-core", "langchain"),
    ("llama_index", "llama_index", "llama-index-core", "llama-index"),
])
def test_a_missing_extra_says_how_to_install_it(module: str, blocked: str, package: str, extra: str) -> None:
    code = (f"import sys; sys.modules[{blocked!r}] = None\n"  # as if the package were not installed
            f"import reportparse.integrations.{module}")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"ImportError: reportparse.integrations.{module} needs {package}: pip install 'reportparse[{extra}]'")
