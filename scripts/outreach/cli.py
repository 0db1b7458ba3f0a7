"""`outreach`: a thin click layer over the library (mkdocs-style commands and exit codes)."""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from . import messages as M
from .errors import InvalidInput, Problem, errors_only
from .studio import messages as SM

os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")
T = TypeVar("T")

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

CONFIG_OPTION = click.option("-f", "--config-file", "config_file", default="mkdocs.yml",
                             show_default=True, type=click.Path(dir_okay=False, path_type=Path),
                             help=M.HELP_CONFIG)
CACHE_DIR_OPTION = click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    envvar="OUTREACH_CACHE_DIR", show_envvar=True, help=M.HELP_CACHE_DIR)
VERBOSE_OPTION = click.option("-v", "--verbose", is_flag=True,
                              help=M.HELP_VERBOSE)


def print_problems(problems: list[Problem]) -> None:
    """One line per problem; the same message for many records is printed once, with a count."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.severity, p.file, p.message), []).append(p)
    for (severity, _, _), group in groups.items():
        label = M.ERROR if severity == "error" else M.WARNING
        first = group[0]
        more = M.same_elsewhere(len(group) - 1)
        err.print(f"{label} {escape(str(first))}{more}", markup=True, highlight=False)


@contextmanager
def user_errors(verbose: bool):
    """Turn user mistakes into messages + exit 1; keep tracebacks for --verbose."""
    try:
        yield
    except InvalidInput as exc:
        print_problems(exc.problems)
        n = len(errors_only(exc.problems))
        err.print(M.errors_found(n))
        if verbose:
            traceback.print_exc()
        sys.exit(1)
    except Exception as exc:  # a plugin error from MkDocs or a bug: say it plainly
        from mkdocs.exceptions import MkDocsException

        if isinstance(exc, MkDocsException):
            err.print(f"{M.ERROR} {escape(str(exc))}")
            err.print(M.BUILD_ABORTED)
            if verbose:
                traceback.print_exc()
            sys.exit(1)
        if verbose:
            raise
        err.print(M.unexpected(type(exc).__name__, escape(str(exc))))
        sys.exit(1)


def _load(config_file: Path):
    from .catalogue.project import load_project

    return load_project(config_file)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, help=M.HELP_MAIN)
@click.version_option(__version__, prog_name="outreach")
def main() -> None:
    """The `outreach` command group."""


@main.command(help=M.HELP_NEW)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--commune", default=M.DEFAULT_COMMUNE, show_default=True, help=M.HELP_COMMUNE)
@click.option("--province", default=M.DEFAULT_PROVINCE, show_default=True,
              help=M.HELP_PROVINCE)
@click.option("--kind", type=click.Choice(M.KINDS), default=M.KINDS[0],
              show_default=True, help=M.HELP_KIND)
@click.option("--phone", default="0000 000 000", show_default=True, help=M.HELP_PHONE)
@VERBOSE_OPTION
def new(directory: Path, commune: str, province: str, kind: str, phone: str,
        verbose: bool) -> None:
    """Scaffold a project that passes `check` at once."""
    from .scaffold import scaffold

    with user_errors(verbose):
        files = scaffold(directory, commune, province, kind=kind, phone=phone)
    out.print(M.created(len(files), directory))


@main.command(help=M.HELP_CHECK)
@CONFIG_OPTION
@click.option("-s", "--strict", is_flag=True, help=M.HELP_STRICT_CHECK)
@click.option("--explain", "explain_code", metavar=M.CODE_METAVAR, default=None,
              help=M.HELP_EXPLAIN)
@VERBOSE_OPTION
def check(config_file: Path, strict: bool, explain_code: str | None, verbose: bool) -> None:
    """Validate everything; print warnings; exit 1 on errors (and on warnings with --strict)."""
    from .build import project_warnings
    from .site.preview import site_url_warning

    with user_errors(verbose):
        project = _load(config_file)
        if explain_code is not None:
            from .province.explain import explain_lines

            for line in explain_lines(project, explain_code):
                out.print(escape(line))
            return
        _check_lexicon(project)
        warnings = project_warnings(project) + site_url_warning(project)
    print_problems(warnings)
    from .catalogue.checks import verification_notes

    notes = verification_notes(project)
    if notes:
        out.print(M.verified_heading(len(notes)), highlight=False)
        for note in notes:
            out.print(f"  {note}", highlight=False, markup=False)
    n_proc = len(project.catalogue.procedures)
    unverified = sum(1 for p in project.catalogue.procedures if p.verified is None)
    out.print(M.check_summary(n_proc, unverified, len(project.announcements), len(warnings)))
    if strict and warnings:
        err.print(M.STRICT_FAILED)
        sys.exit(1)


def _check_lexicon(project) -> None:
    """Parse audio/lexicon.yaml; a malformed entry raises InvalidInput naming its line."""
    from .speech.lexicon import load_lexicon

    folder = project.settings.audio
    load_lexicon(project.root / folder / "lexicon.yaml", f"{folder}/lexicon.yaml")


class _Bars:
    """Rich progress bars keyed by label, fed by the library's progress callback."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.tasks: dict[str, Any] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        if label not in self.tasks:
            self.tasks[label] = self.progress.add_task(label, total=total)
        self.progress.update(self.tasks[label], completed=done, total=total)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=False,
                    disable=not err.is_terminal)


