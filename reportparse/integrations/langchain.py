"""LangChain: :class:`ReportLoader`, a ``langchain_core`` document loader of retrieval chunks.

Needs ``pip install 'reportparse[langchain]'`` (langchain-core).

>>> from reportparse.integrations.langchain import ReportLoader
>>> docs = ReportLoader("reports/", max_chars=800, overlap=100).load()   # doctest: +SKIP

Each chunk of :mod:`reportparse.chunks` becomes one ``Document``: ``page_content`` is the
chunk's text, ``metadata`` its ``source``, ``heading_path``, ``line_start``, ``line_end``,
``char_start``, ``char_end``, ``encoding``, ``title`` and ``overlap``; ``id`` is
``source:char_start-char_end``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from reportparse.chunks import ChunkOptions, chunk_paths

try:
    from langchain_core.document_loaders import BaseLoader
    from langchain_core.documents import Document
except ImportError as exc:  # pragma: no cover - the message is tested in a subprocess
    raise ImportError("reportparse.integrations.langchain needs langchain-core: "
                      "pip install 'reportparse[langchain]'") from exc

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


class ReportLoader(BaseLoader):
    """Loads report files (or the ``*.txt`` files below folders) as one ``Document`` per chunk.

    ``max_chars``, ``overlap``, ``min_chars`` and ``breadcrumb`` are the chunk options
    (:class:`reportparse.chunks.ChunkOptions`, checked here: ValueError if they cannot work);
    ``encoding`` forces a codec, ``keep_noise`` keeps page furniture, ``include``/``exclude``
    pick the files of a folder as on the command line. Files are read when iterated; one that
    cannot be read or parsed raises an error naming it then.
    """

    def __init__(self, path_or_paths: Paths, *, max_chars: int | None = None, overlap: int = 0,
                 min_chars: int = 0, breadcrumb: bool = False, encoding: str | None = None,
                 keep_noise: bool = False, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> None:
        self.paths = path_or_paths if isinstance(path_or_paths, (str, os.PathLike)) else list(path_or_paths)
        self.options = ChunkOptions(max_chars=max_chars, overlap=overlap, min_chars=min_chars,
                                    breadcrumb=breadcrumb)
        self.encoding, self.keep_noise = encoding, keep_noise
        self.include, self.exclude = tuple(include), tuple(exclude)

    def lazy_load(self) -> Iterator[Document]:
        """One ``Document`` per chunk, file by file."""
        for c in chunk_paths(self.paths, self.options, encoding=self.encoding, keep_noise=self.keep_noise,
                             include=self.include, exclude=self.exclude):
            yield Document(page_content=c.text, metadata=c.metadata, id=f"{c.source}:{c.char_start}-{c.char_end}")
