"""Where Undercover keeps its files, decided in one place.

The database defaults to the platform's user data directory. ``UNDERCOVER_DB``
points at another database file, and ``UNDERCOVER_HOME`` moves every
directory at once, which keeps tests and development away from real data.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "Undercover"
DB_FILENAME = "undercover.db"


def _home() -> Path | None:
    home = os.environ.get("UNDERCOVER_HOME")
    return Path(home) if home else None


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def backup_dir() -> Path:
    return data_dir() / "backups"


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``UNDERCOVER_DB`` says otherwise."""
    env = os.environ.get("UNDERCOVER_DB")
    return Path(env).expanduser() if env else data_dir() / DB_FILENAME


def resource_dir() -> Path:
    """The bundled ``resources`` folder, in a source checkout and in an installed copy."""
    return Path(str(resources.files("undercover.resources")))
