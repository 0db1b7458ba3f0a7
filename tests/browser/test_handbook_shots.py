"""The handbook's pictures, taken in Debian's chromium from a project made by `outreach new`.

Not part of `make test` (it rewrites files of the package): `make handbook-shots` runs it and
writes the PNGs into the scaffold's picture folder, so a new project gets current ones. Each
picture is scaled and reduced to a small palette to stay a few tens of kB.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from browser_support import DESKTOP, PHONE, open_context, serve
from PIL import Image
from studio_server import running_studio

from outreach.build import BuildOptions, build_site
from outreach.handbook import IMAGES
from outreach.scaffold import scaffold

pytestmark = [pytest.mark.handbook_shots, pytest.mark.browser, pytest.mark.slow]

FOLDER = Path(__file__).resolve().parents[2] / "scripts" / "outreach" / "scaffold" / IMAGES
MAX_BYTES = 80_000


def small_png(data: bytes, width: int) -> bytes:
    """Scaled to `width` px and reduced to 64 colours: text stays sharp, the file stays small."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)),
                             Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, "PNG", optimize=True)
    return out.getvalue()


def save(name: str, data: bytes) -> Path:
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / name
    path.write_bytes(data)
    assert len(data) <= MAX_BYTES, f"{name}: {len(data)} bytes"
    return path


@pytest.fixture(scope="module")
def new_project_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("handbook") / "xa-trung-son"
    scaffold(root, "Trung Sơn", "Quảng Trị", phone="0233 3855 123")
    site = build_site(root / "mkdocs.yml", BuildOptions(engine="espeak"))
    server, url = serve(Path(site))
    yield Path(site), url
    server.shutdown()
    server.server_close()


def test_procedure_page_on_a_phone(browser, traffic, new_project_site):
    _, url = new_project_site
    context = open_context(browser, traffic, viewport=PHONE, is_mobile=True, has_touch=True,
                           device_scale_factor=1)
    page = context.new_page()
    page.goto(url + "thu-tuc/1-001193/")
    page.get_by_role("heading", level=1).wait_for()
    save("trang-thu-tuc.png", small_png(page.screenshot(), PHONE["width"]))
    context.close()
    assert not traffic.foreign


def test_procedure_page_printed_from_the_browser(browser, traffic, new_project_site):
    _, url = new_project_site
    context = open_context(browser, traffic, viewport={"width": 800, "height": 1000})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(url + "thu-tuc/1-001193/")
    page.get_by_role("heading", level=1).wait_for()
    save("trang-in.png", small_png(page.screenshot(), 520))
    context.close()
    assert not traffic.foreign


def test_printed_notice(new_project_site, tmp_path):
    site, _ = new_project_site
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(site / "in" / "thong-bao-mau.pdf"), str(tmp_path / "notice")],
                   check=True)
    save("ban-in-thong-bao.png", small_png((tmp_path / "notice.png").read_bytes(), 440))


def test_desktop_home_page(browser, traffic, new_project_site):
    _, url = new_project_site
    context = open_context(browser, traffic, viewport=DESKTOP)
    page = context.new_page()
    page.goto(url)
    page.get_by_role("heading", level=1).wait_for()
    save("trang-chu.png", small_png(page.screenshot(), 640))
    context.close()
    assert not traffic.foreign


# --- the studio ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def studio_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("studio") / "xa-trung-son"
    scaffold(root, "Trung Sơn", "Quảng Trị", phone="0233 3855 123")
    with running_studio(root / "mkdocs.yml") as url:
        yield url


def studio_shot(browser, traffic, url: str, name: str, height: int = 800) -> None:
    context = open_context(browser, traffic, viewport={"width": 1280, "height": height})
    page = context.new_page()
    page.goto(url)
    page.get_by_role("heading", level=1).wait_for()
    save(name, small_png(page.screenshot(), 640))
    context.close()
    assert not traffic.foreign


def test_studio_procedure_list(browser, traffic, studio_url):
    studio_shot(browser, traffic, studio_url + "thu-tuc/", "studio-thu-tuc.png", 560)


def test_studio_procedure_form(browser, traffic, studio_url):
    studio_shot(browser, traffic, studio_url + "thu-tuc/1.001193/", "studio-sua-thu-tuc.png")


def test_studio_compose_notice(browser, traffic, studio_url):
    studio_shot(browser, traffic, studio_url + "thong-bao/moi", "studio-thong-bao.png")


def test_studio_build_page(browser, traffic, studio_url):
    studio_shot(browser, traffic, studio_url + "dung-trang/", "studio-dung-trang.png", 560)
