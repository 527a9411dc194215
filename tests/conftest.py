"""Shared test set-up: Qt offscreen, and every test on its own files, never the user's."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

# Module- and session-scoped fixtures run before the per-test home below: they get a
# private home for the whole run, so no test ever writes backups or logs into the user's.
SESSION_HOME = Path(tempfile.mkdtemp(prefix="undercover-tests-"))
os.environ["UNDERCOVER_HOME"] = str(SESSION_HOME)
os.environ.pop("UNDERCOVER_DB", None)
atexit.register(shutil.rmtree, SESSION_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the data, log and database locations at a fresh folder for each test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("UNDERCOVER_HOME", str(home))
    monkeypatch.delenv("UNDERCOVER_DB", raising=False)
    return home


@pytest.fixture
def paris_time(monkeypatch: pytest.MonkeyPatch):
    """Run a test in Central European time, to see that people are shown local times."""
    import time

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
