"""JSON Schema of the catalogue and announcement front matter, for editor autocompletion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import Catalogue, FrontMatter


def catalogue_schema() -> dict[str, Any]:
    schema = Catalogue.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "outreach procedures.yaml"
    return schema


def front_matter_schema() -> dict[str, Any]:
    schema = FrontMatter.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "outreach announcement front matter"
    return schema


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (("procedures.schema.json", catalogue_schema()),
                         ("announcement.schema.json", front_matter_schema())):
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
