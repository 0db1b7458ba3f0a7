"""Website build benchmark: pages only (print and speech off), 200 and 2,000 procedures.

For each size it builds, each in its own subprocess (so peak memory is that build's alone):
  * plain: MkDocs + Material building the very same Markdown, written out as ordinary
           files, with the same small menu written into mkdocs.yml and no outreach plugin
           (the floor);
  * ours cold: a scaffolded project whose catalogue has N synthetic but realistic
           procedures, built by plain `mkdocs build` through the outreach plugin, empty
           cache, no site_url (no share previews are drawn);
  * ours cold, site_url: the same with a site_url, so the N share previews are drawn;
  * ours warm: that project built again (previews and unchanged pages from the cache).
The builds alternate (plain, cold, cold with site_url, warm) `--runs` times, so each ratio
compares runs made side by side. It prints wall and CPU seconds (CPU, this process and its
workers, is the steadier figure on a shared machine), each ratio to the floor with its
target (OVER when missed), the 2000/200 ratio, the median procedure page size and peak RSS.
Run: `python scripts/bench_site.py [--sizes 200 2000] [--runs 1]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

# Ratios to the plain-MkDocs floor (issue 21), then the older scale targets.
TARGETS = {"cold": 1.3, "cold_url": 1.8, "warm_url": 1.15}
LABELS = {"cold": "cold, no site_url", "cold_url": "cold, site_url (previews drawn)",
          "warm_url": "warm, site_url (previews and pages cached)"}
TARGET_SCALING = 11.0
TARGET_MEDIAN_KB = 60.0
TARGET_RSS_MB = 300.0
SITE_URL = "https://trungson.example.gov.vn/"

# Run inside the child: build in-process, report wall time and this process's peak RSS (its
# workers are not counted: on Linux a child's peak includes the parent's pages at fork, before
# exec; sampled, the search-entry worker stays near 35 MB).
CHILD = """
import json, os, resource, sys, time
os.environ["NO_MKDOCS_2_WARNING"] = "true"
from mkdocs.commands.build import build
from mkdocs.config import load_config
def cpu():
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
start, started = time.perf_counter(), cpu()
config = load_config(sys.argv[1])
build(config)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "cpu": cpu() - started, "peak_mb": peak_kb / 1024}))
"""

ACTIONS = ["Đăng ký", "Cấp", "Cấp lại", "Cấp đổi", "Thay đổi", "Xác nhận", "Gia hạn",
           "Điều chỉnh", "Công nhận", "Hỗ trợ", "Thẩm định", "Giải quyết", "Chấm dứt"]
OBJECTS = {
    "Hộ tịch": ["khai sinh", "kết hôn", "khai tử", "giám hộ", "nhận cha, mẹ, con",
                "thông tin hộ tịch", "trích lục hộ tịch"],
    "Chứng thực": ["bản sao từ bản chính", "chữ ký", "hợp đồng, giao dịch", "chữ ký người dịch"],
    "Cư trú": ["thường trú", "tạm trú", "lưu trú", "tạm vắng", "thông tin cư trú"],
    "Bảo trợ xã hội": ["trợ cấp xã hội hằng tháng", "hỗ trợ chi phí mai táng",
                       "hộ nghèo, hộ cận nghèo", "chế độ người khuyết tật"],
    "Đất đai": ["quyền sử dụng đất", "biến động đất đai", "hòa giải tranh chấp đất đai",
                "mục đích sử dụng đất"],
    "Hộ kinh doanh": ["hộ kinh doanh", "giấy chứng nhận hộ kinh doanh", "tạm ngừng kinh doanh"],
    "Người có công": ["trợ cấp người có công", "thờ cúng liệt sĩ", "điều dưỡng người có công"],
    "Giáo dục": ["chuyển trường", "hỗ trợ học phí", "thành lập nhóm trẻ độc lập"],
    "Nông nghiệp": ["hỗ trợ thiệt hại thiên tai", "kinh tế trang trại", "cây trồng, vật nuôi"],
    "Văn hóa": ["gia đình văn hóa", "lễ hội truyền thống", "câu lạc bộ văn hóa"],
}
QUALIFIERS = ["", "", "", " có yếu tố nước ngoài", " lưu động", " cho trẻ em dưới 6 tuổi",
              " trong trường hợp đặc biệt", " khi thay đổi nơi cư trú", " cho người cao tuổi"]
DOCUMENTS = ["Tờ khai theo mẫu", "Giấy tờ tùy thân có ảnh", "Giấy tờ chứng minh nơi cư trú",
             "Văn bản ủy quyền (nếu nộp thay)", "Bản sao giấy tờ liên quan",
             "Giấy xác nhận của cơ quan có thẩm quyền", "Ảnh chụp giấy tờ gốc"]
STEPS = ["Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID",
         "Tìm và chọn đúng thủ tục", "Điền tờ khai trực tuyến",
         "Tải ảnh các giấy tờ cần thiết lên", "Nộp lệ phí trực tuyến nếu có",
         "Theo dõi tình trạng hồ sơ qua tin nhắn", "Nhận kết quả qua tài khoản hoặc bưu điện"]


def synthetic_procedures(count: int, templates: list[dict], seed: int = 7) -> list[dict]:
    """`count` procedures shaped like the scaffold's; the scaffold's own codes come first
    so its announcements still resolve."""
    rng = random.Random(seed)
    procedures = [dict(t) for t in templates][:count]
    fields = list(OBJECTS)
    number = 0
    while len(procedures) < count:
        number += 1
        field = fields[number % len(fields)]
        thing = rng.choice(OBJECTS[field])
        name = f"{rng.choice(ACTIONS)} {thing}{rng.choice(QUALIFIERS)}"
        amount = rng.choice([0, 0, 0, 2000, 8000, 10000, 15000, 50000, 100000])
        detail = ("Kiểm tra kỹ thông tin trước khi gửi; nếu thiếu giấy tờ, cán bộ sẽ nhắn "
                  "bổ sung qua tài khoản.")
        procedures.append({
            "code": f"{1 + number % 2}.{100000 + number:06d}",
            "name": name[0].upper() + name[1:],
            "field": field,
            "level": rng.choice(["toan-trinh", "mot-phan", "truc-tiep"]),
            "summary": f"Người dân cần {thing} làm thủ tục này để được cơ quan có thẩm quyền "
                       "giải quyết theo quy định.",
            "time": rng.choice(["Ngay trong ngày làm việc", "03 ngày làm việc",
                                "05 ngày làm việc", "10 ngày làm việc"]),
            "fee": {"amount": amount, "note": "Giảm 50% khi nộp trực tuyến" if amount else
                    "Không thu lệ phí"},
            "documents": rng.sample(DOCUMENTS, rng.randint(2, 5)),
            "steps": [{"title": s, "detail": detail} if i == 2 else {"title": s}
                      for i, s in enumerate(STEPS[:rng.randint(4, 7)])],
            "where": rng.choice([["online", "one_stop_desk"], ["one_stop_desk", "post"],
                                 ["online", "one_stop_desk", "post"]]),
            "result": f"Văn bản giải quyết về {thing}",
            "legal_basis": [f"Nghị định {rng.randint(10, 180)}/20{rng.randint(15, 25)}/NĐ-CP"],
            "keywords": [f"làm {thing}", f"xin {thing}"],
            "source": "https://dichvucong.gov.vn",
            "verified": str(dt.date(2025, rng.randint(1, 10), rng.randint(1, 28))),
        })
    return procedures


def make_project(folder: Path, count: int, site_url: str | None = None) -> Path:
    """A scaffolded project with `count` procedures, print and speech off."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from outreach.scaffold import scaffold

    scaffold(folder, "Trung Sơn", "Quảng Trị")
    catalogue_file = folder / "procedures.yaml"
    catalogue = yaml.safe_load(catalogue_file.read_text(encoding="utf-8"))
    catalogue["procedures"] = synthetic_procedures(count, catalogue["procedures"])
    catalogue_file.write_text(yaml.safe_dump(catalogue, allow_unicode=True, sort_keys=False),
                              encoding="utf-8")
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("print: true", "print: false").replace("speech: true", "speech: false")
    if site_url:
        text = text.replace("# site_url: https://ten-xa.example.gov.vn/", f"site_url: {site_url}")
    config.write_text(text, encoding="utf-8")
    return config


