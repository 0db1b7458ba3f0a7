"""Helpers shared by the test_print_* modules (no tests here): build real PDFs, read them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import yaml

from outreach.artifacts import Artifact, Cache
from outreach.catalogue.project import Project
from outreach.errors import Problem
from outreach.print import build_pdfs

MM = 72 / 25.4  # PDF points per millimetre
A4_SHORT, A4_LONG = 595.3, 841.9  # rounded to 0.1 pt


def build(project: Project, only: set[str] | None = None,
          warnings: list[Problem] | None = None) -> dict[str, Artifact]:
    """Run build_pdfs into <project>/site with the project's cache; PDF artifacts by source
    (a notice's Word twin shares its source; tests of the twin look it up by path)."""
    found = build_pdfs(project, project.root / "site", Cache(project.root / ".cache"),
                       only=frozenset(only) if only else None,
                       warn=(warnings.append if warnings is not None else lambda p: None))
    return {a.source: a for a in found if a.path.endswith(".pdf")}


def pdf_path(project: Project, artifact: Artifact) -> Path:
    return project.root / "site" / artifact.path


def page_text(path: Path, index: int = 0) -> str:
    with pdfplumber.open(path) as pdf:
        return pdf.pages[index].extract_text()


def add_procedures(project_dir: Path, count: int, **changes: object) -> list[str]:
    """Append `count` copies of the first procedure with new codes; return the codes."""
    path = project_dir / "procedures.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    codes = []
    for i in range(count):
        copy = dict(data["procedures"][0])
        copy.update(code=f"9.{i:06d}", name=f"Thủ tục thử {i + 1}", **changes)
        data["procedures"].append(copy)
        codes.append(copy["code"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return codes


def set_featured(project_dir: Path, announcement: str, codes: list[str]) -> None:
    """Rewrite the `procedures:` line of an announcement's front matter."""
    path = project_dir / "announcements" / announcement
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [f"procedures: {codes!r}".replace("'", '"') if ln.startswith("procedures:") else ln
             for ln in lines]
    path.write_text("\n".join(lines), encoding="utf-8")


def render_png(path: Path, page: int, dpi: int, tmp: Path) -> Path:
    """One page as PNG via poppler's pdftoppm; skip the test when it is not installed."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian package poppler-utils) is not installed")
    prefix = tmp / f"{path.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page),
                    "-singlefile", str(path), str(prefix)], check=True)
    return prefix.with_suffix(".png")


def decode_qr_codes(png: Path) -> set[str]:
    import zxingcpp
    from PIL import Image

    return {r.text for r in zxingcpp.read_barcodes(Image.open(png))}
