"""Markdown for every generated page: pure functions, project model in, strings out.

Catalogue text is escaped (it may contain `<`, `*`, `[`…); announcement bodies and step
details are staff-written Markdown and keep their formatting, with raw HTML neutralised
in step details. Links between pages are Markdown links relative to the source file, so
MkDocs checks them; raw HTML (audio players) gets a URL computed from the page depth.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import yaml

from .. import paths
from ..artifacts import Artifact
from ..catalogue.announcements import Announcement
from ..catalogue.broadcast import WEEKDAYS, SlotPlan, slots, week_plan
from ..catalogue.messages import fee_set_by
from ..catalogue.model import Change, Procedure
from ..catalogue.project import Project
from . import labels as L
from . import share
from .text import (
    date_vn,
    duration,
    escape_attr,
    escape_markdown_block,
    escape_text,
    initial,
    money,
    slugify,
    sort_key,
)

HOME = HOME_PAGE = "index.md"
AZ = PROCEDURES_INDEX = "thu-tuc/index.md"
ANNOUNCEMENTS = ANNOUNCEMENTS_INDEX = "thong-bao/index.md"
# Not phat-thanh/: that folder holds the MP3 files themselves (output contract).
BROADCAST = "nghe-phat-thanh/index.md"
SCHEDULE = "nghe-phat-thanh/lich.md"
PROCEDURE_BOOST = 2  # procedure pages outrank pages that merely mention a procedure
# libyaml's emitter writes the same text as PyYAML's, about 4x faster (2,000 pages: 5 s).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def field_page_uri(field_name: str) -> str:
    """Docs-relative Markdown path of a field's index page."""
    return f"linh-vuc/{slugify(field_name)}.md"


@dataclass(frozen=True)
class Assets:
    """PDFs and clips produced for this build, looked up by (kind, source id)."""

    artifacts: tuple[Artifact, ...] = ()
    available: frozenset[str] = field(default_factory=frozenset)  # site paths really present

    def find(self, kinds: Iterable[str], source: str) -> Artifact | None:
        wanted = set(kinds)
        for artifact in self._by_source.get(source, ()):
            if artifact.kind in wanted and artifact.path in self.available:
                return artifact
        return None

    @cached_property
    def _by_source(self) -> dict[str, list[Artifact]]:
        """Artifacts per source, in order: a lookup per page, not a scan of every asset."""
        groups: dict[str, list[Artifact]] = {}
        for artifact in self.artifacts:
            groups.setdefault(artifact.source, []).append(artifact)
        return groups

    def clips(self) -> list[Artifact]:
        return [a for a in self.artifacts if a.kind == "clip" and a.path in self.available]

    def has(self, site_path: str | None) -> bool:
        return bool(site_path) and site_path in self.available


@dataclass(frozen=True)
class PageContext:
    """What every page function needs: the project, its assets, and the URL style."""

    project: Project
    assets: Assets = Assets()
    use_directory_urls: bool = True

    @cached_property
    def _name_keys(self) -> dict[str, tuple]:
        return {p.name: sort_key(p.name) for p in self.project.catalogue.procedures}

    def name_key(self, procedure: Procedure) -> tuple:
        """`sort_key` of a procedure's name, worked out once per build (A–Z and fields)."""
        return self._name_keys.get(procedure.name) or sort_key(procedure.name)


# ---------------------------------------------------------------- link helpers