def make_plain_twin(project_config: Path, folder: Path) -> Path:
    """The same pages as ordinary Markdown files, same theme and menu, no hook."""
    from outreach.catalogue.project import load_project
    from outreach.site.navigation import navigation
    from outreach.site.pages import field_pages, generated_pages

    project = load_project(project_config)
    docs = folder / "docs"
    shutil.copytree(project_config.parent / "content", docs)
    for page in generated_pages(project):
        target = docs / page.src_uri
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
    shutil.copytree(project_config.parent / "overrides", folder / "overrides",
                    ignore=shutil.ignore_patterns("hooks"))
    present = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    guides = [p for p in present if p.startswith("huong-dan/")]
    config = yaml.safe_load(project_config.read_text(encoding="utf-8").split("\nhooks:")[0]
                            .replace("!!python/name:", ""))
    config["plugins"] = [p for p in config.get("plugins", [])
                         if not (p == "outreach" or isinstance(p, dict) and "outreach" in p)]
    config.update(docs_dir="docs", nav=navigation(field_pages(project), guides, present),
                  not_in_nav="/thu-tuc/\n/thong-bao/\n")
    config.pop("markdown_extensions", None)
    config["markdown_extensions"] = ["admonition", "attr_list", "md_in_html", "tables",
                                     {"pymdownx.tasklist": {"custom_checkbox": True}}]
    config.pop("extra", None)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                       encoding="utf-8")
    return folder / "mkdocs.yml"


