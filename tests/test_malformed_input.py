"""No traceback, ever: malformed catalogues and announcements get a clear answer.

Property tests (hypothesis, fixed seed and budget) mutate the shipped inputs — the starter
project `outreach new` writes, the reference catalogue and its announcements, and a commune
of the example province with its base — and run `outreach check` and `outreach build
--no-audio --no-print` in process. Whatever the mutation, the command exits 0 or 1, prints
no traceback and no "unexpected error", names a file of the project when it refuses, and a
refused build leaves the previous site byte for byte as it was. A few mutations also run in
a real subprocess, where a traceback would reach the terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from mutation_support import mutation
from outreach.cli import main
from outreach.scaffold import scaffold
from project_support import REPO, TODAY

pytestmark = pytest.mark.slow

UNEXPECTED = "sự cố không mong đợi"
ERROR_LINE = re.compile(r"^LỖI (?P<file>[^\s:]+)", re.MULTILINE)
# Fixed seed and budget. No shrinking: a failure is reported as generated (the seed makes it
# come back on every run), instead of minutes spent making it smaller on a CI machine.
BUDGET = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.function_scoped_fixture,
                                         HealthCheck.filter_too_much])


@dataclass(frozen=True)
class Target:
    """One file of one project that the mutations damage."""

    config: Path  # the project's mkdocs.yml
    file: Path

    @property
    def is_announcement(self) -> bool:
        return self.file.suffix == ".md"


def _project_files(root: Path) -> set[str]:
    """Names a refusal may point at: every input file of the project, by its name."""
    return {p.name for p in root.rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml",
                                                                              ".md"}}


def _copy_reference(target: Path) -> Path:
    for name in ("mkdocs.yml", "procedures.yaml"):
        shutil.copy2(REPO / name, target / name)
    for folder in ("announcements", "audio", "content", "overrides"):
        shutil.copytree(REPO / folder, target / folder)
    return target / "mkdocs.yml"


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    """The three kinds of project, each in its own folder (mkdocs.yml of each)."""
    root = tmp_path_factory.mktemp("malformed")
    scaffold(root / "xa", "Trung Sơn", "Quảng Trị", today=TODAY)
    reference = root / "reference"
    reference.mkdir()
    shutil.copytree(REPO / "examples" / "province", root / "province")
    return {"starter": root / "xa" / "mkdocs.yml", "reference": _copy_reference(reference),
            "province": root / "province" / "communes" / "xa-cam-lo" / "mkdocs.yml"}


def _announcements(config: Path) -> list[Target]:
    return [Target(config, p) for p in sorted((config.parent / "announcements").glob("*.md"))]


def _targets(projects: dict[str, Path]) -> st.SearchStrategy[Target]:
    """A catalogue as often as an announcement; the province's base catalogue too."""
    starter, reference, province = (projects[k] for k in ("starter", "reference", "province"))
    catalogues = [Target(starter, starter.parent / "procedures.yaml"),
                  Target(reference, reference.parent / "procedures.yaml"),
                  Target(province, province.parent / "procedures.yaml"),
                  Target(province, province.parents[2] / "base" / "procedures.yaml")]
    announcements = [t for config in (starter, reference, province)
                     for t in _announcements(config)]
    return st.one_of(st.sampled_from(catalogues), st.sampled_from(announcements))


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def _assert_clean_answer(result, target: Target, what: str) -> None:
    """Exit 0 or 1, no traceback, no unexpected error; a refusal names a project file."""
    output = result.output
    context = f"{what} in {target.file.name}:\n{output[-3000:]}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r} after {context}") \
            from result.exception
    assert result.exit_code in (0, 1), context
    assert "Traceback" not in output, context
    assert UNEXPECTED not in output, context
    if result.exit_code == 1:
        named = set(ERROR_LINE.findall(output))
        files = _project_files(target.config.parent) | _project_files(target.file.parent)
        assert any(Path(name.split(":")[0]).name in files for name in named), context


def _mutated(target: Target, data: st.DataObject) -> tuple[str, bytes, bytes]:
    original = target.file.read_bytes()
    what, damaged = data.draw(mutation(original.decode("utf-8"), target.is_announcement),
                              label="mutation")
    return what, original, damaged


@settings(BUDGET, max_examples=150)
@given(data=st.data())
def test_check_answers_every_mutation_cleanly(projects, data):
    target = data.draw(_targets(projects), label="target")
    what, original, damaged = _mutated(target, data)
    target.file.write_bytes(damaged)
    try:
        result = _run("check", "-f", str(target.config))
    finally:
        target.file.write_bytes(original)
    _assert_clean_answer(result, target, what)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_starter(projects) -> tuple[Path, dict[str, bytes]]:
    """The starter project with its site built once: (mkdocs.yml, every site file)."""
    config = projects["starter"]
    result = _run("build", "-f", str(config), "--no-audio", "--no-print")
    assert result.exit_code == 0, result.output
    return config, _tree(config.parent / "site")


@settings(BUDGET, max_examples=30)
@given(data=st.data())
def test_a_refused_build_keeps_the_previous_site(built_starter, data):
    config, before = built_starter
    root = config.parent
    target = data.draw(st.one_of(st.just(Target(config, root / "procedures.yaml")),
                                 st.sampled_from(_announcements(config))), label="target")
    what, original, damaged = _mutated(target, data)
    target.file.write_bytes(damaged)
    try:
        result = _run("build", "-f", str(config), "--no-audio", "--no-print")
    finally:
        target.file.write_bytes(original)
    try:
        _assert_clean_answer(result, target, what)
        if result.exit_code == 1:
            assert _tree(root / "site") == before, f"site changed after a refused build: {what}"
    finally:
        if result.exit_code == 0:  # a valid mutation rebuilt the site: put the old one back
            shutil.rmtree(root / "site")
            for name, content in before.items():
                (root / "site" / name).parent.mkdir(parents=True, exist_ok=True)
                (root / "site" / name).write_bytes(content)


# -- in a real process: what a user's terminal shows ------------------------------------------

SUBPROCESS_CASES = {
    "procedures is a number": ("procedures.yaml", "procedures:\n", "procedures: 3\nold:\n"),
    "portals is a float": ("procedures.yaml", "portals:\n", "portals: 1.5\nold:\n"),
    "announcement front matter is a list": ("announcements/thong-bao-mau.md", "---\n",
                                            "---\n- 1\n- 2\n---\n"),
}


@pytest.mark.parametrize("case", sorted(SUBPROCESS_CASES))
def test_a_real_process_prints_no_traceback(tmp_path, case):
    name, old, new = SUBPROCESS_CASES[case]
    root = tmp_path / "xa"
    scaffold(root, "Trung Sơn", "Quảng Trị", today=TODAY)
    path = root / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}
    for command in (["check"], ["build", "--no-audio", "--no-print"]):
        done = subprocess.run([sys.executable, "-m", "outreach.cli", *command, "-f",
                               str(root / "mkdocs.yml")], capture_output=True, text=True,
                              env=env, timeout=300)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert UNEXPECTED not in done.stderr
        assert Path(name).name in done.stderr
    assert not (root / "site").exists()
