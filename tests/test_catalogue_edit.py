"""Round-trip edits of procedures.yaml and announcement files (catalogue/edit.py).

The sweep: every shipped catalogue read and written back with no change is byte-identical,
and each kind of field changed once on a real record changes only that field's lines.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
import yaml

from outreach.catalogue import edit
from outreach.catalogue.announcements import read_source
from outreach.catalogue.load import load_catalogue
from outreach.catalogue.overlay import explain, load_merged
from outreach.catalogue.yamlfile import ChunkedParser, parse_yaml
from project_support import REPO

TODAY = dt.date(2026, 12, 7)
REFERENCE = REPO / "procedures.yaml"
COMMUNE = REPO / "examples" / "province" / "communes" / "xa-cua-viet" / "procedures.yaml"
SHIPPED = sorted({REFERENCE, REPO / "scripts" / "outreach" / "scaffold" / "procedures.yaml",
                  *REPO.glob("examples/province/**/procedures.yaml"),
                  *REPO.glob("tests/**/procedures*.yaml")})


def shipped_id(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def changed_lines(old: str, new: str) -> tuple[set[int], set[int]]:
    """1-based numbers of the lines that differ, in the old and in the new text.

    autojunk off: with it, difflib treats lines repeated in every record (`    fee:`) as junk
    and reports them changed."""
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    gone: set[int] = set()
    came: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            gone |= set(range(i1 + 1, i2 + 1))
            came |= set(range(j1 + 1, j2 + 1))
    return gone, came


def field_lines(text: str, code: str, field: str) -> set[int]:
    """The lines that hold `field` of procedure `code` (empty when it has none)."""
    located = parse_yaml(text, "procedures.yaml")
    items = located.data["procedures"]
    index = next(i for i, p in enumerate(items) if p.get("code") == code)
    starts = sorted((located.lines[("procedures", index, key)], key) for key in items[index])
    lines = text.splitlines()
    for position, (start, key) in enumerate(starts):
        if key != field:
            continue
        if position + 1 < len(starts):
            end = starts[position + 1][0] - 1
        else:
            end = start
            while end < len(lines) and lines[end].startswith(" " * 6):
                end += 1
        return set(range(start, end + 1))
    return set()


def load(text: str):
    """The text as plain data, read by PyYAML (YAML 1.1, as our loader reads it)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def record_of(text: str, code: str) -> dict:
    return next(p for p in load(text)["procedures"] if p["code"] == code)


# ---- the sweep: no change, no difference -------------------------------------------------