@main.command(help=M.HELP_BUILD)
@CONFIG_OPTION
@click.option("--engine", type=click.Choice(["auto", "gtts", "espeak"]), default=None,
              help=M.HELP_ENGINE)
@click.option("--no-audio", is_flag=True, help=M.HELP_NO_AUDIO)
@click.option("--no-print", is_flag=True, help=M.HELP_NO_PRINT)
@click.option("--clean", is_flag=True, help=M.HELP_CLEAN)
@click.option("-s", "--strict", is_flag=True, help=M.HELP_STRICT)
@CACHE_DIR_OPTION
@VERBOSE_OPTION
def build(config_file: Path, engine: str | None, no_audio: bool, no_print: bool, clean: bool,
          strict: bool, cache_dir: Path | None, verbose: bool) -> None:
    """Build site, PDFs and audio into site_dir, atomically."""
    from .build import build_site, cache_for, command_options, load_for_build

    started = time.perf_counter()
    with user_errors(verbose):
        project, loaded = load_for_build(config_file)
        with _progress() as progress:
            options = command_options(project, no_print=no_print, no_audio=no_audio,
                                      engine=engine, cache_dir=cache_dir,
                                      progress=_Bars(progress))
            if clean:
                import shutil

                shutil.rmtree(cache_for(project, options).folder, ignore_errors=True)
            site_dir = _quiet_mkdocs(lambda: build_site(config_file, options, loaded))
    print_problems(options.warnings)
    _summary(site_dir, options.warnings, time.perf_counter() - started)
    if strict and options.warnings:
        err.print(M.STRICT_FAILED)
        sys.exit(1)


def _quiet_mkdocs(run: Callable[[], T]) -> T:
    """MkDocs logs INFO lines meant for developers; keep warnings and errors."""
    import logging

    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.WARNING)
    if not logger.handlers:
        logger.addHandler(logging.StreamHandler())
    try:
        return run()
    finally:
        logger.setLevel(level)


def _summary(site_dir: Path, warnings: list[Problem], seconds: float) -> None:
    manifest = site_dir / "outreach-manifest.json"
    counts: Counter[str] = Counter()
    if manifest.exists():
        counts.update(a["kind"] for a in json.loads(manifest.read_text("utf-8"))["artifacts"])
    table = Table(title=M.built(site_dir), show_header=True)
    table.add_column(M.SUMMARY_KIND)
    table.add_column(M.SUMMARY_COUNT, justify="right")
    for kind, label in M.SUMMARY_LABELS.items():
        if counts.get(kind):
            table.add_row(label, str(counts[kind]))
    table.add_row(M.SUMMARY_WARNINGS, str(len(warnings)))
    table.add_row(M.SUMMARY_TIME, M.seconds(seconds))
    out.print(table)


@main.command(help=M.HELP_EXPORT)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@CONFIG_OPTION
@click.option("--engine", "target", type=click.Choice(["mkdocs", "properdocs", "zensical"]),
              default="mkdocs", show_default=True, help=M.HELP_EXPORT_ENGINE)
@click.option("--voice", type=click.Choice(["auto", "gtts", "espeak"]), default=None,
              help=M.HELP_ENGINE)
