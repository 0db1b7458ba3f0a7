"""Share preview images: one 1200x630 PNG per procedure with its name and the commune.

Chat apps (Zalo, Facebook) show this picture when a procedure link is shared. It is drawn at
build time with Pillow and the bundled Liberation Sans, offline; Vietnamese text is NFC, so
every letter is one precomposed glyph and no shaping engine is needed (the basic layout is
used on purpose: the same PNG on every machine, with or without libraqm). The name is set as
large as fits, wrapped into lines of balanced width, and never leaves the margins.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..artifacts import Artifact, Cache, Progress, no_progress, sha256_bytes, write_atomic
from ..errors import Problem
from ..portable import usable_cores
from . import labels as L

if TYPE_CHECKING:  # not imported at run time: a drawing worker starts without the catalogue
    from ..catalogue.project import Project

WIDTH, HEIGHT = 1200, 630
MARGIN = 72  # px on every side; nothing is drawn outside
BACKGROUND = (26, 35, 126)  # deep indigo, the site's primary colour family
TEXT = (255, 255, 255)
MUTED = (197, 202, 233)
ACCENT = (255, 202, 40)
TITLE_FONT = "LiberationSans-Bold.ttf"
TEXT_FONT = "LiberationSans-Regular.ttf"
TITLE_SIZES = tuple(range(88, 39, -4))  # px, tried largest first
LINE_SPACING = 1.28  # room for stacked marks (Ấ, Ễ) between lines
PLACE_SIZE = 34
FOOTER_SIZE = 30
RULE = (120, 8)  # accent bar above the name
RULE_GAP = 28
INK_SLACK = 6  # px: a glyph's ink may reach past its advance width (ế, ỷ, "…")
ELLIPSIS = "…"
CACHE_NAMESPACE = "preview"

# Bump when the drawing changes: old cached PNGs must not be reused.
LAYOUT_VERSION = 3
PNG_LEVEL = 1
# Previews to draw before worker processes pay for themselves: a worker is a fresh
# interpreter (spawn, the same on every platform) importing Pillow, about half a second,
# and one preview takes about 15 ms.
PREVIEWS_PER_WORKER = 100
FONT_DIR = Path("overrides/fonts")

Measure = Callable[[str], float]


@dataclass(frozen=True)
class Fonts:
    """Where the preview's two font files come from: the project's overrides/fonts/ first."""

    title: Path
    text: Path

    @classmethod
    def for_project(cls, project_root: Path) -> Fonts:
        folders = [project_root / FONT_DIR,
                   Path(str(resources.files("outreach") / "print" / "fonts"))]

        def find(name: str) -> Path:
            for folder in folders:
                if (folder / name).is_file():
                    return folder / name
            raise FileNotFoundError(name)

        return cls(find(TITLE_FONT), find(TEXT_FONT))

    @cached_property
    def hashes(self) -> tuple[str, str]:
        return (hashlib.sha256(self.title.read_bytes()).hexdigest(),
                hashlib.sha256(self.text.read_bytes()).hexdigest())


@dataclass(frozen=True)
class Layout:
    """Where the name went: its font size and lines, each line's box (x0, y0, x1, y1)."""

    size: int
    lines: tuple[str, ...]
    boxes: tuple[tuple[int, int, int, int], ...]


# ---------------------------------------------------------------- line breaking (pure)


def balanced_split(words: Sequence[str], count: int, measure: Measure) -> list[str]:
    """Split `words` into exactly `count` lines so the widest line is as narrow as possible.

    Among splits with that widest line, the most even one wins (smallest sum of squared
    widths), so a title never ends with one lonely short word.
    """
    n = len(words)
    count = max(1, min(count, n))
    # Each word is measured once; a line is its words plus the spaces between them (kerning
    # across a space is negligible, and the caller checks the real width of the result).
    space = measure(" ")
    starts = [0.0]
    for word in words:
        starts.append(starts[-1] + measure(word))
    width = {(i, j): starts[j] - starts[i] + (j - i - 1) * space
             for i in range(n) for j in range(i + 1, n + 1)}
    widest = _narrowest_limit(n, count, width)
    return [" ".join(words[a:b]) for a, b in _best_split(
        n, count, {k: w * w for k, w in width.items() if w <= widest})]


