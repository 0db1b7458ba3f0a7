"""The old project form (hooks: + extra.outreach), as `outreach new` wrote it before 0.2."""

from __future__ import annotations

PLUGIN_BLOCK = "  - outreach:"


def to_legacy(project_dir, engine: str = "auto") -> None:
    """Rewrite the scaffold's mkdocs.yml into the old hooks + extra.outreach form."""
    config = project_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index(PLUGIN_BLOCK)
    end = text.index("markdown_extensions:")
    text = text[:start] + text[end:]
    text = text.replace("extra:\n", "hooks:\n  - overrides/hooks/outreach.py\nextra:\n"
                        "  outreach:\n    print: false\n    speech: false\n"
                        f"    engine: {engine}\n", 1)
    config.write_text(text, encoding="utf-8")
    hook = project_dir / "overrides" / "hooks" / "outreach.py"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(OLD_HOOK, encoding="utf-8")


# The file `outreach new` wrote into overrides/hooks/ before the plugin existed.
OLD_HOOK = '''"""MkDocs hook: generates procedure pages, PDFs and audio from procedures.yaml."""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

from outreach.site.hook import *  # noqa: E402,F401,F403
'''
