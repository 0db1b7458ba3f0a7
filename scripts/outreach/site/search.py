"""Search that forgives missing tone marks, inside Material's own search.

Citizens type "dang ky thuong tru" on phone keyboards for "đăng ký thường trú". Material's
search worker builds a lunr index in the browser and, for `lang: vi`, loads
`assets/javascripts/lunr/min/lunr.vi.min.js`. The hook serves our `assets/lunr.vi.js` at
that path instead: it folds every indexed word and every query term the same way
(lower case, no marks, đ -> d). Nothing is added to the index (no size cost), Material's
UI is unchanged, and results still highlight the accented words, because lunr keeps the
positions of the original text. `fold` below is the same rule in Python, for tests.
"""

from __future__ import annotations

from importlib import resources

from .text import fold

INDEX_PATH = "search/search_index.json"
LUNR_VI_SITE_PATH = "assets/javascripts/lunr/min/lunr.vi.min.js"


def lunr_vi_source() -> str:
    """Text of the accent-folding lunr language plugin shipped with the package."""
    return (resources.files("outreach.site") / "assets" / "lunr.vi.js").read_text("utf-8")


__all__ = ["INDEX_PATH", "LUNR_VI_SITE_PATH", "fold", "lunr_vi_source"]
