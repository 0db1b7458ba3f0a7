"""Where every artefact lives inside site_dir: the stable output contract."""

from __future__ import annotations

PRINT_DIR = "in"
AUDIO_DIR = "phat-thanh"
PROGRAMME = f"{AUDIO_DIR}/chuong-trinh.m3u"
MANIFEST = "outreach-manifest.json"
DATA_DIR = "du-lieu"
OPEN_DATA = f"{DATA_DIR}/thu-tuc.json"  # the validated catalogue (overlays applied)
OPEN_DATA_SCHEMA = f"{DATA_DIR}/procedures.schema.json"
SCHEDULE_DIR = f"{AUDIO_DIR}/lich"
CALENDAR = f"{AUDIO_DIR}/lich.ics"
PREVIEW_DIR = "chia-se"  # share preview images (Open Graph / Twitter cards)


def slug(code: str) -> str:
    """'1.001193' -> '1-001193'."""
    return code.replace(".", "-")


def procedure_page(code: str) -> str:
    """Docs-relative Markdown path; MkDocs serves it at thu-tuc/<slug>/."""
    return f"thu-tuc/{slug(code)}.md"


def announcement_page(announcement_id: str) -> str:
    return f"thong-bao/{announcement_id}.md"


def guide_pdf(code: str) -> str:
    return f"{PRINT_DIR}/thu-tuc-{slug(code)}.pdf"


def announcement_pdf(announcement_id: str) -> str:
    return f"{PRINT_DIR}/{announcement_id}.pdf"


def notice_docx(announcement_id: str) -> str:
    """The editable Word twin of a notice, next to its PDF."""
    return f"{PRINT_DIR}/{announcement_id}.docx"


def preview_image(code: str) -> str:
    """The 1200x630 PNG a chat app shows when a procedure page's link is shared."""
    return f"{PREVIEW_DIR}/{slug(code)}.png"


def procedure_clip(code: str) -> str:
    return f"{AUDIO_DIR}/thu-tuc-{slug(code)}.mp3"


def announcement_clip(announcement_id: str) -> str:
    return f"{AUDIO_DIR}/{announcement_id}.mp3"


def slot_playlist(day_slug: str, hour: int, minute: int) -> str:
    """('thu-hai', 6, 0) -> 'phat-thanh/lich/thu-hai-06h00.m3u'."""
    return f"{SCHEDULE_DIR}/{day_slug}-{hour:02d}h{minute:02d}.m3u"


def transcript(clip_path: str) -> str:
    return clip_path.rsplit(".", 1)[0] + ".txt"


def repo_root():
    """The outreach checkout; only developer tools (golden files) use it, never a build."""
    from pathlib import Path

    return Path(__file__).resolve().parents[2]
