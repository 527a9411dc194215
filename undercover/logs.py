"""A rotating log file in the platform's log directory, so bug reports have details."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from undercover.paths import log_dir

LOG_NAME = "undercover.log"


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to the log file; returns its path, or None if it cannot be written."""
    path = log_dir() / LOG_NAME
    root = logging.getLogger()
    if any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