def link(from_uri: str, to_uri: str) -> str:
    """Relative path from one docs file to another docs file or asset (for Markdown links)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def url_to_root(src_uri: str, use_directory_urls: bool = True) -> str:
    """Prefix that leads from the page built from `src_uri` back to the site root."""
    folder = posixpath.dirname(src_uri)
    depth = folder.count("/") + 1 if folder else 0
    name = posixpath.basename(src_uri)
    if use_directory_urls and name not in ("index.md", "README.md"):
        depth += 1
    return "../" * depth


def front_matter(data: dict) -> str:
    """YAML front matter block (safe_dump quotes anything YAML would misread)."""
    return "---\n" + yaml.dump(data, Dumper=_DUMPER, allow_unicode=True,
                               sort_keys=False) + "---\n\n"


def heading(title: str, meta: dict | None = None) -> str:
    """Front matter and H1 for a page titled with catalogue text.

    Material prints `page.meta.title` into <title> and the header unescaped, and MkDocs'
    own title (from the H1) comes back unescaped too: a name containing "</title>" would
    become markup. So the title is set explicitly, already HTML-escaped.
    """
    meta = {"title": escape_attr(title), **(meta or {})}
    return front_matter(meta) + f"# {escape_text(title)}\n\n"


def audio_block(ctx: PageContext, page_uri: str, clip: Artifact) -> str:
    """An HTML5 player that downloads nothing until pressed (phones on metered data)."""
    src = url_to_root(page_uri, ctx.use_directory_urls) + clip.path
    return (f'<audio controls preload="none" src="{escape_attr(src)}">'
            f'{escape_attr(L.AUDIO_UNSUPPORTED)}</audio>\n')


def _tel(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit() or c == "+")
    return f"[{escape_text(phone)}](tel:{digits})" if len(digits) >= 6 else escape_text(phone)


def _fee(procedure: Procedure) -> str:
    fee = procedure.fee
    if fee.amount is None:  # set by the provincial council, amount not given
        amount = escape_text(fee_set_by(fee.set_by))
    else:
        amount = L.FREE if fee.amount == 0 else money(fee.amount)
    note = f" ({escape_text(fee.note)})" if fee.note else ""
    return f"{amount}{note}"


def _badge(level_id: str, name: str) -> str:
    return (f'<span class="outreach-level outreach-level--{slugify(level_id)}">'
            f"{escape_attr(name)}</span>")


def _indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


# ---------------------------------------------------------------- procedure page


def stale_notice(project: Project, procedure: Procedure) -> str:
    """A warning admonition when the facts were never or too long ago checked, else ''."""
    if not project.is_stale(procedure):
        return ""
    values = {"contact": contact_phrase(project), "days": project.settings.stale_after_days}
    if procedure.verified is None:
        text = L.STALE_NEVER.format(**values)
    else:
        text = L.STALE_OLD.format(date=date_vn(procedure.verified), **values)
    return f'!!! warning "{L.STALE_TITLE}"\n\n{_indent(text)}\n\n'


def contact_phrase(project: Project) -> str:
    """How to ask before going: the office phone, or the desk and the portal hotline."""
    office, portal = project.office, project.portal
    desk = escape_text(office.one_stop_desk)
    if office.phone:
        return L.CONTACT_PHONE.format(desk=desk, phone=escape_text(office.phone))
    if portal.hotline:
        return L.CONTACT_DESK_HOTLINE.format(desk=desk, portal=escape_text(portal.name),
                                             hotline=escape_text(portal.hotline))
    return L.CONTACT_DESK.format(desk=desk)


def upcoming_changes(changes: list[Change], today: dt.date) -> str:
    """An info admonition listing announced changes not yet in force ('' when none)."""
    items = [c for c in sorted(changes, key=lambda c: c.from_) if c.from_ > today]
    if not items:
        return ""
    lines = []
    for change in items:
        line = L.CHANGE_ITEM.format(date=date_vn_short(change.from_),
                                    summary=escape_text(change.summary))
        if change.legal_basis:
            basis = ", ".join(escape_text(b) for b in change.legal_basis)
            line += " " + L.CHANGE_BASIS.format(basis=basis)
        lines.append(f"- {line}")
    return f'!!! info "{L.CHANGES_TITLE}"\n\n{_indent(chr(10).join(lines))}\n\n'


def date_vn_short(day: dt.date) -> str:
    """2027-03-01 -> '01/3/2027', the way Vietnamese legal texts write effective dates."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def procedure_page(ctx: PageContext, procedure: Procedure) -> str:
    """The step-by-step guide page for one procedure (thu-tuc/<slug>/)."""
    project, p = ctx.project, procedure
    uri = paths.procedure_page(p.code)
    level = project.level(p)
    portal = project.portal
    meta: dict = {"search": {"boost": PROCEDURE_BOOST},
                  # Material prints the description unescaped into <meta name="description">.
                  "description": escape_attr(p.summary)}
    meta.update(share_meta(ctx, p))
    if p.keywords:
        # Material indexes `tags` as their own field (boost set in mkdocs.yml) and shows
        # them in results: the words people actually type weigh like the official name.
        meta["tags"] = list(p.keywords)
    # The portal button comes right after the summary: above the fold on a 390 px phone.
    out = [heading(p.name, meta),
           f"{escape_text(p.summary)}\n{{: .outreach-lead }}\n\n",
           f"[{escape_text(L.SUBMIT.format(portal=portal.name))}]"
           f"({project.procedure_url(p)})"
           '{ .md-button .md-button--primary .outreach-submit rel="noopener" }\n\n']
    facts = [f"**{L.LEVEL}:** {_badge(p.level, level.name)}",
             f"**{L.TIME}:** {escape_text(p.time)}",
             f"**{L.FEE}:** {_fee(p)}"]
    if p.audience:
        facts.append(f"**{L.AUDIENCE}:** {escape_text(p.audience)}")
    facts.append(f"**{L.FIELD}:** [{escape_text(p.field)}]({link(uri, field_page_uri(p.field))})")
    facts.append(f"**{L.CODE}:** {escape_text(p.code)}")
    if p.keywords:
        facts.append(f"**{L.ALSO_CALLED}:** " + ", ".join(escape_text(k) for k in p.keywords))
    out.append('<div class="outreach-facts" markdown>\n\n')
    out += [f"- {fact}\n" for fact in facts]
    out.append("\n</div>\n\n")
    if p.updated:  # the change note of the last big edit (the studio asks for it)
        note = L.UPDATED.format(date=date_vn(p.updated.date), note=escape_text(p.updated.note))
        out.append(f"{note}\n{{: .outreach-updated }}\n\n")
    out.append(upcoming_changes(p.changes, project.today))
    out.append(stale_notice(project, p))

    out.append(f"## {L.DOCUMENTS}\n\n{L.DOCUMENTS_HINT}\n\n")
    # Real checkboxes inside their label: screen readers name each by its document.
    out.append('<ul class="outreach-checklist">\n')
    out += [f'<li><label><input type="checkbox"> {escape_attr(doc)}</label></li>\n'
            for doc in p.documents]
    out.append("</ul>\n")
    out.append(f"\n## {L.STEPS}\n\n")
    for number, step in enumerate(p.steps, start=1):
        out.append(f"{number}. **{escape_text(step.title)}**\n")
        if step.detail:
            out.append("\n" + _indent(escape_markdown_block(step.detail)) + "\n")
        out.append("\n")
    out.append(f"## {L.WHERE_TITLE}\n\n")
    places = {"portal": escape_text(portal.name), "desk": escape_text(project.office.one_stop_desk)}
    out += [f"- {L.WHERE[w].format(**places)}\n" for w in p.where]
    out.append(f"\n## {L.RESULT}\n\n{escape_text(p.result)}\n\n")
    if p.linked:
        out.append(f"## {L.LINKED}\n\n{escape_text(p.linked)}\n\n")
    out.append(f"## {L.LEGAL}\n\n")
    out += [f"- {escape_text(basis)}\n" for basis in p.legal_basis]
    out.append("\n")
    out.append(_media(ctx, uri, p.code, "guide"))
    out.append(share.share_button(project, p, ctx.use_directory_urls))
    checked = (L.CHECKED.format(date=date_vn(p.verified)) if p.verified else L.NEVER_CHECKED)
    out.append('<div class="outreach-checked" markdown>\n\n'
               f"{checked} · {L.SOURCE}: {_bare_link(p.source)}\n\n</div>\n\n")
    out.append(f"[{L.BACK_TO_FIELD.format(field=escape_text(p.field))}]"
               f"({link(uri, field_page_uri(p.field))}){{ .outreach-back }}\n")
    return "".join(out)