@click.option("--no-audio", is_flag=True, help=M.HELP_NO_AUDIO)
@click.option("--no-print", is_flag=True, help=M.HELP_NO_PRINT)
@CACHE_DIR_OPTION
@VERBOSE_OPTION
def export(directory: Path, config_file: Path, target: str, voice: str | None, no_audio: bool,
           no_print: bool, cache_dir: Path | None, verbose: bool) -> None:
    """Write the site as plain sources another MkDocs-compatible engine builds."""
    from .build import command_options, export_sources

    with user_errors(verbose):
        project = _load(config_file)
        with _progress() as progress:
            options = command_options(project, no_print=no_print, no_audio=no_audio,
                                      engine=voice, cache_dir=cache_dir,
                                      progress=_Bars(progress))
            pages = _quiet_mkdocs(lambda: export_sources(config_file, directory, options,
                                                         target))
    print_problems(options.warnings)
    out.print(M.exported(len(pages), directory, target))


@main.command(help=M.HELP_BATCH)
@click.argument("directories", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=M.HELP_JOBS)
@click.option("--engine", type=click.Choice(["auto", "gtts", "espeak"]), default=None,
              help=M.HELP_BATCH_ENGINE)
@click.option("--no-audio", is_flag=True, help=M.HELP_NO_AUDIO)
@click.option("--no-print", is_flag=True, help=M.HELP_NO_PRINT)
@click.option("-s", "--strict", is_flag=True, help=M.HELP_STRICT)
@CACHE_DIR_OPTION
@click.option("--force", is_flag=True, help=M.HELP_FORCE)
@click.option("--matrix", is_flag=True, help=M.HELP_MATRIX)
@VERBOSE_OPTION
def batch(directories: tuple[Path, ...], jobs: int | None, engine: str | None, no_audio: bool,
          no_print: bool, strict: bool, cache_dir: Path | None, force: bool, matrix: bool,
          verbose: bool) -> None:
    """Build many commune projects in parallel processes; print a summary table."""
    from .province import batch as province_batch
    from .province.report import run_and_report

    with user_errors(verbose):
        found = province_batch.commune_dirs(directories)
        if matrix:
            click.echo(json.dumps(province_batch.matrix(found), ensure_ascii=False))
            return
        options = province_batch.BatchOptions(
            print=not no_print, speech=not no_audio, engine=engine, strict=strict,
            cache_dir=str(cache_dir.resolve()) if cache_dir else None, force=force)
        failed = run_and_report(found, options, jobs or province_batch.default_jobs(), out, err)
    if failed:
        sys.exit(1)


@main.command(name="import", help=M.HELP_IMPORT)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", default="procedures.yaml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help=M.HELP_IMPORT_OUTPUT)
@VERBOSE_OPTION
def import_cmd(source: Path, output: Path, verbose: bool) -> None:
    """Read a province's published list (.xlsx, .csv) into a procedures.yaml catalogue."""
    from .province.importer import import_list, write_catalogue
    from .province.messages import IMPORT_WROTE

    with user_errors(verbose):
        records, warnings = import_list(source)
        write_catalogue(records, output, source.name)
    print_problems(warnings)
    out.print(IMPORT_WROTE.format(n=len(records), output=output, warnings=len(warnings)))


@main.command(help=M.HELP_SERVE)
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help=M.HELP_DEV_ADDR)
@click.option("--full", is_flag=True, help=M.HELP_SERVE_FULL)
@VERBOSE_OPTION
def serve(config_file: Path, dev_addr: str, full: bool, verbose: bool) -> None:
    """Live preview through MkDocs' server.

    Dirty rebuilds by default: MkDocs renders again only the pages whose source changed (the
    plugin stages generated pages as files for that), so an edit shows in about a second even
    with thousands of procedures. `--full` renders every page on every change.
    """
    import logging

    from mkdocs.commands.serve import serve as mkdocs_serve

    logger = logging.getLogger("mkdocs")
    if not logger.handlers:  # MkDocs' own CLI sets this up; say where the preview is served
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    with user_errors(verbose):
        _load(config_file)
        mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True,
                     build_type=None if full else "dirty")


