"""Reading test cases from data files and comparing readings up to accepted variants."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"

# Readings a Vietnamese listener hears as the same number or date (see audio/README.md).
_EQUIVALENT_WORDS = {"lẻ": "linh", "ngàn": "nghìn", "tỉ": "tỷ", "uỷ": "ủy"}
_NUMBER_WORDS = r"(?:một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|mươi|mốt|lăm|linh|trăm)"


def _unescape(field: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), field)


@dataclass(frozen=True)
class Case:
    file: str
    line: int
    written: str
    spoken: tuple[str, ...]  # first the preferred reading, then accepted alternatives

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


def read_cases(path: Path, separator: str) -> list[Case]:
    """`written<sep>spoken[<sep>alternative…]` lines; "# " comment lines and blank lines skipped."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("# ") or line == "#":
            continue
        fields = [_unescape(f) for f in line.split(separator)]
        assert len(fields) >= 2, f"{path.name}:{number}: expected written{separator}spoken"
        cases.append(Case(path.name, number, fields[0], tuple(f.strip() for f in fields[1:])))
    return cases


def canonical(text: str) -> str:
    """One spelling per reading: case, tags, punctuation (pauses) and accepted variants."""
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"</?en>", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = [_EQUIVALENT_WORDS.get(w, w) for w in text.split()]
    text = " ".join(words)
    text = re.sub(r"\bmồng ", "", text)  # "mồng năm" = "năm" for days 1–10
    # "hai mươi tư" = "hai mươi bốn"; "tháng tư" = "tháng bốn"
    text = re.sub(r"\b(mươi|tháng) tư\b", r"\1 bốn", text)
    # "một nghìn không trăm linh một" = "một nghìn linh một"; "hai nghìn không trăm hai mươi"
    text = re.sub(rf"\b(nghìn|triệu|tỷ) không trăm (?={_NUMBER_WORDS})", r"\1 ", text)
    return text


def equivalent(ours: str, theirs: str) -> bool:
    """True when two readings differ only in the variants listed in audio/README.md."""
    return canonical(ours) == canonical(theirs)
