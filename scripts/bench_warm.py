"""Warm-rebuild benchmark: a no-change full rebuild against a pages-only build.

On a copy of the reference site (xã Bến Hải), then on a fresh `outreach new` project: one cold
`outreach build --engine espeak` fills the caches; then, alternating, `outreach build
--engine espeak` with nothing changed (every PDF and clip comes from the cache) and
`outreach build --no-print --no-audio`. Each run is a fresh process, as a commune's staff
would run it. Prints the medians and their ratio
(target <= 1.2: a warm build must not pay for WeasyPrint or the audio stack).

Then (unless `--no-serve`; `--serve-only` skips the ratio) it starts a real `outreach serve`
(dirty rebuilds) on a 2,000-procedure project (bench_site.make_project), waits for the first
build, then renames three different procedures one after another, 3 s apart, and measures
each time from saving procedures.yaml to the served page showing the new name (target <= 2 s;
the median is reported, with MkDocs' own timing of each build). About two minutes.
Run: `python scripts/bench_warm.py [--runs 3] [--no-serve | --serve-only] [--serve-edits 3]`.
"""

from __future__ import annotations

import argparse
import os
import re
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
TARGET_RATIO = 1.2
TARGET_RELOAD_S = 2.0
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}


def copy_reference(folder: Path) -> Path:
    """The reference project, with the repository's render cache when there is one (the
    cold build then fills only what it lacks: the ratio is about warm builds)."""
    folder.mkdir(parents=True)
    for name in [*PROJECT_FILES, ".cache"]:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy(source, folder / name)
    return folder


def children_cpu() -> float:
    """CPU seconds of this process's finished children (0 where `resource` is missing)."""
    try:
        import resource
    except ImportError:  # Windows: wall time only
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(project: Path, *args: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one `outreach build` in a fresh process."""
    start, started = time.perf_counter(), children_cpu()
    done = subprocess.run([sys.executable, "-m", "outreach.cli", "build", *args], cwd=project,
                          capture_output=True, text=True, env=ENV)
    seconds, cpu = time.perf_counter() - start, children_cpu() - started
    if done.returncode != 0:
        raise SystemExit(f"outreach build {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return seconds, cpu


def fresh_project(folder: Path) -> Path:
    """A project exactly as `outreach new` writes it."""
    done = subprocess.run([sys.executable, "-m", "outreach.cli", "new", str(folder),
                           "--commune", "Trung Sơn", "--province", "Quảng Trị"],
                          capture_output=True, text=True, env=ENV)
    if done.returncode != 0:
        raise SystemExit(f"outreach new failed:\n{done.stderr[-3000:]}")
    return folder


def warm_ratio(project: Path, label: str, runs: int) -> float:
    cold, _ = timed(project, "--engine", "espeak")
    print(f"{label}: cold full build (fills the caches): {cold:.1f} s", flush=True)
    full, pages = [], []
    for _ in range(runs):
        full.append(timed(project, "--engine", "espeak"))
        pages.append(timed(project, "--no-print", "--no-audio"))
    ratio = statistics.median(w for w, _ in full) / statistics.median(w for w, _ in pages)
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"{label}: no-change full rebuild {_runs(full)}, pages only {_runs(pages)}; "
          f"ratio {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}", flush=True)
    cpu_full, cpu_pages = (statistics.median(c for _, c in runs) for runs in (full, pages))
    if cpu_pages:
        print(f"{label}: in CPU seconds (steadier on a shared machine): ratio "
              f"{cpu_full / cpu_pages:.2f}", flush=True)
    return ratio


def _runs(runs: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in runs]
    return (f"{statistics.median(walls):.2f} s (runs: {', '.join(f'{w:.2f}' for w in walls)}; "
            f"CPU {statistics.median(c for _, c in runs):.2f} s)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_reload(work: Path, size: int, edits: int) -> tuple[float, list[float]]:
    """`outreach serve` on a `size`-procedure project: seconds until the first build is
    served, and for each edit (a different procedure each time) seconds from saving
    procedures.yaml to the served page showing the new name."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_site import make_project

    config = make_project(work / f"serve-{size}", size)
    project = config.parent
    catalogue = project / "procedures.yaml"
    text = catalogue.read_text(encoding="utf-8")
    # The synthetic procedures (bench_site.make_project) are written code first, name next.
    found = re.findall(r"^- code: '([0-9.]+)'\n  name: (.+)$", text, re.MULTILINE)
    targets = found[len(found) // 2:][:edits]
    port = free_port()
    log = (work / "serve.log").open("w", encoding="utf-8")  # a pipe left unread would block
    server = subprocess.Popen([sys.executable, "-m", "outreach.cli", "serve",
                               "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                              stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        start = time.perf_counter()
        first_code, first_name = targets[0]
        _wait_for(_page_url(port, first_code), first_name, timeout=1800, server=server)
        first = time.perf_counter() - start
        time.sleep(2)  # let the file watcher take its first snapshot
        seconds = []
        for number, (code, name) in enumerate(targets, start=1):
            marker = f"{name} (sửa {number})"
            record = f"- code: '{code}'\n  name: "
            text = text.replace(record + name + "\n", record + marker + "\n", 1)
            start = time.perf_counter()
            catalogue.write_text(text, encoding="utf-8")
            _wait_for(_page_url(port, code), marker, timeout=600, server=server)
            seconds.append(time.perf_counter() - start)
            # Someone reads the page before the next edit; meanwhile the server writes the
            # search index and collects garbage (off the edit-to-reload path).
            time.sleep(3)
        builds = re.findall(r"Documentation built in ([0-9.]+) seconds",
                            (work / "serve.log").read_text(encoding="utf-8"))
        print(f"  MkDocs' own timing of each build: {', '.join(builds)} s", flush=True)
        return first, seconds
    except SystemExit:
        print((work / "serve.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _page_url(port: int, code: str) -> str:
    return f"http://127.0.0.1:{port}/thu-tuc/{code.replace('.', '-')}/"


def _wait_for(url: str, needle: str, timeout: float,
              server: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"outreach serve stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.1)  # not faster: every request competes with the build for the CPU
    raise SystemExit(f"{url} never showed “{needle}”")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-serve", action="store_true",
                        help="skip the edit-to-reload measure of `outreach serve`")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the default
    parser.add_argument("--serve-size", type=int, default=2000)
    parser.add_argument("--serve-edits", type=int, default=3)
    parser.add_argument("--serve-only", action="store_true", help="skip the rebuild ratio")
    args, _ = parser.parse_known_args()
    work = Path(tempfile.mkdtemp(prefix="bench-warm-"))
    try:
        if not args.serve_only:
            warm_ratio(copy_reference(work / "reference"), "reference", args.runs)
            warm_ratio(fresh_project(work / "new"), "fresh `outreach new` project", args.runs)
        if args.serve_only or not args.no_serve:
            first, seconds = serve_reload(work, args.serve_size, args.serve_edits)
            median = statistics.median(seconds)
            verdict = "ok" if median <= TARGET_RELOAD_S else "OVER TARGET"
            print(f"outreach serve, {args.serve_size} procedures: first build served after "
                  f"{first:.1f} s; edit shown after {median:.2f} s median (edits: "
                  f"{', '.join(f'{s:.2f}' for s in seconds)}; target <= {TARGET_RELOAD_S}) "
                  f"{verdict}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0  # figures are reported above; speed is never pass/fail on a shared machine


if __name__ == "__main__":
    sys.exit(main())
