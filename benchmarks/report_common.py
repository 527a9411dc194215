"""Shared set-up for the report benchmarks: camera-sized photos and a visit that holds them.

Photos are 2560 × 1920 and go through the real photo intake, so the stored
JPEGs are what a shopper's phone photos become: about 0.5-1 MB each.
"""

from __future__ import annotations

import hashlib
import io
import random
import resource
import sys
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from undercover.demo import create_demo
from undercover.domain.visit import FindingStatus
from undercover.store import Store
from undercover.store.photo_intake import prepare_photo

SIZE = (2560, 1920)


def camera_photo(seed: int) -> bytes:
    """A busy, grainy scene that compresses like a real photo (not like a flat test card)."""
    rng = random.Random(seed)
    small = Image.merge("RGB", [Image.effect_noise((64, 48), rng.randint(40, 90))
                                for _ in range(3)])
    image = small.resize(SIZE, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randint(0, SIZE[0]), rng.randint(0, SIZE[1])
        draw.rectangle([x, y, x + rng.randint(20, 400), y + rng.randint(20, 300)],
                       fill=tuple(rng.randint(0, 255) for _ in range(3)))
    draw.text((60, SIZE[1] - 160), f"photo {seed}", fill=(255, 255, 255),
              font=ImageFont.load_default(size=96))
    grain = Image.merge("RGB", [Image.effect_noise(SIZE, 18)] * 3)
    image = Image.blend(image, grain, 0.12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def visit_with_photos(store: Store, photos: int, distinct: int | None = None) -> str:
    """A realistic visit (the demo's answers and findings) holding ``photos`` camera photos.

    With ``distinct`` < ``photos``, that many different images are made and stored
    repeatedly as separate photos (each its own row and bytes), to save set-up time.
    """
    before = {summary.id for summary in store.visits.summaries()}
    create_demo(store, visits=1, seed=5, force=True)  # beside any visits already there
    visit = next(s for s in store.visits.summaries() if s.id not in before)
    for photo in store.visits.get(visit.id).photos:  # the demo's small photos
        store.photos.delete(photo.id)
    distinct = min(photos, distinct or photos)
    prepared = []
    for n in range(distinct):
        prepared.append(prepare_photo(camera_photo(n), f"IMG_{n:04d}.JPG"))
    full = store.visits.get(visit.id)
    questions = list(full.answers)
    ids = []
    for n in range(photos):
        base = prepared[n % distinct]
        unique = replace(base, sha256=hashlib.sha256(f"{base.sha256}:{n}".encode()).hexdigest())
        added = store.photos.add(visit.id, unique, questions[n % len(questions)],
                                 f"Evidence photo {n + 1}")
        ids.append(added.photo.id)
    findings = [f for f in full.findings if f.status is FindingStatus.CONFIRMED]
    for i, finding in enumerate(findings):  # a few photos shown in the findings tables too
        finding.photo_ids = ids[2 * i: 2 * i + 2]
        store.visits.save_finding(visit.id, finding)
    return visit.id


def stored_bytes(store: Store, visit_id: str) -> list[bytes]:
    return [store.photos.jpeg(p.id) for p in store.visits.get(visit_id).photos]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def database(path: str | None, tmp: str) -> Path:
    return Path(path) if path else Path(tmp) / "bench.db"
