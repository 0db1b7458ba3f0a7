"""Print QA on the reference site, looked at the way a person checks a print-out.

Every page of the reference notice, the leaflet and three guides is rendered with poppler's
pdftoppm and measured: no ink outside the printable area or outside a leaflet panel, no page
holding only the signature block, every QR code readable from a 150 dpi scan, the leaflet's
panels in duplex order; and the files stay tagged, in Vietnamese, with every font embedded.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
import pytest
from PIL import Image

from outreach.catalogue.project import load_project
from project_support import REPO
from test_print_support import MM, build, decode_qr_codes, render_png

NOTICE = "thong-bao-dich-vu-cong"
LEAFLET = "to-roi-dich-vu-cong"
GUIDES = ("1.001193", "2.000986", "2.000815")  # Markdown detail, longest, shortest
SITE = "https://benhai.example.vn/"
# Office laser and inkjet printers cannot print the outer 4–5 mm of a sheet.
PRINTABLE_INSET_MM = 5
# Leaflet panels (left, right) in mm, per page, and their padding (leaflet.css).
PANELS = {1: ((0, 97), (97, 197), (197, 297)), 2: ((0, 100), (100, 200), (200, 297))}
PANEL_PADDING_MM = 8
FOLDS = {1: (97, 197), 2: (100, 200)}
SCAN_DPI = 150
LOOK_DPI = 60


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, Path]:
    """The reference site's PDFs, built from a copy of the repository's project files."""
    root = tmp_path_factory.mktemp("reference")
    for name in ("procedures.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    for folder in ("announcements", "overrides", "content", "audio"):
        shutil.copytree(REPO / folder, root / folder)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "docs_dir: content", f"site_url: {SITE}\ndocs_dir: content"), encoding="utf-8")
    project = load_project(config)  # the reference is checked against real dates
    built = build(project, {NOTICE, LEAFLET, *GUIDES})
    return {source: project.root / "site" / artifact.path for source, artifact in built.items()}


@pytest.fixture(scope="module")
def scan(reference, tmp_path_factory):
    """150 dpi page images, each rendered once for the whole module."""
    folder = tmp_path_factory.mktemp("scans")
    done: dict[tuple[str, int], Path] = {}

    def _scan(source: str, page: int) -> Path:
        if (source, page) not in done:
            done[source, page] = render_png(reference[source], page, SCAN_DPI, folder)
        return done[source, page]

    return _scan


def _pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _gray(png: Path) -> tuple[np.ndarray, float]:
    """The page as a grey array and its pixels per millimetre."""
    image = np.asarray(Image.open(png).convert("L"))
    width_mm = 297 if image.shape[1] > image.shape[0] else 210
    return image, image.shape[1] / width_mm


def _ink_columns(png: Path, top_mm: float, bottom_mm: float) -> list[float]:
    """x (mm) of the dark pixel columns between two heights of a page image."""
    image, per_mm = _gray(png)
    band = image[int(top_mm * per_mm):int(bottom_mm * per_mm)]
    return [x / per_mm for x in np.nonzero((band < 128).any(axis=0))[0]]


def _ink_outside(png: Path, inset_mm: float, allowed_x_mm: tuple[float, ...] = ()) -> int:
    """Dark pixels in the outer band of the sheet, except near the allowed columns."""
    image, per_mm = _gray(png)
    inset = int(inset_mm * per_mm)
    band = np.ones(image.shape, dtype=bool)
    band[inset:-inset, inset:-inset] = False
    for x in allowed_x_mm:  # a fold mark: meant to sit near the edge
        band[:, max(0, int((x - 1.5) * per_mm)):int((x + 1.5) * per_mm) + 1] = False
    return int(((image < 200) & band).sum())


def test_every_page_has_no_ink_outside_the_printable_area(reference, tmp_path):
    for source, path in reference.items():
        for page in range(1, _pages(path) + 1):
            png = render_png(path, page, LOOK_DPI, tmp_path)
            folds = FOLDS[page] if source == LEAFLET else ()
            assert _ink_outside(png, PRINTABLE_INSET_MM, folds) == 0, (source, page)


def test_notice_text_stays_inside_the_decree_margins(reference):
    with pdfplumber.open(reference[NOTICE]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            body = [c for c in page.chars if c["text"].strip() and c["top"] > 20 * MM - 1]
            assert min(c["x0"] for c in body) >= 30 * MM - 0.5, number
            # Justified lines end at the margin, give or take a rounding of the last glyph.
            assert max(c["x1"] for c in body) <= page.width - 15 * MM + 1, number
            assert max(c["bottom"] for c in body) <= page.height - 20 * MM + 0.5, number


def test_leaflet_text_stays_inside_its_panel(reference):
    with pdfplumber.open(reference[LEAFLET]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for c in (c for c in page.chars if c["text"].strip()):
                inside = [(a, b) for a, b in PANELS[number]
                          if (a + PANEL_PADDING_MM) * MM - 0.5 <= c["x0"]
                          and c["x1"] <= (b - PANEL_PADDING_MM) * MM + 0.5]
                assert inside, (number, c["text"], round(c["x0"] / MM, 1))


def test_reference_notice_signature_page_carries_body_lines(reference):
    with pdfplumber.open(reference[NOTICE]) as pdf:
        page = next(p for p in pdf.pages if "Nơi nhận" in p.extract_text())
        label = next(w for w in page.extract_words() if w["text"].startswith("Nơi"))
        body = {round(c["top"]) for c in page.chars
                if c["text"].strip() and 20 * MM < c["top"] < label["top"] - 2}
    assert len(body) >= 2


def test_every_qr_code_decodes_from_a_150_dpi_scan(reference, scan):
    project = load_project(reference[NOTICE].parents[2] / "mkdocs.yml")
    leaflet = next(a for a in project.announcements if a.id == LEAFLET)
    assert decode_qr_codes(scan(LEAFLET, 1)) == {SITE}
    inside = decode_qr_codes(scan(LEAFLET, 2))
    assert inside == {project.procedure_url(project.by_code[c]) for c in leaflet.featured_codes}
    for code in GUIDES:
        found = decode_qr_codes(scan(code, 1))
        assert found == {project.procedure_url(project.by_code[code])}


def test_leaflet_fold_marks_meet_when_printed_double_sided_flip_on_short_edge(
        reference, scan):
    """Flipping on the short edge mirrors x: a fold at x on side 1 is at 297 − x on side 2."""
    marks = {}
    for page in (1, 2):
        columns = _ink_columns(scan(LEAFLET, page), 2, 8)
        merged: list[float] = []
        for x in columns:
            if not merged or x - merged[-1] > 2:
                merged.append(x)
        marks[page] = merged
    assert [round(x) for x in marks[1]] == list(FOLDS[1])
    assert sorted(round(297 - x) for x in marks[2]) == sorted(FOLDS[1])
    with pdfplumber.open(reference[LEAFLET]) as pdf:
        front = pdf.pages[0].crop((197 * MM, 0, 297 * MM, pdf.pages[0].height)).extract_text()
        intro = pdf.pages[1].crop((0, 0, 100 * MM, pdf.pages[1].height)).extract_text()
    # The cover is the right panel of side 1.
    assert "Làm thủ tục hành chính tại nhà" in " ".join(front.split())
    assert "Dịch vụ công trực tuyến là gì?" in intro  # opening the cover shows the intro


def test_pdfs_stay_tagged_in_vietnamese_with_every_font_embedded(reference):
    for source, path in reference.items():
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "vi", source
            assert bool(pdf.Root.MarkInfo.Marked), source
            assert "/StructTreeRoot" in pdf.Root, source
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    fonts = font.DescendantFonts if "/DescendantFonts" in font else [font]
                    for f in fonts:
                        descriptor = f.FontDescriptor
                        assert any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                             "/FontFile3")), (source, f.BaseFont)


def test_pdffonts_reports_every_font_embedded(reference):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (Debian package poppler-utils) is not installed")
    for source, path in reference.items():
        listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                                 text=True).stdout.splitlines()[2:]
        assert listing, source
        for line in listing:
            name, emb = line.split()[0], line.split()[-5]
            assert "Liberation" in name and emb == "yes", (source, line)