def _narrowest_limit(n: int, count: int, width: dict[tuple[int, int], float]) -> float:
    """The narrowest widest line of any split into `count` lines: the smallest line width
    for which greedy filling (which needs the fewest lines for a given limit) needs no more
    than `count` lines; a split into fewer lines can always be split further."""
    def lines_needed(limit: float) -> int:
        lines, start = 0, 0
        while start < n:
            end = start + 1
            if width[(start, end)] > limit:  # a word wider than the limit: no split fits
                return n + 1
            while end < n and width[(start, end + 1)] <= limit:
                end += 1
            lines, start = lines + 1, end
        return lines

    candidates = sorted(set(width.values()))
    low, high = 0, len(candidates) - 1  # the widest span fits: one line of every word
    while low < high:
        middle = (low + high) // 2
        if lines_needed(candidates[middle]) <= count:
            high = middle
        else:
            low = middle + 1
    return candidates[low]


def _best_split(n: int, count: int, cost: dict[tuple[int, int], float]
                ) -> list[tuple[int, int]]:
    """Dynamic programme over line breaks: the `count` line spans with the smallest sum of
    costs; spans missing from `cost` are not allowed. Ties go to the earliest break."""
    inf = float("inf")
    ending = [[(i, cost[(i, j)]) for i in range(j) if (i, j) in cost] for j in range(n + 1)]
    Best = tuple[float, tuple[int, ...]]  # (sum of costs, line ends) of a prefix
    unreachable: Best = (inf, ())
    previous: list[Best] = [(0.0, ()), *[unreachable] * n]
    for k in range(1, count + 1):
        current: list[Best] = [unreachable] * (n + 1)
        for j in range(k, n + 1):
            best, best_i = inf, -1
            for i, line in ending[j]:
                score = previous[i][0]
                if score == inf:  # no split of the first i words into k - 1 lines
                    continue
                if score + line < best:
                    best, best_i = score + line, i
            if best_i >= 0:
                current[j] = (best, (*previous[best_i][1], j))
        previous = current
    ends = previous[n][1]
    return list(zip((0, *ends[:-1]), ends, strict=True))


def break_long_word(word: str, limit: float, measure: Measure) -> list[str]:
    """A single word wider than the line (a long code, a URL) cut into pieces that fit."""
    pieces, current = [], ""
    for char in word:
        if current and measure(current + char) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def fit_with_ellipsis(line: str, limit: float, measure: Measure) -> str:
    """`line` shortened at a word (or letter) boundary with "…" until it fits `limit`."""
    if measure(line) <= limit:
        return line
    words = line.split(" ")
    while len(words) > 1 and measure(" ".join(words) + ELLIPSIS) > limit:
        words.pop()
    text = " ".join(words)
    while text and measure(text + ELLIPSIS) > limit:
        text = text[:-1]
    return text.rstrip(" ,;:–-") + ELLIPSIS