def _bare_link(url: str) -> str:
    """A link whose text is its address, marked so the print stylesheet does not repeat it."""
    if not url.startswith(("https://", "http://")):
        return escape_text(url)
    return f'<a class="outreach-url" href="{escape_attr(url)}">{escape_attr(url)}</a>'


def share_meta(ctx: PageContext, procedure: Procedure) -> dict:
    """Front matter the theme turns into Open Graph/Twitter tags and schema.org JSON-LD."""
    preview = ctx.assets.find(["preview"], procedure.code)
    data = share.government_service(ctx.project, procedure, ctx.use_directory_urls)
    tags = share.social_tags(ctx.project, procedure, preview, ctx.use_directory_urls)
    # Escaped here, like the title: no catalogue text reaches the page as markup.
    return {"outreach_social": [{**tag, "content": escape_attr(tag["content"])} for tag in tags],
            "outreach_json_ld": share.json_ld(data)}


def _media(ctx: PageContext, uri: str, source: str, pdf_kind: str) -> str:
    """PDF download link and audio player with transcript, for whatever exists."""
    parts = []
    pdf = ctx.assets.find([pdf_kind], source)
    if pdf is not None:
        parts.append(f"[:material-file-pdf-box: {L.PRINT}]({link(uri, pdf.path)})"
                     "{ .md-button .outreach-pdf }\n\n")
    clip = ctx.assets.find(["clip"], source)
    if clip is not None:
        parts.append(f'<div class="outreach-listen" markdown>\n\n**{L.LISTEN}**\n\n'
                     + audio_block(ctx, uri, clip) + "\n")
        transcript = clip.extra.get("transcript") or paths.transcript(clip.path)
        if ctx.assets.has(transcript):
            parts.append(f"[{L.TRANSCRIPT}]({link(uri, transcript)})\n\n")
        parts.append("</div>\n\n")
    return "".join(parts)


