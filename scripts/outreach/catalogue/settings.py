"""The project's settings in mkdocs.yml, read and validated the way MkDocs does it.

The options are a MkDocs `Config` schema (typed `config_options`), so the plugin form
(`plugins: - outreach: {…}`) is validated by MkDocs itself, and `outreach check` runs the very
same validation on the same file, through MkDocs' own YAML loader (`!ENV`, `!relative`,
`!!python/name` resolved as MkDocs resolves them). The old `extra.outreach` form is validated
with the same schema and reported as deprecated.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import ConfigurationError

from ..errors import InvalidInput, Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
from . import messages

PLUGIN_NAME = "outreach"
ENGINES = ("auto", "gtts", "espeak")


class _Flag(c.Type):
    """true/false; a string such as "yes" or "không" is an error, not a truthy value."""

    def __init__(self, default: bool):
        super().__init__(bool, default=default)

    def run_validation(self, value: object) -> Any:
        if not isinstance(value, bool):
            raise ValidationError(messages.setting_not_bool(value))
        return value


class _Number(c.OptionallyRequired):
    """A number (int or float, not bool); `positive` forbids zero and negatives."""

    def __init__(self, default: float, *, positive: bool = False, integer: bool = False):
        super().__init__(default=default)
        self.positive = positive
        self.integer = integer

    def run_validation(self, value: object) -> Any:
        allowed: tuple[type, ...] = (int,) if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise ValidationError(messages.setting_not_number(value, self.integer))
        assert isinstance(value, (int, float))
        if self.positive and value <= 0:
            raise ValidationError(messages.setting_not_positive(value))
        return value


class _Engine(c.Choice):
    def run_validation(self, value: object) -> Any:
        if value not in self.choices:
            raise ValidationError(messages.setting_not_choice(value, self.choices))
        return value


class _Folder(c.Type):
    """A path relative to mkdocs.yml, as text."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(messages.setting_not_path(value))
        return value


class _Misplaced(c.BaseConfigOption):
    """A top-level MkDocs setting written here by mistake (site_url under the plugin)."""

    def run_validation(self, value: object) -> Any:
        if value is not None:
            raise ValidationError(messages.SETTING_SITE_URL_MISPLACED)
        return None


class ProjectConfig(base.Config):
    """Every outreach setting; all optional, defaults as in the reference project."""

    catalogue = _Folder("procedures.yaml")
    announcements = _Folder("announcements")
    audio = _Folder("audio")
    stale_after_days = _Number(365, positive=True, integer=True)
    slot_minutes = _Number(15.0, positive=True)
    loudness_lufs = _Number(-16.0)
    engine = _Engine(ENGINES, default="auto")
    print = _Flag(True)
    speech = _Flag(True)
    share_previews = _Flag(True)  # drawn only with a site_url: chat apps need absolute URLs
    cache_dir = _Folder(".cache/outreach")
    site_url = _Misplaced()


@dataclass(frozen=True)
class Settings:
    """The validated settings the outputs use (site_url comes from mkdocs.yml's top level)."""

    catalogue: str = "procedures.yaml"
    announcements: str = "announcements"
    audio: str = "audio"
    stale_after_days: int = 365
    slot_minutes: float = 15.0
    loudness_lufs: float = -16.0
    engine: str = "auto"
    print: bool = True
    speech: bool = True
    share_previews: bool = True
    cache_dir: str = ".cache/outreach"
    site_url: str | None = None

    @property
    def draws_previews(self) -> bool:
        """Share preview images are drawn only where a chat app can fetch them: with a
        site_url (their tags need absolute URLs), unless `share_previews: false`."""
        return self.share_previews and bool(self.site_url)

    @classmethod
    def from_config(cls, options: base.Config, site_url: str | None) -> Settings:
        names = [f.name for f in fields(cls) if f.name != "site_url"]
        return cls(**{name: options[name] for name in names}, site_url=site_url or None)


@dataclass(frozen=True)
class ConfigFile:
    """mkdocs.yml as MkDocs validated it, plus what outreach needs from it."""

    mkdocs: Any  # mkdocs.config.defaults.MkDocsConfig
    settings: Settings
    warnings: list[Problem]
    legacy: bool  # settings under extra.outreach (hooks form) instead of the plugin


