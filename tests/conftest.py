"""Shared fixtures: real projects in tmp folders, made by `outreach new`'s scaffold."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from outreach.catalogue.project import Project, load_project
from outreach.scaffold import scaffold
from project_support import TODAY

os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A fresh starter project, exactly as `outreach new` writes it."""
    target = tmp_path / "xa"
    scaffold(target, "Trung Sơn", "Quảng Trị", today=TODAY)
    return target


@pytest.fixture
def edit(project_dir: Path) -> Callable[[str, str, str], Path]:
    """Replace text in a project file: edit("procedures.yaml", old, new)."""

    def _edit(name: str, old: str, new: str) -> Path:
        path = project_dir / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found in {name}: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return _edit


@pytest.fixture
def load(project_dir: Path) -> Callable[[], Project]:
    return lambda: load_project(project_dir / "mkdocs.yml", today=TODAY)
