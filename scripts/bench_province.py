"""Province scale: a generated province built with `outreach batch`, cold and warm.

Usage: python scripts/bench_province.py [--communes N] [--procedures P] [-j JOBS]
                                       [--keep DIR]

Generates N communes that extend one base catalogue (the example province's base, first P
procedures; pages, PDFs and offline audio), then measures:

* the PDF + audio work (produce_assets, no MkDocs) of commune 1 on an empty cache, and of
  communes 2..k on the cache commune 1 filled (target: ≤ 25 % of commune 1's);
* the whole batch cold (empty shared cache) and warm (same cache, nothing changed), with the
  cache reuse rate (target for 100 × 30: warm ≤ 60 s).

The default size keeps `make bench` short; the issue's size is `--communes 100`.
Timings on a shared machine are noisy: read them as ratios.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

from outreach.build import BuildOptions, produce_assets
from outreach.catalogue.project import load_project
from outreach.paths import repo_root
from outreach.province.batch import BatchOptions, default_jobs, reuse, reuse_rate, run_batch
from outreach.scaffold import scaffold

BASE = repo_root() / "examples" / "province" / "base" / "procedures.yaml"
# Syllables for generated commune names (two of them, like most commune names).
SYLLABLES = ["An", "Bình", "Cam", "Đông", "Gio", "Hải", "Hòa", "Lâm", "Linh", "Lộc", "Minh",
             "Phong", "Quang", "Sơn", "Tân", "Thạch", "Thủy", "Trung", "Vĩnh", "Xuân"]


def commune_name(i: int) -> str:
    n = len(SYLLABLES)
    return f"{SYLLABLES[i % n]} {SYLLABLES[(i // n + 7 * i + 3) % n]}"


def make_province(root: Path, communes: int, procedures: int) -> list[Path]:
    """A base with `procedures` records and `communes` overlays (one local field each)."""
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    data["procedures"] = data["procedures"][:procedures]
    codes = [p["code"] for p in data["procedures"]]
    (root / "base").mkdir(parents=True)
    (root / "base" / "procedures.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    dirs = []
    for i in range(communes):
        name = commune_name(i)
        target = root / "communes" / f"xa-{i + 1:03d}"
        scaffold(target, name, "Quảng Trị", phone=f"0233 38{i:02d} {100 + i:03d}")
        own = (target / "procedures.yaml").read_text(encoding="utf-8")
        office = re.search(r"^office:\n(?:  .*\n)+", own, re.MULTILINE)
        assert office is not None
        code = codes[i % len(codes)]
        (target / "procedures.yaml").write_text(
            "extends: ../../base/procedures.yaml\nschema: 1\n" + office.group(0)
            + f'procedures:\n  - code: "{code}"\n    audience: Người dân xã {name}\n',
            encoding="utf-8")
        for ann in (target / "announcements").glob("*.md"):
            text = ann.read_text(encoding="utf-8")
            if "2.000815" in text and "2.000815" not in codes:
                ann.unlink()
        dirs.append(target)
    return dirs


def assets_work(directory: Path, cache_dir: Path, out: Path) -> tuple[float, dict[str, int]]:
    """Seconds of PDF + audio work for one commune against `cache_dir`, and cache stats."""
    project = load_project(directory / "mkdocs.yml")
    options = BuildOptions(engine="espeak", cache_dir=cache_dir, project=project)
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    produce_assets(project, out, options)
    return time.perf_counter() - started, options.cache_stats


def batch(dirs: list[Path], cache_dir: Path, jobs: int) -> tuple[float, list]:
    started = time.perf_counter()
    results = run_batch(dirs, BatchOptions(engine="espeak", cache_dir=str(cache_dir)), jobs)
    return time.perf_counter() - started, results


def describe(results: list) -> str:
    parts = ", ".join(f"{ns} {h}/{t}" for ns, (h, t) in reuse(results).items())
    failed = [r for r in results if not r.ok]
    return f"reuse {reuse_rate(results):.0%} ({parts}); failed {len(failed)}"


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=3)
    parser.add_argument("--procedures", type=int, default=30)
    parser.add_argument("-j", "--jobs", type=int, default=default_jobs())
    parser.add_argument("--sample", type=int, default=2,
                        help="communes after the first whose asset work is timed alone")
    parser.add_argument("--keep", type=Path, default=None, help="build here and keep it")
    args, _ = parser.parse_known_args()  # `make bench` passes the same argv to every bench
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="bench-province-"))
    try:
        dirs = make_province(scratch / "tinh", args.communes, args.procedures)
        print(f"province: {args.communes} communes x {args.procedures} procedures, "
              f"{args.jobs} jobs, in {scratch}")
        work_cache = scratch / "cache-work"
        first, first_stats = assets_work(dirs[0], work_cache, scratch / "out")
        print(f"commune 1 PDF+audio work, empty cache: {first:.1f} s {first_stats}")
        others = []
        for d in dirs[1:1 + args.sample]:
            seconds, stats = assets_work(d, work_cache, scratch / "out")
            others.append(seconds)
            print(f"{d.name} PDF+audio work, cache from commune 1: {seconds:.1f} s {stats}")
        if others:
            mean = sum(others) / len(others)
            print(f"=> communes 2..: {mean:.1f} s each = {mean / first:.0%} of commune 1 "
                  "(target <= 25 %)")
        cache_dir = scratch / "cache"
        cold, results = batch(dirs, cache_dir, args.jobs)
        print(f"batch cold: {cold:.1f} s for {len(dirs)} communes "
              f"({cold / len(dirs):.1f} s/commune); {describe(results)}")
        warm, results = batch(dirs, cache_dir, args.jobs)
        print(f"batch warm: {warm:.1f} s ({warm / len(dirs):.2f} s/commune); "
              f"{describe(results)}; projected for 100: {warm / len(dirs) * 100:.0f} s "
              "(target <= 60 s)")
        sites = sum(du(d / "site") for d in dirs) / len(dirs)
        print(f"shared cache: {du(cache_dir) / 1e6:.1f} MB; one site: {sites / 1e6:.1f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
