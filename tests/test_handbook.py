"""The staff handbook: in every new project, every command it names exists, its pictures are
there and small, its summary prints as one A4 page, and no reader is sent outside the repo."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from outreach.cli import main
from outreach.handbook import (
    HANDBOOK,
    IMAGES,
    handbook_images,
    handbook_path,
    handbook_text,
    packaged_handbook,
    summary,
)

ROOT = Path(__file__).resolve().parents[1]
SCAFFOLD = ROOT / "scripts" / "outreach" / "scaffold"
# `outreach build --no-print` -> ("build", "--no-print"); placeholders in capitals are skipped.
COMMAND = re.compile(r"`outreach ([a-z][a-z-]*)((?: --?[a-z][a-z-]*)*)")
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
MAX_PICTURE_BYTES = 80_000


def commands_named(text: str) -> set[tuple[str, ...]]:
    return {(name, *options.split()) for name, options in COMMAND.findall(text)}


def test_the_command_finder_reads_commands_with_their_options():
    text = "gõ `outreach build --no-print` hoặc `outreach new THƯ-MỤC --commune \"…\"`, `outreach`"
    assert commands_named(text) == {("build", "--no-print"), ("new",)}


@pytest.mark.parametrize("command", sorted(commands_named(packaged_handbook().read_text(
    encoding="utf-8"))), ids=" ".join)
def test_every_command_the_handbook_names_exists(command):
    """Each `outreach …` of the handbook answers --help, with the options it is shown with."""
    name, *options = command
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, f"`outreach {name}` does not exist: {result.output}"
    for option in options:
        assert option in result.output, f"`outreach {name}` has no option {option}"


def test_the_handbook_names_the_everyday_commands():
    named = {c[0] for c in commands_named(packaged_handbook().read_text(encoding="utf-8"))}
    assert {"studio", "new", "check", "build", "print", "audio", "handbook"} <= named


def test_a_new_project_carries_the_handbook_with_its_names_and_pictures(tmp_path):
    result = CliRunner().invoke(main, ["new", str(tmp_path / "xa"), "--commune", "Cửa Việt",
                                       "--province", "Quảng Trị"])
    assert result.exit_code == 0, result.output
    project = tmp_path / "xa"
    text = (project / HANDBOOK).read_text(encoding="utf-8")
    assert text.startswith("# Hướng dẫn dùng outreach cho cán bộ xã Cửa Việt\n")
    assert "__" not in text
    assert handbook_path(project) == project / HANDBOOK
    assert handbook_text(project) == text
    pictures = PICTURE.findall(text)
    assert pictures and all((project / p).is_file() for p in pictures), pictures
    assert handbook_images(project) == project / IMAGES
    catalogue = (project / "procedures.yaml").read_text(encoding="utf-8")
    assert "HUONG-DAN.md" in catalogue and "README" not in catalogue


def test_the_packaged_handbook_names_no_commune_and_is_nfc():
    text = handbook_text()
    assert "__" not in text and "cho cán bộ xã, phường" in text.splitlines()[0]
    raw = packaged_handbook().read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw


def test_every_picture_is_shipped_and_small():
    pictures = PICTURE.findall(packaged_handbook().read_text(encoding="utf-8"))
    assert pictures
    for picture in pictures:
        path = SCAFFOLD / picture
        assert path.is_file(), f"{picture}: run `make handbook-shots`"
        assert path.read_bytes().startswith(b"\x89PNG")
        assert path.stat().st_size <= MAX_PICTURE_BYTES, f"{picture}: {path.stat().st_size} B"


def test_no_reader_is_sent_outside_the_repository_or_the_project():
    texts = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted(
        p for p in SCAFFOLD.rglob("*") if p.suffix in {".md", ".yaml", ".yml"})]
    wrong = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in texts
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if "../" in line or "..\\" in line or "shared/design" in line]
    assert not wrong, "\n".join(wrong)


def test_the_summary_is_the_section_under_its_heading():
    text = "# T\n\nintro\n\n## Tóm tắt: cách dùng outreach\n\n1. một\n2. hai\n\n## 1. Cài đặt\nx\n"
    assert summary(text) == "1. một\n2. hai\n"


@pytest.mark.slow
def test_the_quick_reference_is_one_a4_page_with_its_title(project_dir):
    from pypdf import PdfReader

    target = project_dir / "tren-tuong.pdf"
    result = CliRunner().invoke(main, ["handbook", "-f", str(project_dir / "mkdocs.yml"),
                                       "-o", str(target)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    width, height = (float(v) * 25.4 / 72 for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (210, 297)
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    assert "Cách dùng outreach" in text and "outreach studio" in text
    assert "Ủy ban nhân dân xã Trung Sơn" in text  # the project's own office


@pytest.mark.slow
def test_a_summary_too_long_for_one_page_is_refused_with_the_section_named(project_dir):
    handbook = project_dir / HANDBOOK
    text = handbook.read_text(encoding="utf-8")
    long = text.replace("## 1. Cài đặt", summary(text) * 4 + "\n## 1. Cài đặt", 1)
    handbook.write_text(long, encoding="utf-8")
    target = project_dir / "cach-dung-outreach.pdf"
    result = CliRunner().invoke(main, ["handbook", "-f", str(project_dir / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "HUONG-DAN.md" in result.output and "dài hơn một trang A4" in result.output
    assert "Traceback" not in result.output and not target.exists()


def test_a_handbook_without_its_summary_heading_says_which_heading_to_restore(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / HANDBOOK).write_text("# Hướng dẫn\n\n## 1. Cài đặt\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "outreach.cli", "handbook"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 1
    assert "HUONG-DAN.md" in result.stderr and "## Tóm tắt: cách dùng outreach" in result.stderr
    assert "Traceback" not in result.stderr
