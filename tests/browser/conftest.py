"""Browser-test fixtures (the built reference site, its server, chromium, guarded pages)."""

from browser_support import (  # noqa: F401 - fixtures, registered by being imported here
    base_url,
    browser,
    built_site,
    engine_sites,
    page,
    pages_site,
    pages_url,
    phone,
    traffic,
)
