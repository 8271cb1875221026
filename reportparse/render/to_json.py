"""JSON: the Document model as JSON, Chinese kept readable."""

from __future__ import annotations

import json

from reportparse.model import Document


def to_json(doc: Document, *, indent: int | None = 2) -> str:
    """``doc`` as JSON text; ``indent=None`` gives one compact line."""
    data = doc.model_dump(mode="json")
    if indent is None:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(data, ensure_ascii=False, indent=indent)
