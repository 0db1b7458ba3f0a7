"""Build a project twice from scratch and compare the two sites file by file.

    python scripts/reproducible.py [PROJECT] [--engine espeak] [--no-print] [--no-audio]

PROJECT (default: this repository, the reference site) is copied twice — the files git
tracks, or every file when it is not a git checkout — into two temporary folders; each copy
is built in its own process with its own cache, both at the same time, with the same
SOURCE_DATE_EPOCH (the last commit's time, else now). Prints the files that differ and
exits 1 if any does. tests/test_reproducible.py does the same on a small starter project on
every `make test`; this is the check on a whole real project (CI, or after touching an
output).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def project_files(project: Path) -> list[Path]:
    """What a clean checkout holds: git's tracked files, else everything but site/ and caches."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=project, check=True,
                                capture_output=True).stdout.decode().split("\0")
        return [Path(name) for name in listed if name and (project / name).is_file()]
    except (OSError, subprocess.CalledProcessError):
        skip = {"site", ".cache", ".git", ".venv"}
        return [p.relative_to(project) for p in project.rglob("*")
                if p.is_file() and not skip & set(p.relative_to(project).parts)]


def epoch(project: Path) -> str:
    try:
        return subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project, check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(int(time.time()))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", type=Path, default=REPO)
    parser.add_argument("--engine", default="espeak")
    parser.add_argument("--no-print", action="store_true")
    parser.add_argument("--no-audio", action="store_true")
    args = parser.parse_args()
    project = args.project.resolve()
    files = project_files(project)
    env = {k: v for k, v in os.environ.items() if k != "OUTREACH_CACHE_DIR"}
    env.setdefault("SOURCE_DATE_EPOCH", epoch(project))
    env["NO_MKDOCS_2_WARNING"] = "true"
    with tempfile.TemporaryDirectory(prefix="outreach-reproducible-") as tmp:
        roots = [Path(tmp) / side / project.name for side in ("a", "b")]
        for root in roots:
            for name in files:
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(project / name, root / name)
        command = [sys.executable, "-m", "outreach.cli", "build", "--engine", args.engine,
                   *(["--no-print"] if args.no_print else []),
                   *(["--no-audio"] if args.no_audio else [])]
        started = time.perf_counter()
        builds = [subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True) for root in roots]
        for build in builds:
            output, _ = build.communicate()
            if build.returncode != 0:
                print(output)
                return 1
        seconds = time.perf_counter() - started
        first, second = (tree(root / "site") for root in roots)
    differing = sorted(name for name in set(first) | set(second)
                       if first.get(name) != second.get(name))
    for name in differing:
        print(f"DIFFERS {name}")
    print(f"{len(differing)} of {len(first)} files differ "
          f"(two builds of {project.name} side by side in {seconds:.0f} s)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
