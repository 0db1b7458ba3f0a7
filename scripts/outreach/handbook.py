"""The staff handbook (HUONG-DAN.md) every project carries, and its one-page quick reference.

`outreach new` copies the handbook and its pictures from the package scaffold; the studio
shows `handbook_text(root)` at /huong-dan/ (pictures from `handbook_images(root)`);
`outreach handbook` prints the summary section as an A4 page through the print pipeline.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import messages
from .errors import InvalidInput, Problem

HANDBOOK = "HUONG-DAN.md"
IMAGES = "huong-dan-anh"  # beside HUONG-DAN.md, named in it as huong-dan-anh/<name>.png
SUMMARY_HEADING = messages.HANDBOOK_SUMMARY_HEADING
QUICK_REFERENCE = "cach-dung-outreach.pdf"


def packaged_handbook() -> Path:
    """The handbook shipped in the package (the scaffold's copy, with its tokens)."""
    return Path(str(resources.files("outreach") / "scaffold" / HANDBOOK))


def handbook_path(project_root: Path | None = None) -> Path:
    """The project's own HUONG-DAN.md when it has one, else the packaged copy."""
    if project_root is not None and (project_root / HANDBOOK).is_file():
        return project_root / HANDBOOK
    return packaged_handbook()


def handbook_text(project_root: Path | None = None) -> str:
    """The handbook's Markdown, as the project keeps it (or the packaged one, tokens filled)."""
    path = handbook_path(project_root)
    text = path.read_text(encoding="utf-8")
    if path == packaged_handbook():
        for token, value in messages.HANDBOOK_GENERIC.items():
            text = text.replace(token, value)
    return text


def handbook_images(project_root: Path | None = None) -> Path:
    """The folder of the pictures the handbook shows."""
    return handbook_path(project_root).parent / IMAGES


def summary(text: str, file: str = HANDBOOK) -> str:
    """The Markdown of the summary section (without its heading)."""
    lines = text.splitlines()
    try:
        start = lines.index(SUMMARY_HEADING) + 1
    except ValueError:
        raise InvalidInput([Problem(file, None, "", messages.handbook_no_summary(
            SUMMARY_HEADING))]) from None
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).strip() + "\n"


def quick_reference_pdf(project_root: Path | None = None, issuer: str = "") -> bytes:
    """The one-page A4 "Cách dùng outreach", made from the handbook's summary by the same
    print pipeline (templates, bundled fonts, WeasyPrint) as notices and guides."""
    from .markup import to_html
    from .print.assets import PrintAssets
    from .print.documents import quick_reference_job

    path = handbook_path(project_root)
    file = HANDBOOK if path != packaged_handbook() else str(path)
    body = to_html(summary(handbook_text(project_root), file), for_print=True)
    job = quick_reference_job(messages.QUICK_REFERENCE_TITLE, issuer, body, file,
                              QUICK_REFERENCE)
    assets = PrintAssets.for_project(project_root or packaged_handbook().parent)
    try:
        from .print.render import render_pdf
    except (OSError, ImportError) as exc:  # no Pango: the same advice as the build gives
        from .print.messages import PDF_LIBRARY_MISSING

        raise InvalidInput([Problem(file, None, "", PDF_LIBRARY_MISSING.format(
            detail=exc))]) from None
    _, data, _ = render_pdf(job, assets)
    return data


__all__ = ["HANDBOOK", "IMAGES", "QUICK_REFERENCE", "handbook_images", "handbook_path",
           "handbook_text", "quick_reference_pdf", "summary"]
