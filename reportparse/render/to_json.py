"""JSON: the Document model as JSON, Chinese kept readable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from reportparse.model import Document


def fields(value: Any) -> dict[str, Any]:
    """A model's fields as a dict (``json``'s ``default`` hook): the encoder meets the models one by
    one, so no copy of the tree is built, and it gives what ``model_dump(mode="json")`` gives."""
    if isinstance(value, BaseModel):
        return {name: getattr(value, name) for name in type(value).model_fields}
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def iter_json(doc: Document, *, indent: int | None = 2) -> Iterator[str]:
    """``doc`` as JSON text in pieces, to write out as they come (a big tree is never one string)."""
    if indent is None:  # the C encoder, one string: compact output is small and fast
        yield to_json(doc, indent=None)
        return
    yield from json.JSONEncoder(ensure_ascii=False, indent=indent, default=fields).iterencode(doc)


def to_json(doc: Document, *, indent: int | None = 2) -> str:
    """``doc`` as JSON text; ``indent=None`` gives one compact line."""
    if indent is None:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=fields)
    return json.dumps(doc, ensure_ascii=False, indent=indent, default=fields)
