"""The studio shows the project's handbook at /huong-dan/, its pictures beside it, and nothing
else of the project through that path; HTML typed into the handbook stays text."""

from __future__ import annotations

import html
import re

from studio_support import client, new_project


def test_the_handbook_page_shows_the_projects_handbook_and_its_pictures(tmp_path):
    config = new_project(tmp_path / "xa")
    with client(config) as browser:
        page = browser.get("/huong-dan/")
        assert page.status_code == 200
        assert "<h2" in page.text and "Tóm tắt: cách dùng outreach" in page.text
        assert 'href="/huong-dan/" aria-current="page"' in page.text
        assert '<img alt="Phòng soạn thảo: danh sách thủ tục" src="huong-dan-anh/' \
            'studio-thu-tuc.png"' in page.text
        picture = browser.get("/huong-dan/huong-dan-anh/studio-thu-tuc.png")
        assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
        for outside in ("/huong-dan/huong-dan-anh/../procedures.yaml",
                        "/huong-dan/huong-dan-anh/%2e%2e/procedures.yaml"):
            assert browser.get(outside).status_code == 404


def test_html_typed_into_the_handbook_is_shown_as_text(tmp_path):
    config = new_project(tmp_path / "xa")
    handbook = tmp_path / "xa" / "HUONG-DAN.md"
    handbook.write_text(handbook.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n",
                        encoding="utf-8")
    with client(config) as browser:
        page = browser.get("/huong-dan/")
    assert "<script>alert(1)</script>" not in page.text and "alert(1)" in page.text


def test_every_command_block_of_the_handbook_keeps_its_lines(tmp_path):
    """Each fenced block of the handbook (many inside numbered steps) is shown as typed, one
    command a line: run together, "sudo apt install … pipx install outreach" fails."""
    config = new_project(tmp_path / "xa")
    text = (tmp_path / "xa" / "HUONG-DAN.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^( *)```\n(.*?)^\1```$", text, re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 5
    with client(config) as browser:
        page = html.unescape(browser.get("/huong-dan/").text)
    shown = re.findall(r"<pre[^>]*>(.*?)</pre>", page, re.DOTALL)
    for indent, block in blocks:
        lines = "\n".join(line.removeprefix(indent) for line in block.splitlines())
        assert any(lines in re.sub(r"<[^>]+>", "", pre) for pre in shown), lines
