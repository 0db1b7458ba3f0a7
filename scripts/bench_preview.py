"""Studio page-preview benchmark: "Xem trang" of an edited procedure at 500 procedures.

On a scaffolded project with N synthetic procedures (bench_site.make_project, pages only),
one `PagePreviewer` (as the studio keeps one) previews procedure pages from unsaved text:

* cold: the first preview (every page rendered into the preview site);
* warm, unchanged: the same state again (nothing rendered; what every preview pays);
* warm, edited: each run renames a different procedure in the unsaved text and previews
  it (target <= 2 s, the studio issue's figure), median reported;
* reference: loading the edited project from scratch as `outreach check` does (read
  mkdocs.yml, parse and validate everything, no page), measured in the same run: the
  figures are given as ratios to it, comparable across machines.

Each figure is wall time, with the CPU time of this process beside it: a preview is
single-threaded work, so on a machine others keep busy its CPU time is what it would take
alone. Timings on a shared machine are noisy: compare the ratios, not the seconds.
Run: `python scripts/bench_preview.py [--procedures 500] [--edits 5]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import make_project  # noqa: E402

TARGET_EDIT_S = 2.0


def seconds(work: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """(wall seconds, result); the CPU seconds of the call are added to CPU[work name]."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work(*args, **kwargs)
    CPU.setdefault(getattr(work, "__name__", "work"), []).append(time.process_time() - cpu)
    return time.perf_counter() - started, result


CPU: dict[str, list[float]] = {}  # this script's own tallies (a benchmark, not the library)


def procedure_lines(lines: list[str]) -> list[tuple[str, int]]:
    """(code, index of its `name:` line) of every procedure, in catalogue order."""
    found, code = [], None
    for index, line in enumerate(lines):
        if line.startswith("- code: "):
            code = line.removeprefix("- code: ").strip("'\"")
        elif line.startswith("  name: ") and code is not None:
            found.append((code, index))
            code = None
    return found


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER"


def run(count: int, edits: int) -> dict[str, float]:
    from outreach.catalogue.project import load_project
    from outreach.preview import PagePreviewer

    with tempfile.TemporaryDirectory(prefix="bench-preview-") as work:
        config = make_project(Path(work) / "xa", count)
        lines = (config.parent / "procedures.yaml").read_text(encoding="utf-8").splitlines()
        records = procedure_lines(lines)
        codes = [code for code, _ in records]
        previewer = PagePreviewer(config)
        try:
            cold, first = seconds(previewer.page, codes[-1], {})
            assert first.page is not None, first.problems
            cold_cpu = CPU.pop("page")[0]
            same = [seconds(previewer.page, codes[-1], {})[0] for _ in range(3)]
            same_cpu = CPU.pop("page")
            edited, floor = [], []
            for index in range(edits):
                code, at = records[-1 - index]
                text = [*lines[:at], f"{lines[at]} (sửa {index})", *lines[at + 1:]]
                unsaved = {"procedures.yaml": "\n".join(text) + "\n"}
                took, preview = seconds(previewer.page, code, unsaved)
                assert preview.page is not None, preview.problems
                assert f"(sửa {index})" in preview.page.read_text(encoding="utf-8")
                edited.append(took)
                floor.append(seconds(load_project, config, unsaved=unsaved)[0])
                print(f"  edit {index + 1}: {took:.2f} s, {preview.rendered} pages rendered, "
                      f"{preview.generated} procedure page(s) made", flush=True)
        finally:
            previewer.close()
    median = statistics.median
    return {"cold": cold, "same": median(same), "edit": median(edited), "floor": median(floor),
            "cold_cpu": cold_cpu, "same_cpu": median(same_cpu), "edit_cpu": median(CPU["page"]),
            "floor_cpu": median(CPU["load_project"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=500)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    print(f"page preview at {args.procedures} procedures ({args.edits} edits):", flush=True)
    f = run(args.procedures, args.edits)
    floor = f["floor"]

    def line(label: str, key: str) -> str:
        return (f"{label}: {f[key]:.2f} s wall, {f[key + '_cpu']:.2f} s CPU "
                f"({f[key] / floor:.2f}x reference)")

    print(f"reference (load the edited project as `outreach check` does): {floor:.2f} s wall, "
          f"{f['floor_cpu']:.2f} s CPU")
    print(line("cold first preview (every page)", "cold"))
    print(line("warm, unchanged state", "same"))
    print(line("warm, edited procedure (median)", "edit")
          + f"; target <= {TARGET_EDIT_S:g} s: wall {verdict(f['edit'], TARGET_EDIT_S)}, "
          f"CPU {verdict(f['edit_cpu'], TARGET_EDIT_S)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
