"""Share previews (PNG + Open Graph/Twitter meta) and schema.org JSON-LD on procedure pages.

The PNGs are checked by what a person would see: size, not blank, text inside the margins,
the right number of separate text lines; the JSON-LD is parsed from built HTML and checked
against schema.org's own definitions (tests/vendor/schemaorg-terms.json).
"""

from __future__ import annotations

import html.parser
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from outreach import paths
from outreach.build import BuildOptions, build_site
from outreach.catalogue.project import load_project
from outreach.site import labels as L
from outreach.site.preview import (
    BACKGROUND,
    HEIGHT,
    MARGIN,
    WIDTH,
    Fonts,
    balanced_split,
    draw_previews,
    render_preview,
    wrap,
)
from outreach.site.share import government_service, json_ld

os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")
REPO = Path(__file__).resolve().parents[1]
VOCABULARY = json.loads((REPO / "tests" / "vendor" / "schemaorg-terms.json")
                        .read_text(encoding="utf-8"))
SITE_URL = "https://trungson.example.gov.vn/huong-dan/"
PLACE, FOOTER = "UBND xã Trung Sơn · Quảng Trị", L.PREVIEW_FOOTER
HOSTILE = 'Đăng ký </script><script>alert("x")</script> & <!-- "khai" sinh'


def reference_names() -> list[str]:
    project = load_project(REPO / "mkdocs.yml")
    return [p.name for p in project.catalogue.procedures]


LONGEST = max(reference_names(), key=len)
NAME_200 = ("Cấp đổi, cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản "
            "khác gắn liền với đất do bị mất, bị hỏng, bị rách nát hoặc có sai sót thông tin "
            "về người sử dụng đất, Ấp Ễ Ỷ Ữ Ợ")[:200]


# ---------------------------------------------------------------- the PNG, as seen


def text_rows(image: Image.Image, top: int, bottom: int) -> list[tuple[int, int]]:
    """Bands of rows (start, end) holding white title pixels; gaps of ≤ 2 px are closed."""
    pixels = image.load()
    rows = [y for y in range(top, bottom)
            if any(min(pixels[x, y]) > 230 for x in range(MARGIN, WIDTH - MARGIN, 2))]
    bands: list[list[int]] = []
    for y in rows:
        if bands and y - bands[-1][1] <= 3:
            bands[-1][1] = y
        else:
            bands.append([y, y])
    return [(a, b) for a, b in bands]


@pytest.mark.parametrize("name", ["Đăng ký khai sinh", LONGEST, NAME_200],
                         ids=["short", "longest-reference", "200-chars"])
def test_preview_is_1200x630_with_every_line_of_the_name_inside_the_margins(name, tmp_path):
    data, layout = render_preview(name, PLACE, FOOTER, Fonts.for_project(tmp_path))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    image = image.convert("RGB")
    # Nothing drawn outside the margins, and something drawn inside them.
    background = Image.new("RGB", image.size, BACKGROUND)
    from PIL import ImageChops

    box = ImageChops.difference(image, background).getbbox()
    assert box is not None, "blank preview"
    assert box[0] >= MARGIN and box[1] >= MARGIN, box
    assert box[2] <= WIDTH - MARGIN and box[3] <= HEIGHT - MARGIN, box
    # Every word of the name is on the picture, none cut off with "…".
    assert " ".join(layout.lines).split() == name.split()
    assert all(b[2] <= WIDTH - MARGIN for b in layout.boxes)
    # As many separate lines of title text on the picture as the layout says: lines that
    # touched (descenders on the marks below) would count as one.
    tall = [band for band in text_rows(image, layout.boxes[0][1] - 4, layout.boxes[-1][3] + 4)
            if band[1] - band[0] >= 0.35 * layout.size]
    assert len(tall) == len(layout.lines), (tall, layout)