def wrap(text: str, limit: float, max_lines: int, measure: Measure) -> list[str]:
    """Fewest balanced lines (≤ max_lines) no wider than `limit`; the last one ellipsised
    when even max_lines are not enough."""
    words: list[str] = []
    for word in text.split():
        words += break_long_word(word, limit, measure) if measure(word) > limit else [word]
    fewest = max(1, int(sum(measure(w) for w in words) // limit))  # lines needed at least
    for count in range(fewest, min(max_lines, len(words)) + 1):
        lines = balanced_split(words, count, measure)
        if all(measure(line) <= limit for line in lines):
            return lines
    # Too long for the box: fill greedily and end the last line with "…".
    lines, current = [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if measure(trial) <= limit or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [" ".join(lines[max_lines - 1:])]
        lines[-1] = fit_with_ellipsis(lines[-1], limit, measure)
    return lines


# ---------------------------------------------------------------- drawing


# Memoised per process: the previews of a build share their fonts and most of their words.
@lru_cache(maxsize=64)
def _font(path: Path, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1 << 16)
def _length(path: Path, size: int, text: str) -> float:
    """The advance width of `text` in the font at `path` and `size`, in px."""
    return _font(path, size).getlength(text)


@lru_cache(maxsize=8)
def _frame(place: str, footer: str, fonts: Fonts) -> tuple[Any, int, int]:
    """What every preview of a commune shares, drawn once: the background with the place
    line at the top and the footer at the bottom, and the band left between them for the
    name (top, bottom). Callers draw on a copy."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN - INK_SLACK

    place_font = _font(fonts.text, PLACE_SIZE)
    place_line = fit_with_ellipsis(place, inner, partial(_length, fonts.text, PLACE_SIZE))
    place_ascent, place_descent = place_font.getmetrics()
    draw.text((MARGIN, MARGIN + place_ascent), place_line, font=place_font, fill=MUTED,
              anchor="ls")

    footer_font = _font(fonts.text, FOOTER_SIZE)
    _, footer_descent = footer_font.getmetrics()
    footer_baseline = HEIGHT - MARGIN - footer_descent
    draw.text((MARGIN, footer_baseline),
              fit_with_ellipsis(footer, inner, partial(_length, fonts.text, FOOTER_SIZE)),
              font=footer_font, fill=MUTED, anchor="ls")

    # The accent rule and the name share the band between the place line and the footer,
    # centred in it together so a short name does not float away from the rule.
    return (image, MARGIN + place_ascent + place_descent + RULE_GAP,
            footer_baseline - FOOTER_SIZE - RULE_GAP)


def render_preview(name: str, place: str, footer: str, fonts: Fonts) -> tuple[bytes, Layout]:
    """The PNG bytes of one preview and where its title lines were drawn."""
    from PIL import Image, ImageDraw

    name, place, footer = (unicodedata.normalize("NFC", " ".join(s.split()))
                           for s in (name, place, footer))
    frame, band_top, band_bottom = _frame(place, footer, fonts)
    image = frame.copy()
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN - INK_SLACK
    rule_block = RULE[1] + RULE_GAP
    layout = _title_layout(name, fonts, inner, band_top, band_bottom, rule_block)
    rule_top = layout.boxes[0][1] - rule_block
    draw.rectangle((MARGIN, rule_top, MARGIN + RULE[0] - 1, rule_top + RULE[1] - 1), fill=ACCENT)
    title_font = _font(fonts.title, layout.size)
    ascent, _ = title_font.getmetrics()
    for line, box in zip(layout.lines, layout.boxes, strict=True):
        draw.text((MARGIN, box[1] + ascent), line, font=title_font, fill=TEXT, anchor="ls")

    # A palette of the few colours drawn and their anti-aliasing blends: a third of the
    # bytes of an RGB PNG, four times faster to encode, background kept exact. zlib's
    # quickest level: a third of the encoding time of its default, for about 9 kB more.
    buffer = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(
        buffer, format="PNG", compress_level=PNG_LEVEL)
    return buffer.getvalue(), layout


def _palette():
    from PIL import Image

    steps = 20
    colours = [tuple(round(b + (c - b) * i / steps) for b, c in zip(BACKGROUND, target,
                                                                      strict=True))
               for target in (TEXT, MUTED, ACCENT) for i in range(steps + 1)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    return palette


def _title_layout(name: str, fonts: Fonts, limit: int, top: int, bottom: int,
                  reserve: int) -> Layout:
    """Largest size whose balanced lines fit the band (less `reserve` px kept above the
    name for the rule); the smallest size, ellipsised, if none does.

    A smaller size fits whenever a larger one does, so the sizes are bisected: four
    layouts tried instead of up to twelve (2,000 previews build in a fraction of the time).
    """
    def attempt(size: int) -> tuple[bool, Layout]:
        font = _font(fonts.title, size)
        ascent, descent = font.getmetrics()
        step = round(size * LINE_SPACING)
        max_lines = max(1, (bottom - top - reserve - ascent - descent) // step + 1)
        measure = partial(_length, fonts.title, size)
        lines = wrap(name, limit, max_lines, measure)
        whole_words = all(measure(word) <= limit for word in name.split())
        fits = len(lines) <= max_lines and not lines[-1].endswith(ELLIPSIS) and whole_words
        height = (len(lines) - 1) * step + ascent + descent
        first = top + max(0, (bottom - top - reserve - height) // 2) + reserve
        boxes = tuple((MARGIN, first + i * step, MARGIN + round(measure(line)),
                       first + i * step + ascent + descent)
                      for i, line in enumerate(lines))
        return fits, Layout(size, tuple(lines), boxes)

    low, high = 0, len(TITLE_SIZES) - 1  # indexes, largest size first
    best: Layout | None = None
    while low <= high:
        middle = (low + high) // 2
        fits, layout = attempt(TITLE_SIZES[middle])
        if fits:
            best, high = layout, middle - 1
        else:
            low = middle + 1
    return best if best is not None else attempt(TITLE_SIZES[-1])[1]


# ---------------------------------------------------------------- the build step


def preview_texts(project: Project) -> tuple[str, str]:
    """(place line, footer line) shared by every preview of the project."""
    office = project.office
    return (L.PREVIEW_PLACE.format(office=office.short_name, province=office.province),
            L.PREVIEW_FOOTER)


def site_url_warning(project: Project) -> list[Problem]:
    """The one warning when previews cannot be linked with absolute URLs (no site_url)."""
    if project.settings.site_url:
        return []
    return [Problem("mkdocs.yml", None, "site_url", L.NO_SITE_URL, severity="warning")]


def build_previews(project: Project, out_dir: Path, cache: Cache,
                   only: frozenset[str] | None = None, progress: Progress = no_progress,
                   written: dict[str, tuple[str, str]] | None = None,
                   workers: int | None = None) -> list[Artifact]:
    """One preview PNG per procedure into out_dir (paths.preview_image), cached by content;
    drawn now, across `workers` processes (default: the cores this process may use)."""
    return start_drawing(project, out_dir, cache, only, progress, written, workers).finish()


def start_drawing(project: Project, out_dir: Path, cache: Cache,
                  only: frozenset[str] | None = None, progress: Progress = no_progress,
                  written: dict[str, tuple[str, str]] | None = None,
                  workers: int | None = None, background: bool = False) -> Drawing:
    """Publish the previews the cache holds into out_dir and start drawing the others.

    Whether to draw them at all is the caller's choice (`Settings.draws_previews`). The ones
    no cache holds are drawn once per distinct key. In the `background`, even one worker
    process pays for itself: the build goes on with its pages meanwhile.

    `written` (serve: kept across its rebuilds) records path -> (cache key, SHA-256) of what
    this process wrote into out_dir: a preview still there with the same key is not read,
    compared or hashed again (2,000 of them were a tenth of a rebuild)."""
    from PIL import __version__ as pillow_version

    fonts = Fonts.for_project(project.root)
    place, footer = preview_texts(project)
    procedures = [p for p in project.catalogue.procedures if only is None or p.code in only]
    drawing = Drawing(out_dir, cache, written, progress,
                      {p.code: paths.preview_image(p.code) for p in procedures})
    for procedure in procedures:
        key = Cache.key(LAYOUT_VERSION, pillow_version, fonts.hashes, procedure.name, place,
                        footer)
        path = drawing.paths[procedure.code]
        known = written.get(path) if written is not None else None
        if known is not None and known[0] == key and (out_dir / path).is_file():
            drawing.digests[path] = known[1]
            continue
        data = cache.get(CACHE_NAMESPACE, key, ".png")
        if data is None:
            drawing.waiting.setdefault(key, (procedure.name, []))[1].append(path)
            continue
        drawing.publish(path, key, data)
    if drawing.digests:
        progress(L.PREVIEW_PROGRESS, len(drawing.digests), len(procedures))
    names = [name for name, _ in drawing.waiting.values()]
    drawing.results, drawing.pool = _start_pool(names, place, footer, fonts, workers,
                                                background)
    drawing.draw = partial(preview_png, place=place, footer=footer, fonts=fonts)
    return drawing


@dataclass
class Drawing:
    """A build's previews: the cached ones already in out_dir, the others being drawn."""

    out_dir: Path
    cache: Cache
    written: dict[str, tuple[str, str]] | None
    progress: Progress
    paths: dict[str, str]  # procedure code -> site path, in catalogue order
    digests: dict[str, str] = field(default_factory=dict)  # site path -> SHA-256 written
    waiting: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # key -> name, paths
    results: Iterator[bytes] = field(default_factory=lambda: iter(()))
    draw: Callable[[str], bytes] | None = None  # one preview drawn here, by name
    pool: ProcessPoolExecutor | None = None

    def planned(self) -> list[Artifact]:
        """Every preview's artifact as pages link it (path and size; hash not known yet)."""
        return [self._artifact(code, "") for code in self.paths]

    def finish(self) -> list[Artifact]:
        """Wait for the drawings, cache and publish them; every preview's artifact."""
        total, done = len(self.paths), len(self.digests)
        try:
            for (key, (_, waiting)), data in zip(self.waiting.items(), self._drawings(),
                                                 strict=True):
                self.cache.put(CACHE_NAMESPACE, key, ".png", data)
                for path in waiting:
                    self.publish(path, key, data)
                    done += 1
                    self.progress(L.PREVIEW_PROGRESS, done, total)
        finally:
            self.cancel()
        return [self._artifact(code, self.digests[path]) for code, path in self.paths.items()]

    def _drawings(self) -> Iterator[bytes]:
        """The waiting previews' PNGs in order; those a dead worker left are drawn here."""
        count = 0
        try:
            for data in self.results:
                yield data
                count += 1
        except BrokenProcessPool:  # a worker was killed (out of memory, a virus scanner)
            if self.draw is None:
                raise
            self.cancel()
            names = [name for name, _ in self.waiting.values()]
            yield from map(self.draw, names[count:])

    def cancel(self) -> None:
        """Stop the workers (a failed build does not wait for its previews)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None

    def publish(self, path: str, key: str, data: bytes) -> None:
        write_atomic(self.out_dir / path, data)
        self.digests[path] = digest = sha256_bytes(data)
        if self.written is not None:
            self.written[path] = (key, digest)

    def _artifact(self, code: str, digest: str) -> Artifact:
        return Artifact("preview", code, self.paths[code], digest,
                        {"width": WIDTH, "height": HEIGHT})


def draw_previews(names: list[str], place: str, footer: str, fonts: Fonts,
                  workers: int | None = None) -> Iterator[bytes]:
    """The PNG bytes of each name's preview, in order; drawn in worker processes when there
    are enough of them."""
    results, pool = _start_pool(names, place, footer, fonts, workers, background=False)
    try:
        yield from results
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _start_pool(names: list[str], place: str, footer: str, fonts: Fonts, workers: int | None,
                background: bool) -> tuple[Iterator[bytes], ProcessPoolExecutor | None]:
    """The drawings of `names` as they come, and the pool drawing them (None: drawn here,
    when asked for). The pool is spawn-started (no state inherited from a parent that may
    run threads, as a serve does) and its task is a plain module function with plain
    arguments, so it works alike on Linux, macOS and Windows."""
    count = min(usable_cores() if workers is None else workers,
                len(names) // PREVIEWS_PER_WORKER)
    draw = partial(preview_png, place=place, footer=footer, fonts=fonts)
    if count < (1 if background else 2):  # drawing here is as fast as one worker
        return map(draw, names), None
    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))
    return pool.map(draw, names, chunksize=max(1, len(names) // (count * 8))), pool


def preview_png(name: str, place: str, footer: str, fonts: Fonts) -> bytes:
    """One preview's PNG bytes (a worker's task)."""
    return render_preview(name, place, footer, fonts)[0]


__all__ = ["HEIGHT", "MARGIN", "WIDTH", "Drawing", "Fonts", "Layout", "balanced_split",
           "build_previews", "draw_previews", "preview_texts", "render_preview",
           "site_url_warning", "start_drawing", "wrap"]
