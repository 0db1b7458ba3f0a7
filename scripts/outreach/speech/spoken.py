"""What a clip says, after normalisation: decided without the audio stack (numpy & co.)."""

from __future__ import annotations

from dataclasses import dataclass

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
