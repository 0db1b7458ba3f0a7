"""`outreach batch`, `--matrix` and the open-data JSON, on real MkDocs builds of real projects."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from outreach.cli import main
from outreach.province import messages
from outreach.scaffold import scaffold
from project_support import TODAY


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    """Two good communes and one whose catalogue has a mistake on line 7."""
    root = tmp_path_factory.mktemp("tinh") / "communes"
    for slug, name in (("xa-a", "Cam Lộ"), ("xa-b", "Cửa Việt"), ("xa-hong", "Gio Linh")):
        scaffold(root / slug, name, "Quảng Trị", phone="0233 3861 234", today=TODAY)
    bad = root / "xa-hong" / "procedures.yaml"
    lines = bad.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[6].startswith("  short_name:")
    lines[6] = "  short_nam: UBND xã Gio Linh\n"
    bad.write_text("".join(lines), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def batch_run(province: Path):
    args = ["batch", str(province), "-j", "2", "--no-audio", "--no-print",
            "--cache-dir", str(province.parent / "cache")]
    return CliRunner().invoke(main, args)


def test_failing_commune_does_not_stop_the_others(batch_run, province: Path) -> None:
    assert batch_run.exit_code == 1, batch_run.output
    assert (province / "xa-a" / "site" / "index.html").is_file()
    assert (province / "xa-b" / "site" / "index.html").is_file()
    assert not (province / "xa-hong" / "site").exists()
    out = batch_run.output
    assert "Ủy ban nhân dân xã Cam Lộ" in out and "Ủy ban nhân dân xã Cửa Việt" in out
    assert f"{province}/xa-hong/procedures.yaml:7: office.short_nam: trường “short_nam” " \
        "không có trong mẫu." in out
    assert "1/3 xã/phường bị lỗi" in out


def test_open_data_is_the_validated_catalogue_with_its_schema(batch_run, province: Path) -> None:
    site = province / "xa-a" / "site"
    data = json.loads((site / "du-lieu" / "thu-tuc.json").read_text(encoding="utf-8"))
    schema_path = site / "du-lieu" / data["$schema"]
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert data["office"]["name"] == "Ủy ban nhân dân xã Cam Lộ"
    assert [p["code"] for p in data["procedures"]] == ["1.001193", "2.000815"]
    broken = dict(data, procedures=[dict(data["procedures"][0], fee={"amount": -1})])
    with pytest.raises(jsonschema.ValidationError):  # the schema is not a rubber stamp
        jsonschema.validate(broken, schema)
    manifest = json.loads((site / "outreach-manifest.json").read_text(encoding="utf-8"))
    assert {"du-lieu/thu-tuc.json", "du-lieu/procedures.schema.json"} <= \
        {a["path"] for a in manifest["artifacts"]}


def test_matrix_for_ci(province: Path) -> None:
    result = CliRunner().invoke(main, ["batch", "--matrix", str(province / "xa-a"),
                                       str(province / "xa-b")])
    assert result.exit_code == 0
    assert json.loads(result.output) == {"include": [
        {"commune": "xa-a", "path": f"{province}/xa-a"},
        {"commune": "xa-b", "path": f"{province}/xa-b"}]}


def test_folder_without_projects(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path}: không có tệp mkdocs.yml trong thư mục này" in result.output


def test_unchanged_communes_are_skipped_and_a_base_edit_rebuilds_them(tmp_path: Path) -> None:
    import shutil

    from outreach.paths import repo_root
    from outreach.province import messages

    example = repo_root() / "examples" / "province"
    root = tmp_path / "tinh"
    shutil.copytree(example / "base", root / "base")
    for slug in ("xa-cam-lo", "xa-cua-tung"):
        shutil.copytree(example / "communes" / slug, root / "communes" / slug,
                        ignore=shutil.ignore_patterns("site", ".cache"))
    args = ["batch", str(root / "communes"), "-j", "1", "--no-audio", "--no-print",
            "--cache-dir", str(tmp_path / "cache")]

    def run(*extra: str) -> str:
        result = CliRunner().invoke(main, args + list(extra))
        assert result.exit_code == 0, result.output
        return result.output

    assert messages.STATUS_UNCHANGED not in run()
    pages = [root / "communes" / slug / "site" / "thu-tuc" / "1-001193" / "index.html"
             for slug in ("xa-cam-lo", "xa-cua-tung")]
    stamps = [page.stat().st_mtime_ns for page in pages]
    again = run()
    assert again.count(messages.STATUS_UNCHANGED) >= 2, again
    assert [page.stat().st_mtime_ns for page in pages] == stamps  # sites kept as they were
    # The record stays out of the published site (warnings may quote personal numbers).
    site = root / "communes" / "xa-cam-lo" / "site"
    assert "warnings" not in json.loads((site / "outreach-manifest.json").read_text("utf-8"))
    assert (root / "communes" / "xa-cam-lo" / ".cache" / "outreach" / "last-build.json").is_file()
    # A site deleted by hand is not "unchanged": it is built again.
    shutil.rmtree(site)
    assert run().count(messages.STATUS_UNCHANGED) >= 1 and (site / "index.html").is_file()
    # The province edits one record of the base: every commune that extends it is rebuilt.
    base = root / "base" / "procedures.yaml"
    text = base.read_text(encoding="utf-8")
    assert "name: Đăng ký khai sinh\n" in text
    base.write_text(text.replace("name: Đăng ký khai sinh\n", "name: Đăng ký khai sinh mới\n",
                                 1), encoding="utf-8")
    assert messages.STATUS_UNCHANGED not in run()
    assert all("Đăng ký khai sinh mới" in page.read_text(encoding="utf-8") for page in pages)
    assert messages.STATUS_UNCHANGED not in run("--force")


def test_a_cache_dir_outside_the_project_keeps_staging_and_record_in_the_project(
        tmp_path: Path) -> None:
    from outreach.build import assets_staging, last_build_record
    from outreach.catalogue.project import load_project

    project_dir = tmp_path / "xa"
    scaffold(project_dir, "Cam Lộ", "Quảng Trị", phone="0233 3861 234", today=TODAY)
    config = project_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "cache_dir: .cache/outreach" in text
    config.write_text(text.replace("cache_dir: .cache/outreach",
                                   f"cache_dir: {tmp_path / 'chung'}"), encoding="utf-8")
    project = load_project(config, today=TODAY)
    own = project_dir.resolve() / ".cache" / "outreach"
    assert assets_staging(project) == own / "assets"
    assert last_build_record(project).parent == own


def test_a_cache_dir_setting_outside_the_project_still_lets_unchanged_communes_skip(
        tmp_path: Path) -> None:
    """With `cache_dir` set to a shared folder outside the project, the build's own record
    and compiled templates go to the project's .cache/outreach, which is no input."""
    root = tmp_path / "communes"
    scaffold(root / "xa-a", "Cam Lộ", "Quảng Trị", phone="0233 3861 234", today=TODAY)
    config = root / "xa-a" / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "cache_dir: .cache/outreach" in text
    config.write_text(text.replace("cache_dir: .cache/outreach", "cache_dir: ../../shared"),
                      encoding="utf-8")
    args = ["batch", str(root), "-j", "1", "--no-audio", "--no-print"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert (root / "xa-a" / ".cache" / "outreach" / "last-build.json").is_file()
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and messages.STATUS_UNCHANGED in again.output, again.output


def test_first_commune_builds_alone_only_into_an_empty_shared_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Alone it fills the cache with what every commune shares; once the cache holds a
    build (a rebuild after a base edit), or when each commune keeps its own, no worker
    waits for it."""
    from outreach.province.batch import BatchOptions, _empty_shared_cache

    monkeypatch.delenv("OUTREACH_CACHE_DIR", raising=False)
    assert not _empty_shared_cache(BatchOptions())  # each commune's own cache
    folder = tmp_path / "cache"
    assert _empty_shared_cache(BatchOptions(cache_dir=str(folder)))  # not made yet
    folder.mkdir()
    assert _empty_shared_cache(BatchOptions(cache_dir=str(folder)))
    monkeypatch.setenv("OUTREACH_CACHE_DIR", str(folder))
    assert _empty_shared_cache(BatchOptions())
    (folder / "pdf").mkdir()
    assert not _empty_shared_cache(BatchOptions())
    assert not _empty_shared_cache(BatchOptions(cache_dir=str(folder)))
