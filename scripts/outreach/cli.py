"""`outreach`: a thin click layer over the library (mkdocs-style commands and exit codes)."""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import InvalidInput, Problem, errors_only

os.environ.setdefault("NO_MKDOCS_2_WARNING", "true")

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

CONFIG_OPTION = click.option("-f", "--config-file", "config_file", default="mkdocs.yml",
                             show_default=True, type=click.Path(dir_okay=False, path_type=Path),
                             help="Tệp cấu hình mkdocs.yml của dự án.")
CACHE_DIR_OPTION = click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    envvar="OUTREACH_CACHE_DIR", show_envvar=True,
    help="Thư mục bộ nhớ đệm bản in và âm thanh dùng chung cho nhiều xã (mặc định: trong dự án).")
VERBOSE_OPTION = click.option("-v", "--verbose", is_flag=True,
                              help="In chi tiết lỗi kỹ thuật (traceback) khi có sự cố.")


def print_problems(problems: list[Problem]) -> None:
    """One line per problem; the same message for many records is printed once, with a count."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.severity, p.file, p.message), []).append(p)
    for (severity, _, _), group in groups.items():
        label = "[bold red]LỖI[/]" if severity == "error" else "[bold yellow]CẢNH BÁO[/]"
        first = group[0]
        more = f" (và {len(group) - 1} chỗ khác cùng nội dung)" if len(group) > 1 else ""
        err.print(f"{label} {escape(str(first))}{more}", markup=True, highlight=False)


@contextmanager
def user_errors(verbose: bool):
    """Turn user mistakes into messages + exit 1; keep tracebacks for --verbose."""
    try:
        yield
    except InvalidInput as exc:
        print_problems(exc.problems)
        n = len(errors_only(exc.problems))
        err.print(f"Có {n} lỗi. Sửa các dòng trên rồi chạy lại; trang web cũ được giữ nguyên.")
        if verbose:
            traceback.print_exc()
        sys.exit(1)
    except Exception as exc:  # a plugin error from MkDocs or a bug: say it plainly
        from mkdocs.exceptions import MkDocsException

        if isinstance(exc, MkDocsException):
            err.print(f"[bold red]LỖI[/] {escape(str(exc))}")
            err.print("Bản dựng bị hủy; trang web cũ được giữ nguyên.")
            if verbose:
                traceback.print_exc()
            sys.exit(1)
        if verbose:
            raise
        err.print(f"[bold red]LỖI[/] sự cố không mong đợi: {type(exc).__name__}: "
                  f"{escape(str(exc))}. "
                  "Chạy lại với --verbose và gửi nội dung cho người bảo trì.")
        sys.exit(1)


def _load(config_file: Path):
    from .catalogue.project import load_project

    return load_project(config_file)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="outreach")
def main() -> None:
    """Tạo trang hướng dẫn, bản in và bài phát thanh về dịch vụ công từ một danh mục thủ tục."""


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--commune", default="Trung Sơn", show_default=True, help="Tên xã/phường.")
@click.option("--province", default="Quảng Trị", show_default=True, help="Tên tỉnh/thành phố.")
@click.option("--kind", type=click.Choice(["xã", "phường", "đặc khu"]), default="xã",
              show_default=True, help="Loại đơn vị hành chính cấp xã.")
@click.option("--phone", default="0000 000 000", show_default=True,
              help="Số điện thoại của UBND (không dùng số cá nhân).")
@VERBOSE_OPTION
def new(directory: Path, commune: str, province: str, kind: str, phone: str,
        verbose: bool) -> None:
    """Tạo một dự án mới cho một xã/phường (không hỏi gì thêm)."""
    from .scaffold import scaffold

    with user_errors(verbose):
        files = scaffold(directory, commune, province, kind=kind, phone=phone)
    out.print(f"Đã tạo {len(files)} tệp trong {directory}. Tiếp theo:\n"
              f"  cd {directory}\n  outreach check\n  outreach build")


@main.command()
@CONFIG_OPTION
@click.option("-s", "--strict", is_flag=True, help="Coi cảnh báo là lỗi (như mkdocs --strict).")
@click.option("--explain", "explain_code", metavar="MÃ", default=None,
              help="In tệp và dòng ghi từng trường của một thủ tục (danh mục gốc hay của xã).")
@VERBOSE_OPTION
def check(config_file: Path, strict: bool, explain_code: str | None, verbose: bool) -> None:
    """Kiểm tra danh mục, thông báo, mẫu, từ điển đọc và dữ liệu cá nhân."""
    from .catalogue.checks import all_warnings
    from .site.preview import site_url_warning

    with user_errors(verbose):
        project = _load(config_file)
        if explain_code is not None:
            from .province.explain import explain_lines

            for line in explain_lines(project, explain_code):
                out.print(escape(line))
            return
        _check_lexicon(project)
        warnings = all_warnings(project) + site_url_warning(project)
    print_problems(warnings)
    from .catalogue.checks import verification_notes

    notes = verification_notes(project)
    if notes:
        out.print(f"Đã đối chiếu nguồn ({len(notes)} thủ tục):", highlight=False)
        for note in notes:
            out.print(f"  {note}", highlight=False, markup=False)
    n_proc = len(project.catalogue.procedures)
    unverified = sum(1 for p in project.catalogue.procedures if p.verified is None)
    out.print(f"Danh mục hợp lệ: {n_proc} thủ tục ({unverified} chưa đối chiếu nguồn), "
              f"{len(project.announcements)} thông báo/bài phát thanh, "
              f"{len(warnings)} cảnh báo.")
    if strict and warnings:
        err.print("Chế độ --strict: có cảnh báo nên coi là lỗi.")
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


@main.command()
@CONFIG_OPTION
@click.option("--engine", type=click.Choice(["auto", "gtts", "espeak"]), default=None,
              help="Giọng đọc: gtts (cần mạng), espeak (ngoại tuyến), auto (gtts nếu có mạng).")
@click.option("--no-audio", is_flag=True, help="Không tạo tệp âm thanh.")
@click.option("--no-print", is_flag=True, help="Không tạo bản in PDF.")
@click.option("--clean", is_flag=True, help="Xóa bộ nhớ đệm, dựng lại mọi bản in và âm thanh.")
@click.option("-s", "--strict", is_flag=True, help="Coi cảnh báo là lỗi.")
@CACHE_DIR_OPTION
@VERBOSE_OPTION
def build(config_file: Path, engine: str | None, no_audio: bool, no_print: bool, clean: bool,
          strict: bool, cache_dir: Path | None, verbose: bool) -> None:
    """Dựng toàn bộ trang web, bản in và âm thanh vào thư mục site/."""
    from .build import BuildOptions, build_site, cache_for

    started = time.perf_counter()
    with user_errors(verbose):
        project = _load(config_file)
        settings = project.settings
        with _progress() as progress:
            options = BuildOptions(print=settings.print and not no_print,
                                   speech=settings.speech and not no_audio,
                                   engine=engine or settings.engine, progress=_Bars(progress),
                                   project=project,
                                   cache_dir=cache_dir.resolve() if cache_dir else None)
            if clean:
                import shutil

                shutil.rmtree(cache_for(project, options).folder, ignore_errors=True)
            site_dir = _quiet_mkdocs(lambda: build_site(config_file, options))
    print_problems(options.warnings)
    _summary(site_dir, options.warnings, time.perf_counter() - started)
    if strict and options.warnings:
        err.print("Chế độ --strict: có cảnh báo nên coi là lỗi.")
        sys.exit(1)


def _quiet_mkdocs(run: Callable[[], Path]) -> Path:
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
    table = Table(title=f"Đã dựng xong: {site_dir}", show_header=True)
    table.add_column("Loại")
    table.add_column("Số lượng", justify="right")
    labels = {"page": "Trang web", "notice": "Thông báo (PDF)", "leaflet": "Tờ rơi (PDF)",
              "guide": "Hướng dẫn thủ tục (PDF)", "clip": "Tệp âm thanh (MP3)",
              "transcript": "Bản ghi lời đọc", "programme": "Chương trình phát thanh",
              "slot-playlist": "Danh sách phát theo lịch", "calendar": "Lịch phát thanh (.ics)"}
    for kind, label in labels.items():
        if counts.get(kind):
            table.add_row(label, str(counts[kind]))
    table.add_row("Cảnh báo", str(len(warnings)))
    table.add_row("Thời gian", f"{seconds:.1f} giây")
    out.print(table)


@main.command()
@click.argument("directories", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Số tiến trình chạy song song (mặc định: số nhân CPU).")
@click.option("--engine", type=click.Choice(["auto", "gtts", "espeak"]), default=None,
              help="Giọng đọc cho mọi xã (mặc định: theo mkdocs.yml của từng xã).")
@click.option("--no-audio", is_flag=True, help="Không tạo tệp âm thanh.")
@click.option("--no-print", is_flag=True, help="Không tạo bản in PDF.")
@click.option("-s", "--strict", is_flag=True, help="Coi cảnh báo là lỗi.")
@CACHE_DIR_OPTION
@click.option("--matrix", is_flag=True,
              help="Chỉ in danh sách xã dạng JSON cho ma trận công việc CI (GitHub, GitLab).")
@VERBOSE_OPTION
def batch(directories: tuple[Path, ...], jobs: int | None, engine: str | None, no_audio: bool,
          no_print: bool, strict: bool, cache_dir: Path | None, matrix: bool,
          verbose: bool) -> None:
    """Dựng nhiều xã/phường song song (mỗi thư mục một dự án), in bảng tổng hợp."""
    from .province import batch as province_batch
    from .province.report import run_and_report

    with user_errors(verbose):
        found = province_batch.commune_dirs(directories)
        if matrix:
            click.echo(json.dumps(province_batch.matrix(found), ensure_ascii=False))
            return
        options = province_batch.BatchOptions(
            print=not no_print, speech=not no_audio, engine=engine, strict=strict,
            cache_dir=str(cache_dir.resolve()) if cache_dir else None)
        failed = run_and_report(found, options, jobs or province_batch.default_jobs(), out, err)
    if failed:
        sys.exit(1)


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", default="procedures.yaml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp danh mục sẽ ghi (dùng làm danh mục gốc của tỉnh).")
@VERBOSE_OPTION
def import_cmd(source: Path, output: Path, verbose: bool) -> None:
    """Nhập danh sách thủ tục tỉnh công bố (.xlsx, .csv) thành danh mục procedures.yaml."""
    from .province.importer import import_list, write_catalogue
    from .province.messages import IMPORT_WROTE

    with user_errors(verbose):
        records, warnings = import_list(source)
        write_catalogue(records, output, source.name)
    print_problems(warnings)
    out.print(IMPORT_WROTE.format(n=len(records), output=output, warnings=len(warnings)))


@main.command()
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Địa chỉ máy chủ xem thử.")
@VERBOSE_OPTION
def serve(config_file: Path, dev_addr: str, verbose: bool) -> None:
    """Xem thử trang web, tự tải lại khi sửa danh mục hoặc thông báo."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    with user_errors(verbose):
        _load(config_file)
        mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True)


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
                                        f"không có thông báo hay thủ tục “{n}”.{suggest(n, known)}")
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