def _render_only(config_file: Path, names: tuple[str, ...], kind: str, engine: str | None,
                 verbose: bool) -> None:
    from mkdocs.config import load_config

    from .build import BuildOptions, produce_assets
    from .catalogue.messages import suggest

    with user_errors(verbose):
        project = _load(config_file)
        known = {a.id for a in project.announcements} | set(project.by_code)
        unknown = [n for n in names if n not in known]
        if unknown:
            raise InvalidInput([Problem(project.settings.announcements, None, n,
                                        M.unknown_name(n) + suggest(n, known))
                                for n in unknown])
        site_dir = Path(load_config(str(config_file))["site_dir"])
        with _progress() as progress:
            options = BuildOptions(print=kind == "print", speech=kind == "audio",
                                   engine=engine or project.settings.engine,
                                   only=frozenset(names), progress=_Bars(progress))
            artifacts = produce_assets(project, site_dir, options)
    print_problems(options.warnings)
    for artifact in artifacts:
        out.print(f"{site_dir / artifact.path}")


@main.command(name="print", help=M.HELP_PRINT)
@CONFIG_OPTION
@click.argument("names", nargs=-1, required=True)
@VERBOSE_OPTION
def print_cmd(config_file: Path, names: tuple[str, ...], verbose: bool) -> None:
    """Render only the named PDFs."""
    _render_only(config_file, names, "print", None, verbose)


@main.command(help=M.HELP_AUDIO)
@CONFIG_OPTION
@click.argument("names", nargs=-1, required=True)
@click.option("--engine", type=click.Choice(["auto", "gtts", "espeak"]), default=None)
@VERBOSE_OPTION
def audio(config_file: Path, names: tuple[str, ...], engine: str | None, verbose: bool) -> None:
    """Render only the named clips."""
    _render_only(config_file, names, "audio", engine, verbose)


@main.command(help=SM.HELP_STUDIO)
@CONFIG_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help=SM.HELP_HOST)
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help=SM.HELP_PORT)
@click.option("--no-browser", is_flag=True, help=SM.HELP_NO_BROWSER)
@click.option("--set-password", "set_password", is_flag=True, help=SM.HELP_SET_PASSWORD)
@VERBOSE_OPTION
def studio(config_file: Path, host: str, port: int, no_browser: bool, set_password: bool,
           verbose: bool) -> None:
    """The staff studio: a local web app (Starlette + uvicorn) over this project."""
    from .studio import security
    from .studio.server import NeedsPassword, PortBusy, serve

    root = config_file.resolve().parent
    if set_password:
        password = click.prompt(SM.PASSWORD_PROMPT, hide_input=True,
                                confirmation_prompt=SM.PASSWORD_CONFIRM)
        if len(password) < security.MIN_PASSWORD:
            err.print(f"{M.ERROR} " + SM.PASSWORD_TOO_SHORT.format(n=security.MIN_PASSWORD))
            sys.exit(1)
        out.print(escape(SM.PASSWORD_SET.format(path=security.set_password(root, password))))
        return
    with user_errors(verbose):
        _load(config_file)
        try:
            serve(config_file, host, port, not no_browser, lambda text: out.print(escape(text)))
        except (NeedsPassword, PortBusy) as exc:
            err.print(f"{M.ERROR} {escape(str(exc))}")
            sys.exit(1)


@main.command(help=M.HELP_SCHEMA)
@click.option("-o", "--output", default="schema", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help=M.HELP_SCHEMA_OUT)
def schema(output: Path) -> None:
    """Write the JSON Schema files."""
    from .catalogue.schema import write_schemas

    for path in write_schemas(output):
        out.print(str(path))


@main.command(help=M.HELP_HANDBOOK)
@CONFIG_OPTION
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help=M.HELP_HANDBOOK_OUT)
@VERBOSE_OPTION
def handbook(config_file: Path, output: Path | None, verbose: bool) -> None:
    """Print the handbook's summary as a one-page A4 PDF."""
    from .artifacts import write_atomic
    from .handbook import QUICK_REFERENCE, quick_reference_pdf

    root = config_file.parent if config_file.is_file() else None
    issuer = ""
    if root is not None:
        # The page is most needed when the catalogue has an error: never refuse for it.
        with suppress(InvalidInput):
            issuer = _load(config_file).office.name
    target = output or (root or Path.cwd()) / QUICK_REFERENCE
    with user_errors(verbose):
        write_atomic(target, quick_reference_pdf(root, issuer))
    out.print(M.wrote(target))


if __name__ == "__main__":
    main()