# ---------------------------------------------------------------- index pages


def _procedure_item(from_uri: str, p: Procedure) -> str:
    return (f"- [{escape_text(p.name)}]({link(from_uri, paths.procedure_page(p.code))})"
            f" — {escape_text(p.summary)}\n")


def field_page(ctx: PageContext, field_name: str, procedures: list[Procedure]) -> str:
    """One field (lĩnh vực): its procedures in Vietnamese alphabetical order."""
    uri = field_page_uri(field_name)
    office = ctx.project.office
    out = [heading(L.FIELD_TITLE.format(field=field_name)),
           L.FIELD_INTRO.format(count=len(procedures), field=escape_text(field_name),
                                office=escape_text(office.short_name)) + "\n\n"]
    out += [_procedure_item(uri, p) for p in sorted(procedures, key=ctx.name_key)]
    return "".join(out)


def az_page(ctx: PageContext) -> str:
    """Every procedure, A to Z, with a heading per initial letter (Đ after D)."""
    procedures = sorted(ctx.project.catalogue.procedures, key=ctx.name_key)
    out = [f"# {L.AZ_TITLE}\n\n", L.AZ_INTRO.format(count=len(procedures)) + "\n\n"]
    current = None
    for p in procedures:
        letter = initial(p.name)
        if letter != current:
            out.append(("\n" if current else "") + f"## {escape_text(letter)}\n\n")
            current = letter
        out.append(_procedure_item(AZ, p))
    return "".join(out)


