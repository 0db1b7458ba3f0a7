"""Staff studio benchmark on a 500-procedure commune (the reference records repeated).

The reference project (the repository root) is copied to a temporary folder and its
catalogue grown to 500 procedures by repeating its own records under new codes. The studio
app runs in this process behind Starlette's test client (the whole ASGI stack: middleware,
CSRF, routing, templates; no socket). Measured, each the median of `--runs`:

* list: GET /thu-tuc/ with the project already loaded (target <= 0.5 s);
* form: GET /thu-tuc/<code>/ (target <= 0.3 s);
* save: one field changed and saved (validate + write + record; target <= 0.5 s);
* page preview: "Xem trang" of a procedure whose field was just edited, after one first
  preview built the preview site (target <= 2 s); the first (cold) preview is printed too.

Floor, measured in the same run: `load_project` of the same project (read, merge, validate
500 records), which the studio pays once per change on disk. Each line prints the ratio to it.
Run: `python scripts/bench_studio.py [--runs 5] [--count 500]`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["mkdocs.yml", "procedures.yaml", "announcements", "content", "audio",
                 "overrides"]
TARGETS = {"list": 0.5, "form": 0.3, "save": 0.5, "page preview": 2.0}


def make_project(folder: Path, count: int) -> Path:
    """The reference project with its procedures repeated (new codes) up to `count`."""
    folder.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("*.mp3"))
        elif source.is_file():
            shutil.copy(source, folder / name)
    path = folder / "procedures.yaml"
    text = path.read_text(encoding="utf-8")
    # Each record as written (from its "- code:" line to the next), appended again under a
    # new code: the file keeps the layout, comments and quoting staff files have.
    starts = [m.start() for m in re.finditer(r"^  - code: ", text, re.MULTILINE)]
    records = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]
    copies = []
    for number in range(1, count - len(records) + 1):
        record = records[(number - 1) % len(records)].rstrip("\n") + "\n"
        new_code = f"{1 + number % 2}.{900000 + number:06d}"
        record = re.sub(r'^  - code: "?[\d.]+"?', f'  - code: "{new_code}"', record, count=1)
        copies.append(record)
    path.write_text(text.rstrip("\n") + "\n" + "".join(copies), encoding="utf-8")
    return folder / "mkdocs.yml"


def median_of(runs: int, work) -> float:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        work(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, seconds: float, floor: float) -> None:
    target = TARGETS.get(name)
    verdict = "" if target is None else ("ok" if seconds <= target else "OVER")
    limit = f"(target <= {target} s) " if target is not None else ""
    print(f"{name:<22} {seconds:7.3f} s  {seconds / floor:5.2f}x floor  {limit}{verdict}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "tests"))
    from outreach.catalogue.project import load_project
    from studio_support import client, form_of

    with tempfile.TemporaryDirectory() as tmp:
        config = make_project(Path(tmp) / "xa", args.count)
        floor = median_of(args.runs, lambda _: load_project(config))
        print(f"{args.count} procedures; floor = load_project {floor:.3f} s", flush=True)
        studio = client(config)
        start = time.perf_counter()
        page = studio.get("/thu-tuc/").text
        print(f"{'list (first, loads)':<22} {time.perf_counter() - start:7.3f} s", flush=True)
        report("list", median_of(args.runs, lambda _: studio.get("/thu-tuc/")), floor)
        codes = re.findall(r'href="/thu-tuc/(\d\.\d+)/"', page)[: args.runs + 2]
        assert len(codes) == args.runs + 2, "the list shows no procedures"
        report("form", median_of(args.runs, lambda i: studio.get(f"/thu-tuc/{codes[i]}/")),
               floor)
        code = codes[0]

        def save(i: int) -> None:
            data = form_of(studio.get(f"/thu-tuc/{code}/").text)
            data.update(time=f"{i + 2:02d} ngày làm việc", action="save")
            start = time.perf_counter()
            done = studio.post(f"/thu-tuc/{code}/", data=data, follow_redirects=False)
            save.seconds.append(time.perf_counter() - start)  # type: ignore[attr-defined]
            if done.status_code != 303:
                raise SystemExit(f"save refused ({done.status_code}): {done.text[:2000]}")

        save.seconds = []  # type: ignore[attr-defined]
        try:
            from outreach import saves  # noqa: F401
        except ImportError:
            print(f"{'save':<22} skipped: outreach.saves (recorded saves) is not installed")
        else:
            for i in range(args.runs):
                save(i)
            report("save", statistics.median(save.seconds), floor)  # type: ignore[attr-defined]

        def preview(i: int) -> None:
            data = form_of(studio.get(f"/thu-tuc/{code}/").text)
            data["summary"] = data.get("summary", "") + f" Sửa lần {i}."
            done = studio.post(f"/thu-tuc/{code}/xem-trang", data=data, follow_redirects=False)
            if done.status_code != 303:
                raise SystemExit(f"preview failed ({done.status_code}): {done.text[:2000]}")

        start = time.perf_counter()
        preview(99)
        print(f"{'page preview (first)':<22} {time.perf_counter() - start:7.3f} s  "
              "(builds the preview site once)", flush=True)
        report("page preview", median_of(args.runs, preview), floor)


if __name__ == "__main__":
    main()
