"""Test-only start-up file (on PYTHONPATH for one subprocess in test_site_reuse.py): every
worker process the build starts dies at once, as one killed by the system would; the build
itself lowers its thresholds so that a small project hands its work to workers."""

import os
import sys

if "--multiprocessing-fork" in sys.argv:  # a spawned worker
    os._exit(3)
else:
    import outreach.site.indexing as indexing
    import outreach.site.preview as preview

    indexing.PAGES_FOR_A_WORKER = 1
    indexing.usable_cores = lambda: 2
    preview.PREVIEWS_PER_WORKER = 1
    preview.usable_cores = lambda: 2