def home_page(ctx: PageContext) -> str:
    """The citizens' front page: what online services are, accounts, levels, contacts."""
    project = ctx.project
    office, portal = project.office, project.portal
    scheme_id = project.catalogue.service_levels.current
    schemes = project.catalogue.service_levels.schemes
    out = [f"# {L.HOME_TITLE}\n\n",
           L.HOME_INTRO.format(office=escape_text(office.name)) + "\n\n",
           L.HOME_SEARCH_HINT.format(az=link(HOME, AZ)) + "\n\n",
           upcoming_changes(project.catalogue.changes, project.today),
           f"## {L.HOME_FIELDS}\n\n"]
    for name, procedures in sorted(project.fields().items(), key=lambda kv: sort_key(kv[0])):
        out.append(f"- [{escape_text(name)}]({link(HOME, field_page_uri(name))}) — "
                   f"{L.HOME_FIELD_COUNT.format(count=len(procedures))}\n")
    portal_link = f"[{escape_text(portal.name)}]({portal.url})"
    out += [f"\n## {L.HOME_WHAT}\n\n", L.HOME_WHAT_TEXT.format(portal=portal_link) + "\n\n",
            f"**{L.HOME_WHY}**\n\n"]
    out += [f"- {benefit}\n" for benefit in L.HOME_BENEFITS]

    out += [f"\n## {L.HOME_ACCOUNTS}\n\n",
            L.HOME_ACCOUNTS_TEXT.format(portal=escape_text(portal.name)) + "\n\n"]
    for account in project.catalogue.accounts:
        out.append(f"### {escape_text(account.name)}\n\n")
        if account.summary:
            out.append(escape_text(account.summary) + "\n\n")
        out += [f"{i}. {escape_text(step)}\n" for i, step in enumerate(account.steps, start=1)]
        out.append("\n")
    out.append(L.HOME_VNEID_HELP.format(hotline=L.VNEID_HOTLINE) + "\n\n")

    current = schemes[scheme_id]
    out += [f"## {L.HOME_LEVELS}\n\n",
            L.HOME_LEVELS_TEXT.format(scheme=escape_text(current.title)) + "\n\n"]
    for level_id, level in current.levels.items():
        out.append(f"- {_badge(level_id, level.name)} {escape_text(level.summary)}\n")
    for other_id, scheme in schemes.items():
        mapped = [(lvl_id, lvl) for lvl_id, lvl in scheme.levels.items()
                  if other_id != scheme_id and lvl.maps_to in current.levels]
        if not mapped:
            continue
        out += ["\n", L.HOME_OLD_LEVELS.format(scheme=escape_text(scheme.title)) + "\n\n",
                L.HOME_OLD_HEADER + "\n"]
        for _, lvl in mapped:
            target = current.levels[lvl.maps_to or ""]
            out.append(f"| {escape_text(lvl.name)} | {escape_text(lvl.summary)} | "
                       f"{escape_text(target.name)} |\n")

    out += [f"\n## {L.HOME_REFORM}\n\n",
            L.HOME_REFORM_TEXT.format(portal=escape_text(portal.name),
                                      url=f"<{portal.url}>") + "\n\n"]
    retired = [p for p in project.catalogue.portals if p.retired is not None]
    if retired:
        out.append(L.HOME_RETIRED + "\n\n")
        for old_portal in retired:
            item = L.HOME_RETIRED_ITEM.format(name=escape_text(old_portal.name),
                                              url=escape_text(old_portal.url),
                                              date=date_vn(old_portal.retired)
                                              if old_portal.retired else "")
            out.append(f"- {item}\n")
        out.append("\n")

    out.append(f"## {L.HOME_CONTACT}\n\n**{escape_text(office.name)}**\n\n")
    contacts = [(L.HOME_ADDRESS, escape_text(office.address))]
    if office.phone:
        contacts.append((L.HOME_PHONE, _tel(office.phone)))
    if office.email:
        contacts.append((L.HOME_EMAIL, escape_text(office.email)))
    contacts += [(L.HOME_HOURS, escape_text(office.office_hours)),
                 (L.HOME_DESK, escape_text(office.one_stop_desk))]
    contacts += [(L.HOME_HOTLINE.format(portal=escape_text(p.name)), _tel(p.hotline))
                 for p in project.catalogue.portals if p.hotline and p.retired is None]
    contacts.append((L.HOME_VNEID_HOTLINE, _tel(L.VNEID_HOTLINE)))
    out += [f"- **{label}:** {value}\n" for label, value in contacts]
    return "".join(out)


