"""Weekly schedule: day/time reading, bad input with file:line, slot playlists, iCalendar, page."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest
from pytest_socket import disable_socket, enable_socket

from outreach.artifacts import Cache
from outreach.build import BuildOptions, build_site
from outreach.catalogue.broadcast import parse_day, parse_time
from outreach.catalogue.project import load_project
from outreach.errors import InvalidInput
from outreach.scaffold import scaffold
from outreach.speech import build_audio
from outreach.speech.schedule import build_schedule, fold

TODAY = dt.date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize("text,weekday", [
    ("thứ hai", 0), ("Thứ Hai", 0), ("thu hai", 0), ("THU HAI", 0), ("T2", 0), ("t2", 0),
    ("thứ 2", 0), ("thứ ba", 1), ("thu tu", 2), ("Thứ Tư", 2), ("T5", 3), ("thứ sáu", 4),
    ("thu bay", 5), ("T7", 5), ("CN", 6), ("chủ nhật", 6), ("Chu Nhat", 6), ("chunhat", 6),
    ("thứ  năm", 3)])
def test_day_names_with_or_without_accents_or_short(text, weekday):
    assert parse_day(text) == weekday


@pytest.mark.parametrize("text", ["thứ tám", "T8", "T1", "monday", "", "hai"])
def test_unknown_days(text):
    assert parse_day(text) is None


@pytest.mark.parametrize("text,expected", [("06:00", (6, 0)), ("6:00", (6, 0)),
                                           ("17:30", (17, 30)), ("6h30", (6, 30)),
                                           ("00:00", (0, 0)), ("23:59", (23, 59))])
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "24:00", "6:60", "sáng", "6", "06:00:00", "-1:00"])
def test_impossible_times(text):
    assert parse_time(text) is None


def write_announcement(root: Path, name: str, title: str, broadcast: str, date="2026-11-20"):
    (root / "announcements" / f"{name}.md").write_text(
        f"---\nkind: broadcast\ndate: {date}\ntitle: {title}\n"
        f"broadcast: {broadcast}\n---\nBà con lưu ý nội dung {title.lower()}.\n",
        encoding="utf-8")


@pytest.fixture
def project_dir(tmp_path) -> Path:
    root = tmp_path / "xa"
    scaffold(root, "Trung Sơn", "Quảng Trị", today=TODAY)
    return root


def problems_of(root: Path) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(InvalidInput) as err:
        load_project(root / "mkdocs.yml", today=TODAY)
    return [(p.file, p.line, p.field, p.message) for p in err.value.problems]


BLOCK = "\n  repeat: 1\n  days:\n    - thứ hai\n    - {day}\n  times: [\"06:00\", {time}]\n" \
        "  from: {start}\n  until: 2026-12-31"


def test_unknown_day_bad_time_and_from_after_until_name_file_line_field(project_dir):
    write_announcement(project_dir, "sai", "Lịch sai",
                       BLOCK.format(day="thu hia", time="25:00", start="2027-01-05"))
    found = problems_of(project_dir)
    file = "announcements/sai.md"
    assert (file, 9, "broadcast.days.1",
            "không hiểu ngày “thu hia”. Có phải ý bạn là “thứ hai”? Viết thứ hai … thứ bảy, "
            "chủ nhật (có hoặc không dấu), hoặc T2 … T7, CN.") in found
    assert (file, 10, "broadcast.times.1",
            "giờ “25:00” không hợp lệ; viết giờ:phút trong ngày, từ 00:00 đến 23:59, đặt trong "
            "ngoặc kép, ví dụ \"06:00\" hoặc \"17:30\".") in found
    assert (file, 11, "broadcast.from",
            "ngày bắt đầu from (2027-01-05) sau ngày kết thúc until (2026-12-31); đổi lại cho "
            "from sớm hơn hoặc bằng until.") in found
    assert len(found) == 3


def test_days_without_times_is_an_error(project_dir):
    write_announcement(project_dir, "thieu", "Thiếu giờ", "{days: [T2]}")
    ((file, line, field, message),) = problems_of(project_dir)
    assert (file, line, field) == ("announcements/thieu.md", 5, "broadcast.times")
    assert "cần cả days và times" in message


def test_unknown_key_and_priority_out_of_range_use_the_model_messages(project_dir):
    write_announcement(project_dir, "uu-tien", "Ưu tiên", "{days: [T2], times: [\"06:00\"], "
                       "priority: 0}")
    ((file, line, field, message),) = problems_of(project_dir)
    assert (file, line, field) == ("announcements/uu-tien.md", 5, "broadcast.priority")
    assert message == "phải từ 1 trở lên, không phải 0."


def test_unquoted_time_is_read_as_written(project_dir):
    write_announcement(project_dir, "gio", "Giờ không ngoặc", "{days: [T3], times: [17:30]}")
    project = load_project(project_dir / "mkdocs.yml", today=TODAY)
    (announcement,) = [a for a in project.announcements if a.id == "gio"]
    assert announcement.front.broadcast.times == ["17:30"]


# ---------------------------------------------------------------- a real build


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory) -> tuple[Path, list, list]:
    root = tmp_path_factory.mktemp("lich") / "xa"
    scaffold(root, "Trung Sơn", "Quảng Trị", today=TODAY)
    write_announcement(root, "a-tiem-chung", "Tiêm chủng",
                       "{days: [thứ hai, T5], times: [\"06:00\", \"17:00\"], priority: 2, "
                       "from: 2026-11-01, until: 2026-12-31}")
    write_announcement(root, "b-thu-gom-rac", "Thu gom rác",
                       "{days: [thu hai], times: [\"06:00\"], priority: 1}")
    write_announcement(root, "c-het-han", "Đã hết hạn",
                       "{days: [T2], times: [\"06:00\"], until: 2026-11-20}")
    disable_socket()
    try:
        project = load_project(root / "mkdocs.yml", today=TODAY)
        only = frozenset({"a-tiem-chung", "b-thu-gom-rac", "c-het-han"})
        clips = build_audio(project, root / "out", Cache(root / ".cache"), engine="espeak",
                            only=only)
        warnings: list = []
        artifacts = build_schedule(project, root / "out", clips, warnings.append)
    finally:
        enable_socket()
    return root, artifacts, warnings


def test_one_playlist_per_slot_in_priority_order(scheduled):
    root, artifacts, warnings = scheduled
    folder = root / "out" / "phat-thanh" / "lich"
    assert sorted(p.name for p in folder.iterdir()) == [
        "thu-hai-06h00.m3u", "thu-hai-17h00.m3u", "thu-nam-06h00.m3u", "thu-nam-17h00.m3u"]
    lines = (folder / "thu-hai-06h00.m3u").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    assert lines[1] == "#PLAYLIST:Lịch phát Thứ Hai 06:00 – Đài Truyền thanh xã Trung Sơn"
    files = [line for line in lines if not line.startswith("#")]
    # priority 1 before 2; the expired one (until 20/11) is not aired on Monday 30/11
    assert files == ["../b-thu-gom-rac.mp3", "../a-tiem-chung.mp3"]
    for name in files:
        assert (folder / name).resolve().is_file()
    (monday,) = [a for a in artifacts if a.path.endswith("thu-hai-06h00.m3u")]
    assert monday.extra["airs_on"] == "2026-11-30"
    assert warnings == []


def test_calendar_is_valid_rfc5545_with_weekly_rules(scheduled):
    root, _, _ = scheduled
    raw = (root / "out" / "phat-thanh" / "lich.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert max(len(line) for line in lines) <= 75
    calendar = icalendar.Calendar.from_ical(raw)
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Asia/Ho_Chi_Minh"
    events = calendar.walk("VEVENT")
    assert len({str(e["UID"]) for e in events}) == len(events) == 4  # 2 + 1 + 1 (expired)
    morning = next(e for e in events if str(e["UID"]).startswith("a-tiem-chung-0600"))
    assert morning["RRULE"]["FREQ"] == ["WEEKLY"]
    assert morning["RRULE"]["BYDAY"] == ["MO", "TH"]
    start = morning.decoded("DTSTART")
    assert (start.date(), start.hour, start.utcoffset()) == (
        dt.date(2026, 11, 2), 6, dt.timedelta(hours=7))  # first Monday from 1/11
    until = morning["RRULE"]["UNTIL"][0]
    assert until == dt.datetime(2026, 12, 31, 16, 59, 59, tzinfo=dt.timezone.utc)
    assert "DTSTAMP" in morning and str(morning["SUMMARY"]) == "Tiêm chủng"
    assert morning.decoded("DURATION").total_seconds() > 10


def test_long_lines_fold_without_splitting_a_character():
    line = "SUMMARY:" + "Thông báo về việc tiêm chủng mở rộng cho trẻ em dưới năm tuổi " * 3
    folded = fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert all(p.startswith(b" ") for p in parts[1:])
    assert "".join(p.decode("utf-8")[1:] if i else p.decode("utf-8")
                   for i, p in enumerate(parts)) == line


def test_overflowing_slot_is_warned_and_keeps_what_fits(scheduled, tmp_path):
    root, _, _ = scheduled
    copy = tmp_path / "xa"
    shutil.copytree(root, copy)
    text = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    (copy / "mkdocs.yml").write_text(text.replace("slot_minutes: 15", "slot_minutes: 0.5"),
                                     encoding="utf-8")
    project = load_project(copy / "mkdocs.yml", today=TODAY)
    only = frozenset({"a-tiem-chung", "b-thu-gom-rac"})
    disable_socket()
    try:
        clips = build_audio(project, copy / "out", Cache(copy / ".cache"), engine="espeak",
                            only=only)
    finally:
        enable_socket()
    durations = {a.source: a.extra["duration_s"] for a in clips if a.kind == "clip"}
    assert durations["b-thu-gom-rac"] < 30 < sum(durations.values())
    warnings: list = []
    build_schedule(project, copy / "out", clips, warnings.append)
    monday = (copy / "out/phat-thanh/lich/thu-hai-06h00.m3u").read_text(encoding="utf-8")
    assert "b-thu-gom-rac.mp3" in monday and "a-tiem-chung.mp3" not in monday
    assert any(w.file == "phat-thanh/lich/thu-hai-06h00.m3u" and "“Tiêm chủng”" in w.message
               and "không vừa khung 0.5 phút" in w.message for w in warnings)


def test_site_has_the_week_view_page_in_the_broadcast_section(scheduled, tmp_path):
    root, _, _ = scheduled
    copy = tmp_path / "xa"
    shutil.copytree(root, copy)
    disable_socket()
    try:
        site = build_site(copy / "mkdocs.yml", BuildOptions(print=False, engine="espeak"))
    finally:
        enable_socket()
    html = (site / "nghe-phat-thanh" / "lich" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Lịch phát thanh" in html
    header = html[html.index("<thead>"): html.index("</thead>")]
    for day in ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"):
        assert day in header
    row = next(r for r in html.split("<tr>") if "<strong>06:00</strong>" in r)
    cells = row.split("<td")[1:]
    assert "Thu gom rác" in cells[1] and "Tiêm chủng" in cells[1]  # Monday, priority order
    assert cells[1].index("Thu gom rác") < cells[1].index("Tiêm chủng")
    assert "Tiêm chủng" in cells[4] and "Thu gom rác" not in cells[4]  # Thursday
    assert "–" in cells[2]  # Tuesday: nothing
    assert 'href="../../phat-thanh/lich.ics"' in html
    assert (site / "phat-thanh" / "lich" / "thu-hai-06h00.m3u").is_file()
    broadcast = (site / "nghe-phat-thanh" / "index.html").read_text(encoding="utf-8")
    assert 'href="lich/"' in broadcast