def timed_build(config: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(config)], capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "true"})
    if done.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_page_kb(site: Path) -> float:
    sizes = [p.stat().st_size for p in (site / "thu-tuc").glob("*/index.html")]
    return statistics.median(sizes) / 1024


def measure(work: Path, size: int, runs: int) -> dict:
    """Every variant `runs` times, alternating; {variant: [run, ...]}."""
    config = make_project(work / f"ours-{size}", size)
    with_url = make_project(work / f"url-{size}", size, SITE_URL)
    plain = make_plain_twin(config, work / f"plain-{size}")
    out: dict = {"plain": [], "cold": [], "cold_url": [], "warm_url": []}
    for _ in range(runs):
        out["plain"].append(timed_build(plain))
        for project in (config, with_url):
            shutil.rmtree(project.parent / ".cache", ignore_errors=True)
        out["cold"].append(timed_build(config))
        out["cold_url"].append(timed_build(with_url))
        out["warm_url"].append(timed_build(with_url))
    out["median_kb"] = median_page_kb(config.parent / "site")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=1, help="alternating runs of each build")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args, _ = parser.parse_known_args()  # `make bench` passes the same argv to every bench
    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    results = {}
    try:
        for size in args.sizes:
            results[size] = measure(work, size, args.runs)
            print_size(size, results[size])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"projects kept in {work}")
    return report(results)


def _figures(runs: list[dict], key: str) -> str:
    values = [r[key] for r in runs]
    return f"median {statistics.median(values):.1f} (min {min(values):.1f})"


def ratios(result: dict, variant: str, key: str) -> list[float]:
    """Each run's ratio to the plain build of the same round."""
    return [ours[key] / plain[key] for ours, plain in zip(result[variant], result["plain"],
                                                           strict=True)]


def print_size(size: int, result: dict) -> None:
    print(f"{size:>5} procedures, {len(result['plain'])} alternating run(s):", flush=True)
    for variant in ("plain", *TARGETS):
        runs = result[variant]
        line = (f"  {LABELS.get(variant, 'plain MkDocs (floor)'):44} wall s "
                f"{_figures(runs, 'seconds')}, CPU s {_figures(runs, 'cpu')}, peak "
                f"{max(r['peak_mb'] for r in runs):.0f} MB")
        print(line, flush=True)
    print(f"  median procedure page {result['median_kb']:.1f} kB", flush=True)


def report(results: dict) -> int:
    """Ratios against their targets; OVER beside a missed one (never a failing exit: speed
    on a shared machine is reported, not asserted)."""
    largest = max(results)
    r = results[largest]
    checks = []
    for variant, target in TARGETS.items():
        wall, cpu = ratios(r, variant, "seconds"), ratios(r, variant, "cpu")
        checks.append((f"{largest} procedures {LABELS[variant]} / plain, wall "
                       f"(CPU median {statistics.median(cpu):.2f}, min {min(cpu):.2f}; "
                       f"wall min {min(wall):.2f})", statistics.median(wall), target))
    if len(results) > 1:
        smallest = min(results)
        checks.append((f"{largest}/{smallest} cold build time ratio",
                       statistics.median(x["seconds"] for x in r["cold"])
                       / statistics.median(x["seconds"] for x in results[smallest]["cold"]),
                       TARGET_SCALING))
    checks.append(("median procedure page (kB)",
                   max(x["median_kb"] for x in results.values()), TARGET_MEDIAN_KB))
    checks.append((f"peak RSS at {largest} procedures (MiB)",
                   max(run["peak_mb"] for v in TARGETS for run in r[v]), TARGET_RSS_MB))
    for label, value, limit in checks:
        verdict = "ok  " if value <= limit else "OVER"
        print(f"{verdict} {label}: {value:.2f} (target ≤ {limit})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