# ---------------------------------------------------------------- announcements, audio


def announcements_newest_first(announcements: Iterable[Announcement]) -> list[Announcement]:
    """Newest first; same-day announcements by id so the order is stable."""
    return sorted(announcements, key=lambda a: (a.front.date, a.id), reverse=True)


def announcement_page(ctx: PageContext, announcement: Announcement) -> str:
    """One announcement: title, number and date, body, PDF and audio when produced."""
    front = announcement.front
    uri = paths.announcement_page(announcement.id)
    out = [heading(front.title), '<div class="outreach-meta" markdown>\n\n',
           f"{L.KIND[front.kind]}"]
    if front.number:
        out.append(" · " + L.NUMBER.format(number=escape_text(front.number)))
    out.append(" · " + L.DATED.format(date=date_vn(front.date)) + "\n\n</div>\n\n")
    out.append(without_raw_html(announcement.body.strip()) + "\n\n")
    out.append(_media(ctx, uri, announcement.id, front.kind))
    featured = [ctx.project.by_code[c] for c in announcement.featured_codes
                if c in ctx.project.by_code]
    if featured:
        out.append(f"## {L.RELATED}\n\n")
        out += [_procedure_item(uri, p) for p in featured]
    return "".join(out)


# A tag typed into an announcement (studio, editor) shows as text on the page, never runs:
# `<` opening a tag is escaped; autolinks and the procedure-table marker stay.
_RAW_TAG = re.compile(r"<(?!https?://|mailto:|!-- outreach:)(?=[A-Za-z/!?])")


def without_raw_html(markdown_text: str) -> str:
    return _RAW_TAG.sub("&lt;", markdown_text)


def announcements_index(ctx: PageContext) -> str:
    """All announcements, newest first."""
    project = ctx.project
    out = [f"# {L.ANNOUNCEMENTS_TITLE}\n\n",
           L.ANNOUNCEMENTS_INTRO.format(office=escape_text(project.office.short_name)) + "\n\n"]
    if not project.announcements:
        out.append(L.ANNOUNCEMENTS_NONE + "\n")
    for a in announcements_newest_first(project.announcements):
        target = link(ANNOUNCEMENTS, paths.announcement_page(a.id))
        out.append(f"- {date_vn(a.front.date)} · {L.KIND[a.front.kind]}: "
                   f"[{escape_text(a.front.title)}]({target})\n")
    return "".join(out)


def broadcast_page(ctx: PageContext) -> str:
    """Every clip with a player, its length, transcript and download link, plus the M3U."""
    project = ctx.project
    clips = ctx.assets.clips()
    out = [f"# {L.BROADCAST_TITLE}\n\n",
           L.BROADCAST_INTRO.format(station=escape_text(project.office.broadcast_station))
           + "\n\n"]
    if not clips:
        return "".join(out) + L.BROADCAST_NONE + "\n"
    if ctx.assets.has(paths.PROGRAMME):
        out.append(f"[{L.BROADCAST_PROGRAMME}]({link(BROADCAST, paths.PROGRAMME)})"
                   "{ .md-button }\n\n")
    if has_schedule(project):
        out.append(f"[{L.SCHEDULE_LINK}]({link(BROADCAST, SCHEDULE)}){{ .md-button }}\n\n")
    announcement_ids = {a.id for a in project.announcements}
    groups = [(L.BROADCAST_ANNOUNCEMENTS, [c for c in clips if c.source in announcement_ids]),
              (L.BROADCAST_PROCEDURES, [c for c in clips if c.source not in announcement_ids])]
    for heading, group in groups:
        if not group:
            continue
        out.append(f"## {heading}\n\n")
        for clip in sorted(group, key=lambda c: sort_key(_clip_title(project, c))):
            out.append(f"### {escape_text(_clip_title(project, clip))}\n\n")
            out.append(audio_block(ctx, BROADCAST, clip) + "\n")
            bits = []
            if clip.extra.get("duration_s") is not None:
                bits.append(L.DURATION.format(duration=duration(float(clip.extra["duration_s"]))))
            bits.append(f"[{L.DOWNLOAD_MP3}]({link(BROADCAST, clip.path)})")
            transcript = clip.extra.get("transcript") or paths.transcript(clip.path)
            if ctx.assets.has(transcript):
                bits.append(f"[{L.TRANSCRIPT}]({link(BROADCAST, transcript)})")
            out.append(" · ".join(bits) + "\n\n")
    return "".join(out)


