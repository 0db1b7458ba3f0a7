"""The editable pronunciation lexicon, audio/lexicon.yaml.

The project's file is layered over the one shipped in the package: its entries win,
the built-in ones still apply, so a project lists only its local names.
Three sections, each a mapping "written: spoken":

* ``abbreviations`` – matched as whole words with exact case (UBND, CCCD, VNeID);
* ``words`` – matched as whole words in any case (online, Zalo, place names);
* ``web`` – one part of a web address or e-mail between dots (dichvucong, gov, vn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue.yamlfile import parse_yaml, read_text
from ..errors import InvalidInput, Problem
from . import messages

SECTIONS = ("abbreviations", "words", "web")
DISPLAY = "audio/lexicon.yaml"


@dataclass(frozen=True)
class Lexicon:
    """Readings by section; `words` and `web` keys are lower case."""

    abbreviations: dict[str, str] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    web: dict[str, str] = field(default_factory=dict)


def parse_lexicon(text: str, display: str = DISPLAY) -> Lexicon:
    """Parse lexicon YAML; every problem is reported with its line, all at once."""
    located = parse_yaml(text, display)
    data = located.data
    if data is None:
        return Lexicon()
    if not isinstance(data, dict):
        raise InvalidInput([Problem(display, 1, "", messages.LEXICON_NOT_MAPPING)])
    problems: list[Problem] = []
    sections: dict[str, dict[str, str]] = {name: {} for name in SECTIONS}
    for name, entries in data.items():
        line = located.line_of((name,))
        if name not in SECTIONS:
            problems.append(Problem(display, line, str(name),
                                    messages.LEXICON_UNKNOWN_SECTION.format(name=name)))
            continue
        if entries is None:
            continue
        if not isinstance(entries, dict):
            problems.append(Problem(display, line, str(name), messages.LEXICON_SECTION_SHAPE))
            continue
        for written, spoken in entries.items():
            entry_line = located.line_of((name, written))
            where = f"{name}.{written}"
            if not str(written).strip():  # ": đọc", "~: đọc", "'': đọc" (the loader gives "")
                problems.append(Problem(display, entry_line, name,
                                        messages.LEXICON_EMPTY_KEY.format(spoken=spoken)))
                continue
            if not isinstance(spoken, str) or not spoken.strip():
                problems.append(Problem(display, entry_line, where,
                                        messages.LEXICON_NOT_TEXT.format(written=written)))
                continue
            if re.search(r"\d", spoken):
                problems.append(Problem(display, entry_line, where, messages.LEXICON_DIGITS))
                continue
            key = str(written).strip()
            if name in ("words", "web"):
                key = key.lower()
            if name == "web" and not re.fullmatch(r"[a-z0-9-]+", key):
                problems.append(Problem(display, entry_line, where, messages.LEXICON_WEB_PART))
                continue
            sections[name][key] = spoken.strip()
    if problems:
        raise InvalidInput(problems)
    return Lexicon(**sections)


def builtin_lexicon_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("outreach.speech") / "data" / "lexicon.yaml"))


def local_lexicon_template() -> Path:
    """The commented, empty lexicon `outreach new` gives a commune for its local names."""
    from importlib import resources

    return Path(str(resources.files("outreach.speech") / "data" / "lexicon-local.yaml"))


def layered(base: Lexicon, local: Lexicon) -> Lexicon:
    """`local` over `base`: the project's entries win, the built-in ones still apply."""
    return Lexicon(base.abbreviations | local.abbreviations, base.words | local.words,
                   base.web | local.web)


def builtin_lexicon() -> Lexicon:
    """The lexicon shipped in the package."""
    path = builtin_lexicon_path()
    return parse_lexicon(read_text(path, "outreach/speech/data/lexicon.yaml"),
                         "outreach/speech/data/lexicon.yaml")


def load_lexicon(path: Path, display: str = DISPLAY) -> Lexicon:
    """The built-in lexicon with the project's file (if any) layered over it."""
    base = builtin_lexicon()
    if not path.exists():
        return base
    return layered(base, parse_lexicon(read_text(path, display), display))
