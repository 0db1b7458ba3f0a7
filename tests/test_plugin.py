"""The MkDocs plugin and the orchestrator in real builds: warnings reach every entry point,
options are validated by MkDocs, the old hook form still builds, nothing leaks between
builds, and a warm rebuild loads neither WeasyPrint nor the audio stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from legacy_form import to_legacy
from outreach.build import BuildOptions, build_site
from outreach.cli import main
from project_support import pages_only

pytestmark = pytest.mark.slow
STALE = "chưa được đối chiếu với nguồn chính thức"


def mkdocs(project_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project_dir,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "true"})


def outreach(project_dir: Path, *args: str):
    return CliRunner().invoke(main, ["build", "-f", str(project_dir / "mkdocs.yml"), *args])


def test_check_warnings_reach_mkdocs_build_and_fail_it_under_strict(project_dir):
    pages_only(project_dir)
    relaxed = mkdocs(project_dir)
    assert relaxed.returncode == 0, relaxed.stderr
    assert f"WARNING -  procedures.yaml:52: 1.001193.verified: “Đăng ký khai sinh” {STALE}" \
        in relaxed.stderr
    strict = mkdocs(project_dir, "--strict")
    assert strict.returncode == 1
    assert STALE in strict.stderr and "strict mode" in strict.stdout + strict.stderr


def test_check_warnings_reach_outreach_build_and_fail_it_under_strict(project_dir):
    relaxed = outreach(project_dir, "--no-audio", "--no-print")
    assert relaxed.exit_code == 0, relaxed.output
    assert f"procedures.yaml:52: 1.001193.verified: “Đăng ký khai sinh” {STALE}" \
        in relaxed.output
    strict = outreach(project_dir, "--no-audio", "--no-print", "--strict")
    assert strict.exit_code == 1
    assert "--strict" in strict.output


def test_a_verified_project_builds_under_strict_everywhere(project_dir, edit):
    pages_only(project_dir)
    for code in ("1.001193", "2.000815"):
        edit("procedures.yaml", f'code: "{code}"', f'code: "{code}"\n    verified: 2026-11-01')
    edit("procedures.yaml", "0000 000 000", "0233 3851 234")
    edit("mkdocs.yml", "docs_dir: content",
         "site_url: https://trungson.example.gov.vn/\ndocs_dir: content")
    assert outreach(project_dir, "--strict").exit_code == 0
    done = mkdocs(project_dir, "--strict")
    assert done.returncode == 0, done.stderr


def test_bad_plugin_option_fails_mkdocs_build_naming_the_key(project_dir, edit):
    edit("mkdocs.yml", "engine: auto", "engine: piper")
    done = mkdocs(project_dir)
    assert done.returncode == 1
    assert "Plugin 'outreach' option 'engine'" in done.stderr
    assert "“piper” không hợp lệ" in done.stderr and "mkdocs.yml" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_plugin_option_warns_and_fails_under_strict(project_dir, edit):
    pages_only(project_dir)
    edit("mkdocs.yml", "engine: auto", "engine: auto\n      speach: false")
    relaxed = mkdocs(project_dir)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "speach" in relaxed.stderr
    assert mkdocs(project_dir, "--strict").returncode == 1


def test_old_hook_form_still_builds_with_a_deprecation_warning(project_dir):
    to_legacy(project_dir)
    done = mkdocs(project_dir)
    assert done.returncode == 0, done.stderr
    assert "cách khai báo cũ" in done.stderr
    assert (project_dir / "site" / "thu-tuc" / "1-001193" / "index.html").is_file()
    assert not (project_dir / "site" / "hooks").exists()
    result = outreach(project_dir)
    assert result.exit_code == 0, result.output
    assert "cách khai báo cũ" in result.output
    manifest = json.loads((project_dir / "site" / "outreach-manifest.json").read_text("utf-8"))
    assert any(a["path"] == "thu-tuc/1-001193/index.html" for a in manifest["artifacts"])


def test_two_builds_in_one_process_share_nothing(tmp_path):
    from outreach.scaffold import scaffold

    first, second = tmp_path / "a", tmp_path / "b"
    scaffold(first, "Trung Sơn", "Quảng Trị")
    scaffold(second, "Gio Linh", "Quảng Trị", kind="phường")
    for project in (first, second):
        pages_only(project)
    catalogue = second / "procedures.yaml"
    catalogue.write_text(catalogue.read_text("utf-8").replace(
        "Chứng thực bản sao từ bản chính", "Chứng thực bản sao (phường)"), "utf-8")
    options = BuildOptions(print=False, speech=False)
    build_site(first / "mkdocs.yml", options)
    # Plain MkDocs in the same process, with no options: must know nothing of the first build.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(second / "mkdocs.yml")))
    page = (second / "site" / "thu-tuc" / "2-000815" / "index.html").read_text("utf-8")
    assert "Chứng thực bản sao (phường)" in page and "Trung Sơn" not in page
    assert not (second / "site" / "in").exists()  # print: false from its own mkdocs.yml
    again = BuildOptions(print=False, speech=False)
    build_site(second / "mkdocs.yml", again)
    assert again.warnings and all("Gio Linh" not in str(w) for w in options.warnings)
    assert {w.file for w in again.warnings} == {"procedures.yaml", "mkdocs.yml"}  # no site_url
    home = (first / "site" / "index.html").read_text("utf-8")
    assert "Gio Linh" not in home and "Trung Sơn" in home


HEAVY = ("weasyprint", "numpy", "scipy", "lameenc", "pyloudnorm", "espeakng_loader",
         "soundfile")
PROBE = """
import json, sys
from pathlib import Path
from outreach.build import BuildOptions, build_site
build_site(Path(sys.argv[1]), BuildOptions(engine="espeak"))
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def test_warm_rebuild_imports_neither_pdf_nor_audio_stack(project_dir):
    assert outreach(project_dir, "--engine", "espeak").exit_code == 0
    probe = PROBE.format(heavy=HEAVY)
    warm = subprocess.run([sys.executable, "-c", probe, str(project_dir / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=600)
    assert warm.returncode == 0, warm.stderr
    assert json.loads(warm.stdout.splitlines()[-1]) == []
    # The probe can fail: after an edit one leaflet must be rendered, and WeasyPrint loads.
    leaflet = project_dir / "announcements" / "to-roi-mau.md"
    leaflet.write_text(leaflet.read_text("utf-8") + "\nThêm một dòng.\n", "utf-8")
    cold = subprocess.run([sys.executable, "-c", probe, str(project_dir / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=600)
    assert cold.returncode == 0, cold.stderr
    assert "weasyprint" in json.loads(cold.stdout.splitlines()[-1])


def test_compiled_templates_are_kept_and_an_edited_override_still_shows(project_dir):
    """Builds keep Jinja's compiled templates in the project's cache folder; a project's own
    template edited between builds is compiled again, not served from what was kept."""
    assert outreach(project_dir, "--no-print", "--no-audio").exit_code == 0
    kept = project_dir / ".cache" / "outreach" / "templates"
    compiled = sorted(p.name for p in kept.iterdir())
    assert compiled  # Material's and our templates, compiled once
    main_html = project_dir / "overrides" / "main.html"
    main_html.write_text('{% extends "base.html" %}\n{% block footer %}<p id="probe">lần '
                         'một</p>{% endblock %}\n', encoding="utf-8")
    assert outreach(project_dir, "--no-print", "--no-audio").exit_code == 0
    index = project_dir / "site" / "index.html"
    assert 'id="probe">lần một<' in index.read_text(encoding="utf-8")
    main_html.write_text(main_html.read_text("utf-8").replace("lần một", "lần hai"), "utf-8")
    assert outreach(project_dir, "--no-print", "--no-audio").exit_code == 0
    text = index.read_text(encoding="utf-8")
    assert 'id="probe">lần hai<' in text and "lần một" not in text
