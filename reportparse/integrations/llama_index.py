"""LlamaIndex: :class:`ReportReader`, a ``llama_index.core`` reader of retrieval chunks.

Needs ``pip install 'reportparse[llama-index]'`` (llama-index-core).

>>> from reportparse.integrations.llama_index import ReportReader
>>> docs = ReportReader(max_chars=800).load_data("reports/")   # doctest: +SKIP

Each chunk of :mod:`reportparse.chunks` becomes one ``Document`` with the chunk's text and
the metadata of :attr:`reportparse.chunks.Chunk.metadata` (``source``, ``heading_path``,
``line_start``, ``line_end``, ``char_start``, ``char_end``, ``encoding``, ``title``,
``overlap``); ``id_`` is ``source:char_start-char_end``. Only ``source``, ``title`` and
``heading_path`` are shown to the embedding model and the LLM; the positions are kept out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from reportparse.chunks import ChunkOptions, chunk_paths

try:
    from llama_index.core.readers.base import BaseReader
    from llama_index.core.schema import Document
except ImportError as exc:  # pragma: no cover - the message is tested in a subprocess
    raise ImportError("reportparse.integrations.llama_index needs llama-index-core: "
                      "pip install 'reportparse[llama-index]'") from exc

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]

#: metadata that locates a chunk but means nothing to a model
POSITION_KEYS = ["line_start", "line_end", "char_start", "char_end", "encoding", "overlap"]


class ReportReader(BaseReader):
    """Reads report files (or the ``*.txt`` files below folders) as one ``Document`` per chunk.

    The options are those of :class:`reportparse.integrations.langchain.ReportLoader`:
    ``max_chars``, ``overlap``, ``min_chars``, ``breadcrumb`` (checked here), ``encoding``,
    ``keep_noise``, ``include``, ``exclude``.
    """

    def __init__(self, *, max_chars: int | None = None, overlap: int = 0, min_chars: int = 0,
                 breadcrumb: bool = False, encoding: str | None = None, keep_noise: bool = False,
                 include: Iterable[str] = (), exclude: Iterable[str] = ()) -> None:
        self.options = ChunkOptions(max_chars=max_chars, overlap=overlap, min_chars=min_chars,
                                    breadcrumb=breadcrumb)
        self.encoding, self.keep_noise = encoding, keep_noise
        self.include, self.exclude = tuple(include), tuple(exclude)

    def lazy_load_data(self, path_or_paths: Paths, *args: Any, **load_kwargs: Any) -> Iterator[Document]:
        """One ``Document`` per chunk, file by file (``load_data`` gives them as a list)."""
        for c in chunk_paths(path_or_paths, self.options, encoding=self.encoding, keep_noise=self.keep_noise,
                             include=self.include, exclude=self.exclude):
            yield Document(text=c.text, metadata=c.metadata, id_=f"{c.source}:{c.char_start}-{c.char_end}",
                           excluded_embed_metadata_keys=list(POSITION_KEYS),
                           excluded_llm_metadata_keys=list(POSITION_KEYS))
