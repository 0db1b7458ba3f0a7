"""What `outreach batch` shows: one progress bar, a line per finished commune, a summary."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import messages
from .batch import BatchOptions, CommuneResult, reuse, reuse_rate, run_batch


def run_and_report(directories: list[Path], options: BatchOptions, jobs: int, out: Console,
                   err: Console) -> bool:
    """Build every commune, print progress and the summary; True if any commune failed."""
    started = time.perf_counter()
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=False)
    task = progress.add_task(messages.PROGRESS, total=len(directories))

    def done(result: CommuneResult) -> None:
        mark = "[green]✓[/]" if result.ok else "[bold red]✗[/]"
        progress.console.print(messages.DONE_LINE.format(
            mark=mark, commune=escape(result.commune), status=result.status,
            seconds=result.seconds))
        progress.advance(task)

    with progress:
        results = run_batch(directories, options, jobs, done)
    out.print(summary_table(results, min(jobs, len(directories)),
                            time.perf_counter() - started))
    out.print(cache_line(results, options))
    failed = [r for r in results if not r.ok]
    for result in failed:
        err.print(messages.FAILED_HEADER.format(commune=escape(result.commune),
                                                path=escape(result.path)))
        for problem in result.errors + (result.warnings if options.strict else []):
            label = messages.LABEL_ERROR if problem.severity == "error" else \
                messages.LABEL_WARNING
            err.print(f"  {label} {escape(str(problem))}")
    if failed:
        err.print(messages.SUMMARY_FAILED.format(failed=len(failed), n=len(results)))
    return bool(failed)


def summary_table(results: list[CommuneResult], jobs: int, seconds: float) -> Table:
    table = Table(title=messages.TABLE_TITLE.format(n=len(results), jobs=jobs, seconds=seconds))
    for i, name in enumerate(messages.COLUMNS):
        table.add_column(name, justify="right" if 0 < i < 6 else "left")
    for r in results:
        status = r.status if r.ok else f"[bold red]{escape(r.status)}[/]"
        table.add_row(escape(r.commune), str(r.counts.get("pages", "–")),
                      str(r.counts.get("pdfs", "–")), str(r.counts.get("clips", "–")),
                      str(len(r.warnings)), f"{r.seconds:.1f} s", status)
    return table


def cache_line(results: list[CommuneResult], options: BatchOptions) -> str:
    parts = {ns: messages.CACHE_PART.format(hits=h, total=t)
             for ns, (h, t) in reuse(results).items()}
    return messages.CACHE_LINE.format(folder=options.cache_dir or "-", rate=reuse_rate(results),
                                      pdf=parts["pdf"], sentences=parts["speech-sentences"],
                                      segments=parts["speech-segments"],
                                      clips=parts["speech-clips"])