def test_longer_names_get_smaller_type_and_more_lines_of_balanced_width(tmp_path):
    fonts = Fonts.for_project(tmp_path)
    short = render_preview("Đăng ký khai sinh", PLACE, FOOTER, fonts)[1]
    long = render_preview(NAME_200, PLACE, FOOTER, fonts)[1]
    assert len(short.lines) == 1 and len(long.lines) >= 3
    assert long.size < short.size
    widths = [b[2] - b[0] for b in long.boxes]
    assert min(widths) >= 0.75 * max(widths), widths  # balanced, no lonely last word


def test_a_name_too_long_for_the_picture_ends_with_an_ellipsis_inside_the_margins(tmp_path):
    data, layout = render_preview(NAME_200 * 3, PLACE, FOOTER, Fonts.for_project(tmp_path))
    assert layout.lines[-1].endswith("…")
    assert layout.boxes[-1][3] <= HEIGHT - MARGIN
    image = Image.open(io.BytesIO(data)).convert("RGB")
    from PIL import ImageChops

    box = ImageChops.difference(image, Image.new("RGB", image.size, BACKGROUND)).getbbox()
    assert box and box[2] <= WIDTH - MARGIN and box[3] <= HEIGHT - MARGIN


def test_every_letter_of_every_reference_name_has_a_glyph_in_the_bundled_font(tmp_path):
    from fontTools.ttLib import TTFont

    fonts = Fonts.for_project(tmp_path)
    for path in (fonts.title, fonts.text):
        cmap = TTFont(str(path)).getBestCmap()
        text = "".join(reference_names()) + PLACE + FOOTER + "…"
        missing = sorted({c for c in text if ord(c) not in cmap})
        assert not missing, f"{path.name} would draw boxes for {missing}"


words = st.lists(st.text(alphabet="abcđêơ", min_size=1, max_size=9), min_size=1, max_size=25)


def greedy_lines(ws: list[str], limit: int) -> list[str]:
    """First-fit line filling, the way a naive renderer wraps."""
    lines = [ws[0]]
    for w in ws[1:]:
        if len(lines[-1]) + 1 + len(w) <= limit:
            lines[-1] += " " + w
        else:
            lines.append(w)
    return lines


@given(words, st.integers(min_value=9, max_value=40))
def test_balanced_lines_keep_every_word_and_are_never_wider_than_greedy_ones(ws, limit):
    greedy = greedy_lines(ws, limit)
    lines = balanced_split(ws, len(greedy), len)
    assert " ".join(lines).split() == ws
    assert len(lines) == len(greedy)
    assert max(map(len, lines)) <= max(map(len, greedy))
    # and wrap() needs no more lines than first-fit at the same width
    assert len(wrap(" ".join(ws), limit, 99, len)) <= len(greedy)


