"""Warm-rebuild benchmark: a no-change full rebuild against a pages-only build.

On a copy of the reference site (xã Bến Hải): one cold `outreach build --engine espeak` fills
the caches; then, alternating, `outreach build --engine espeak` with nothing changed (every
PDF and clip comes from the cache) and `outreach build --no-print --no-audio`. Each run is a
fresh process, as a commune's staff would run it. Prints the medians and their ratio
(target <= 1.3: a warm build must not pay for WeasyPrint or the audio stack).

With `--serve`, it also starts a real `mkdocs serve` on a 2,000-procedure project, edits one
procedure and measures the time until the served page shows the edit (target <= 2 s).
Run: `python scripts/bench_warm.py [--runs 3] [--serve]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["mkdocs.yml", "procedures.yaml", "announcements", "content", "audio",
                 "overrides"]
TARGET_RATIO = 1.3
TARGET_RELOAD_S = 2.0
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}


def copy_reference(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy(source, folder / name)
    return folder


def timed(project: Path, *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "outreach.cli", "build", *args], cwd=project,
                          capture_output=True, text=True, env=ENV)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"outreach build {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return seconds


def warm_ratio(work: Path, runs: int) -> float:
    project = copy_reference(work / "reference")
    cold = timed(project, "--engine", "espeak")
    print(f"cold full build (fills the caches): {cold:.1f} s", flush=True)
    full, pages = [], []
    for _ in range(runs):
        full.append(timed(project, "--engine", "espeak"))
        pages.append(timed(project, "--no-print", "--no-audio"))
    ratio = statistics.median(full) / statistics.median(pages)
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"no-change full rebuild {statistics.median(full):.2f} s (runs: "
          f"{', '.join(f'{s:.2f}' for s in full)}), pages only {statistics.median(pages):.2f} s "
          f"(runs: {', '.join(f'{s:.2f}' for s in pages)}); ratio {ratio:.2f} "
          f"(target <= {TARGET_RATIO}) {verdict}", flush=True)
    return ratio


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_reload(work: Path, size: int) -> float:
    """Seconds from saving an edit of one procedure to the served page showing it."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_site import make_project

    config = make_project(work / f"serve-{size}", size)
    project = config.parent
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload",
                               "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        catalogue = project / "procedures.yaml"
        text = catalogue.read_text(encoding="utf-8")
        name = "Đăng ký khai sinh"
        assert name in text, "the scaffold's first procedure is expected in the catalogue"
        page = f"http://127.0.0.1:{port}/thu-tuc/1-001193/"
        _wait_for(page, name, timeout=1800)
        time.sleep(2)  # let the file watcher settle after the first build
        marker = "Đăng ký khai sinh (đã sửa)"
        start = time.perf_counter()
        catalogue.write_text(text.replace(f"name: {name}\n", f"name: {marker}\n", 1),
                             encoding="utf-8")
        _wait_for(page, marker, timeout=1800)
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, needle: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} never showed “{needle}”")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", action="store_true",
                        help="also measure edit-to-reload of `mkdocs serve`")
    parser.add_argument("--serve-size", type=int, default=2000)
    parser.add_argument("--serve-only", action="store_true", help="skip the rebuild ratio")
    args, _ = parser.parse_known_args()
    work = Path(tempfile.mkdtemp(prefix="bench-warm-"))
    try:
        if not args.serve_only:
            warm_ratio(work, args.runs)
        if args.serve or args.serve_only:
            seconds = serve_reload(work, args.serve_size)
            verdict = "ok" if seconds <= TARGET_RELOAD_S else "OVER TARGET"
            print(f"mkdocs serve, {args.serve_size} procedures: edit shown after "
                  f"{seconds:.1f} s (target <= {TARGET_RELOAD_S}) {verdict}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0  # figures are reported above; speed is never pass/fail on a shared machine


if __name__ == "__main__":
    sys.exit(main())