def has_schedule(project: Project) -> bool:
    return any(slots(a.front) for a in project.announcements)


def _schedule_table(ctx: PageContext, plans: list[SlotPlan]) -> str:
    """Week view: one row per time of day, one column per weekday, titles in airing order."""
    by_id = {a.id: a for a in ctx.project.announcements}
    times = sorted({p.slot.time for p in plans})
    cells = {(p.slot.weekday, p.slot.time): p for p in plans}
    header = [L.SCHEDULE_TIME] + [label for _, label, _ in WEEKDAYS]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for time in times:
        row = [f"**{time}**"]
        for weekday in range(7):
            plan = cells.get((weekday, time))
            if plan is None or not plan.items:
                row.append(L.SCHEDULE_EMPTY_CELL)
                continue
            titles = []
            for number, item in enumerate(plan.items, start=1):  # numbered: airing order
                target = paths.announcement_page(item.source) if item.source in by_id else None
                title = escape_text(item.title)
                linked = f"[{title}]({link(SCHEDULE, target)})" if target else title
                titles.append(f"{number}. {linked}")
            total = L.SCHEDULE_SLOT_TOTAL.format(duration=duration(plan.duration_s))
            row.append("<br>".join(titles) + f"<br>*{total}*")
        rows.append("| " + " | ".join(row) + " |")
    return "\n".join(rows) + "\n\n"


def schedule_page(ctx: PageContext) -> str:
    """'Lịch phát thanh': the week as a table, the calendar file, per-slot playlists."""
    project = ctx.project
    clips = {c.source: (c.path, float(c.extra.get("duration_s", 0.0)))
             for c in ctx.assets.clips()}
    plans = week_plan(project.announcements, clips, project.today,
                      project.settings.slot_minutes)
    out = [f"# {L.SCHEDULE_TITLE}\n\n",
           L.SCHEDULE_INTRO.format(station=escape_text(project.office.broadcast_station),
                                   date=date_vn(project.today)) + "\n\n"]
    if plans:
        out.append(_schedule_table(ctx, plans))
    if ctx.assets.has(paths.CALENDAR):
        out.append(f"[{L.SCHEDULE_CALENDAR}]({link(SCHEDULE, paths.CALENDAR)})"
                   "{ .md-button }\n\n")
    left_out = [p for plan in plans for p in plan.left_out]
    if left_out:
        titles = ", ".join(escape_text(p.title) for p in left_out)
        out.append(f"!!! warning \"{L.SCHEDULE_TITLE}\"\n    "
                   f"{L.SCHEDULE_LEFT_OUT.format(titles=titles)}\n\n")
    scheduled = [(a, a.front.broadcast) for a in project.announcements
                 if a.front.broadcast is not None and slots(a.front)]
    if scheduled:
        out.append(f"## {L.SCHEDULE_ITEMS}\n\n")
        for a, options in sorted(scheduled, key=lambda x: (x[1].priority, x[0].front.date)):
            days = sorted({s.weekday for s in slots(a.front)})
            period = (L.SCHEDULE_FROM.format(date=date_vn(options.from_))
                      if options.from_ else "")
            period += (L.SCHEDULE_UNTIL.format(date=date_vn(options.until))
                       if options.until else "")
            text = L.SCHEDULE_ITEM.format(
                days=", ".join(WEEKDAYS[d][1] for d in days),
                times=", ".join(sorted({s.time for s in slots(a.front)})), period=period,
                priority=options.priority)
            out.append(f"* [{escape_text(a.front.title)}]"
                       f"({link(SCHEDULE, paths.announcement_page(a.id))}): {text}\n")
        out.append("\n")
    playlists = [p for p in ctx.assets.artifacts
                 if p.kind == "slot-playlist" and ctx.assets.has(p.path)]
    if playlists:
        out.append(f"## {L.SCHEDULE_PLAYLISTS}\n\n")
        for p in playlists:
            out.append(f"* [{p.extra['day']} {p.extra['time']}]({link(SCHEDULE, p.path)})\n")
    return "".join(out)


