"""`outreach serve`: dirty rebuilds render the edited page and leave the others alone, the
search index still holds every page (the same index a full build writes), the catalogue an
overlay extends is watched, and the piece-by-piece catalogue parse equals a whole parse."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from outreach.build import BuildOptions, build_site
from outreach.catalogue.yamlfile import ChunkedParser, parse_yaml, split_top_level
from outreach.errors import InvalidInput
from project_support import REPO, pages_only

pytestmark = pytest.mark.slow
SERVE_URL = "http://127.0.0.1:8000/"
EDITED = "thu-tuc/1-001193/index.html"
UNCHANGED = "thu-tuc/2-000815/index.html"
INDEX = "search/outreach"


class Serve:
    """What `mkdocs serve --dirty` does between its server's events: a config loaded afresh
    for every build (MkDocs keeps the plugin instance), `build(dirty=True)` into one folder."""

    def __init__(self, project_dir: Path, site_dir: Path) -> None:
        from mkdocs.config import load_config

        self.load = lambda: load_config(str(project_dir / "mkdocs.yml"), site_dir=str(site_dir))
        config = self.load()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugins = config.plugins

    def build(self) -> None:
        from mkdocs.commands.build import build

        config = self.load()
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=True)
        config.plugins["outreach"].serve.wait()  # the index is written after the build

    def stop(self) -> None:
        self.plugins.on_shutdown()


def index_files(site_dir: Path) -> dict[str, bytes]:
    folder = site_dir / INDEX
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_dirty_rebuild_renders_the_edit_keeps_other_pages_and_the_whole_index(project_dir,
                                                                              edit, tmp_path):
    pages_only(project_dir)
    site = tmp_path / "served"
    serve = Serve(project_dir, site)
    try:
        serve.build()
        unchanged_mtime = (site / UNCHANGED).stat().st_mtime_ns
        edited_mtime = (site / EDITED).stat().st_mtime_ns
        locations = [p[0] for p in json.loads((site / INDEX / "pages.json").read_bytes())["pages"]]
        time.sleep(0.05)  # coarse file-system clocks: the edit must be newer than the outputs
        edit("procedures.yaml", "name: Đăng ký khai sinh\n",
             "name: Đăng ký khai sinh cho trẻ em\n")
        serve.build()
    finally:
        serve.stop()
    page = (site / EDITED).read_text(encoding="utf-8")
    assert "Đăng ký khai sinh cho trẻ em" in page
    assert (site / EDITED).stat().st_mtime_ns > edited_mtime
    # A page whose Markdown did not change was neither rendered nor written again.
    assert (site / UNCHANGED).stat().st_mtime_ns == unchanged_mtime
    # The menu of the rebuilt page still names the guide page it did not read again.
    assert "Tài khoản VNeID mức độ 2" in page
    pages = json.loads((site / INDEX / "pages.json").read_bytes())["pages"]
    assert [p[0] for p in pages] == locations and len(locations) > 10
    assert "Đăng ký khai sinh cho trẻ em" in {p[1] for p in pages}
    # The merged index is the very index a full build of the edited project writes.
    build_site(project_dir / "mkdocs.yml", BuildOptions(print=False, speech=False))
    served, built = index_files(site), index_files(project_dir / "site")
    assert sorted(served) == sorted(built)
    assert [k for k in served if served[k] != built[k]] == []
    manifest = json.loads((site / "outreach-manifest.json").read_text(encoding="utf-8"))
    hashes = {a["path"]: a["sha256"] for a in manifest["artifacts"]}
    import hashlib

    assert hashes[EDITED] == hashlib.sha256((site / EDITED).read_bytes()).hexdigest()


def test_a_normal_build_after_a_serve_in_the_same_process_is_a_full_build(project_dir,
                                                                           tmp_path):
    pages_only(project_dir)
    serve = Serve(project_dir, tmp_path / "served")
    serve.build()
    serve.stop()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project_dir / "mkdocs.yml"))
    build(config)
    assert config.plugins["outreach"].serve is None
    assert not (project_dir / ".cache" / "outreach" / "serve" / "pages" / EDITED).exists()
    assert (project_dir / "site" / EDITED).is_file()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, needle: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "outreach serve stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {needle!r}")


def test_outreach_serve_reloads_when_the_base_catalogue_of_an_overlay_changes(project_dir):
    """A real `outreach serve` on a commune whose catalogue extends a base: editing only the
    base shows on the served page."""
    pages_only(project_dir)
    base = project_dir / "base.yaml"
    shutil.move(project_dir / "procedures.yaml", base)
    (project_dir / "procedures.yaml").write_text("extends: base.yaml\nschema: 1\n",
                                                 encoding="utf-8")
    port = free_port()
    log = (project_dir / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "outreach.cli", "serve",
                               "-a", f"127.0.0.1:{port}"], cwd=project_dir,
                              stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "true"})
    url = f"http://127.0.0.1:{port}/thu-tuc/1-001193/"
    try:
        wait_for(url, "Đăng ký khai sinh", server, timeout=300)
        time.sleep(1)  # the watcher's first look at the files
        base.write_text(base.read_text("utf-8").replace(
            "name: Đăng ký khai sinh\n", "name: Đăng ký khai sinh (tỉnh sửa)\n"), "utf-8")
        wait_for(url, "Đăng ký khai sinh (tỉnh sửa)", server, timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    output = (project_dir / "serve.log").read_text(encoding="utf-8")
    assert "base.yaml" in output and "Traceback" not in output


CATALOGUES = sorted(p for p in [REPO / "procedures.yaml",
                                REPO / "scripts/outreach/scaffold/procedures.yaml",
                                *(REPO / "examples").rglob("procedures.yaml")])


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_piece_by_piece_parse_equals_a_whole_parse_before_and_after_edits(path):
    text = path.read_text(encoding="utf-8")
    assert split_top_level(text) is not None  # every catalogue we ship takes the fast path
    parse = ChunkedParser()
    edits = [text,
             text.replace("name: ", "name: Đã sửa ", 1),  # one entry changes
             text + "\n# cuối tệp\n",  # a comment at the end
             text.replace("schema: 1", "schema: 1\n# ghi chú", 1),  # lines shift below
             text]
    for version in edits:
        whole, pieces = parse_yaml(version, path.name, 3), parse(version, path.name, 3)
        assert pieces.data == whole.data
        assert pieces.lines == whole.lines
        assert parse.remembered(path.name) >= len(split_top_level(version) or [])


def test_an_alias_to_another_piece_is_parsed_whole():
    text = "procedures:\n  - &a {code: x}\nother:\n  - *a\n"
    pieces, whole = ChunkedParser()(text, "procedures.yaml"), parse_yaml(text, "procedures.yaml")
    assert pieces.data == whole.data == {"procedures": [{"code": "x"}], "other": [{"code": "x"}]}
    assert pieces.lines == whole.lines


@pytest.mark.parametrize("broken", [
    "procedures:\n  - code: \"1.001193\"\n    name: [unclosed\n",  # a syntax error in a piece
    "schema: 1\nschema: 2\n",  # a duplicate top-level key, across pieces
])
def test_piece_by_piece_parse_reports_errors_as_a_whole_parse(broken):
    with pytest.raises(InvalidInput) as whole:
        parse_yaml(broken, "procedures.yaml")
    with pytest.raises(InvalidInput) as pieces:
        ChunkedParser()(broken, "procedures.yaml")
    assert [str(p) for p in pieces.value.problems] == [str(p) for p in whole.value.problems]
