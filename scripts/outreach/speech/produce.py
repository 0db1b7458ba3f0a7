"""`build_audio`: every broadcast announcement and procedure as MP3 + transcript + playlist.

Everything is rendered in memory first and written only when all clips succeeded, so a
failing engine never leaves half a programme in the output folder. The audio stack (numpy,
SciPy, LAME, the engines) is imported only when a clip or a recording check is not cached.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import astuple, dataclass
from functools import partial
from pathlib import Path

from .. import paths
from ..artifacts import (
    Artifact,
    Cache,
    Progress,
    Warn,
    no_progress,
    sha256_bytes,
    sha256_file,
    write_atomic,
)
from ..catalogue.project import Project
from ..errors import InvalidInput, Problem
from ..portable import die_with_parent, pool_context, usable_cores
from . import messages
from .engines import Engine, EngineError, make_engine
from .lexicon import load_lexicon
from .programme import Entry, m3u, over_slot
from .reading import Readings
from .script import Script, announcement_script, procedure_script
from .segments import (
    CLIPS,
    Segment,
    SegmentAudio,
    cached_clip,
    cached_segment,
    clip_audio,
    clip_engine,
    has_clip,
    join_clip,
    segment_key,
    segments,
    store_clip,
    store_segment,
)
from .spoken import Clip, MixSettings, Recorded, SpokenScript, clip_key, speak_script, transcript
from .tags import TAGGER_VERSION, Tags, tag_mp3

PROGRESS_LABEL = messages.PROGRESS
PARALLEL_ENGINES = {"espeak"}  # local engines worth one process per core
RECORDING_CHECK = "recording-checks"  # cache namespace: recordings that passed the checks


def _ignore(problem: Problem) -> None:
    """Default warn callback."""


@dataclass(frozen=True)
class Job:
    """One clip to produce: its spoken script, output path and tag date."""

    spoken: SpokenScript
    path: str
    date: str
    is_programme: bool
    sort_key: tuple


def scripts_for(project: Project, only: frozenset[str] | None) -> list[tuple[Script, str, str,
                                                                              bool, tuple]]:
    """(script, clip path, date, in programme, programme order) for what should be built."""
    out: list[tuple[Script, str, str, bool, tuple]] = []
    for ann in project.announcements:
        if ann.front.kind != "broadcast" or (only is not None and ann.id not in only):
            continue
        out.append((announcement_script(project, ann), paths.announcement_clip(ann.id),
                    ann.front.date.isoformat(), True, (ann.front.date, ann.id)))
    for proc in project.catalogue.procedures:
        if only is not None and proc.code not in only:
            continue
        date = proc.verified.isoformat() if proc.verified else ""
        out.append((procedure_script(project, proc), paths.procedure_clip(proc.code), date,
                    False, ()))
    return out


def mix_settings(project: Project) -> MixSettings:
    return MixSettings(loudness_lufs=float(project.settings.loudness_lufs))


def prepare_jobs(project: Project, only: frozenset[str] | None, warn: Warn,
                 cache: Cache) -> list[Job]:
    """Normalise every script; an item with nothing left to say is an error naming its file."""
    lexicon = load_lexicon(project.root / project.settings.audio / "lexicon.yaml",
                           f"{project.settings.audio}/lexicon.yaml")
    jobs, problems = [], []
    lines = {a.id: a.lines for a in project.announcements}
    readings = Readings(lexicon, cache)
    for script, path, date, in_programme, order in scripts_for(project, only):
        spoken, notes = speak_script(script, lexicon, readings.read)
        for note in notes:
            warn(note)
        if not spoken.has_content:
            problems.append(Problem(script.file, None, messages.BODY, messages.EMPTY))
            continue
        recording_problems = check_recordings(spoken, project.settings,
                                              lines.get(script.source, {}), cache)
        if recording_problems:
            problems += recording_problems
            continue
        jobs.append(Job(spoken, path, date, in_programme, order))
    readings.save()
    if problems:
        raise InvalidInput(problems)
    return jobs


def check_recordings(spoken: SpokenScript, settings, lines: dict,
                     cache: Cache) -> list[Problem]:
    """Decode each staff recording once: unreadable, silent, clipped or too long is an error.

    A recording that passed is remembered by content hash and limits, so an unchanged one is
    not decoded again on the next build.
    """
    problems = []
    loudness, longest = float(settings.loudness_lufs), float(settings.slot_minutes) * 60
    for part in {p.path: p for p in spoken.parts if isinstance(p, Recorded)}.values():
        key = Cache.key(RECORDING_CHECK, part.sha256, loudness, longest)
        if cache.get(RECORDING_CHECK, key, ".ok", count=False) is not None:
            continue
        from . import recording

        try:  # each file once, however many times it airs
            recording.prepare(part.path, part.file, loudness, longest)
        except recording.RecordingError as exc:
            problems.append(Problem(spoken.file, lines.get(("recording",)), "recording",
                                    str(exc)))
            continue
        cache.put(RECORDING_CHECK, key, ".ok", b"ok")
    return problems


def _choose_engine(requested: str, jobs: list[Job], cache: Cache, settings: MixSettings,
                   warn: Warn) -> Engine:
    """auto: gTTS when its clips are all cached or it answers a probe, else espeak + warning."""
    if requested != "auto":
        return make_engine(requested)
    google = make_engine("gtts")
    if all(has_clip(cache, clip_key(j.spoken, google.key, settings)) for j in jobs):
        return google
    from .engines.google import probe

    if probe():
        return google
    warn(Problem(jobs[0].spoken.file if jobs else "", None, messages.FIELD,
                 messages.GTTS_FALLBACK, "warning"))
    return make_engine("espeak")


def _keep_online_clips(jobs: list[Job], clips: list[Clip | None], cache: Cache,
                       settings: MixSettings) -> None:
    """An offline rebuild keeps the gTTS clip already cached for unchanged text (in place).

    The online voice is clearer than espeak-ng; losing it because the network is down
    today would make the programme worse for no reason.
    """
    try:
        online = make_engine("gtts").key
    except (EngineError, ImportError):
        return
    for index, job in enumerate(jobs):
        kept = cached_clip(cache, clip_key(job.spoken, online, settings), count=False)
        if kept is not None:  # preferred even over an espeak clip of the same text
            clips[index] = kept


def _workers(todo: int) -> int:
    """Processes for `todo` clips: one per core this process may use, never more than clips."""
    return max(1, min(usable_cores(), todo))


def _render_segment(segment: Segment, engine_name: str, cache_folder: Path,
                    settings: MixSettings) -> tuple[SegmentAudio, dict[str, int]]:
    """One segment in a worker process (its own espeak-ng instance, the shared disk cache).

    The worker's cache tallies travel back with the segment, so reuse rates stay complete.
    """
    from .render import Voice, make_segment

    cache = Cache(cache_folder)
    return make_segment(segment, Voice(make_engine(engine_name), cache), settings), \
        cache.stats()


SEGMENTS_PER_WORKER = 16  # starting a worker (it imports SciPy) costs about this many segments


@dataclass(frozen=True)
class Needed:
    """A segment no cache holds yet, and the first job that says it (for error messages)."""

    segment: Segment
    job: int


def _missing_segments(todo: list[int], plans: dict[int, list],
                      cache: Cache) -> tuple[dict[str, SegmentAudio], dict[str, Needed]]:
    """Each distinct segment of the clips to make, cached or not (looked up once each)."""
    found: dict[str, SegmentAudio] = {}
    needed: dict[str, Needed] = {}
    for index in todo:
        for segment, key in plans[index]:
            if key in found or key in needed:
                continue
            audio = cached_segment(cache, key)
            if audio is None:
                needed[key] = Needed(segment, index)
            else:
                found[key] = audio
    return found, needed


def _render_segments(needed: dict[str, Needed], jobs: list[Job], engine: Engine, cache: Cache,
                     settings: MixSettings, advance: Callable[[int], None]
                     ) -> dict[str, SegmentAudio]:
    """Render the segments no cache had, across cores when the engine is local and there
    are enough of them to pay for the workers; each is stored as soon as it is made.

    gTTS stays in this process: it is throttled per engine and network-bound anyway. Each
    segment's bytes depend only on its own inputs, so the output does not depend on the
    order in which workers finish.
    """
    made: dict[str, SegmentAudio] = {}

    def finished(key: str, audio: SegmentAudio) -> None:
        store_segment(cache, key, audio)
        made[key] = audio
        advance(len(needed[key].segment.sentences()))

    def failed(key: str, exc: EngineError) -> InvalidInput:
        return InvalidInput([Problem(jobs[needed[key].job].spoken.file, None, messages.FIELD,
                                     str(exc))])

    workers = min(_workers(len(needed)), -(-len(needed) // SEGMENTS_PER_WORKER)) \
        if engine.name in PARALLEL_ENGINES else 1
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(),
                                 initializer=die_with_parent) as pool:
            futures = {pool.submit(_render_segment, need.segment, engine.name, cache.folder,
                                   settings): key for key, need in needed.items()}
            for future in as_completed(futures):
                key = futures[future]
                try:
                    audio, stats = future.result()
                except EngineError as exc:
                    raise failed(key, exc) from None
                cache.absorb(stats)
                finished(key, audio)
    elif needed:
        from .render import Voice, make_segment

        voice = Voice(engine, cache)
        for key, need in needed.items():
            try:
                finished(key, make_segment(need.segment, voice, settings))
            except EngineError as exc:
                raise failed(key, exc) from None
    return made


def _render_all(jobs: list[Job], engine: Engine, cache: Cache, settings: MixSettings,
                progress: Progress, reuse_clips: bool = True) -> list[Clip]:
    """Cached clips as they are; the others joined from their segments, rendering only the
    segments no clip, office or earlier build has made yet."""
    keys = [clip_key(j.spoken, engine.key, settings) for j in jobs]
    clips: list[Clip | None] = [cached_clip(cache, key) if reuse_clips else None
                                for key in keys]
    if engine.name != "gtts" and reuse_clips:
        _keep_online_clips(jobs, clips, cache, settings)
    todo = [i for i, clip in enumerate(clips) if clip is None]
    plans = {i: [(segment, segment_key(segment, engine.key, settings))
                 for segment in segments(jobs[i].spoken, settings)] for i in todo}
    found, needed = _missing_segments(todo, plans, cache)
    total = sum(len(j.spoken.sentences()) for j in jobs)
    done = total - sum(len(n.segment.sentences()) for n in needed.values())
    progress(PROGRESS_LABEL, done, total)

    def advance(sentences: int) -> None:
        nonlocal done
        done += sentences
        progress(PROGRESS_LABEL, done, total)

    found.update(_render_segments(needed, jobs, engine, cache, settings, advance))
    for index in todo:
        spoken = jobs[index].spoken
        try:
            clip = join_clip([found[key] for _, key in plans[index]],
                             [key for _, key in plans[index]], clip_engine(spoken, engine),
                             spoken.title)
        except EngineError as exc:
            raise InvalidInput([Problem(spoken.file, None, messages.FIELD, str(exc))]) from None
        store_clip(cache, keys[index], clip)
        clips[index] = clip
    return [clip for clip in clips if clip is not None]


def build_audio(project: Project, out_dir: Path, cache: Cache, engine: str = "auto",
                only: frozenset[str] | None = None, warn: Warn = _ignore,
                progress: Progress = no_progress) -> list[Artifact]:
    """Write clips, transcripts and the programme under out_dir; return their artifacts.

    Raises InvalidInput (naming the file) when the lexicon is wrong, an item has nothing
    to say, or the chosen engine cannot speak; nothing is written in that case.
    """
    settings = mix_settings(project)
    jobs = prepare_jobs(project, only, warn, cache)
    if not jobs:
        return []
    try:
        chosen = _choose_engine(engine, jobs, cache, settings, warn)
    except EngineError as exc:
        raise InvalidInput([Problem(project.settings.catalogue, None, messages.FIELD,
                                    str(exc))]) from None
    try:
        clips = _render_all(jobs, chosen, cache, settings, progress)
    except InvalidInput:
        if engine != "auto" or chosen.name != "gtts":
            raise
        warn(Problem(jobs[0].spoken.file, None, messages.FIELD,
                     messages.GTTS_FALLBACK, "warning"))
        chosen = make_engine("espeak")
        clips = _render_all(jobs, chosen, cache, settings, progress)

    def audio(index: int) -> bytes:
        data = clip_audio(cache, clips[index])
        if data is None:  # a segment damaged since it was found: the clip is made again
            data = _render_all([jobs[index]], chosen, cache, settings, no_progress,
                               reuse_clips=False)[0].mp3
        assert data is not None  # a clip made now holds its MP3
        return data

    return _write(project, out_dir, jobs, clips, warn, cache, audio)


def _tagged(out_dir: Path, path: str, clip: Clip, tags: Tags, cache: Cache,
            audio: Callable[[], bytes]) -> str:
    """Write the tagged clip to out_dir/path unless it is there already; its SHA-256.

    What the tagged bytes are made of (the clip's segments, by content key, and the tags) is
    remembered with their SHA-256, size and the time stamp of the file written, so an
    unchanged clip is known by its size and time stamp (else by hashing the file in place),
    without joining, tagging and comparing its audio.
    """
    identity = Cache.key("tagged-clip", clip.segments, astuple(tags), TAGGER_VERSION)
    known = cache.get(CLIPS, identity, ".tagged", count=False)
    target = out_dir / path
    if known is not None and clip.segments:
        digest, size, *stamp = known.decode().split()
        try:
            found = target.stat()
            if found.st_size == int(size):
                if stamp == [str(found.st_mtime_ns)]:
                    return digest
                if sha256_file(target) == digest:
                    _remember_tagged(cache, identity, digest, target)
                    return digest
        except OSError:  # not there yet
            pass
    data = tag_mp3(audio(), tags)
    digest = sha256_bytes(data)
    write_atomic(target, data)
    if clip.segments:
        _remember_tagged(cache, identity, digest, target)
    return digest


def _remember_tagged(cache: Cache, identity: str, digest: str, target: Path) -> None:
    found = target.stat()
    cache.put(CLIPS, identity, ".tagged",
              f"{digest} {found.st_size} {found.st_mtime_ns}".encode())


def _write(project: Project, out_dir: Path, jobs: list[Job], clips: list[Clip],
           warn: Warn, cache: Cache, audio: Callable[[int], bytes]) -> list[Artifact]:
    station = project.office.broadcast_station
    artifacts: list[Artifact] = []
    entries: list[tuple[tuple, Entry]] = []
    for index, (job, clip) in enumerate(zip(jobs, clips, strict=True)):
        voice = messages.VOICE.format(**clip.engine)
        comment = (messages.RECORDED_COMMENT.format(voice=clip.engine["voice"])
                   if clip.engine["engine"] == "recording"
                   else messages.MACHINE_COMMENT.format(voice=voice))
        tags = Tags(job.spoken.title, station, project.office.name, job.date, comment)
        digest = _tagged(out_dir, job.path, clip, tags, cache, partial(audio, index))
        text = transcript(job.spoken).encode("utf-8")
        text_path = paths.transcript(job.path)
        write_atomic(out_dir / text_path, text)
        m = clip.measured
        artifacts.append(Artifact("clip", job.spoken.source, job.path, digest, {
            "engine": clip.engine["engine"], "engine_version": clip.engine["version"],
            "voice": clip.engine["voice"], "duration_s": round(m.duration_s, 2),
            "loudness_lufs": round(m.loudness_lufs, 2),
            "true_peak_dbtp": round(m.true_peak_dbtp, 2), "transcript": text_path,
            "title": job.spoken.title}))
        artifacts.append(Artifact("transcript", job.spoken.source, text_path, sha256_bytes(text)))
        if job.is_programme:
            entries.append((job.sort_key, Entry(job.spoken.title, Path(job.path).name,
                                                m.duration_s)))
    if entries:
        ordered = [e for _, e in sorted(entries, key=lambda pair: pair[0])]
        playlist = m3u(ordered, station).encode("utf-8")
        write_atomic(out_dir / paths.PROGRAMME, playlist)
        total = sum(e.duration_s for e in ordered)
        artifacts.append(Artifact("programme", "phat-thanh", paths.PROGRAMME,
                                  sha256_bytes(playlist),
                                  {"duration_s": round(total, 1), "clips": len(ordered)}))
        slot = project.settings.slot_minutes
        if over_slot(ordered, slot):
            warn(Problem(paths.PROGRAMME, None, "slot_minutes", messages.OVER_SLOT.format(
                minutes=f"{total / 60:.1f}".replace(".", ","), slot=f"{slot:g}"), "warning"))
    return artifacts