def _clip_title(project: Project, clip: Artifact) -> str:
    if clip.extra.get("title"):
        return str(clip.extra["title"])
    if clip.source in project.by_code:
        return project.by_code[clip.source].name
    return next((a.front.title for a in project.announcements if a.id == clip.source),
                clip.source)


# ---------------------------------------------------------------- all pages


@dataclass(frozen=True)
class GeneratedPage:
    """One page for MkDocs: where it goes, its Markdown, and what it was made from."""

    src_uri: str
    markdown: str
    kind: str  # home | procedure | field | az | announcement | announcements | broadcast
    source: str = ""  # procedure code or announcement id

    @property
    def in_nav(self) -> bool:
        """Procedure and announcement pages are reached from index pages and search only."""
        return self.kind not in ("procedure", "announcement")


ProcedureRenderer = Callable[[PageContext, Procedure], str]


def generate_pages(ctx: PageContext,
                   render_procedure: ProcedureRenderer = procedure_page) -> list[GeneratedPage]:
    """Every generated page; the hook lets a content/ file at the same path replace any.

    `render_procedure` makes a procedure page's Markdown (serve passes one that reuses
    unchanged pages)."""
    project = ctx.project
    pages = [GeneratedPage(HOME, home_page(ctx), "home"),
             GeneratedPage(AZ, az_page(ctx), "az"),
             GeneratedPage(ANNOUNCEMENTS, announcements_index(ctx), "announcements"),
             GeneratedPage(BROADCAST, broadcast_page(ctx), "broadcast")]
    if has_schedule(project):
        pages.append(GeneratedPage(SCHEDULE, schedule_page(ctx), "schedule"))
    pages += [GeneratedPage(field_page_uri(name), field_page(ctx, name, procedures), "field",
                            name)
              for name, procedures in project.fields().items()]
    pages += [GeneratedPage(paths.procedure_page(p.code), render_procedure(ctx, p), "procedure",
                            p.code)
              for p in project.catalogue.procedures]
    pages += [GeneratedPage(paths.announcement_page(a.id), announcement_page(ctx, a),
                            "announcement", a.id)
              for a in project.announcements]
    return pages


def generated_pages(project: Project, available: Iterable[str] = (),
                    use_directory_urls: bool = True,
                    artifacts: Iterable[Artifact] = (),
                    render_procedure: ProcedureRenderer | None = None) -> list[GeneratedPage]:
    """Convenience wrapper: pages for a project given the assets that really exist."""
    assets = Assets(tuple(artifacts), frozenset(available))
    ctx = PageContext(project, assets, use_directory_urls)
    return generate_pages(ctx, render_procedure or procedure_page)


def field_pages(project: Project) -> list[tuple[str, str]]:
    """(field name, page path) in Vietnamese alphabetical order, for the navigation."""
    return [(name, field_page_uri(name))
            for name in sorted(project.fields(), key=sort_key)]


__all__ = ["ANNOUNCEMENTS", "ANNOUNCEMENTS_INDEX", "AZ", "BROADCAST", "HOME", "HOME_PAGE",
           "PROCEDURES_INDEX", "SCHEDULE", "Assets", "GeneratedPage", "PageContext",
           "schedule_page",
           "announcement_page", "announcements_index", "announcements_newest_first", "az_page",
           "broadcast_page", "field_page", "field_page_uri", "field_pages", "generate_pages",
           "generated_pages", "home_page", "procedure_page", "stale_notice", "url_to_root"]
