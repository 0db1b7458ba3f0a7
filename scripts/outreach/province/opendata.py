"""Open data: the site's validated catalogue as JSON, with the JSON Schema it follows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import paths
from ..artifacts import Artifact, sha256_bytes, write_atomic
from ..catalogue.project import Project
from ..catalogue.schema import catalogue_schema

# Overlay keys are merged away before validation; the published data is the result.
OVERLAY_FIELDS = {"extends", "exclude"}


def published_schema() -> dict[str, Any]:
    """The catalogue schema, accepting the `$schema` link the data file carries."""
    schema = catalogue_schema()
    schema["title"] = "outreach thu-tuc.json"
    properties = schema.setdefault("properties", {})
    for name in OVERLAY_FIELDS:
        properties.pop(name, None)
    properties["$schema"] = {"type": "string", "description": "Link to this schema."}
    return schema


def catalogue_json(project: Project) -> dict[str, Any]:
    """The merged, validated catalogue as plain JSON data (what the site was built from)."""
    data = project.catalogue.model_dump(mode="json", by_alias=True, exclude=OVERLAY_FIELDS)
    schema_link = Path(paths.OPEN_DATA_SCHEMA).name  # same folder: works offline and online
    return {"$schema": schema_link, **data}


def open_data(project: Project, out_dir: Path) -> list[Artifact]:
    """Write site/du-lieu/thu-tuc.json and its schema; return their artefacts."""
    artifacts = []
    for path, content, source in ((paths.OPEN_DATA, catalogue_json(project), "catalogue"),
                                  (paths.OPEN_DATA_SCHEMA, published_schema(), "schema")):
        data = (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        write_atomic(out_dir / path, data)
        artifacts.append(Artifact("data", source, path, sha256_bytes(data)))
    return artifacts
