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

from undercover.errors import UndercoverError

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
    """The folder of bundled data files (checklists, fonts, icons).

    Found through ``importlib.resources`` the same way from a source checkout, an
    installed wheel and the PyInstaller bundle (see ``undercover/__init__.py`` for
    the checkout). All three keep the files as real files, which ReportLab's font
    loader and the checklist scan need, so a plain path is returned.
    """
    try:
        folder = Path(str(resources.files("undercover.resources")))
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent / "resources"
    if not folder.is_dir():
        raise UndercoverError(
            f"Undercover's data files are missing from {folder}: reinstall Undercover."
        )
    return folder
