"""Settings in mkdocs.yml (`plugins: - outreach: {…}`): validated by MkDocs, and by `check`
the same way; bad ones are Problems naming mkdocs.yml and the key, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from legacy_form import to_legacy
from outreach.catalogue.settings import read_config
from outreach.cli import main
from outreach.errors import InvalidInput


def check(project_dir, *extra: str):
    return CliRunner().invoke(main, ["check", "-f", str(project_dir / "mkdocs.yml"), *extra])


@pytest.mark.parametrize(("old", "new", "key", "says"), [
    ("engine: auto", "engine: piper", "plugins.outreach.engine", "“piper” không hợp lệ"),
    ("print: true", "print: \"yes\"", "plugins.outreach.print", "cần true hoặc false"),
    ("stale_after_days: 365", "stale_after_days: -5", "plugins.outreach.stale_after_days",
     "phải lớn hơn 0"),
    ("slot_minutes: 15", "slot_minutes: mười lăm", "plugins.outreach.slot_minutes",
     "cần một con số"),
    ("stale_after_days: 365", "stale_after_days: 36.5", "plugins.outreach.stale_after_days",
     "cần một số nguyên"),
    ("cache_dir: .cache/outreach", "site_url: https://x.example.vn/\n      cache_dir: .c",
     "plugins.outreach.site_url", "cấp ngoài cùng của mkdocs.yml"),
])
def test_check_reports_a_bad_setting_with_file_line_and_key(project_dir, edit, old, new, key,
                                                            says):
    edit("mkdocs.yml", old, new)
    result = check(project_dir)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = (project_dir / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1)
                if text.strip().startswith(key.rsplit(".", 1)[-1] + ":"))
    assert f"mkdocs.yml:{line}: {key}:" in result.output
    assert says in result.output


def test_unknown_setting_warns_and_fails_only_under_strict(project_dir, edit):
    edit("mkdocs.yml", "engine: auto", "engine: auto\n      stale_afer_days: 30")
    relaxed = check(project_dir)
    assert relaxed.exit_code == 0, relaxed.output
    assert "plugins.outreach.stale_afer_days" in relaxed.output
    assert "Có phải ý bạn là “stale_after_days”?" in relaxed.output
    assert check(project_dir, "--strict").exit_code == 1


def test_env_tags_resolve_as_in_mkdocs(project_dir, edit, monkeypatch):
    edit("mkdocs.yml", "engine: auto", "engine: !ENV [OUTREACH_TEST_ENGINE, auto]")
    monkeypatch.setenv("OUTREACH_TEST_ENGINE", "espeak")
    assert read_config(project_dir / "mkdocs.yml").settings.engine == "espeak"
    monkeypatch.setenv("OUTREACH_TEST_ENGINE", "loa")
    with pytest.raises(InvalidInput) as caught:
        read_config(project_dir / "mkdocs.yml")
    assert "plugins.outreach.engine" in str(caught.value)
    monkeypatch.delenv("OUTREACH_TEST_ENGINE")
    assert read_config(project_dir / "mkdocs.yml").settings.engine == "auto"  # the default


def test_mkdocs_own_settings_are_checked_too(project_dir, edit):
    edit("mkdocs.yml", "use_directory_urls: true", "use_directory_urls: maybe")
    result = check(project_dir)
    assert result.exit_code == 1
    assert "mkdocs.yml" in result.output and "use_directory_urls" in result.output
    assert "Traceback" not in result.output


def test_old_extra_outreach_form_is_validated_and_deprecated(project_dir):
    to_legacy(project_dir, engine="robot")
    result = check(project_dir)
    assert result.exit_code == 1
    assert "extra.outreach.engine" in result.output
    edit_engine = project_dir / "mkdocs.yml"
    edit_engine.write_text(edit_engine.read_text(encoding="utf-8").replace(
        "engine: robot", "engine: auto"), encoding="utf-8")
    result = check(project_dir)
    assert result.exit_code == 0, result.output
    assert "cách khai báo cũ" in result.output
