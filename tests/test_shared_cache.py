"""A render cache shared by communes: content keys, verified reads, concurrent writers."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from pytest_socket import disable_socket, enable_socket

from outreach.artifacts import Cache
from outreach.build import BuildOptions, cache_for
from outreach.catalogue.project import load_project
from outreach.print import build_pdfs
from outreach.scaffold import scaffold
from outreach.speech import build_audio
from project_support import TODAY


def test_damaged_entry_is_a_miss_and_counted(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("pdf", "ab" * 32, ".pdf", b"%PDF-1.7 data")
    assert cache.get("pdf", "ab" * 32, ".pdf") == b"%PDF-1.7 data"
    path = cache.path("pdf", "ab" * 32, ".pdf")
    path.write_bytes(path.read_bytes()[:-5])  # cut short, as by a killed job
    assert cache.get("pdf", "ab" * 32, ".pdf") is None
    assert cache.get("pdf", "cd" * 32, ".pdf") is None
    assert cache.stats() == {"hits:pdf": 1, "misses:pdf": 2}


def _writer(args: tuple[str, int]) -> bool:
    folder, n = args
    cache = Cache(Path(folder))
    payload = bytes(range(256)) * 4000  # ~1 MB: large enough for writes to overlap
    for _ in range(n):
        cache.put("speech-clips", "ef" * 32, ".mp3", payload)
        got = cache.get("speech-clips", "ef" * 32, ".mp3")
        if got is not None and got != payload:
            return False
    return True


def test_several_processes_writing_the_same_key(tmp_path: Path) -> None:
    with multiprocessing.get_context("fork").Pool(4) as pool:
        assert all(pool.map(_writer, [(str(tmp_path), 20)] * 4))
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.name.startswith(".")]
    assert leftovers == []  # every temp file was renamed into place


def test_cache_dir_from_option_then_environment(tmp_path: Path, project_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = load_project(project_dir / "mkdocs.yml", today=TODAY)
    assert cache_for(project).folder == project_dir / ".cache/outreach"
    monkeypatch.setenv("OUTREACH_CACHE_DIR", str(tmp_path / "env"))
    assert cache_for(project).folder == tmp_path / "env"
    options = BuildOptions(cache_dir=tmp_path / "opt")
    assert cache_for(project, options).folder == tmp_path / "opt"


def _render(root: Path, folder: Path) -> dict[str, int]:
    project = load_project(root / "mkdocs.yml", today=TODAY)
    cache = Cache(folder)
    build_pdfs(project, root / "out", cache)
    build_audio(project, root / "out", cache, engine="espeak")
    return cache.stats()


def test_second_commune_reuses_what_is_the_same(tmp_path: Path) -> None:
    """Same content in another folder: nothing rendered again (no paths in the keys).
    Another commune: its PDFs differ, but most of each clip (its segments) is shared."""
    shared = tmp_path / "shared-cache"
    first, copy, other = tmp_path / "a" / "xa", tmp_path / "b" / "nested" / "xa", tmp_path / "c"
    scaffold(first, "Trung Sơn", "Quảng Trị", today=TODAY)
    scaffold(copy, "Trung Sơn", "Quảng Trị", today=TODAY)
    scaffold(other, "Cam Lộ", "Quảng Trị", today=TODAY)
    disable_socket()
    try:
        cold = _render(first, shared)
        same = _render(copy, shared)
        different = _render(other, shared)
    finally:
        enable_socket()
    assert cold.get("hits:pdf", 0) == 0 and cold["misses:pdf"] > 0
    assert same.get("misses:pdf", 0) == 0 and same["hits:pdf"] == cold["misses:pdf"]
    assert same.get("misses:speech-clips", 0) == 0
    assert "misses:speech-sentences" not in same  # clips hit: no sentence even looked up
    assert different["misses:pdf"] > 0  # the commune's name is on every page
    # Only the paragraphs naming the office (station, desk, phone) are made again.
    assert 0 < different["misses:speech-segments"] < different["hits:speech-segments"]
