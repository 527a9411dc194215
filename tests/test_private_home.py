"""The test run never touches the user's own data folder, whatever a fixture's scope."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from conftest import SESSION_HOME

from undercover import paths


@pytest.fixture(scope="module")
def backups_seen_by_a_module_fixture() -> Path:
    """Module fixtures (laptops made once for many tests) run before the per-test home."""
    return paths.backup_dir()


def test_a_module_fixture_keeps_its_backups_in_the_runs_private_home(
    backups_seen_by_a_module_fixture,
):
    users = Path(platformdirs.user_data_dir(paths.APP_NAME, appauthor=False))
    assert SESSION_HOME in backups_seen_by_a_module_fixture.parents
    assert users not in backups_seen_by_a_module_fixture.parents


def test_each_test_gets_a_home_of_its_own(_private_home):
    assert _private_home in paths.backup_dir().parents
    assert SESSION_HOME not in paths.backup_dir().parents
