"""`outreach new DIR`: copy the starter project, filling in the commune's names."""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path

from . import clock
from .errors import InvalidInput, Problem
from .messages import KINDS, folder_not_empty

TEXT_SUFFIXES = {".md", ".yaml", ".yml", ".py", ".txt", ".css", ".html"}
# What a commune keeping its project in git (the studio commits each save) should not track:
# the built site, the caches and history copies, the build's lock files.
GITIGNORE = "/site/\n.cache/\n/.*-build.lock\n"


def scaffold(target: Path, commune: str, province: str, kind: str = KINDS[0],
             phone: str = "0000 000 000", today: dt.date | None = None) -> list[Path]:
    """Create a site project in `target` (must not exist or be empty); return files written."""
    if target.exists() and any(target.iterdir()):
        raise InvalidInput([Problem(str(target), None, "", folder_not_empty())])
    values = {"__COMMUNE__": commune, "__PROVINCE__": province, "__KIND__": kind,
              "__PHONE__": phone, "__TODAY__": (today or clock.today()).isoformat()}
    source = resources.files("outreach") / "scaffold"
    written = []
    with resources.as_file(source) as root:
        for path in sorted(Path(root).rglob("*")):
            if path.is_dir() or "__pycache__" in path.parts:
                continue
            dest = target / path.relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix in TEXT_SUFFIXES:
                text = path.read_text(encoding="utf-8")
                for token, value in values.items():
                    text = text.replace(token, value)
                dest.write_text(text, encoding="utf-8")
            else:
                shutil.copyfile(path, dest)
            written.append(dest)
    # Each commune gets an empty lexicon for its local names (layered over the built-in one);
    # theme, print templates and fonts ship in the package, and a file of the same name under
    # overrides/ replaces the built-in one.
    from .speech.lexicon import local_lexicon_template

    ignore = target / ".gitignore"
    ignore.write_text(GITIGNORE, encoding="utf-8")
    written.append(ignore)
    lexicon = target / "audio" / "lexicon.yaml"
    lexicon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(local_lexicon_template(), lexicon)
    written.append(lexicon)
    return written
