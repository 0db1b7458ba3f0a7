"""The theme's files MkDocs copies into the site, listed without walking hidden folders.

MkDocs lists every file of every theme folder through Jinja (`Files.add_files_from_theme`,
`env.list_templates`) and then drops each name under a hidden folder ('.*', '*/.*').
Material keeps some 14,500 icons under `.icons/` (templates include them; none is copied):
walking and then filtering them took about 0.13 s of every build. The loader here lists the
same folders without entering hidden ones, so MkDocs ends with the same files; templates
load exactly as before (same class, same search path).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import jinja2


class VisibleTemplates(jinja2.FileSystemLoader):
    """A FileSystemLoader whose listing leaves out files under hidden folders."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, files in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                for name in files:  # spelled as Jinja's own listing spells them
                    template = (os.path.join(folder, name)[len(searchpath):]
                                .strip(os.path.sep).replace(os.path.sep, "/"))
                    found.add(template.removeprefix("./"))
        return sorted(found)


class VisibleThemeEnv:
    """`theme.get_env` that gives the theme's environment a VisibleTemplates loader."""

    def __init__(self, make_env: Callable[[], jinja2.Environment]) -> None:
        self.make_env = make_env

    def __call__(self) -> jinja2.Environment:
        env = self.make_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # MkDocs' own; anything else as it is
            env.loader = VisibleTemplates(loader.searchpath, loader.encoding,
                                          loader.followlinks)
        return env


def list_visible_theme_files(theme: Any) -> None:
    """Make the MkDocs theme's environments list no file under a hidden folder."""
    if not isinstance(theme.get_env, VisibleThemeEnv):
        theme.get_env = VisibleThemeEnv(theme.get_env)


__all__ = ["VisibleTemplates", "list_visible_theme_files"]
