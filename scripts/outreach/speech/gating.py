"""The two gates of BS.1770-4 integrated loudness, in plain Python.

Shared by the meter (numpy, while mastering) and by clips joined from cached segments,
which are measured from their segments' blocks without loading numpy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0


def _lufs(mean_square: float) -> float:
    return -0.691 + 10 * math.log10(mean_square) if mean_square > 0 else float("-inf")


def gated_loudness(blocks: Iterable[float]) -> float:
    """Integrated loudness (LUFS) of gating blocks given by their mean squares."""
    above = [z for z in blocks if _lufs(z) >= ABSOLUTE_GATE_LUFS]
    if not above:
        return float("-inf")
    relative = _lufs(math.fsum(above) / len(above)) + RELATIVE_GATE_LU
    kept = [z for z in above if _lufs(z) >= relative and _lufs(z) > ABSOLUTE_GATE_LUFS]
    if not kept:
        return float("-inf")
    return _lufs(math.fsum(kept) / len(kept))
