"""ID3 tags of a published clip: players and station software show title and station.

Only mutagen (pure Python): tagging a cached clip needs no audio library.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import metadata

TAGGER_VERSION = metadata.version("mutagen")  # the tag's bytes are mutagen's


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str  # the broadcast station
    album: str  # the office
    date: str  # ISO date
    comment: str  # engine and voice


def tag_mp3(mp3: bytes, tags: Tags) -> bytes:
    """Prepend an ID3v2.4 tag; players and station software show title and station."""
    # Imported here: a build whose clips are all in place tags nothing (0.05 s less).
    from mutagen.id3 import COMM, ID3, TALB, TDRC, TIT2, TPE1

    buffer = io.BytesIO(mp3)
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TDRC(encoding=3, text=tags.date))
    id3.add(COMM(encoding=3, lang="vie", desc="", text=tags.comment))
    id3.save(buffer)
    return buffer.getvalue()