def imported_catalogue(folder: Path) -> Path:
    """The base catalogue `outreach import` writes (PyYAML's yaml.dump: lists at column 0,
    long values folded at 100 columns), from the province list test_import.py builds."""
    from click.testing import CliRunner

    from outreach.cli import main
    from test_import import province_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    output = folder / "procedures.yaml"
    result = CliRunner().invoke(main, ["import", str(province_xlsx(folder / "tinh.xlsx")),
                                       "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output


def assert_whole_file_round_trips(text: str) -> None:
    assert edit._dump(edit._yaml(edit._seq_offset(text)),
                      edit._yaml(edit._seq_offset(text)).load(text)) == text


def assert_every_record_round_trips(text: str) -> None:
    found = edit.layout(text)
    assert found is not None, "every shipped catalogue can be cut into records"
    assert "".join(found.lines) == text
    assert found.records
    for record in found.records:
        lines = edit._edit_record(found.lines, record, found.indent, lambda item: None)
        assert lines == found.lines[record.start:record.end], record.code


@pytest.mark.parametrize("path", SHIPPED, ids=shipped_id)
def test_whole_file_round_trip_is_byte_identical(path: Path):
    assert_whole_file_round_trips(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SHIPPED, ids=shipped_id)
def test_every_record_round_trips_byte_identical(path: Path):
    assert_every_record_round_trips(path.read_text(encoding="utf-8"))


def test_an_imported_catalogue_round_trips_byte_identical(tmp_path: Path):
    text = imported_catalogue(tmp_path).read_text(encoding="utf-8")
    assert "\n- code: " in text  # the list at column 0, as yaml.dump writes it
    assert_every_record_round_trips(text)


def test_shipped_catalogues_are_all_swept():
    names = {shipped_id(p) for p in SHIPPED}
    assert {"procedures.yaml", "scripts/outreach/scaffold/procedures.yaml",
            "examples/province/base/procedures.yaml"} <= names
    assert len([n for n in names if n.startswith("examples/province/communes/")]) >= 3


def test_setting_a_field_to_its_current_value_changes_nothing():
    text = REFERENCE.read_text(encoding="utf-8")
    record = record_of(text, "1.001193")
    same = edit.set_fields(text, "1.001193", {k: v for k, v in record.items() if k != "code"},
                           path=REFERENCE, today=TODAY)
    assert same == text


# ---- each kind of field, once, on a real record -------------------------------------------

CODE = "1.001193"
KINDS = {
    "text": {"name": "Đăng ký khai sinh cho trẻ"},
    "text that YAML 1.1 misreads": {"time": "18:30"},
    "optional text removed": {"audience": None},
    "optional text added": {"audience": "Cha mẹ"},
    "fee amount": {"fee": {"amount": 8000, "note": "Lệ phí mới"}},
    "fee set by the province": {"fee": {"set_by": "province", "note": "Hỏi tại xã"}},
    "block list: one item changed": {"documents": [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh do cơ sở y tế cấp; nếu sinh ở nhà thì văn bản của người làm chứng "
        "hoặc giấy cam đoan về việc sinh",
        "Giấy tờ tùy thân của người đi đăng ký (thẻ căn cước/căn cước công dân, hộ chiếu)",
        "Văn bản ủy quyền có chứng thực nếu nhờ người khác đi đăng ký (ông, bà, anh, chị "
        "ruột không cần)"]},
    "flow list": {"keywords": ["khai sinh", "giấy khai sinh"]},
    "choices": {"where": ["online", "one_stop_desk"]},
    "steps": {"steps": [{"title": "Đăng nhập Cổng Dịch vụ công quốc gia",
                         "detail": "Dùng tài khoản VNeID mức độ 2."},
                        {"title": "Nộp hồ sơ"}]},
    "legal basis": {"legal_basis": ["Luật Hộ tịch 2014"]},
    "announced changes": {"changes": [{"from": dt.date(2027, 4, 1), "summary": "Luật mới.",
                                       "legal_basis": ["Luật Hộ tịch 03/2026/QH16"]}]},
    "date": {"verified": dt.date(2026, 12, 5)},
    "long text": {"checked": "đối chiếu lại ngày 05/12/2026"},
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_one_field_changes_only_its_own_lines(kind: str):
    text = REFERENCE.read_text(encoding="utf-8")
    changes = KINDS[kind]
    new = edit.set_fields(text, CODE, changes, path=REFERENCE, today=TODAY)
    gone, came = changed_lines(text, new)
    assert gone or came, "the edit changed something"
    (field,) = changes
    assert gone <= field_lines(text, CODE, field), sorted(gone)
    assert came <= field_lines(new, CODE, field), sorted(came)
    # Read back by our own loader, the field holds exactly what was set.
    expected = changes[field]
    after = record_of(new, CODE).get(field)
    if field == "fee":
        assert after == expected
    elif field == "steps":
        assert after == [{"title": s["title"], **({"detail": s["detail"]} if "detail" in s
                                                   else {})} for s in expected]
    else:
        assert after == expected


@pytest.mark.parametrize("changes", [{"time": "02 ngày làm việc"},
                                     {"legal_basis": ["Luật Hộ tịch 2014"]}], ids=str)
def test_an_edit_of_an_imported_catalogue_changes_only_its_lines(tmp_path: Path, changes):
    path = imported_catalogue(tmp_path)
    # A base made by `outreach import` has no office (each commune's file gives it): add one
    # after the records so the file validates on its own, in the same column-0 style.
    scaffold = (REPO / "scripts" / "outreach" / "scaffold" / "procedures.yaml").read_text(
        encoding="utf-8")
    office = yaml.dump({"office": load(scaffold)["office"]}, allow_unicode=True,
                       sort_keys=False, width=100)
    text = path.read_text(encoding="utf-8") + office
    assert any(line.startswith("    ") and ":" not in line for line in text.splitlines()), \
        "a value folded onto a second line, which a whole-file round trip would unwrap"
    new = edit.set_fields(text, "1.001193", changes, path=path, today=TODAY)
    gone, came = changed_lines(text, new)
    (field,) = changes
    assert gone and gone <= field_lines(text, "1.001193", field), sorted(gone)
    assert came <= field_lines(new, "1.001193", field), sorted(came)
    assert record_of(new, "1.001193")[field] == changes[field]


def test_a_list_item_edit_keeps_the_other_items_lines():
    text = REFERENCE.read_text(encoding="utf-8")
    documents = record_of(text, CODE)["documents"]
    new = edit.set_fields(text, CODE, {"documents": [documents[0], "Giấy tờ mới", *documents[2:]]},
                          path=REFERENCE, today=TODAY)
    gone, came = changed_lines(text, new)
    assert len(gone) == 1 and len(came) == 1
    assert text.splitlines()[min(gone) - 1].endswith(documents[1])


def test_a_step_written_as_a_plain_line_stays_one():
    path = REPO / "scripts" / "outreach" / "scaffold" / "procedures.yaml"
    text = path.read_text(encoding="utf-8")
    steps = record_of(text, "2.000815")["steps"]
    assert isinstance(steps[0], str)
    found = edit.layout(text)
    index = found.find("2.000815")
    record = found.records[index]
    lines = edit._edit_record(found.lines, record, found.indent, lambda item: edit._assign(
        item, "steps", [{"title": "Mang bản chính đến"}, *({"title": s} for s in steps[1:])]))
    assert "      - Mang bản chính đến\n" in lines


# ---- comments survive -----------------------------------------------------------------------

HOTICH = "# ──────────────────────────── HỘ TỊCH ────────────────────────────"
LAST_SECTION = "# ──────────────────────────── HỘ KINH DOANH ────────────────────────────"
COMMENTS = [HOTICH, "# the birth record", "# kept beside the name",
            "# a comment inside the record, above `fee`", "# a comment above the second record",
            LAST_SECTION, "# a comment above a later top-level key"]
FIRST, SECOND, LAST = "1.001193", "2.000986", "1.001612"
OWN = {"# the birth record", "# kept beside the name", "# a comment inside the record, above `fee`"}


def commented_catalogue(tmp_path: Path) -> tuple[Path, str]:
    """The reference catalogue with more comments: beside and inside the first record, above
    the second, and above a top-level key after the list (it has section headings already)."""
    text = REFERENCE.read_text(encoding="utf-8")
    for old, new in [
            ('  - code: "1.001193"\n    name: Đăng ký khai sinh\n',
             '  - code: "1.001193"  # the birth record\n'
             '    name: Đăng ký khai sinh  # kept beside the name\n'),
            ("    fee:\n      amount: 0\n      note: Miễn lệ phí khi đăng ký đúng hạn (trong 60",
             "    # a comment inside the record, above `fee`\n"
             "    fee:\n      amount: 0\n      note: Miễn lệ phí khi đăng ký đúng hạn (trong 60"),
            ('\n  - code: "2.000986"\n',
             '\n  # a comment above the second record\n  - code: "2.000986"\n')]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    text += "\n# a comment above a later top-level key\nchanges: []\n"
    path = tmp_path / "procedures.yaml"
    path.write_text(text, encoding="utf-8")
    load_catalogue(path, today=TODAY)
    return path, text


def test_comments_survive_an_edit_an_add_and_a_delete(tmp_path: Path):
    path, text = commented_catalogue(tmp_path)
    edited = edit.set_fields(text, FIRST, {"name": "Khai sinh", "time": "2 ngày",
                                           "fee": {"amount": 0, "note": "Miễn"}},
                             path=path, today=TODAY)
    assert '  - code: "1.001193"  # the birth record\n    name: Khai sinh  # kept beside ' \
           'the name\n' in edited
    for comment in COMMENTS:
        assert edited.count(comment) == 1, comment
    record = record_of(text, SECOND) | {"code": "1.999999", "name": "Thủ tục mới"}
    added = edit.add_procedure(edited, record, path=path, today=TODAY)
    for comment in COMMENTS:
        assert added.count(comment) == 1, comment
    assert added.index(LAST) < added.index("1.999999") < added.index("changes: []")
    gone, came = changed_lines(edited, added)
    assert not gone
    for code in (FIRST, SECOND, LAST):
        removed = edit.remove_procedure(added, code, path=path, today=TODAY)
        for comment in COMMENTS:
            if code != FIRST or comment not in OWN:
                assert removed.count(comment) == 1, (code, comment)
        assert f'code: "{code}"' not in removed
        gone, came = changed_lines(added, removed)
        assert not came, "a delete only removes lines"
        assert "\n\n\n" not in removed


def test_a_deleted_field_leaves_the_comment_above_the_next_field():
    text = REFERENCE.read_text(encoding="utf-8")
    audience = f"    audience: {record_of(text, CODE)['audience']}\n"
    text = text.replace(audience, audience + "    # về thời hạn: xem luật\n", 1)
    new = edit.set_fields(text, CODE, {"audience": None}, path=REFERENCE, today=TODAY)
    assert "    # về thời hạn: xem luật\n    time:" in new
    gone, came = changed_lines(text, new)
    assert not came and [text.splitlines()[n - 1] for n in gone] == [audience.rstrip("\n")]


def test_a_delete_keeps_the_heading_above_the_next_record(tmp_path: Path):
    path, text = commented_catalogue(tmp_path)
    removed = edit.remove_procedure(text, FIRST, path=path, today=TODAY)
    assert f"  {HOTICH}\n\n  # a comment above the second record\n  - code: \"2.000986\"" \
        in removed or f"  {HOTICH}\n  # a comment above the second record\n" in removed
    removed = edit.remove_procedure(text, LAST, path=path, today=TODAY)
    assert removed.endswith(f"  {LAST_SECTION}\n\n# a comment above a later top-level key\n"
                            "changes: []\n")


def test_move_changes_the_order_and_nothing_else(tmp_path: Path):
    path, text = commented_catalogue(tmp_path)
    codes = [p["code"] for p in load(text)["procedures"]]
    moved = edit.move_procedure(text, LAST, 0, path=path, today=TODAY)
    assert [p["code"] for p in load(moved)["procedures"]] == [LAST, *codes[:-1]]
    assert sorted(moved.splitlines()) == sorted(text.splitlines())
    for comment in COMMENTS:
        assert moved.count(comment) == 1
    # Comments between records stay where they are: the heading now ends the list.
    back = edit.move_procedure(moved, LAST, len(codes) - 1, path=path, today=TODAY)
    assert [p["code"] for p in load(back)["procedures"]] == codes
    assert sorted(back.splitlines()) == sorted(text.splitlines())


def test_windows_line_ends_stay(tmp_path: Path):
    path, text = commented_catalogue(tmp_path)
    crlf = text.replace("\n", "\r\n")
    edited = edit.set_fields(crlf, SECOND, {"time": "3 ngày", "keywords": ["sao y"]},
                             path=path, today=TODAY)
    assert "\n" not in edited.replace("\r\n", "")
    assert edited.replace("\r\n", "\n") == edit.set_fields(
        text, SECOND, {"time": "3 ngày", "keywords": ["sao y"]}, path=path, today=TODAY)


# ---- values YAML 1.1 would misread ------------------------------------------------------------

MISREAD = ["18:30", "06:00", "no", "yes", "on", "off", "Y", "1.10", "0123", "1_000", "0x1f",
           "2026-12-01", "~", "null", "true", "1.001193", "=", "<<", ".5", "1e3", "- x",
           "a: b", "#x", "x #y", " leading", "0233 3xxx xxx", "'quoted'", '"double"', "[x]"]


@pytest.mark.parametrize("value", MISREAD)
def test_values_yaml_1_1_would_misread_round_trip_as_strings(value: str):
    text = REFERENCE.read_text(encoding="utf-8")
    new = edit.set_fields(text, CODE, {"linked": value, "keywords": [value, "khai sinh"]},
                          path=REFERENCE, today=TODAY)
    record = record_of(new, CODE)
    assert record["linked"] == value
    assert record["keywords"][0] == record["linked"]
    assert parse_yaml(new, "x").data["procedures"][0]["linked"] == record["linked"]


def test_text_from_a_browser_form_is_normalised():
    text = REFERENCE.read_text(encoding="utf-8")
    typed = "Dòng một\r\nDòng\thai"  # a textarea's line ends, a tab pasted from Word
    decomposed = "Đa\u0306ng ky\u0301"  # NFD, as some keyboards send it
    new = edit.set_fields(text, CODE, {"steps": [{"title": decomposed, "detail": typed}]},
                          path=REFERENCE, today=TODAY)
    assert "\r" not in new
    step = record_of(new, CODE)["steps"][0]
    assert step == {"title": "Đăng ký", "detail": "Dòng một\nDòng\thai"}
    assert edit.layout(new) is not None, "a tab inside a value keeps the fast path"


def test_a_byte_order_mark_stays_and_keeps_the_fast_path():
    text = "\ufeff" + REFERENCE.read_text(encoding="utf-8")
    assert edit.layout(text) is not None
    new = edit.set_fields(text, CODE, {"time": "2 ngày"}, path=REFERENCE, today=TODAY)
    assert new.startswith("\ufeff# ") and len(changed_lines(text, new)[0]) == 1


def test_multi_line_text_is_written_as_a_block():
    text = REFERENCE.read_text(encoding="utf-8")
    detail = "Dòng một.\nDòng hai: có dấu hai chấm."
    new = edit.set_fields(text, CODE, {"steps": [{"title": "Bước", "detail": detail}]},
                          path=REFERENCE, today=TODAY)
    assert record_of(new, CODE)["steps"][0]["detail"] == detail
    assert "detail: |-\n" in new


# ---- refusals ---------------------------------------------------------------------------------

def test_an_invalid_edit_is_refused_with_the_checks_message():
    text = REFERENCE.read_text(encoding="utf-8")
    with pytest.raises(edit.EditRefused) as caught:
        edit.set_fields(text, CODE, {"fee": {"note": "không ghi số tiền"}},
                        path=REFERENCE, today=TODAY)
    problem = caught.value.problems[0]
    assert problem.file == "procedures.yaml" and problem.line and "amount" in problem.message
    with pytest.raises(edit.EditRefused) as caught:
        edit.set_fields(text, CODE, {"level": "muc-9"}, path=REFERENCE, today=TODAY)
    assert "muc-9" in str(caught.value)
    with pytest.raises(edit.EditRefused):
        edit.set_fields(text, CODE, {"name": ""}, path=REFERENCE, today=TODAY)
    with pytest.raises(edit.EditRefused):
        edit.set_fields(text, CODE, {"verified": dt.date(2027, 1, 1)}, path=REFERENCE,
                        today=TODAY)


def test_unknown_and_duplicate_codes_are_refused_in_vietnamese():
    text = REFERENCE.read_text(encoding="utf-8")
    with pytest.raises(edit.EditRefused, match="1.001193"):
        edit.set_fields(text, "1.00119", {"name": "x"}, path=REFERENCE, today=TODAY)
    with pytest.raises(edit.EditRefused, match="đã có thủ tục"):
        edit.add_procedure(text, record_of(text, CODE), path=REFERENCE, today=TODAY)
    with pytest.raises(edit.EditRefused, match="cần có mã"):
        edit.add_procedure(text, {"name": "x"}, path=REFERENCE, today=TODAY)
    with pytest.raises(edit.EditRefused):
        edit.remove_procedure(text, "9.999999", path=REFERENCE, today=TODAY)


def test_a_broken_file_is_reported_with_the_loaders_message(tmp_path: Path):
    text = REFERENCE.read_text(encoding="utf-8").replace(
        '  - code: "2.000986"\n', '  - code: "2.000986"\n     bad: [unclosed\n', 1)
    with pytest.raises(edit.EditRefused) as caught:
        edit.set_fields(text, CODE, {"name": "x"}, path=REFERENCE, today=TODAY)
    assert caught.value.problems and caught.value.problems[0].line


def test_a_file_the_cutter_does_not_understand_is_edited_whole(tmp_path: Path):
    text = "---\n" + REFERENCE.read_text(encoding="utf-8")
    assert edit.layout(text) is None
    new = edit.set_fields(text, CODE, {"time": "18:30"}, path=REFERENCE, today=TODAY)
    gone, came = changed_lines(text, new)
    assert len(gone) == 1 and len(came) == 1
    assert record_of(new, CODE)["time"] == "18:30"


def test_a_chunked_parser_gives_the_same_verdict():
    text = REFERENCE.read_text(encoding="utf-8")
    parse = ChunkedParser()
    one = edit.set_fields(text, CODE, {"time": "2 ngày"}, path=REFERENCE, today=TODAY,
                          parse=parse)
    two = edit.set_fields(one, CODE, {"time": "3 ngày"}, path=REFERENCE, today=TODAY,
                          parse=parse)
    assert record_of(two, CODE)["time"] == "3 ngày"
    with pytest.raises(edit.EditRefused):
        edit.set_fields(two, CODE, {"fee": {"note": "x"}}, path=REFERENCE, today=TODAY,
                        parse=parse)


# ---- overlays: a commune file over the province's base -----------------------------------------

def test_an_edit_in_a_commune_file_is_an_override(tmp_path: Path):
    text = COMMUNE.read_text(encoding="utf-8")
    base_code = "1.001193"
    assert base_code not in text
    new = edit.set_fields(text, base_code, {"time": "18:30"}, path=COMMUNE, today=TODAY)
    gone, came = changed_lines(text, new)
    assert not gone
    assert new.endswith('\n  - code: "1.001193"\n    time: "18:30"\n')
    assert edit.override_fields(new, base_code) == ["time"]
    copy = tmp_path / "communes" / "xa-cua-viet" / "procedures.yaml"
    base = tmp_path / "base" / "procedures.yaml"
    copy.parent.mkdir(parents=True)
    base.parent.mkdir(parents=True)
    base.write_bytes((REPO / "examples/province/base/procedures.yaml").read_bytes())
    copy.write_text(new, encoding="utf-8")
    origins = {o.field: o for o in explain(load_merged(copy, "procedures.yaml"), base_code,
                                           "procedures.yaml")}
    assert not origins["time"].from_base and origins["name"].from_base
    # A second field of the same override goes into the same record.
    more = edit.set_fields(new, base_code, {"fee": {"amount": 0, "note": "Miễn"}}, path=COMMUNE,
                           today=TODAY)
    assert edit.override_fields(more, base_code) == ["time", "fee"]
    # "khôi phục theo danh mục tỉnh": one field, then the record when only the code is left.
    one = edit.drop_override(more, base_code, "fee", path=COMMUNE, today=TODAY)
    assert one == new
    assert edit.drop_override(one, base_code, "time", path=COMMUNE, today=TODAY) == text


def test_dropping_the_last_override_drops_the_list(tmp_path: Path):
    text = COMMUNE.read_text(encoding="utf-8")
    (code,) = [p["code"] for p in load(text)["procedures"]]
    (field,) = edit.override_fields(text, code)
    new = edit.drop_override(text, code, field, path=COMMUNE, today=TODAY)
    assert "procedures:" not in new and "2.000815" not in new
    again = edit.set_fields(new, code, {field: record_of(text, code)[field]}, path=COMMUNE,
                            today=TODAY)
    assert load(again)["procedures"] == load(text)["procedures"]


def test_drop_override_refuses_what_is_not_an_override():
    text = COMMUNE.read_text(encoding="utf-8")
    with pytest.raises(edit.EditRefused, match="danh mục tỉnh"):
        edit.drop_override(text, "2.000815", "name", path=COMMUNE, today=TODAY)
    reference = REFERENCE.read_text(encoding="utf-8")
    with pytest.raises(edit.EditRefused, match="extends"):
        edit.drop_override(reference, CODE, "name", path=REFERENCE, today=TODAY)


def test_an_override_of_an_unknown_code_is_refused():
    text = COMMUNE.read_text(encoding="utf-8")
    with pytest.raises(edit.EditRefused, match="thiếu"):
        edit.set_fields(text, "9.999999", {"time": "x"}, path=COMMUNE, today=TODAY)


# ---- announcements ------------------------------------------------------------------------------

FRONT = {"kind": "notice", "title": "Lịch tiếp dân 18:30", "date": dt.date(2026, 12, 7),
         "number": "12/TB-UBND", "signer": {"position": "CHỦ TỊCH", "name": "Lê Văn A"},
         "recipients": ["Như trên", "no", "Lưu: VT"], "procedures": ["1.001193"]}


def test_a_new_announcement_file_reads_back(tmp_path: Path):
    text = edit.announcement_text(FRONT, "Nội dung **thông báo**.\n\n---\n\nHết.")
    path = tmp_path / f"{edit.slug_for(FRONT['title'])}.md"
    path.write_text(text, encoding="utf-8")
    source = read_source(path, path.name)
    assert source.front.title == FRONT["title"] and source.front.recipients[1] == "no"
    assert source.front.date == FRONT["date"]
    assert source.template == "Nội dung **thông báo**.\n\n---\n\nHết.\n"
    assert list(load(text.split("---\n")[1])) == \
        ["kind", "title", "date", "number", "procedures", "signer", "recipients"]


def test_an_edited_announcement_keeps_its_front_matter_comments_and_order(tmp_path: Path):
    previous = ("---\n# số do văn thư cấp\nnumber: 5/TB-UBND\nkind: notice\n"
                "title: Cũ  # tiêu đề\ndate: 2026-12-01\n"
                "signer: {position: CHỦ TỊCH, name: Lê Văn A}\n---\nThân cũ.\n")
    front = {**load(previous.split("---\n")[1]), "title": "Mới"}
    text = edit.announcement_text(front, "Thân mới.\n", previous)
    assert text == previous.replace("Cũ  #", "Mới  #").replace("Thân cũ.", "Thân mới.")
    dropped = edit.announcement_text({k: v for k, v in front.items() if k != "number"},
                                     "Thân mới.", previous)
    assert "number" not in dropped and "# số do văn thư cấp" in dropped


def test_an_invalid_front_matter_is_refused():
    with pytest.raises(edit.EditRefused, match="kind"):
        edit.announcement_text({**FRONT, "kind": "memo"}, "x")
    with pytest.raises(edit.EditRefused):
        edit.announcement_text({k: v for k, v in FRONT.items() if k != "title"}, "x")


@pytest.mark.parametrize("title, slug", [
    ("Thông báo lịch tiêm chủng tháng 5", "thong-bao-lich-tiem-chung-thang-5"),
    ("ĐĂNG KÝ  khai sinh — Đợt 2!", "dang-ky-khai-sinh-dot-2"),
    ("Thu\u0309 tu\u0323c", "thu-tuc"),  # decomposed (NFD) input folds the same
    ("Ưu tiên người cao tuổi", "uu-tien-nguoi-cao-tuoi"),
    ("!!!", "thong-bao"),
    ("../../etc/passwd", "etc-passwd"),
])
def test_slug_for_folds_vietnamese_letters(title: str, slug: str):
    assert edit.slug_for(title) == slug


# ---- three-way merge, record by record ----------------------------------------------------------

def test_merge_applies_mine_onto_theirs_when_they_touch_other_records():
    base = REFERENCE.read_text(encoding="utf-8")
    codes = [p["code"] for p in load(base)["procedures"]]
    theirs = edit.set_fields(base, codes[3], {"time": "Sửa tay"}, path=REFERENCE, today=TODAY)
    mine = edit.remove_procedure(base, codes[1], path=REFERENCE, today=TODAY)
    mine = edit.set_fields(mine, CODE, {"time": "Trong ngày"}, path=REFERENCE, today=TODAY)
    new = record_of(base, codes[5]) | {"code": "1.999999"}
    mine = edit.add_procedure(mine, new, path=REFERENCE, today=TODAY)
    merged = edit.merge_records(base, mine, theirs)
    assert merged.text is not None
    records = {p["code"]: p for p in load(merged.text)["procedures"]}
    assert records[codes[3]]["time"] == "Sửa tay" and records[CODE]["time"] == "Trong ngày"
    assert codes[1] not in records and "1.999999" in records
    # The same result as making my edits on their text.
    assert merged.text == edit.add_procedure(edit.set_fields(edit.remove_procedure(
        theirs, codes[1], path=REFERENCE, today=TODAY), CODE, {"time": "Trong ngày"},
        path=REFERENCE, today=TODAY), new, path=REFERENCE, today=TODAY)


def test_merge_reports_what_both_changed():
    base = REFERENCE.read_text(encoding="utf-8")
    theirs = edit.set_fields(base, CODE, {"name": "Sửa tay"}, path=REFERENCE, today=TODAY)
    mine = edit.set_fields(base, CODE, {"time": "Trong ngày"}, path=REFERENCE, today=TODAY)
    assert edit.merge_records(base, mine, theirs) == edit.Merged(None, "records", (CODE,))
    same = edit.merge_records(base, theirs, theirs)
    assert same.text == theirs
    outside = base.replace("short_name: UBND xã Bến Hải", "short_name: UBND xã")
    assert edit.merge_records(base, outside, theirs).where == "outside"
    moved = edit.move_procedure(base, CODE, 3, path=REFERENCE, today=TODAY)
    assert edit.merge_records(base, moved, theirs).where == "order"
    assert edit.merge_records(base, "---\n" + mine, theirs).where == "whole"
