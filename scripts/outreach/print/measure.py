"""Text widths from the bundled font's own metrics, so layout decisions need no renderer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of one font file, in font units."""

    advances: dict[int, int]  # code point -> advance width
    units_per_em: int
    fallback: int  # advance used for a character the font lacks

    @classmethod
    def load(cls, path: Path) -> FontMetrics:
        from fontTools.ttLib import TTFont  # imported by the builds that measure

        font = TTFont(str(path), lazy=True)
        hmtx = font["hmtx"]
        advances = {cp: hmtx[glyph][0] for cp, glyph in font.getBestCmap().items()}
        units = int(font["head"].unitsPerEm)
        return cls(advances, units, advances.get(ord("M"), units))

    def width_mm(self, text: str, size_pt: float) -> float:
        """Width of `text` set at `size_pt` without kerning (kerning only narrows caps)."""
        units = sum(self.advances.get(ord(ch), self.fallback) for ch in text)
        return units / self.units_per_em * size_pt * MM_PER_PT
