"""Options of the MkDocs plugin (`plugins: - outreach: {…}` in mkdocs.yml).

The schema itself is `catalogue.settings.ProjectConfig`, so `outreach check` validates exactly
what MkDocs validates here; this class is what MkDocs sees as the plugin's `config_class`.
"""

from __future__ import annotations

from ..catalogue.settings import ProjectConfig


class OutreachConfig(ProjectConfig):
    """catalogue, announcements, audio, stale_after_days, slot_minutes, loudness_lufs, engine
    (auto | gtts | espeak), print, speech, share_previews, cache_dir; every option optional."""


__all__ = ["OutreachConfig"]
