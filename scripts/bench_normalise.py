"""Benchmark the speech normaliser: `python scripts/bench_normalise.py [--dump FILE]`.

Normalises every paragraph of the reference project's broadcasts (all announcements and
procedure guides, as `outreach build` would) and prints the time per pass, per paragraph
and per thousand characters. CPU time is printed too: on a shared machine the wall clock
includes waiting for a core. `--dump` writes the spoken text, one paragraph a line, for
reviewing a change to the normaliser with `diff`. `--cases` counts the own cases in
tests/data/normalise/ per category and how many read as written there (`make test` runs
them too; this gives the counts for a note).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from outreach.catalogue.project import load_project
from outreach.speech.lexicon import Lexicon, load_lexicon
from outreach.speech.normalise import normalise
from outreach.speech.produce import scripts_for
from outreach.speech.script import Speech

ROOT = Path(__file__).resolve().parent.parent
PASSES = 20


def paragraphs() -> list[str]:
    project = load_project(ROOT / "mkdocs.yml")
    return [text for script, *_ in scripts_for(project, None) for part in script.parts
            if isinstance(part, Speech) for text in part.paragraphs]


def case_counts(lexicon: Lexicon) -> None:
    """Cases per category file and how many the normaliser reads as the file says."""
    total = right = 0
    for path in sorted((ROOT / "tests" / "data" / "normalise").glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("# ") and line != "#"]
        cases = [line.replace("\\n", "\n").split("~") for line in lines]
        ok = sum(normalise(written, lexicon).text in [s.strip() for s in spoken]
                 for written, *spoken in cases)
        total, right = total + len(cases), right + ok
        print(f"  {path.stem:<14} {ok:4d} / {len(cases):<4d}{'' if ok == len(cases) else ' OVER'}")
    print(f"  {'all':<14} {right:4d} / {total:<4d} ({right / total:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--cases", action="store_true")
    args, _ = parser.parse_known_args()
    if args.cases:
        case_counts(load_lexicon(ROOT / "audio" / "lexicon.yaml"))
        return
    texts = paragraphs()
    lexicon = load_lexicon(ROOT / "audio" / "lexicon.yaml")
    normalise(texts[0], lexicon)  # compile the patterns once, as a build does
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(PASSES):
        spoken = [normalise(t, lexicon).text for t in texts]
    seconds = (time.perf_counter() - start) / PASSES
    cpu_seconds = (time.process_time() - cpu) / PASSES
    chars = sum(len(t) for t in texts)
    print(f"reference broadcasts: {len(texts)} paragraphs, {chars} characters")
    print(f"  normalise all         {seconds * 1000:7.1f} ms per pass (mean of {PASSES}), "
          f"{cpu_seconds * 1000:.1f} ms CPU")
    print(f"  per paragraph         {seconds / len(texts) * 1e6:7.1f} µs")
    print(f"  per 1000 characters   {seconds / chars * 1e6:7.1f} ms")
    if args.dump:
        args.dump.write_text("\n".join(spoken) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
