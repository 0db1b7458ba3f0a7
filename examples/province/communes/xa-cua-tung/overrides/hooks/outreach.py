"""MkDocs hook: generates procedure pages, PDFs and audio from procedures.yaml (see outreach)."""

import os
import sys

# MkDocs puts this folder first on sys.path while loading the hook, so `import outreach` would
# find this very file instead of the package; drop the folder for the import (MkDocs restores it).
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

from outreach.site.hook import *  # noqa: E402,F401,F403