@main.command(name="print")
@CONFIG_OPTION
@click.argument("names", nargs=-1, required=True)
@VERBOSE_OPTION
def print_cmd(config_file: Path, names: tuple[str, ...], verbose: bool) -> None:
    """Chỉ tạo bản in PDF cho các thông báo (tên tệp không có .md) hoặc mã thủ tục."""
    _render_only(config_file, names, "print", None, verbose)


@main.command()
@CONFIG_OPTION
@click.argument("names", nargs=-1, required=True)
@click.option("--engine", type=click.Choice(["auto", "gtts", "espeak"]), default=None)
@VERBOSE_OPTION
def audio(config_file: Path, names: tuple[str, ...], engine: str | None, verbose: bool) -> None:
    """Chỉ tạo tệp âm thanh cho các bài phát thanh hoặc mã thủ tục."""
    _render_only(config_file, names, "audio", engine, verbose)


@main.command()
@click.option("-o", "--output", default="schema", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Thư mục ghi tệp JSON Schema.")
def schema(output: Path) -> None:
    """Ghi JSON Schema của procedures.yaml và phần đầu thông báo (để trình soạn thảo gợi ý)."""
    from .catalogue.schema import write_schemas

    for path in write_schemas(output):
        out.print(str(path))


if __name__ == "__main__":
    main()
