"""The theme's files listed without walking hidden folders: MkDocs copies exactly the same
files, and every template still loads."""

from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from outreach.site.plugin import use_builtin_theme
from outreach.site.themefiles import VisibleTemplates, list_visible_theme_files


def theme_files(config) -> list[tuple[str, str | None]]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((f.src_uri, f.abs_src_path) for f in files)


def test_mkdocs_copies_the_same_theme_files_and_templates_load(project_dir):
    config = load_config(str(project_dir / "mkdocs.yml"))
    use_builtin_theme(config)
    (project_dir / "overrides" / ".hidden").mkdir(parents=True, exist_ok=True)
    (project_dir / "overrides" / ".hidden" / "x.css").write_text("a {}", "utf-8")
    (project_dir / "overrides" / "seen.css").write_text("a {}", "utf-8")
    plain_env = config.theme.get_env()
    everything = plain_env.list_templates()
    assert any(name.startswith(".icons/") for name in everything)  # Material's icons are there
    before = theme_files(config)
    list_visible_theme_files(config.theme)
    list_visible_theme_files(config.theme)  # once is enough; twice changes nothing
    env = config.theme.get_env()
    assert isinstance(env.loader, VisibleTemplates)
    assert theme_files(config) == before
    assert ("seen.css", str(project_dir / "overrides" / "seen.css")) in before
    listed = env.list_templates()
    assert set(listed) == {n for n in everything
                           if not any(part.startswith(".") for part in n.split("/")[:-1])}
    for name in ("main.html", "partials/header.html", ".icons/material/magnify.svg"):
        assert env.get_template(name).render  # templates and included icons still load