def validate_options(raw: object, where: str, display: str) -> tuple[ProjectConfig,
                                                                        list[Problem]]:
    """Validate a settings mapping; raise InvalidInput on errors, return warnings."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InvalidInput([Problem(display, None, where, messages.SETTINGS_NOT_MAPPING)])
    options = ProjectConfig(config_file_path=None)
    options.load_dict(raw)
    errors, warnings = options.validate()
    if errors:
        raise InvalidInput([Problem(display, None, f"{where}.{key}", str(error))
                            for key, error in errors])
    return options, [Problem(display, None, f"{where}.{key}", _unknown(str(text)), "warning")
                     for key, text in warnings]


def _unknown(text: str) -> str:
    if text.startswith("Unrecognised configuration name"):
        name = text.rsplit(":", 1)[-1].strip()
        return messages.setting_unknown(name, [k for k, _ in ProjectConfig._schema])
    return text


def read_config(config_file: Path, schema: type[MkDocsConfig] | None = None) -> ConfigFile:
    """Load and validate mkdocs.yml with MkDocs; every bad setting becomes a Problem.

    `schema`: a subclass of MkDocsConfig to load with (the studio's page previews use one
    with plugin instances of their own: MkDocs shares one per process otherwise)."""
    from mkdocs.config.defaults import MkDocsConfig

    config_class = schema or MkDocsConfig
    display = config_file.name
    try:
        fd = config_file.open("rb")
    except FileNotFoundError:
        raise InvalidInput([Problem(str(config_file), None, "",
                                    messages.CONFIG_NOT_FOUND)]) from None
    config = config_class(config_file_path=str(config_file))
    try:
        with fd:
            config.load_file(fd)
    except ConfigurationError as exc:  # YAML syntax, an unset !ENV with no default, …
        raise InvalidInput([Problem(display, None, "", messages.config_unreadable(exc))]) from None
    raw_plugin = _raw_plugin_options(config)
    legacy = raw_plugin is None
    problems: list[Problem] = []
    warnings: list[Problem] = []
    options: ProjectConfig | None = None
    try:
        if legacy:
            extra = config.get("extra") or {}
            raw = extra.get(PLUGIN_NAME) if isinstance(extra, dict) else None
            options, warnings = validate_options(raw, f"extra.{PLUGIN_NAME}", display)
        else:
            options, warnings = validate_options(raw_plugin, f"plugins.{PLUGIN_NAME}", display)
    except InvalidInput as exc:
        problems += exc.problems
    errors, mkdocs_warnings = _quiet(config.validate)
    for key, error in errors:
        if key == "plugins" and f"'{PLUGIN_NAME}'" in str(error) and not legacy:
            continue  # the same options, already reported above with their key
        problems.append(Problem(display, None, key, str(error)))
    for key, text in mkdocs_warnings:
        if key == "plugins" and f"'{PLUGIN_NAME}'" in str(text):
            continue
        warnings.append(Problem(display, None, key, str(text), "warning"))
    text = config_file.read_text(encoding="utf-8", errors="replace")
    if problems or options is None:
        raise InvalidInput(located(problems, text))
    if legacy:
        warnings.append(Problem(display, None, "hooks", messages.LEGACY_FORM, "warning"))
    site_url = config.get("site_url")
    return ConfigFile(config, Settings.from_config(options, site_url), located(warnings, text),
                      legacy)


def located(problems: list[Problem], text: str) -> list[Problem]:
    """Give each problem the line of its key (`plugins.outreach.engine` -> `engine:`)."""
    lines = text.splitlines()
    out = []
    for problem in problems:
        line, start = None, 0
        for part in problem.field.split(".") if problem.field else []:
            for number in range(start, len(lines)):
                stripped = lines[number].strip().removeprefix("- ").lstrip()
                if stripped.startswith(f"{part}:") or stripped == part:
                    line, start = number + 1, number + 1
                    break
        out.append(replace(problem, line=line) if line and problem.line is None else problem)
    return out


def _raw_plugin_options(config: Any) -> object | None:
    """The user's `plugins: - outreach: {…}` options, before validation; None if absent."""
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for item in plugins or []:
        if item == PLUGIN_NAME:
            return {}
        if isinstance(item, dict) and PLUGIN_NAME in item:
            return item[PLUGIN_NAME] if item[PLUGIN_NAME] is not None else {}
    return None


def _quiet(validate: Any) -> Any:
    """MkDocs logs while validating (theme, plugins); we report the results ourselves."""
    logger = logging.getLogger("mkdocs")
    previous = logger.disabled
    logger.disabled = True
    try:
        return validate()
    finally:
        logger.disabled = previous


__all__ = ["ConfigFile", "ProjectConfig", "Settings", "read_config", "validate_options"]