def every_split(ws: list[str], count: int):
    """Every way to cut `ws` into `count` non-empty lines (brute force, for small lists)."""
    from itertools import combinations

    for cuts in combinations(range(1, len(ws)), count - 1):
        bounds = (0, *cuts, len(ws))
        yield [" ".join(ws[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


@given(st.lists(st.text(alphabet="aăâiíl", min_size=1, max_size=9), min_size=1, max_size=8),
       st.integers(min_value=1, max_value=8))
def test_balanced_lines_are_the_best_of_every_possible_split(ws, count):
    count = min(count, len(ws))
    splits = list(every_split(ws, count))
    narrowest = min(max(map(len, split)) for split in splits)
    evenest = min(sum(len(line) ** 2 for line in split) for split in splits
                  if max(map(len, split)) == narrowest)
    lines = balanced_split(ws, count, len)
    assert len(lines) == count and " ".join(lines).split() == ws
    assert max(map(len, lines)) == narrowest
    assert sum(len(line) ** 2 for line in lines) == evenest


# ---------------------------------------------------------------- built pages


class Head(html.parser.HTMLParser):
    """<meta> tags and JSON-LD scripts of a page, as a crawler reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name") or "", []).append(
                a.get("content") or "")
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def read_head(page: Path) -> Head:
    head = Head()
    head.feed(page.read_text(encoding="utf-8"))
    return head


def set_site_url(project_dir: Path, url: str) -> None:
    config = project_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    old = "# site_url: https://ten-xa.example.gov.vn/"
    assert old in text
    config.write_text(text.replace(old, f"site_url: {url}"), encoding="utf-8")


def build(project_dir: Path) -> tuple[Path, BuildOptions]:
    options = BuildOptions(print=False, speech=False)
    return build_site(project_dir / "mkdocs.yml", options), options


@pytest.mark.slow
def test_procedure_pages_carry_open_graph_and_a_real_preview_with_site_url(project_dir):
    set_site_url(project_dir, SITE_URL)
    site, options = build(project_dir)
    project = load_project(project_dir / "mkdocs.yml")
    assert not [w for w in options.warnings if w.field == "site_url"]
    for p in project.catalogue.procedures:
        slug = paths.slug(p.code)
        meta = read_head(site / "thu-tuc" / slug / "index.html").meta
        assert meta["og:title"] == [p.name] and meta["twitter:title"] == [p.name]
        assert meta["og:description"] == [p.summary] == meta["twitter:description"]
        assert meta["og:url"] == [f"{SITE_URL}thu-tuc/{slug}/"]
        image = f"{SITE_URL}chia-se/{slug}.png"
        assert meta["og:image"] == [image] == meta["twitter:image"]
        assert meta["twitter:card"] == ["summary_large_image"]
        png = Image.open(site / image.removeprefix(SITE_URL))
        assert png.size == (int(meta["og:image:width"][0]), int(meta["og:image:height"][0]))
    manifest = json.loads((site / paths.MANIFEST).read_text(encoding="utf-8"))
    previews = {a["path"] for a in manifest["artifacts"] if a["kind"] == "preview"}
    assert previews == {paths.preview_image(p.code) for p in project.catalogue.procedures}


@pytest.mark.slow
def test_without_site_url_absolute_tags_are_left_out_and_the_build_says_why_once(project_dir):
    site, options = build(project_dir)
    meta = read_head(site / "thu-tuc" / "1-001193" / "index.html").meta
    assert "og:title" in meta and "og:description" in meta
    for absolute_only in ("og:url", "og:image", "twitter:image"):
        assert absolute_only not in meta
    assert meta["twitter:card"] == ["summary"]
    said = [w for w in options.warnings if w.message == L.NO_SITE_URL]
    assert len(said) == 1 and said[0].file == "mkdocs.yml" and said[0].field == "site_url"
    # No chat app could fetch a preview without an absolute URL: none is drawn or published.
    assert not (site / paths.preview_image("1.001193")).exists()
    assert not (project_dir / ".cache" / "outreach" / "preview").exists()
    assert not [a for a in manifest_artifacts(site) if a["kind"] == "preview"]


@pytest.mark.slow
def test_share_previews_false_draws_none_even_with_site_url(project_dir, edit):
    set_site_url(project_dir, SITE_URL)
    edit("mkdocs.yml", "share_previews: true", "share_previews: false")
    site, options = build(project_dir)
    meta = read_head(site / "thu-tuc" / "1-001193" / "index.html").meta
    assert meta["og:url"] == [f"{SITE_URL}thu-tuc/1-001193/"]  # the page is still shareable
    assert "og:image" not in meta and "twitter:image" not in meta
    assert meta["twitter:card"] == ["summary"]
    assert not (site / paths.preview_image("1.001193")).exists()
    assert not [a for a in manifest_artifacts(site) if a["kind"] == "preview"]


def test_share_previews_must_be_true_or_false(project_dir, edit):
    from outreach.catalogue.settings import read_config
    from outreach.errors import InvalidInput

    edit("mkdocs.yml", "share_previews: true", "share_previews: có")
    with pytest.raises(InvalidInput) as caught:
        read_config(project_dir / "mkdocs.yml")
    [problem] = caught.value.problems
    assert problem.field == "plugins.outreach.share_previews" and problem.line is not None


def test_previews_drawn_by_spawned_workers_are_the_ones_drawn_here(tmp_path, monkeypatch):
    import outreach.site.preview as preview

    fonts = Fonts.for_project(tmp_path)
    names = ["Đăng ký khai sinh", "Cấp bản sao trích lục hộ tịch", "Chứng thực chữ ký",
             "Đăng ký thường trú"]
    here = list(draw_previews(names, PLACE, FOOTER, fonts, workers=1))
    monkeypatch.setattr(preview, "PREVIEWS_PER_WORKER", 1)  # a pool even for four names
    pooled = list(draw_previews(names, PLACE, FOOTER, fonts, workers=2))
    assert pooled == here and len(set(here)) == len(names)


@pytest.mark.slow
def test_previews_drawn_in_the_background_while_pages_render_are_the_ones_drawn_here(
        project_dir, monkeypatch):
    import hashlib

    import outreach.site.preview as preview
    from outreach.site.preview import preview_texts, render_preview

    set_site_url(project_dir, SITE_URL)
    monkeypatch.setattr(preview, "PREVIEWS_PER_WORKER", 1)  # a worker even for two previews
    started = []
    real_start = preview.start_drawing

    def watched(*args, **kwargs):
        drawing = real_start(*args, **kwargs)
        started.append(drawing.pool is not None)
        return drawing

    monkeypatch.setattr(preview, "start_drawing", watched)
    site, _ = build(project_dir)
    assert started == [True]  # a worker process was drawing while MkDocs rendered the pages
    project = load_project(project_dir / "mkdocs.yml")
    fonts = Fonts.for_project(project_dir)
    place, footer = preview_texts(project)
    recorded = {a["path"]: a["sha256"] for a in manifest_artifacts(site) if a["kind"] == "preview"}
    for p in project.catalogue.procedures:
        data = (site / paths.preview_image(p.code)).read_bytes()
        assert data == render_preview(p.name, place, footer, fonts)[0]
        assert recorded[paths.preview_image(p.code)] == hashlib.sha256(data).hexdigest()


def manifest_artifacts(site: Path) -> list[dict]:
    return json.loads((site / paths.MANIFEST).read_text(encoding="utf-8"))["artifacts"]


def test_check_says_once_that_site_url_is_missing(project_dir):
    from click.testing import CliRunner

    from outreach.cli import main

    result = CliRunner().invoke(main, ["check", "-f", str(project_dir / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "mkdocs.yml: site_url:" in line]
    assert len(said) == 1 and L.NO_SITE_URL in said[0], result.output
    set_site_url(project_dir, SITE_URL)
    result = CliRunner().invoke(main, ["check", "-f", str(project_dir / "mkdocs.yml")])
    assert "mkdocs.yml: site_url:" not in result.output


@pytest.mark.slow
def test_hostile_names_stay_text_in_meta_and_json_ld(project_dir, edit):
    edit("procedures.yaml", "name: Đăng ký khai sinh", f"name: '{HOSTILE}'")
    site, _ = build(project_dir)
    page = (site / "thu-tuc" / "1-001193" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    head = read_head(site / "thu-tuc" / "1-001193" / "index.html")
    assert head.meta["og:title"] == [HOSTILE]
    assert len(head.json_ld) == 1
    assert json.loads(head.json_ld[0])["name"] == HOSTILE


@pytest.mark.slow
def test_a_rebuild_renders_only_the_preview_whose_name_changed(project_dir, edit):
    set_site_url(project_dir, SITE_URL)
    build(project_dir)
    cache = project_dir / ".cache" / "outreach" / "preview"
    before = {p.name for p in cache.rglob("*.png")}
    assert len(before) == 2
    build(project_dir)
    assert {p.name for p in cache.rglob("*.png")} == before
    edit("procedures.yaml", "name: Đăng ký khai sinh", "name: Đăng ký khai sinh cho trẻ em")
    build(project_dir)
    assert len({p.name for p in cache.rglob("*.png")} - before) == 1


# ---------------------------------------------------------------- schema.org vocabulary


def vocabulary_problems(node, where: str = "$") -> list[str]:
    """Every type, property and value type of a JSON-LD node checked against schema.org."""
    types, props = VOCABULARY["types"], VOCABULARY["properties"]
    kind = node.get("@type")
    if kind not in types:
        return [f"{where}: type {kind!r} not in the vendored schema.org list"]
    lineage = {kind, *types[kind]["superclasses"]}
    problems = []
    for name, value in node.items():
        if name in ("@context", "@type"):
            continue
        if name not in props:
            problems.append(f"{where}.{name}: not in the vendored schema.org list")
            continue
        if not lineage & set(props[name]["domains"]):
            problems.append(f"{where}.{name}: not a property of {kind} "
                            f"(domains: {props[name]['domains']})")
        ranges = set(props[name]["ranges"])
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            at = f"{where}.{name}[{i}]"
            if isinstance(item, dict):
                item_type = item.get("@type")
                item_lineage = {item_type, *types.get(item_type, {}).get("superclasses", [])}
                if not item_lineage & ranges:
                    problems.append(f"{at}: {item_type} is not one of {sorted(ranges)}")
                problems += vocabulary_problems(item, at)
            elif isinstance(item, bool) or not isinstance(item, (str, int, float)):
                problems.append(f"{at}: unexpected value {item!r}")
            elif isinstance(item, str) and not ranges & {"Text", "URL"}:
                problems.append(f"{at}: text given, range is {sorted(ranges)}")
            elif not isinstance(item, str) and not ranges & {"Number", "Integer"}:
                problems.append(f"{at}: number given, range is {sorted(ranges)}")
    return problems


def test_the_vocabulary_check_catches_a_property_on_the_wrong_type():
    bad = {"@type": "GovernmentService", "name": "x", "priceCurrency": "VND",
           "provider": {"@type": "Offer"}, "offers": {"@type": "Offer", "price": [1]}}
    problems = vocabulary_problems(bad)
    assert any("priceCurrency: not a property of GovernmentService" in p for p in problems)
    assert any("provider[0]: Offer is not one of" in p for p in problems)


def test_every_reference_procedure_is_valid_schema_org_government_service():
    project = load_project(REPO / "mkdocs.yml")
    assert VOCABULARY["version"]
    for p in project.catalogue.procedures:
        data = government_service(project, p)
        assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
        assert vocabulary_problems(data) == [], p.code


@pytest.mark.slow
def test_built_page_json_ld_describes_the_procedure_its_commune_and_fee(project_dir):
    set_site_url(project_dir, SITE_URL)
    site, _ = build(project_dir)
    project = load_project(project_dir / "mkdocs.yml")
    for p in project.catalogue.procedures:
        scripts = read_head(site / "thu-tuc" / paths.slug(p.code) / "index.html").json_ld
        assert len(scripts) == 1
        data = json.loads(scripts[0])
        assert vocabulary_problems(data) == []
        assert (data["name"], data["description"], data["serviceType"]) == \
            (p.name, p.summary, p.field)
        assert data["url"] == f"{SITE_URL}thu-tuc/{paths.slug(p.code)}/"
        assert data["provider"]["@type"] == "GovernmentOrganization"
        assert data["provider"]["name"] == project.office.name
        assert data["areaServed"]["name"] == project.office.place
        assert data["offers"]["price"] == p.fee.amount
        assert data["offers"]["priceCurrency"] == "VND"
        # One channel per way of filing the page lists; the portal one links the procedure.
        assert len(data["availableChannel"]) == len(p.where)
        online = [c["serviceUrl"] for c in data["availableChannel"] if "serviceUrl" in c]
        assert online == ([project.procedure_url(p)] if "online" in p.where else [])


def test_json_ld_cannot_close_its_script_element():
    text = json_ld({"@type": "Thing", "name": HOSTILE})
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text)["name"] == HOSTILE
