"""MkDocs hook: generates procedure pages, PDFs and audio from procedures.yaml (see outreach)."""

from outreach.site.hook import *  # noqa: F401,F403
