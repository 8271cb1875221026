"""JSON: the Document model as JSON, Chinese kept readable."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from reportparse.model import Document


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: what ``model_dump(mode="json")`` gives for this model,
    without building pydantic's serializers (a one-file run would spend most of its time there)."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def to_json(doc: Document, *, indent: int | None = 2) -> str:
    """``doc`` as JSON text; ``indent=None`` gives one compact line."""
    data = plain(doc)
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, indent=indent)
