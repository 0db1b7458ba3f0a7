"""Regenerate the golden transcripts: `python -m outreach.speech.golden`.

Transcripts of the starter project (as `outreach new` writes it, on a fixed date) are kept
in tests/golden/transcripts/; tests compare against them. Run this after an intended
change to scripts, rules or the lexicon, and review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from ..catalogue.project import load_project
from ..messages import DEFAULT_COMMUNE, DEFAULT_PROVINCE
from ..paths import repo_root
from ..scaffold import scaffold
from .lexicon import load_lexicon
from .messages import WROTE
from .produce import scripts_for
from .spoken import speak_script, transcript

GOLDEN_DIR = repo_root() / "tests" / "golden" / "transcripts"
DATE = dt.date(2026, 11, 25)


def golden_transcripts() -> dict[str, str]:
    """File name -> transcript for every clip of the starter project."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "xa"
        scaffold(target, DEFAULT_COMMUNE, DEFAULT_PROVINCE, today=DATE)
        project = load_project(target / "mkdocs.yml", today=DATE)
        lexicon = load_lexicon(target / "audio" / "lexicon.yaml")
        out = {}
        for script, path, *_ in scripts_for(project, None):
            spoken, _ = speak_script(script, lexicon)
            out[Path(path).with_suffix(".txt").name] = transcript(spoken)
        return out


def main() -> None:
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in golden_transcripts().items():
        (GOLDEN_DIR / name).write_text(text, encoding="utf-8")
        print(WROTE.format(path=GOLDEN_DIR / name))


if __name__ == "__main__":
    main()
