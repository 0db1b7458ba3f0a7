"""Saving from the studio: only the changed lines, the change note, edits elsewhere, undo,
add and remove, and an overlay commune's override dropped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from outreach.catalogue.project import load_project
from studio_support import client, form_of, new_project, token_of

CODE = "1.001193"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    config = new_project(tmp_path / "xa")
    path = config.parent / "procedures.yaml"
    path.write_text("# Danh mục của xã: cán bộ ghi chú ở đây\n" + path.read_text("utf-8"),
                    encoding="utf-8")
    return config


@pytest.fixture
def studio(project: Path):
    return client(project, secret="s" * 64)


def lines(project: Path) -> list[str]:
    return (project.parent / "procedures.yaml").read_text("utf-8").splitlines()


def save(studio, data: dict, code: str = CODE):
    return studio.post(f"/thu-tuc/{code}/", data={**data, "action": "save"},
                       follow_redirects=False)


def test_saving_one_field_changes_only_its_line_and_the_project_still_loads(studio, project):
    before = lines(project)
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data["time"] = "03 ngày làm việc"
    response = save(studio, data)
    assert response.status_code == 303, response.text[:3000]
    after = lines(project)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].endswith("03 ngày làm việc")
    assert after[0] == "# Danh mục của xã: cán bộ ghi chú ở đây"
    assert load_project(project).by_code[CODE].time == "03 ngày làm việc"
    page = studio.get(f"/thu-tuc/{CODE}/").text
    assert "Đã lưu" in page


def test_each_kind_of_field_saves_and_comes_back_as_typed(studio, project):
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data.update({"fee.mode": "province", "fee.amount": "", "documents.2": "Giấy tờ mới",
                 "steps.0.detail": "Chi tiết **bước** một", "verified": "2026-12-01",
                 "where": ["online"], "keywords.0": "khai sinh mới"})
    assert save(studio, data).status_code == 303
    p = load_project(project).by_code[CODE]
    assert p.fee.set_by == "province" and p.fee.amount is None
    assert p.documents[-1] == "Giấy tờ mới"
    assert p.steps[0].detail == "Chi tiết **bước** một"
    assert str(p.verified) == "2026-12-01" and p.where == ["online"]
    assert p.keywords[0] == "khai sinh mới"
    again = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    assert "Chưa có thay đổi nào" in studio.post(f"/thu-tuc/{CODE}/thay-doi", data=again).text


def test_a_big_change_leaves_its_note_for_the_page(studio, project):
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data.update({"fee.amount": "5000", "major": "1",
                 "major_note": "Lệ phí mới theo nghị quyết của tỉnh."})
    assert save(studio, data).status_code == 303
    updated = load_project(project).by_code[CODE].updated
    assert updated is not None and updated.note == "Lệ phí mới theo nghị quyết của tỉnh."


def test_another_record_edited_on_disk_meanwhile_is_kept(studio, project):
    path = project.parent / "procedures.yaml"
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    path.write_text(path.read_text("utf-8").replace(
        "Chứng thực bản sao từ bản chính", "Chứng thực bản sao từ bản gốc"), "utf-8")
    data["time"] = "03 ngày làm việc"
    assert save(studio, data).status_code == 303
    text = path.read_text("utf-8")
    assert "Chứng thực bản sao từ bản gốc" in text and "03 ngày làm việc" in text


def test_the_same_record_edited_on_disk_is_a_conflict_showing_both(studio, project):
    path = project.parent / "procedures.yaml"
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    old_time = data["time"]
    path.write_text(path.read_text("utf-8").replace(old_time, "07 ngày làm việc"), "utf-8")
    on_disk = path.read_bytes()
    data["time"] = "03 ngày làm việc"
    response = save(studio, data)
    assert response.status_code == 409
    assert "07 ngày làm việc" in response.text and "03 ngày làm việc" in response.text
    assert path.read_bytes() == on_disk


def test_undo_puts_back_the_file_as_it_was(studio, project):
    path = project.parent / "procedures.yaml"
    before = path.read_bytes()
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data["time"] = "03 ngày làm việc"
    assert save(studio, data).status_code == 303
    page = studio.get(f"/thu-tuc/{CODE}/").text
    undo = studio.post("/hoan-tac", data={"csrftoken": token_of(page)}, follow_redirects=True)
    assert "Đã hoàn tác" in undo.text
    assert path.read_bytes() == before


def test_a_procedure_is_added_and_removed(studio, project):
    page = studio.get("/thu-tuc/moi").text
    data = form_of(page)
    data.update({"code": "1.000893", "name": "Đăng ký kết hôn", "field": "Hộ tịch",
                 "level": data.get("level") or "toan-trinh",
                 "summary": "Hai bạn đăng ký kết hôn.", "time": "Ngay trong ngày",
                 "fee.amount": "0", "documents.0": "Tờ khai đăng ký kết hôn",
                 "steps.0.title": "Nộp tờ khai", "result": "Giấy chứng nhận kết hôn",
                 "legal_basis.0": "Luật Hộ tịch 2014",
                 "source": "https://dichvucong.gov.vn", "action": "save"})
    levels = load_project(project).levels
    data["level"] = next(iter(levels))
    response = studio.post("/thu-tuc/moi", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text[:3000]
    assert "1.000893" in load_project(project).by_code
    duplicate = studio.post("/thu-tuc/moi", data=data)
    assert duplicate.status_code == 422 and "đã có trong danh mục" in duplicate.text
    confirm = studio.get("/thu-tuc/1.000893/xoa").text
    gone = studio.post("/thu-tuc/1.000893/xoa", data={"csrftoken": token_of(confirm)},
                       follow_redirects=False)
    assert gone.status_code == 303
    assert "1.000893" not in load_project(project).by_code


def test_a_commune_override_is_shown_and_dropped_back_to_the_province_value(tmp_path):
    province = tmp_path / "province"
    shutil.copytree(REPO / "examples" / "province", province,
                    ignore=shutil.ignore_patterns(".cache", "site"))
    config = sorted((province / "communes").glob("*/mkdocs.yml"))[0]
    studio = client(config, secret="s" * 64)
    assert row_of(studio.get("/thu-tuc/").text, CODE).count("Xã đã sửa riêng") == 1
    page = studio.get(f"/thu-tuc/{CODE}/").text
    assert "Theo danh mục tỉnh" in page and "Xã đã sửa riêng" in page
    field = page.split('formaction="/thu-tuc/1.001193/khoi-phuc"')[1].split('value="')[1]
    field = field.split('"')[0]
    base = yaml.safe_load((province / "base" / "procedures.yaml").read_text("utf-8"))
    base_record = next(p for p in base["procedures"] if p["code"] == CODE)
    response = studio.post(f"/thu-tuc/{CODE}/khoi-phuc",
                           data={"csrftoken": token_of(page), "field": field},
                           follow_redirects=False)
    assert response.status_code == 303
    restored = studio.get(f"/thu-tuc/{CODE}/").text
    assert "Xã đã sửa riêng" not in restored
    assert "Xã đã sửa riêng" not in row_of(studio.get("/thu-tuc/").text, CODE)
    now = load_project(config).by_code[CODE].model_dump(mode="json", by_alias=True)
    assert now[field] == json.loads(json.dumps(base_record[field], default=str))


def row_of(page: str, code: str) -> str:
    """The list's table row of one procedure."""
    return next(row for row in page.split("<tr")[1:] if f'href="/thu-tuc/{code}/"' in row)


