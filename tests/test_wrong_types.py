"""A value of the wrong type anywhere gets file, line and field, never a crash.

One test per crash the mutation tests (test_malformed_input.py) found, plus a sweep of every
top-level section: the loader's cross-field checks used to iterate a section before the
model had said it was the wrong type ("'float' object is not iterable", no file, no line).
"""

from __future__ import annotations

import re

import pytest

from outreach.catalogue.load import load_catalogue
from outreach.errors import InvalidInput
from project_support import TODAY

SECTIONS = ["schema", "office", "portals", "service_levels", "accounts", "changes",
            "procedures"]
WRONG = ["3", "1.5", "true", "2020-01-01", "x", "[1, 2]", "{a: 1}", "null"]


def _replace_section(text: str, section: str, value: str) -> str:
    """`section:` and its indented block (or inline value) replaced by `section: value`."""
    pattern = re.compile(rf"^{section}:.*\n(?:(?:[ #-].*)?\n)*", re.MULTILINE)
    if pattern.search(text):
        return pattern.sub(f"{section}: {value}\n", text, count=1)
    return text + f"{section}: {value}\n"


def _problems(project_dir) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load_catalogue(project_dir / "procedures.yaml", today=TODAY)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("value", WRONG)
def test_a_top_level_section_of_the_wrong_type_is_named(project_dir, section, value):
    path = project_dir / "procedures.yaml"
    text = _replace_section(path.read_text(encoding="utf-8"), section, value)
    line = text.split("\n").index(f"{section}: {value}") + 1
    path.write_text(text, encoding="utf-8")
    if section in ("accounts", "changes") and value in ("[1, 2]", "null"):
        # a list (of wrong items) and null (the default) are the right shape here
        problems = _problems(project_dir) if value != "null" else []
        assert value == "null" or any(f"{section}[0]" in p for p in problems)
        return
    problems = _problems(project_dir)
    assert any(p.startswith(f"procedures.yaml:{line}: {section}") for p in problems), problems


def test_portals_as_a_number_is_a_type_error_not_a_crash(project_dir, edit):
    edit("procedures.yaml", "portals:\n", "portals: 1.5\nold_portals:\n")
    problems = _problems(project_dir)
    assert any(re.match(r"procedures\.yaml:\d+: portals: cần một danh sách", p)
               for p in problems), problems


def test_procedures_as_a_number_is_a_type_error_not_a_crash(project_dir, edit):
    edit("procedures.yaml", "procedures:\n", "procedures: 3\nold_procedures:\n")
    problems = _problems(project_dir)
    assert any(re.match(r"procedures\.yaml:\d+: procedures: cần một danh sách", p)
               for p in problems), problems


@pytest.mark.parametrize("value", ["[1]", "{x: 1}", "[]"])
def test_a_portal_id_that_is_a_list_or_mapping_is_named(project_dir, edit, value):
    # the duplicate-id check used it as a set member: "unhashable type: 'list'"
    edit("procedures.yaml", "  - id: quoc-gia\n", f"  - id: {value}\n")
    problems = _problems(project_dir)
    assert any(re.match(r"procedures\.yaml:\d+: portals\[0\]\.id: ", p) for p in problems), \
        problems


@pytest.mark.parametrize("value", ["3", "x", "[a, b]", "true"])
def test_scheme_levels_that_are_not_a_mapping_are_named(project_dir, edit, value):
    # the maps_to check called .items() on them
    text = (project_dir / "procedures.yaml").read_text(encoding="utf-8")
    block = re.search(r"(?ms)^    nd43:\n      title: .*?\n      levels:\n(?:        .*\n)+", text)
    assert block, "fixture: the nd43 scheme"
    title = block.group(0).split("\n")[1]
    edit("procedures.yaml", block.group(0), f"    nd43:\n{title}\n      levels: {value}\n")
    problems = _problems(project_dir)
    assert any(re.match(r"procedures\.yaml:\d+: service_levels\.schemes\.nd43\.levels: ", p)
               for p in problems), problems


def test_a_template_that_divides_by_zero_names_its_line(project_dir, edit, load):
    # only TypeError/ValueError/AttributeError were caught: ZeroDivisionError crashed
    edit("announcements/phat-thanh-mau.md", "---\nTừ nay", "---\n{{ 1/0 }}\nTừ nay")
    with pytest.raises(InvalidInput) as caught:
        load()
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.field) == (
        "announcements/phat-thanh-mau.md", 8, "nội dung")
    assert "division by zero" in problem.message
