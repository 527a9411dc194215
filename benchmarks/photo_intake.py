"""How long photo intake takes for one phone photo (12 MP JPEG) and a 108 MP one, on one core.

Run by hand:  .venv/bin/python benchmarks/photo_intake.py [--runs 20] [--max-edge 2560]

The photo is made here, not read from disk: gradients, shapes and grain, so it
compresses like a real photo (about 3-5 MB), with EXIF orientation 6 and GPS, so
the intake has to turn it and strip the metadata like it would for a phone's.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from undercover.store.photo_intake import DEFAULT_MAX_EDGE, prepare_photo

TARGET_MS = 250
BIG_SENSOR_TARGET_MS = 1000


def photo_like(size: tuple[int, int] = (4000, 3000), seed: int = 12) -> Image.Image:
    """A synthetic scene: a sky-to-floor gradient, a few hundred soft shapes, sensor grain."""
    rnd = random.Random(seed)
    width, height = size
    ramp = Image.linear_gradient("L").resize(size)
    scene = Image.merge(
        "RGB",
        (
            ramp.point(lambda v: 60 + v // 2),
            ramp.point(lambda v: 110 + v // 3),
            ramp.point(lambda v: 200 - v // 2),
        ),
    )
    draw = ImageDraw.Draw(scene)
    for _ in range(300):
        x, y = rnd.randrange(width), rnd.randrange(height)
        box = (x, y, x + rnd.randrange(20, width // 5), y + rnd.randrange(20, height // 5))
        fill = tuple(rnd.randrange(256) for _ in range(3))
        rnd.choice((draw.rectangle, draw.ellipse))(box, fill=fill)
    scene = scene.filter(ImageFilter.GaussianBlur(2))
    grain = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(scene, grain, 0.12)


def phone_jpeg(size: tuple[int, int] = (4000, 3000)) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 13"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2024:05:17 14:03:22"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {1: "N", 2: (52.0, 22.0, 3.5), 3: "E", 4: (4.0, 53.0, 1.0)}
    )
    scene = photo_like()
    if size != scene.size:  # a 108 MP sensor: the same scene enlarged, with its own grain
        scene = scene.resize(size, Image.Resampling.BICUBIC)
        scene = Image.blend(scene, Image.effect_noise(size, 24).convert("RGB"), 0.08)
    buffer = io.BytesIO()
    scene.save(buffer, "JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def timed(data: bytes, max_edge: int, runs: int):
    """Median and 90th percentile in ms, and the last result."""
    prepare_photo(data, "IMG_0001.JPG", max_edge)  # warm-up: imports, first allocations
    times_ms = []
    for _ in range(runs):
        start = time.perf_counter()
        result = prepare_photo(data, "IMG_0001.JPG", max_edge)
        times_ms.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times_ms)
    p90 = statistics.quantiles(times_ms, n=10)[-1] if len(times_ms) > 1 else times_ms[0]
    return median, p90, result


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        try:
            core = min(os.sched_getaffinity(0))
            os.sched_setaffinity(0, {core})
        except OSError as error:
            return f"not pinned ({error.strerror})"
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity on this system)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--max-edge", type=int, default=DEFAULT_MAX_EDGE)
    args = parser.parse_args()

    pinned = pin_to_one_core()
    data = phone_jpeg()
    median, p90, result = timed(data, args.max_edge, args.runs)
    print(
        f"input: 4000x3000 JPEG, {len(data) / 1e6:.1f} MB; output: {result.width}x{result.height}, "
        f"{len(result.jpeg) / 1e6:.2f} MB + {len(result.thumbnail) / 1e3:.0f} kB thumbnail; "
        f"{args.runs} runs, {pinned}"
    )
    verdict = "ok" if median <= TARGET_MS else "TOO SLOW"
    print(
        f"photo intake, 12 MP JPEG: median {median:.0f} ms, p90 {p90:.0f} ms "
        f"(target <= {TARGET_MS} ms) {verdict}"
    )

    big = phone_jpeg((12000, 9000))
    runs = max(3, args.runs // 4)
    median, p90, result = timed(big, args.max_edge, runs)
    print(f"input: 12000x9000 JPEG, {len(big) / 1e6:.1f} MB; output: "
          f"{result.width}x{result.height}; {runs} runs")
    verdict = "ok" if median <= BIG_SENSOR_TARGET_MS else "TOO SLOW"
    print(
        f"photo intake, 108 MP JPEG: median {median:.0f} ms, p90 {p90:.0f} ms "
        f"(target <= {BIG_SENSOR_TARGET_MS} ms) {verdict}"
    )


if __name__ == "__main__":
    main()
