"""Small evidence photos for the demo timelines: a PNG of a few KB drawn in memory (zlib +
struct, no imaging library) — a sky, a street, a kerb and a coloured object where the violation
is, different for every case."""

from __future__ import annotations

import io
import random
import struct
import zlib

from zhifa.cases.choices import EvidenceKind
from zhifa.cases.record import Upload

WIDTH, HEIGHT = 96, 72
OBJECT_COLOURS = [(200, 60, 40), (230, 170, 30), (60, 120, 200), (90, 160, 70), (120, 80, 60)]
_ROAD = [bytes((95 + v % 31, 95 + v % 31, 100 + v % 31)) for v in range(256)]  # asphalt noise


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(rng: random.Random) -> bytes:
    """An RGB PNG: gradient sky, grey road with noise (so it weighs a few KB, as a photo does
    not compress to nothing), and a box where the offending object stands."""
    horizon = rng.randint(HEIGHT // 3, HEIGHT // 2)
    x0, y0 = rng.randint(8, WIDTH - 40), rng.randint(horizon, HEIGHT - 24)
    w, h = rng.randint(14, 32), rng.randint(10, 20)
    thing = bytes(rng.choice(OBJECT_COLOURS)) * w
    rows = []
    for y in range(HEIGHT):
        if y < horizon:
            shade = 150 + (y * 90) // horizon
            row = bytes((shade - 40, shade - 10, 255)) * WIDTH
        else:
            row = b"".join([_ROAD[b] for b in rng.randbytes(WIDTH)])
        if y0 <= y < y0 + h:
            row = row[: x0 * 3] + thing + row[(x0 + w) * 3 :]
        rows.append(b"\x00" + row)  # filter byte: none
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + _chunk(b"IEND", b"")
    )


def photo_upload(rng: random.Random, label: str) -> Upload:
    """A site photo (视听资料, 行政处罚法 Art 46) ready for ``append_event``."""
    return Upload(
        stream=io.BytesIO(png(rng)),
        name=f"{label}.png",
        kind=EvidenceKind.AUDIO_VISUAL,
        description="现场照片",
        content_type="image/png",
    )