def test_the_list_tells_a_commune_s_own_records_from_the_province_s(tmp_path):
    province = tmp_path / "province"
    shutil.copytree(REPO / "examples" / "province", province,
                    ignore=shutil.ignore_patterns(".cache", "site"))
    config = sorted((province / "communes").glob("*/mkdocs.yml"))[0]
    own = config.parent / "procedures.yaml"
    base = yaml.safe_load((province / "base" / "procedures.yaml").read_text("utf-8"))
    record = {**base["procedures"][0], "code": "9.000001", "name": "Thủ tục riêng của xã"}
    added = yaml.safe_dump([record], allow_unicode=True, sort_keys=False)
    own.write_text(own.read_text("utf-8").rstrip("\n") + "\n"
                   + "".join("  " + line for line in added.splitlines(True)), "utf-8")
    page = client(config, secret="s" * 64).get("/thu-tuc/").text
    assert "Xã tự thêm" in row_of(page, "9.000001")
    mine = yaml.safe_load(own.read_text("utf-8"))["procedures"]
    untouched = {p["code"] for p in base["procedures"]} - {p["code"] for p in mine}
    assert untouched
    for code in untouched:  # the province's records as they are carry neither badge
        assert "Xã tự thêm" not in row_of(page, code)
        assert "Xã đã sửa riêng" not in row_of(page, code)


