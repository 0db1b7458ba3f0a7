"""What a clip says, after normalisation: decided without the audio stack (numpy & co.)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..artifacts import Cache
from ..errors import Problem
from . import messages
from .lexicon import Lexicon
from .normalise import normalise, sentences
from .script import Chime, Pause, Script, Speech


@dataclass(frozen=True)
class Said:
    """Spoken paragraphs, each a tuple of normalised sentences."""

    paragraphs: tuple[tuple[str, ...], ...]


SpokenPart = Said | Pause | Chime


@dataclass(frozen=True)
class SpokenScript:
    source: str
    file: str
    title: str
    parts: tuple[SpokenPart, ...]
    has_content: bool = True  # False when only the fixed formulas are left

    def sentences(self) -> list[str]:
        return [s for p in self.parts if isinstance(p, Said) for para in p.paragraphs for s in para]

    def key_parts(self) -> list:
        """A JSON-able description of everything that is heard, for cache keys."""
        return [["said", [list(x) for x in p.paragraphs]] if isinstance(p, Said)
                else ["pause", p.seconds] if isinstance(p, Pause) else ["chime"]
                for p in self.parts]


def speak_script(script: Script, lexicon: Lexicon) -> tuple[SpokenScript, list[Problem]]:
    """Normalise every paragraph; report unknown words and dropped symbols as warnings."""
    foreign: dict[str, None] = {}
    spelled: dict[str, None] = {}
    dropped: dict[str, None] = {}
    parts: list[SpokenPart] = []
    has_content = False
    for part in script.parts:
        if not isinstance(part, Speech):
            parts.append(part)
            continue
        paragraphs = []
        for written in part.paragraphs:
            spoken = normalise(written, lexicon)
            foreign.update(dict.fromkeys(spoken.foreign))
            spelled.update(dict.fromkeys(spoken.spelled))
            dropped.update(dict.fromkeys(spoken.dropped))
            said = sentences(spoken.text)
            if said:
                paragraphs.append(tuple(said))
        if paragraphs:
            parts.append(Said(tuple(paragraphs)))
            has_content = has_content or part.content
    problems = []
    field = messages.FIELD_OF.format(source=script.source)
    if foreign:
        words = ", ".join(f"“{w}”" for w in foreign)
        problems.append(Problem(script.file, None, field, messages.FOREIGN.format(words=words),
                                "warning"))
    if spelled:
        words = ", ".join(f"“{w}”" for w in spelled)
        problems.append(Problem(script.file, None, field, messages.SPELLED.format(words=words),
                                "warning"))
    if dropped:
        problems.append(Problem(script.file, None, field,
                                messages.DROPPED.format(chars=" ".join(dropped)), "warning"))
    return SpokenScript(script.source, script.file, script.title, tuple(parts),
                        has_content), problems


def transcript(spoken: SpokenScript) -> str:
    """Exactly what is said: one paragraph a line, a blank line between parts."""
    blocks = ["\n".join(" ".join(para) for para in p.paragraphs)
              for p in spoken.parts if isinstance(p, Said)]
    return "\n\n".join(blocks) + "\n"


def normaliser_fingerprint() -> str:
    """Hash of the speech package's code and data: a normaliser fix re-reads every script."""
    root = Path(str(resources.files("outreach.speech")))
    digest = hashlib.sha256()
    for path in sorted([*root.glob("*.py"), *(root / "data").rglob("*")]):
        if path.is_file():
            digest.update(path.name.encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _script_key(script: Script) -> list:
    return [script.source, script.file, script.title,
            [[type(p).__name__, dataclasses.asdict(p)] for p in script.parts]]


def cached_speak(script: Script, lexicon: Lexicon, cache: Cache,
                 fingerprint: str) -> tuple[SpokenScript, list[Problem]]:
    """speak_script, remembered: a warm build does not normalise unchanged scripts again."""
    key = Cache.key("spoken", fingerprint, lexicon.fingerprint(), _script_key(script))
    data = cache.get("speech-spoken", key, ".json")
    if data is not None:
        try:
            return _decode(json.loads(data), script)
        except (ValueError, KeyError, TypeError):
            pass  # an entry of another shape: speak again
    spoken, notes = speak_script(script, lexicon)
    entry = {"parts": spoken.key_parts(), "has_content": spoken.has_content,
             "notes": [dataclasses.asdict(n) for n in notes]}
    cache.put("speech-spoken", key, ".json", json.dumps(entry, ensure_ascii=False).encode())
    return spoken, notes


def _decode(entry: dict, script: Script) -> tuple[SpokenScript, list[Problem]]:
    parts: list[SpokenPart] = []
    for part in entry["parts"]:
        if part[0] == "said":
            parts.append(Said(tuple(tuple(p) for p in part[1])))
        elif part[0] == "pause":
            parts.append(Pause(part[1]))
        else:
            parts.append(Chime())
    spoken = SpokenScript(script.source, script.file, script.title, tuple(parts),
                          bool(entry["has_content"]))
    return spoken, [Problem(**n) for n in entry["notes"]]
