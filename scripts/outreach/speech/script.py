"""Broadcast scripts: what is read, in which order, written as the office writes it.

A script is a list of parts: `Speech` (paragraphs read with short pauses), `Pause`
(silence between repeats) and `CHIME`. Normalisation to spoken words happens later,
so the same script serves the transcript and the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown

from ..catalogue.announcements import Announcement
from ..catalogue.messages import fee_set_by
from ..catalogue.model import Procedure
from ..catalogue.project import Project
from . import messages


@dataclass(frozen=True)
class Speech:
    """Paragraphs read one after another (each may hold several sentences).

    `content` is False for the fixed opening, repeat and closing formulas: a clip made of
    those alone has nothing to say.
    """

    paragraphs: tuple[str, ...]
    content: bool = True


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass(frozen=True)
class Chime:
    """The generated two-tone signal that opens and closes an announcement."""


CHIME = Chime()


@dataclass(frozen=True)
class Recording:
    """A staff member's recording of the body; `paragraphs` is what they read (transcript)."""

    path: Path  # absolute, inside the project
    file: str  # as written in the front matter (for messages)
    paragraphs: tuple[str, ...]


Part = Speech | Pause | Chime | Recording


@dataclass(frozen=True)
class Script:
    """One clip to record: its title, where it came from (for messages) and its parts."""

    source: str  # announcement id or procedure code
    file: str  # the file a person edits to change it
    title: str
    parts: tuple[Part, ...]


_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "dt", "dd",
           "pre", "tr"}
_SKIPPED = {"script", "style", "code"}


class _TextBlocks(HTMLParser):
    """Collect the text of block elements; entities are unescaped by HTMLParser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag in _BLOCKS or tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def markdown_paragraphs(body: str) -> list[str]:
    """Markdown -> plain paragraphs (headings and list items each become one), no markup.

    Each paragraph ends with a full stop, so a heading or list item is read as a sentence.
    """
    parser = _TextBlocks()
    parser.feed(markdown.markdown(body, extensions=["tables"]))
    parser.close()
    return [b if b[-1] in ".!?:;," else f"{b}." for b in parser.blocks]


def _money(amount: int) -> str:
    return messages.MONEY.format(amount=f"{amount:,}".replace(",", "."))


def _fee_sentence(procedure: Procedure) -> str:
    amount = procedure.fee.amount
    if amount is None:  # set by the provincial council: say so, never a number
        return messages.FEE.format(amount=fee_set_by(procedure.fee.set_by))
    return messages.NO_FEE if amount == 0 else messages.FEE.format(amount=_money(amount))


def procedure_paragraphs(project: Project, procedure: Procedure) -> list[str]:
    """A procedure read for listening: what it is, who needs it, how (online), where to ask."""
    office, portal = project.office, project.portal
    online = "online" in procedure.where and procedure.level != "truc-tiep"
    out = [messages.PROCEDURE_INTRO.format(name=procedure.name), procedure.summary]
    if procedure.audience:
        out.append(messages.AUDIENCE.format(audience=procedure.audience))
    if online:
        out.append(messages.ONLINE.format(portal=portal.name, url=portal.url))
    out.append(project.level(procedure).summary)
    steps = [messages.STEP.format(number=i, title=step.title.rstrip("."))
             for i, step in enumerate(procedure.steps, start=1)]
    out.append(" ".join([messages.STEPS_INTRO, *steps]))
    out.append(messages.TIME.format(time=procedure.time.rstrip(".")))
    fee = _fee_sentence(procedure)
    if procedure.fee.note:
        fee += f" {procedure.fee.note.rstrip('.')}."
    out.append(fee)
    ask = (messages.ASK.format(desk=office.one_stop_desk, phone=office.phone) if office.phone
           else messages.ASK_DESK.format(desk=office.one_stop_desk))
    if portal.hotline:
        ask += messages.ASK_HOTLINE.format(hotline=portal.hotline)
    out.append(ask + ".")
    return out


def announcement_script(project: Project, announcement: Announcement) -> Script:
    """Opening, then the item (title, body, featured procedures) `repeat` times, closing."""
    front = announcement.front
    options = front.broadcast
    repeat = options.repeat if options else 1
    pause = options.pause_s if options else 3.0
    body = tuple(markdown_paragraphs(announcement.body))
    # A recording is the staff member reading the body: its transcript is the body alone.
    item: list[Part] = [Speech((f"{front.title.rstrip('.')}.", *body))
                        if front.recording is None
                        else Recording(project.root / front.recording, front.recording, body)]
    item += [Speech(tuple(procedure_paragraphs(project, project.by_code[code])))
             for code in announcement.featured_codes]
    parts: list[Part] = [CHIME, Speech((messages.OPENING.format(
        station=project.office.broadcast_station), messages.GREETING), content=False)]
    for time in range(repeat):
        if time:
            parts += [Pause(pause), Speech((messages.REPEAT,), content=False)]
        parts += item
    parts += [Speech((messages.CLOSING,), content=False), CHIME]
    return Script(announcement.id, announcement.file, front.title, tuple(parts))


def procedure_script(project: Project, procedure: Procedure) -> Script:
    """The short clip on a procedure's web page: the listening version, read once."""
    title = messages.PROCEDURE_TITLE.format(name=procedure.name)
    return Script(procedure.code, project.settings.catalogue, title,
                  (Speech(tuple(procedure_paragraphs(project, procedure))),))
