"""Shared by the screenshot scripts: where the pictures go, and a home of their own.

Run by hand; nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start(description: str, prefix: str) -> tuple[Path, Path]:
    """The ``--out`` folder (made if missing) and a fresh home for the run's databases, so
    the pictures never show, and the run never touches, the user's own data."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "packaging" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["UNDERCOVER_HOME"] = str(home)
    return args.out, home
