"""Page benchmark: build a site with N procedures and measure what a citizen downloads.

Commune sites are read on cheap phones over slow mobile data and on offline kiosks, so we
track bytes, not only build time. Run: `python -m outreach.site.bench --procedures 200`
(writes bench-out/pages.json). Print and audio are off: this measures the website alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from ..scaffold import scaffold
from .search import INDEX_PATH

# Budgets a first visit to a procedure page must stay under (gzip, as served by any web server).
FIRST_VISIT_GZIP_BUDGET = 200_000
PROCEDURE_HTML_BUDGET = 60_000  # raw bytes of one procedure page
SEARCH_INDEX_GZIP_PER_PROCEDURE = 3_000  # index growth per procedure, gzip

_RESOURCE = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*>')
_FIELDS = ["Hộ tịch", "Chứng thực", "Cư trú", "Bảo trợ xã hội", "Đất đai", "Hộ kinh doanh"]


@dataclass(frozen=True)
class PageReport:
    """What the benchmark measured; every size in bytes."""

    procedures: int
    pages: int
    build_seconds: float
    procedure_html_median: int
    procedure_html_max: int
    first_visit_raw: int
    first_visit_gzip: int
    search_index_raw: int
    search_index_gzip: int


def synthetic_project(target: Path, procedures: int) -> Path:
    """The starter project with its procedures repeated up to `procedures`; returns mkdocs.yml."""
    scaffold(target, "Trung Sơn", "Quảng Trị")
    catalogue_file = target / "procedures.yaml"
    data = yaml.safe_load(catalogue_file.read_text(encoding="utf-8"))
    base = data["procedures"]
    data["procedures"] = [_variant(base[i % len(base)], i) for i in range(procedures)]
    catalogue_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                              encoding="utf-8")
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # The website alone: drop the starter's print/speech switches, then turn both off.
    text = re.sub(r"(?m)^    (print|speech): .*\n", "", text)
    text = text.replace("  outreach:\n", "  outreach:\n    print: false\n    speech: false\n", 1)
    config.write_text(text, encoding="utf-8")
    return config


def _variant(procedure: dict, i: int) -> dict:
    if i < 2:
        return procedure
    return {**procedure, "code": f"9.{i:06d}", "name": f"{procedure['name']} (bản thử {i})",
            "field": _FIELDS[i % len(_FIELDS)]}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def first_visit(site_dir: Path, page: Path) -> tuple[int, int]:
    """Raw and gzip bytes of a page plus the same-site CSS and JS it references."""
    html = page.read_bytes()
    raw, packed = len(html), gzip_size(html)
    page_url = page.relative_to(site_dir).as_posix()
    for ref in set(_RESOURCE.findall(html.decode("utf-8"))):
        target = urlsplit(urljoin(page_url, ref))
        if target.scheme or target.netloc:
            continue
        path = site_dir / target.path
        if path.is_file() and path.suffix in (".css", ".js"):
            data = path.read_bytes()
            raw, packed = raw + len(data), packed + gzip_size(data)
    return raw, packed


def measure(site_dir: Path, procedures: int, build_seconds: float) -> PageReport:
    pages = sorted(site_dir.rglob("*.html"))
    procedure_pages = [p for p in pages if p.parent.parent.name == "thu-tuc"]
    sizes = [p.stat().st_size for p in procedure_pages] or [0]
    raw, packed = first_visit(site_dir, procedure_pages[0]) if procedure_pages else (0, 0)
    index = (site_dir / INDEX_PATH).read_bytes() if (site_dir / INDEX_PATH).is_file() else b""
    return PageReport(procedures, len(pages), round(build_seconds, 3),
                      int(statistics.median(sizes)), max(sizes), raw, packed,
                      len(index), gzip_size(index))


def over_budget(report: PageReport) -> list[str]:
    """Plain sentences for every budget the report exceeds (empty when all is well)."""
    problems = []
    if report.first_visit_gzip > FIRST_VISIT_GZIP_BUDGET:
        problems.append(f"lần mở đầu một trang thủ tục tải {report.first_visit_gzip} byte (gzip), "
                        f"vượt mức {FIRST_VISIT_GZIP_BUDGET}.")
    if report.procedure_html_max > PROCEDURE_HTML_BUDGET:
        problems.append(f"trang thủ tục lớn nhất {report.procedure_html_max} byte, "
                        f"vượt mức {PROCEDURE_HTML_BUDGET}.")
    index_budget = SEARCH_INDEX_GZIP_PER_PROCEDURE * max(report.procedures, 10)
    if report.search_index_gzip > index_budget:
        problems.append(f"chỉ mục tìm kiếm {report.search_index_gzip} byte (gzip), "
                        f"vượt mức {index_budget}.")
    return problems


def run(procedures: int, workdir: Path) -> PageReport:
    """Make the synthetic project in workdir, build it with MkDocs, measure the site."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = synthetic_project(workdir / "project", procedures)
    config = load_config(str(config_file))
    start = time.perf_counter()
    build(config)
    elapsed = time.perf_counter() - start
    return measure(Path(config["site_dir"]), procedures, elapsed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    # `make bench` passes the same arguments to every benchmark: ignore the others' ones.
    args, _ = parser.parse_known_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    import shutil

    shutil.rmtree(args.out / "project", ignore_errors=True)
    report = run(args.procedures, args.out)
    (args.out / "pages.json").write_text(json.dumps(asdict(report), indent=2) + "\n")
    for key, value in asdict(report).items():
        print(f"{key:24} {value}")
    problems = over_budget(report)
    for problem in problems:
        print(f"VƯỢT NGÂN SÁCH: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
