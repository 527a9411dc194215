"""What the app remembers between runs: window geometry, databases and the folders last used.

Kept in QSettings (the platform's usual place). With ``UNDERCOVER_HOME`` set
(tests, development) they go to an INI file there instead, so a test never
reads or changes the user's real preferences.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from undercover.paths import APP_NAME, data_dir

GEOMETRY = "main_window/geometry"
STATE = "main_window/state"
LAST_DATABASE = "database/last"
RECENT_DATABASES = "database/recent"
RECENT_COUNT = 8
FOLDERS = "folders"  # the folder last used in a file dialog, per kind of file


def app_settings() -> QSettings:
    if os.environ.get("UNDERCOVER_HOME"):
        return QSettings(str(data_dir() / "ui-settings.ini"), QSettings.Format.IniFormat)
    return QSettings(APP_NAME, APP_NAME)


def last_database() -> Path | None:
    value = app_settings().value(LAST_DATABASE)
    return Path(str(value)) if value else None


def remember_database(path: Path) -> None:
    """The database to open next time, and first of the recent ones (File → Recent)."""
    settings = app_settings()
    chosen = Path(path).resolve()
    settings.setValue(LAST_DATABASE, str(chosen))
    recent = [chosen, *(p for p in recent_databases() if p != chosen)][:RECENT_COUNT]
    settings.setValue(RECENT_DATABASES, [str(p) for p in recent])
    settings.sync()


def recent_databases() -> list[Path]:
    """The databases last opened, newest first (some may have been moved or deleted since)."""
    value = app_settings().value(RECENT_DATABASES)
    if not value:
        return []
    names = [value] if isinstance(value, str) else list(value)  # INI files keep one as text
    return [Path(str(name)) for name in names if name]


def forget_databases(paths: list[Path]) -> None:
    """Take these databases out of the recent ones (they are gone)."""
    settings = app_settings()
    gone = set(paths)
    settings.setValue(RECENT_DATABASES, [str(p) for p in recent_databases() if p not in gone])
    settings.sync()


def saved_geometry() -> QByteArray | None:
    value = app_settings().value(GEOMETRY)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_geometry(geometry: QByteArray) -> None:
    settings = app_settings()
    settings.setValue(GEOMETRY, geometry)
    settings.sync()


def last_folder(kind: str) -> Path | None:
    """The folder a file dialog for this kind of file last used, if it is still there."""
    value = app_settings().value(f"{FOLDERS}/{kind}")
    folder = Path(str(value)) if value else None
    return folder if folder is not None and folder.is_dir() else None


def remember_folder(kind: str, folder: Path) -> None:
    settings = app_settings()
    settings.setValue(f"{FOLDERS}/{kind}", str(Path(folder).resolve()))
    settings.sync()
