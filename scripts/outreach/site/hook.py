"""The old MkDocs hook form (`hooks: [overrides/hooks/outreach.py]` + `extra.outreach`).

Deprecated: kept for one release so existing projects still build. It only adds an
`OutreachPlugin` configured from `extra.outreach`; MkDocs then runs that plugin's events
(its on_config runs right after this hook's, the rest as for `plugins: - outreach`).
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig

from ..catalogue.settings import PLUGIN_NAME
from . import labels
from .plugin import legacy_plugin

log = logging.getLogger("mkdocs.plugins.outreach")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Register the plugin unless mkdocs.yml (or the CLI) already did."""
    if PLUGIN_NAME in config.plugins:
        return config
    log.warning(labels.LEGACY_HOOK)
    config.plugins[PLUGIN_NAME] = legacy_plugin(config)
    return config


__all__ = ["on_config"]
