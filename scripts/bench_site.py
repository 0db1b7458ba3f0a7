"""Site benchmark for `make bench`: build N procedures, report page weight and build time.

Usage: python scripts/bench_site.py [--procedures 200] [--out bench-out]
The work is in outreach.site.bench; it exits 1 when a size budget is exceeded.
"""

from __future__ import annotations

import sys

from outreach.site.bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
