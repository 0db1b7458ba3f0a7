"""The site's navigation when mkdocs.yml has no `nav:`.

Procedure and announcement pages are NOT listed: with 2,000 procedures every page would
carry a 2,000-link menu. Citizens reach them from the field pages, the A–Z list, the
announcements page and search. The menu: home, one page per field, A–Z, hand-written
guides, announcements, broadcasts.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import labels as L
from .pages import ANNOUNCEMENTS_INDEX, AZ, BROADCAST, HOME_PAGE, SCHEDULE

NavItem = str | dict[str, "str | list[NavItem]"]


def navigation(fields: Sequence[tuple[str, str]], guides: Sequence[str],
               present: Sequence[str]) -> list[NavItem]:
    """Build a `nav` list for MkDocs.

    fields: (field name, page src_uri) in display order.
    guides: hand-written pages from docs_dir (src_uri), in file order, home excluded.
    present: every documentation page that exists, so a missing page is never listed.
    """
    have = set(present)
    items: list[NavItem] = []
    if HOME_PAGE in have:
        items.append({L.HOME_NAV: HOME_PAGE})
    field_items: list[NavItem] = [{name: src} for name, src in fields if src in have]
    if field_items:
        items.append({L.FIELDS_NAV: field_items})
    if AZ in have:
        items.append({L.AZ_NAV: AZ})
    guide_items = [src for src in guides if src in have and src != HOME_PAGE]
    if guide_items:
        items.append({L.GUIDES_NAV: list(guide_items)})
    if ANNOUNCEMENTS_INDEX in have:
        items.append({L.ANNOUNCEMENTS_TITLE: ANNOUNCEMENTS_INDEX})
    if BROADCAST in have and SCHEDULE in have:  # the schedule belongs to the broadcasts
        items.append({L.BROADCAST_TITLE: [BROADCAST, {L.SCHEDULE_TITLE: SCHEDULE}]})
    elif BROADCAST in have:
        items.append({L.BROADCAST_TITLE: BROADCAST})
    return items
