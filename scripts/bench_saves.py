"""The studio's save at 500 procedures: edit one field, validate, write, record.

    python scripts/bench_saves.py                  # 500 procedures, 5 rounds
    python scripts/bench_saves.py --procedures 2000 --rounds 3

The catalogue is the reference procedures.yaml with its records repeated under new codes
(comments, quoting and layout as staff files have them). Each round changes one field of a
record in the middle of the list, as the form's "Lưu" does:

* edit: `edit.set_fields` (cut out the record, ruamel round trip, splice, reload + validate
  with our loader), with a fresh parser and with the `ChunkedParser` a running studio keeps;
* save: `saves.save` (lock, version check, fsync'd atomic write, history record), in a plain
  folder (dated copy) and in a git work tree (one commit);
* the whole: edit + save, against the target of 0.5 s.

The floor is validating the catalogue once (`load_catalogue_text`), measured in the same run:
ratios to it say how much the writer adds. A whole-file ruamel round trip is shown for
comparison, on the 30-record reference file (why the writer round-trips one record).
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from outreach import saves  # noqa: E402
from outreach.catalogue import edit  # noqa: E402
from outreach.catalogue.load import load_catalogue_text  # noqa: E402
from outreach.catalogue.yamlfile import ChunkedParser  # noqa: E402

TARGET_SAVE_S = 0.5


def big_catalogue(count: int) -> str:
    """The reference catalogue with its records repeated under new codes up to `count`."""
    text = (ROOT / "procedures.yaml").read_text(encoding="utf-8")
    found = edit.layout(text)
    assert found is not None and found.records
    head = "".join(found.lines[:found.records[0].start])
    tail = "".join(found.lines[found.records[-1].gap_end:])
    parts = []
    for index in range(count):
        record = found.records[index % len(found.records)]
        body = "".join(found.lines[record.start:record.gap_end])
        parts.append(body.replace(f'code: "{record.code}"', f'code: "9.{index:06d}"', 1))
    return head + "".join(parts) + tail


def timed(action: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median wall and CPU seconds (this process; git's own CPU is in the wall time only).

    Both are printed: on a machine shared with other jobs the wall time waits for them."""
    walls, cpus = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    text = big_catalogue(args.procedures)
    code = f"9.{args.procedures // 2:06d}"
    print(f"{args.procedures} procedures, {len(text.splitlines())} lines, "
          f"{len(text.encode()) // 1024} KiB; editing {code}; median of {args.rounds} rounds")
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain"
        plain.mkdir()
        catalogue = plain / "procedures.yaml"
        catalogue.write_text(text, encoding="utf-8")
        chunked = ChunkedParser()
        load_catalogue_text(text, catalogue, "procedures.yaml", None, chunked)  # warm it

        floor, floor_cpu = timed(lambda: load_catalogue_text(text, catalogue), args.rounds)
        counter = iter(range(10**6))

        def change() -> dict[str, str]:
            return {"time": f"Trong {next(counter)} ngày làm việc"}

        edit_cold = timed(lambda: edit.set_fields(text, code, change(), path=catalogue),
                             args.rounds)
        edit_warm = timed(lambda: edit.set_fields(text, code, change(), path=catalogue,
                                                     parse=chunked), args.rounds)

        def edit_and_save(project: Path) -> Callable[[], object]:
            def run() -> object:
                path = project / "procedures.yaml"
                opened = saves.read(path, project)
                new = edit.set_fields(opened.text, code, change(), path=path, parse=chunked)
                return saves.save(project, Path("procedures.yaml"), new, opened.version,
                                  "Sửa thủ tục: thời hạn giải quyết", parse=chunked)
            return run

        def save_only(project: Path) -> Callable[[], object]:
            def run() -> object:
                path = project / "procedures.yaml"
                opened = saves.read(path)
                return saves.save(project, Path("procedures.yaml"), _bump(opened.text),
                                  opened.version, "x")
            return run

        plain_save = timed(save_only(plain), args.rounds)
        plain_total = timed(edit_and_save(plain), args.rounds)
        rows = [("validate the catalogue (floor)", (floor, floor_cpu)),
                ("set_fields, fresh parser", edit_cold),
                ("set_fields, studio's ChunkedParser", edit_warm),
                ("save, history copy (no git)", plain_save),
                ("edit + save, no git", plain_total)]
        if shutil.which("git"):
            repo = Path(tmp) / "repo"
            repo.mkdir()
            (repo / "procedures.yaml").write_text(text, encoding="utf-8")
            for command in (["init", "-q"], ["add", "-A"],
                            ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "i"]):
                subprocess.run(["git", "-C", str(repo), *command], check=True)
            git_save = timed(save_only(repo), args.rounds)
            git_total = timed(edit_and_save(repo), args.rounds)
            rows += [("save, git commit", git_save), ("edit + save, git commit", git_total)]
        reference = (ROOT / "procedures.yaml").read_text(encoding="utf-8")
        whole = timed(lambda: edit._dump(edit._yaml(), edit._yaml().load(reference)), 1)
        rows.append(("(ruamel round trip of the whole reference file)", whole))
    print(f"{'step':44} {'wall s':>8} {'cpu s':>8} {'x floor':>8}")
    for name, (seconds, cpu) in rows:
        verdict = ""
        if name.startswith("edit + save"):
            verdict = "ok" if seconds <= TARGET_SAVE_S else "OVER TARGET"
            verdict = f"  target {TARGET_SAVE_S} s: {verdict}"
        print(f"{name:44} {seconds:8.3f} {cpu:8.3f} {seconds / floor:8.2f}{verdict}")
    return 0


def _bump(text: str) -> str:
    """A one-character change at the end (a save without the edit's cost)."""
    return text + "\n" if not text.endswith("\n\n") else text.rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.exit(main())
