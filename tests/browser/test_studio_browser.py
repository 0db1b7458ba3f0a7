"""The staff studio in Debian's chromium, on a commune made by `outreach new`: accessibility,
keyboard-only editing, round-trip saves, edits made elsewhere, and typed markup that never
runs. The studio is served by uvicorn on 127.0.0.1, as `outreach studio` serves it."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from browser_support import DESKTOP, PHONE, axe_violations, describe, open_context, watch
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser]

CODE = "1.001193"
TESTS = Path(__file__).resolve().parents[1]
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    sys.path.insert(0, str(TESTS))
    from studio_support import new_project

    return new_project(tmp_path / "xa")


@pytest.fixture
def studio_url(project: Path):
    """`outreach studio` for the project, on a free port of 127.0.0.1, in this process."""
    import socket

    import uvicorn

    from outreach.studio.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(project, host="127.0.0.1"), host="127.0.0.1",
                            port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def studio(browser, traffic):
    # axe is injected as an inline script, which the studio's CSP would (rightly) refuse.
    context = open_context(browser, traffic, bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    watch(page, traffic)
    yield page
    context.close()


def pwned(page) -> bool:
    return bool(page.evaluate("() => window.__pwned === 1"))


@pytest.mark.parametrize("path", ["/thu-tuc/", f"/thu-tuc/{CODE}/", "/thong-bao/moi"])
def test_axe_finds_no_serious_violation_in_the_list_form_and_compose(studio, studio_url, path,
                                                                     traffic):
    import os

    studio.goto(studio_url + path)
    violations = axe_violations(studio)
    assert violations == [], describe(violations)
    assert traffic.errors == [] and traffic.foreign == []
    folder = os.environ.get("OUTREACH_STUDIO_SHOTS")
    if folder:  # the screenshots the report shows (looked at, not compared)
        name = {"/thu-tuc/": "list", "/thong-bao/moi": "compose"}.get(path, "form")
        for label, size in (("390", PHONE), ("1280", DESKTOP)):
            studio.set_viewport_size(size)
            studio.screenshot(path=f"{folder}/{name}-{label}.png")  # the first screen
            studio.screenshot(path=f"{folder}/{name}-{label}-full.png", full_page=True)


@pytest.mark.parametrize("width", [390, 360])
def test_on_a_phone_the_header_is_two_rows_and_nothing_scrolls_sideways(studio, studio_url,
                                                                         width):
    studio.set_viewport_size({"width": width, "height": 800})
    studio.goto(f"{studio_url}/thu-tuc/")
    menu_tops = studio.eval_on_selector_all(
        ".top nav li", "items => items.map(i => Math.round(i.getBoundingClientRect().top))")
    assert len(menu_tops) == 4 and len(set(menu_tops)) == 1, menu_tops  # one row of four
    brand, undo = (studio.locator(s).bounding_box() for s in (".brand", ".top .undo button"))
    assert brand and undo and abs(brand["y"] - undo["y"]) < brand["height"]  # side by side
    assert studio.evaluate("document.documentElement.scrollWidth") <= width


def test_typed_markup_never_runs_in_the_studio_or_its_page_preview(studio, studio_url, traffic):
    studio.goto(f"{studio_url}/thu-tuc/{CODE}/")
    studio.get_by_label("Tên thủ tục", exact=True).fill("")  # an error: the form comes back
    studio.get_by_label("Thời hạn giải quyết").fill(PAYLOAD)
    studio.get_by_role("button", name="Lưu", exact=True).click()
    studio.wait_for_selector(".error-summary")
    # GOV.UK: the summary takes focus, and its links lead to the fields.
    assert studio.evaluate("document.activeElement.classList.contains('error-summary')")
    assert studio.get_by_label("Thời hạn giải quyết").input_value() == PAYLOAD
    assert not pwned(studio)
    studio.goto(f"{studio_url}/thong-bao/moi")
    studio.get_by_label("Nội dung", exact=True).fill("**Họp** " + PAYLOAD)
    studio.wait_for_selector("#body-preview strong")
    assert not pwned(studio)
    # The page preview of an edited field, as citizens would see it.
    studio.goto(f"{studio_url}/thu-tuc/{CODE}/")
    studio.get_by_label("Thời hạn giải quyết").fill(PAYLOAD)
    with studio.context.expect_page() as opened:
        studio.get_by_role("button", name="Xem trang").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert "/xem-truoc/trang/thu-tuc/1-001193/" in preview.url
    assert PAYLOAD in preview.inner_text("article")
    assert not pwned(preview)
    assert traffic.dialogs == []


def test_the_form_is_usable_by_keyboard_alone(studio, studio_url, project):
    """Search, open a record, move a list item, see the old -> new list, save with Enter and
    undo: keys only (focus moves as Tab would take it, the actions are key presses)."""
    studio.goto(f"{studio_url}/thu-tuc/")
    studio.keyboard.press("Tab")  # the skip link comes first
    assert studio.evaluate("document.activeElement.textContent").startswith("Bỏ qua")
    studio.focus("#q")
    studio.keyboard.type("khai sinh")
    studio.keyboard.press("Enter")
    studio.wait_for_url(re.compile(r"q=khai"))
    studio.get_by_role("link", name="Đăng ký khai sinh").focus()
    studio.keyboard.press("Enter")
    studio.wait_for_url(f"**/thu-tuc/{CODE}/")
    second = studio.locator("#f-documents-1").input_value()
    studio.locator("#f-documents li").nth(1).locator("[data-move=up]").focus()
    studio.keyboard.press("Enter")
    assert studio.locator("#f-documents-0").input_value() == second
    assert studio.evaluate("document.activeElement.tagName") in ("BUTTON", "INPUT")
    studio.locator("#f-time").focus()
    studio.keyboard.type(" (đã sửa)")
    expect(studio.locator("[data-changes]")).to_contain_text("Thời hạn giải quyết")
    before = (project.parent / "procedures.yaml").read_text("utf-8")
    studio.keyboard.press("Enter")  # Enter in a field saves (never a list's "Xóa")
    studio.wait_for_selector(".flash")
    saved = (project.parent / "procedures.yaml").read_text("utf-8")
    assert saved != before and "(đã sửa)" in saved
    studio.get_by_role("button", name="Hoàn tác").focus()
    studio.keyboard.press("Enter")
    studio.wait_for_selector("text=Đã hoàn tác")
    assert (project.parent / "procedures.yaml").read_text("utf-8") == before


def test_one_field_saved_changes_only_its_lines_keeps_comments_and_passes_check(
        studio, studio_url, project):
    path = project.parent / "procedures.yaml"
    path.write_text("# Ghi chú của cán bộ: giữ nguyên\n" + path.read_text("utf-8"), "utf-8")
    before = path.read_text("utf-8").splitlines()
    studio.goto(f"{studio_url}/thu-tuc/{CODE}/")
    studio.get_by_label("Thời hạn giải quyết").fill("03 ngày làm việc")
    studio.get_by_label("Thời hạn giải quyết").press("Enter")  # Enter saves
    studio.wait_for_selector(".flash")
    after = path.read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and "03 ngày làm việc" in changed[0][1]
    assert after[0] == "# Ghi chú của cán bộ: giữ nguyên"
    check = subprocess.run([sys.executable, "-m", "outreach.cli", "check", "-f", str(project)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_edit_made_on_disk_while_the_form_is_open_is_not_lost(studio, studio_url, project):
    path = project.parent / "procedures.yaml"
    studio.goto(f"{studio_url}/thu-tuc/{CODE}/")
    studio.get_by_label("Thời hạn giải quyết").fill("03 ngày làm việc")
    text = path.read_text("utf-8")  # a text editor changes another record meanwhile
    path.write_text(text.replace("Chứng thực bản sao từ bản chính",
                                 "Chứng thực bản sao từ bản gốc"), "utf-8")
    studio.get_by_role("button", name="Lưu", exact=True).click()
    studio.wait_for_load_state()
    saved = path.read_text("utf-8")
    assert "03 ngày làm việc" in saved and "Chứng thực bản sao từ bản gốc" in saved
    # The same record edited elsewhere: refused, both versions shown, nothing written.
    studio.goto(f"{studio_url}/thu-tuc/{CODE}/")
    studio.get_by_label("Thời hạn giải quyết").fill("05 ngày làm việc")
    path.write_text(saved.replace("03 ngày làm việc", "04 ngày làm việc"), "utf-8")
    studio.get_by_role("button", name="Lưu", exact=True).click()
    studio.wait_for_selector("text=Tệp đã bị sửa ở nơi khác")
    assert "04 ngày làm việc" in studio.inner_text("main")
    assert "05 ngày làm việc" in studio.inner_text("main")
    assert "05 ngày" not in path.read_text("utf-8")


def test_a_notice_composed_in_the_form_prints_with_its_title(studio, studio_url, project):
    import pdfplumber

    title = "Thông báo lịch tiếp công dân tháng Một"
    studio.goto(f"{studio_url}/thong-bao/moi")
    studio.get_by_label("Tiêu đề").fill(title)
    studio.get_by_label("Số", exact=True).fill("05/TB-UBND")
    studio.get_by_label("Chức vụ").fill("CHỦ TỊCH")
    studio.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    body = studio.get_by_label("Nội dung", exact=True)
    body.fill("Ủy ban nhân dân xã tiếp công dân vào **thứ Năm**.")
    studio.get_by_role("button", name="Lưu", exact=True).click()
    studio.wait_for_selector(".flash")
    with studio.context.expect_page() as opened:
        studio.get_by_role("button", name="Xem bản in").click()
    printed = opened.value
    printed.wait_for_load_state()
    href = printed.get_attribute("a[download]", "href")
    pdf = printed.request.get(printed.url.split("/thong-bao")[0].split("/xem-truoc")[0] + href)
    pdf_path = project.parent / "notice.pdf"
    pdf_path.write_bytes(pdf.body())
    with pdfplumber.open(pdf_path) as document:
        text = " ".join((p.extract_text() or "") for p in document.pages)
    assert title.upper() in text.upper()


def test_dung_trang_builds_and_typed_markup_never_runs_on_the_built_site(studio, studio_url,
                                                                         project, traffic):
    config = project.read_text("utf-8")  # pages only: this test is about the web pages
    project.write_text(config.replace("print: true", "print: false")
                       .replace("speech: true", "speech: false"), "utf-8")
    studio.goto(f"{studio_url}/thu-tuc/{CODE}/")
    studio.get_by_label("Thời hạn giải quyết").fill(PAYLOAD)
    studio.get_by_label("Thời hạn giải quyết").press("Enter")
    studio.wait_for_selector(".flash")
    studio.get_by_role("link", name="Dựng trang").click()
    studio.get_by_role("button", name="Dựng trang").click()
    studio.wait_for_selector("text=Đã dựng xong", timeout=240_000)
    assert "Trang web" in studio.inner_text("table.summary")
    with studio.context.expect_page() as opened:
        studio.get_by_role("link", name="Mở trang web").click()
    site = opened.value
    site.wait_for_load_state()
    site.goto(f"{studio_url}/trang-web/thu-tuc/1-001193/")
    assert PAYLOAD in site.inner_text("article")
    assert not pwned(site) and traffic.dialogs == []
