"""One Markdown-to-HTML step for site and print: same extensions, links spelled out on paper."""

from __future__ import annotations

import pdfplumber
import pytest
from mkdocs.utils.yaml import yaml_load

from outreach import markup
from outreach.paths import repo_root
from test_print_support import build, pdf_path

DETAIL = "Vào **dichvucong.gov.vn**, chọn *Đăng nhập* rồi chọn [VNeID](https://vneid.gov.vn)."


def _extension_names(entries: list) -> list[str]:
    return [next(iter(e)) if isinstance(e, dict) else e for e in entries]


@pytest.mark.parametrize("config", ["mkdocs.yml", "scripts/outreach/scaffold/mkdocs.yml"])
def test_site_and_print_use_the_same_markdown_extensions(config):
    with (repo_root() / config).open(encoding="utf-8") as fh:
        entries = yaml_load(fh)["markdown_extensions"]
    names = _extension_names(entries)
    assert names == [*markup.EXTENSIONS, *markup.SITE_ONLY_EXTENSIONS]
    options = {next(iter(e)): e[next(iter(e))] for e in entries if isinstance(e, dict)}
    for name, expected in markup.EXTENSION_CONFIGS.items():
        assert options[name] == expected


def test_bold_italics_and_lists_become_html():
    html = str(markup.to_html("**đậm** và *nghiêng*\n\n- một\n- hai\n"))
    assert "<strong>đậm</strong>" in html and "<em>nghiêng</em>" in html
    assert html.count("<li>") == 2


def test_on_paper_a_link_prints_its_text_then_its_address():
    html = str(markup.to_html("Xem [Cổng](https://dichvucong.gov.vn/).", for_print=True))
    assert "Cổng</a> (dichvucong.gov.vn)." in html
    bare = str(markup.to_html("<https://dichvucong.gov.vn>", for_print=True))
    assert "(dichvucong.gov.vn)" not in bare  # the text already is the address
    assert "(" not in str(markup.to_html("[Cổng](https://a.vn)"))  # the site keeps plain links


def test_raw_html_in_catalogue_markdown_prints_as_text():
    assert "&lt;script&gt;" in str(markup.catalogue_html("<script>alert(1)</script> **a**"))


def test_guide_prints_step_markdown_formatted_not_literally(project_dir, edit, load):
    title = "      - title: Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID\n"
    edit("procedures.yaml", title, f"{title}        detail: {DETAIL}\n")
    project = load()
    path = pdf_path(project, build(project, {"1.001193"})["1.001193"])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        text = page.crop((0, 0, page.width * 0.6, page.height)).extract_text()  # main column
        chars = page.chars
    flat = " ".join(text.split())
    assert "**" not in text and "*Đăng" not in text and "](" not in text
    assert "chọn Đăng nhập rồi chọn VNeID (vneid.gov.vn)." in flat
    assert _font_of(chars, "dichvucong.gov.vn,") == "Bold"
    assert _font_of(chars, "nhập rồi") == "Italic"


def _font_of(chars: list[dict], text: str) -> str:
    """Style of the first character of `text` in the page (Bold, Italic or Regular)."""
    joined = "".join(c["text"] for c in chars)
    name = chars[joined.index(text)]["fontname"]
    return next(style for style in ("BoldItalic", "Bold", "Italic", "Regular") if style in name)
