"""The package as commune IT staff get it: a wheel installed (not editable) in a fresh venv.

Nothing may come from this git checkout: the wheel is built from a copy of the sources, the
venv lives in a tmp folder, and every command runs in a project outside the checkout with
PYTHONPATH cleared. pip reuses its download cache, so this takes about a minute.
Run on its own with `python -m pytest -m wheel` (CI does, after `make test`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.wheel]


def run(args: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "true"
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv holding the wheel built from this checkout's sources."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "scripts", source / "scripts",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"),
         str(source)], cwd=work)
    wheel = next((work / "dist").glob("outreach-*.whl"))
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], cwd=work)
    return bin_dir


def test_wheel_holds_no_checkout_path(installed):
    done = run([str(installed / "python"), "-c",
                "import outreach, pathlib; print(pathlib.Path(outreach.__file__).resolve())"],
               cwd=installed)
    location = Path(done.stdout.strip())
    assert "site-packages" in location.parts and REPO not in location.parents


def test_installed_wheel_makes_checks_and_builds_a_project(installed, tmp_path):
    outreach = str(installed / "outreach")
    run([outreach, "new", "xa", "--commune", "Trung Sơn", "--province", "Quảng Trị"],
        cwd=tmp_path)
    project = tmp_path / "xa"
    assert "plugins" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert (project / "audio" / "lexicon.yaml").is_file()
    # The staff handbook and its pictures travel in the wheel; its one-page summary prints.
    assert "cán bộ xã Trung Sơn" in (project / "HUONG-DAN.md").read_text(encoding="utf-8")
    assert (project / "huong-dan-anh" / "studio-thu-tuc.png").is_file()
    run([outreach, "handbook"], cwd=project)
    assert (project / "cach-dung-outreach.pdf").read_bytes().startswith(b"%PDF-")
    checked = run([outreach, "check"], cwd=project)
    assert "Danh mục hợp lệ" in checked.stdout
    run([outreach, "build", "--engine", "espeak"], cwd=project)
    site = project / "site"
    for path in ["thu-tuc/1-001193/index.html", "in/to-roi-mau.pdf",
                 "phat-thanh/phat-thanh-mau.mp3", "outreach-manifest.json",
                 "assets/stylesheets/outreach.css"]:
        assert (site / path).is_file(), path
    assert not (site / "README.md").exists()
    shutil.rmtree(site)
    plain = run([str(installed / "mkdocs"), "build"], cwd=project)
    assert (site / "thu-tuc" / "1-001193" / "index.html").is_file(), plain.stderr
    assert (site / "in" / "to-roi-mau.pdf").is_file()