def test_the_same_form_posted_twice_saves_once(studio, project):
    data = form_of(studio.get(f"/thu-tuc/{CODE}/").text)
    data["time"] = "03 ngày làm việc"
    assert save(studio, data).status_code == 303
    saved = (project.parent / "procedures.yaml").read_bytes()
    again = save(studio, data)
    assert again.status_code == 303
    assert "Không có gì thay đổi" in studio.get(again.headers["location"]).text
    assert (project.parent / "procedures.yaml").read_bytes() == saved


def test_a_catalogue_broken_on_disk_is_explained_and_the_studio_keeps_running(studio, project):
    path = project.parent / "procedures.yaml"
    good = path.read_text("utf-8")
    path.write_text(good.replace("procedures:", "procedures:\n  - code: [", 1), "utf-8")
    page = studio.get("/thu-tuc/")
    assert page.status_code == 200
    assert "Không đọc được danh mục" in page.text and "procedures.yaml:" in page.text
    path.write_text(good, "utf-8")
    assert "Đăng ký khai sinh" in studio.get("/thu-tuc/").text


def voice_wav() -> bytes:
    """Two seconds of a modulated tone: audible, not clipped, well under a slot."""
    import io

    import numpy as np
    import soundfile as sf

    rate = 44100
    t = np.arange(rate * 2) / rate
    tone = (0.3 * np.sin(2 * np.pi * 220 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t)))
    buffer = io.BytesIO()
    sf.write(buffer, tone.astype(np.float32), rate, format="WAV")
    return buffer.getvalue()


def test_a_refused_notice_leaves_no_uploaded_recording_behind(studio, project):
    page = studio.get("/thong-bao/moi").text
    response = studio.post("/thong-bao/moi", data={
        "csrftoken": token_of(page), "kind": "broadcast", "title": "",
        "date": "2026-12-07", "body": "Bà con chú ý."},
        files={"recording": ("Giọng đọc.wav", voice_wav(), "audio/wav")})
    assert response.status_code == 422
    assert not list((project.parent / "audio").rglob("*.wav"))


def test_a_staff_recording_is_checked_stored_under_an_ascii_name_and_named_in_the_notice(
        studio, project):
    page = studio.get("/thong-bao/moi").text
    response = studio.post("/thong-bao/moi", data={
        "csrftoken": token_of(page), "kind": "broadcast", "title": "Lịch tiêm chủng",
        "date": "2026-12-07", "body": "Bà con chú ý lịch tiêm chủng.",
        "broadcast.days": ["T2", "T5"], "broadcast.times": "06:00\n17:30"},
        files={"recording": ("Giọng đọc cô Lan.wav", voice_wav(), "audio/wav")},
        follow_redirects=False)
    assert response.status_code == 303, response.text[:3000]
    stored = project.parent / "audio" / "recordings" / "giong-doc-co-lan.wav"
    assert stored.is_file()
    notice = load_project(project).announcements
    aired = next(a for a in notice if a.front.title == "Lịch tiêm chủng")
    assert aired.front.recording == "audio/recordings/giong-doc-co-lan.wav"
    assert aired.front.broadcast.times == ["06:00", "17:30"]
    page = studio.get(response.headers["location"]).text
    assert "Đang dùng bản ghi: Giọng đọc cô Lan.wav" in page  # the name staff gave it
