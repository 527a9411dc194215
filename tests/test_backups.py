"""Automatic backups, their rotation, and restoring one: real files, real SQLite, real processes."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from undercover.demo import create_demo
from undercover.errors import UndercoverError
from undercover.exchange import backups
from undercover.paths import backup_dir
from undercover.store import Store
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations
from undercover.store.snapshots import file_facts, quick_check


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def noon(day: date) -> datetime:
    """Midday local time on ``day``, in UTC: the same local day in any time zone."""
    return datetime(day.year, day.month, day.day, 12).astimezone().astimezone(UTC)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo business, made once: each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "shop.db"
    with Store.open(path) as store:
        create_demo(store, visits=4, seed=3)
    return path  # closed, so one self-contained file


@pytest.fixture
def shop(tmp_path: Path, demo_file: Path) -> Path:
    path = tmp_path / "shop.db"
    shutil.copyfile(demo_file, path)
    return path


def visit_ids(path: Path) -> set[str]:
    with Store.open(path, create=False) as store:
        return {v.id for v in store.visits.summaries()}


# -- taking copies ----------------------------------------------------------------------


def test_a_backup_is_one_complete_file_in_the_backups_folder(shop):
    taken = backups.take_backup(shop, backups.DAILY)
    assert taken.path.parent.parent == backup_dir()
    assert taken.path.name.endswith("-daily.db")
    # Self-contained: no -wal or -shm beside it, nothing more to copy.
    assert sorted(p.name for p in taken.path.parent.iterdir()) == [taken.path.name]
    assert taken.size == taken.path.stat().st_size > 0
    assert quick_check(taken.path) is None
    assert file_facts(taken.path).visits == 4
    assert visit_ids(taken.path) == visit_ids(shop)


def test_two_databases_with_the_same_name_keep_their_copies_apart(tmp_path, shop):
    other = tmp_path / "elsewhere" / "shop.db"
    other.parent.mkdir()
    Store.open(other).close()
    backups.take_backup(shop, backups.DAILY)
    backups.take_backup(other, backups.DAILY)
    assert backups.folder_for(shop) != backups.folder_for(other)
    assert [file_facts(b.path).visits for b in backups.list_backups(shop)] == [4]
    assert [file_facts(b.path).visits for b in backups.list_backups(other)] == [0]


def test_a_backup_taken_while_another_program_writes_is_consistent(shop):
    with Store.open(shop) as store:
        store.db.execute("BEGIN IMMEDIATE")
        store.db.execute("DELETE FROM visits")
        taken = backups.take_backup(shop, backups.BEFORE_IMPORT)  # sees the last commit
        store.db.execute("ROLLBACK")
    assert file_facts(taken.path).visits == 4
    assert quick_check(taken.path) is None


def test_at_most_one_start_of_day_backup_a_day(shop):
    clock = Clock(noon(date(2026, 3, 2)))
    first = backups.daily_backup(shop, clock)
    assert first is not None
    clock.now += timedelta(hours=3)
    assert backups.daily_backup(shop, clock) is None
    clock.now += timedelta(days=1)
    assert backups.daily_backup(shop, clock) is not None
    assert len(backups.list_backups(shop)) == 2


def test_rotation_keeps_the_last_7_days_and_4_weeks_before_them(shop):
    clock = Clock(noon(date(2026, 1, 5)))  # a Monday
    for _ in range(42):  # six weeks of starting the app every day, to Sunday 15 February
        assert backups.daily_backup(shop, clock) is not None
        clock.now += timedelta(days=1)
    kept = sorted(b.day for b in backups.list_backups(shop))
    last_week = [date(2026, 2, d) for d in range(9, 16)]
    sundays_before = [date(2026, 1, 18), date(2026, 1, 25), date(2026, 2, 1), date(2026, 2, 8)]
    assert kept == sundays_before + last_week
    # Only copies Undercover named are touched: a user's own file stays.
    own = backups.folder_for(shop) / "my copy.db"
    own.write_bytes(b"mine")
    backups.daily_backup(shop, clock)
    assert own.read_bytes() == b"mine"


def test_copies_before_imports_stay_for_7_days_and_the_last_upgrade_copy_for_good(shop):
    clock = Clock(noon(date(2026, 4, 1)))
    upgrade = backups.take_backup(shop, backups.BEFORE_UPGRADE, clock)
    for hours in (1, 2, 3):
        clock.now = noon(date(2026, 4, 1)) + timedelta(hours=hours)
        newest = backups.backup_before(shop, backups.BEFORE_IMPORT, clock)
    # Within the last 7 days every copy stays: each is the way back from an import.
    assert [b.reason for b in backups.list_backups(shop)] == ["before-import"] * 3 + [
        "before-upgrade"]
    for day in range(2, 20):  # weeks later, the upgrade copy is still there
        clock.now = noon(date(2026, 4, day))
        backups.daily_backup(shop, clock)
    names = {b.path for b in backups.list_backups(shop)}
    assert upgrade.path in names
    assert newest.path not in names  # 1 April fell out of the 7 days; its week kept 5 April
    assert sum(1 for b in backups.list_backups(shop) if b.reason == "before-import") == 0


def test_copies_in_the_same_second_get_their_own_names(shop):
    clock = Clock(noon(date(2026, 5, 1)))
    a = backups.take_backup(shop, backups.BEFORE_IMPORT, clock, rotate_after=False)
    b = backups.take_backup(shop, backups.BEFORE_IMPORT, clock, rotate_after=False)
    assert a.path != b.path and a.path.exists() and b.path.exists()


def test_an_upgrade_is_preceded_by_a_copy_in_the_backups_folder(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before=MIGRATION_NAMES[1])
    old.close()
    assert backups.backup_before_upgrade(path) is not None
    [copy] = backups.list_backups(path)
    assert copy.reason == "before-upgrade"
    assert sqlite3.connect(copy.path).execute("PRAGMA user_version").fetchone()[0] == 1
    Store.open(path).close()
    assert backups.backup_before_upgrade(path) is None  # now current: nothing to copy
    assert SCHEMA_VERSION > 1


def test_an_unwritable_backups_folder_is_a_plain_message(shop, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("UNDERCOVER_HOME", str(blocker))
    with pytest.raises(UndercoverError, match="Cannot write"):
        backups.take_backup(shop, backups.DAILY)


# -- restoring --------------------------------------------------------------------------


def test_restoring_after_deleting_visits_brings_them_back_and_keeps_the_current_file(shop):
    before = visit_ids(shop)
    taken = backups.take_backup(shop, backups.DAILY)
    with Store.open(shop) as store:
        for visit_id in list(before)[:3]:
            store.visits.delete(visit_id)
    restored = backups.restore(shop, taken.path)
    assert restored.visits == 4
    assert visit_ids(shop) == before
    assert restored.kept is not None and file_facts(restored.kept).visits == 1
    with Store.open(shop) as store:  # opens as usual, back in WAL mode
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert quick_check(shop) is None
    # A mistaken restore can be undone: later copies the same day do not rotate it away.
    later = backups.backup_before(shop, backups.BEFORE_IMPORT)
    assert {restored.kept, later.path} <= {b.path for b in backups.list_backups(shop)}


CRASH_AFTER_WRITE = textwrap.dedent(
    """
    import os, sys
    from undercover.store import Store
    store = Store.open(sys.argv[1])
    store.db.execute("PRAGMA wal_autocheckpoint = 0")
    for v in store.visits.summaries()[:2]:
        store.visits.delete(v.id)
    os._exit(0)  # a crash: the deletions live only in the -wal file
    """
)


def test_restore_over_a_file_with_a_left_over_wal_keeps_what_the_wal_held(shop):
    taken = backups.take_backup(shop, backups.DAILY)
    subprocess.run([sys.executable, "-c", CRASH_AFTER_WRITE, str(shop)], check=True)
    wal = Path(f"{shop}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    restored = backups.restore(shop, taken.path)
    assert file_facts(restored.kept).visits == 2  # the copy has the crash-time contents
    assert file_facts(shop).visits == 4
    assert quick_check(shop) is None
    assert len(visit_ids(shop)) == 4


HOLDER = textwrap.dedent(
    """
    import sys, time
    from undercover.store import Store
    store = Store.open(sys.argv[1])
    store.visits.summaries()
    print("READY", flush=True)
    sys.stdin.read()
    """
)


def test_restore_is_refused_while_another_program_has_the_file_open(shop):
    taken = backups.take_backup(shop, backups.DAILY)
    with Store.open(shop) as store:
        store.visits.delete(store.visits.summaries()[0].id)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(shop)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "READY"
        with pytest.raises(UndercoverError, match="in use by another program"):
            backups.restore(shop, taken.path)
    finally:
        holder.communicate("", timeout=30)
    assert len(visit_ids(shop)) == 3  # unchanged
    assert [b.reason for b in backups.list_backups(shop)] == ["daily"]  # no copy taken either
    assert backups.restore(shop, taken.path).visits == 4  # fine once it is closed


def damage(path: Path) -> None:
    """Overwrite the middle pages of a database with garbage, as a failing disk would."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(4096 * 3)
        f.write(random.Random(7).randbytes(min(4096 * 4, size - 4096 * 3)))


def test_a_damaged_backup_is_refused_and_skipped_for_the_latest_good_one(shop):
    clock = Clock(noon(date(2026, 6, 1)))
    good = backups.take_backup(shop, backups.DAILY, clock)
    clock.now += timedelta(days=1)
    bad = backups.take_backup(shop, backups.DAILY, clock)
    damage(bad.path)
    assert quick_check(bad.path) is not None
    with pytest.raises(UndercoverError, match="damaged"):
        backups.restore(shop, bad.path)
    assert backups.latest_good(shop) == good


def test_restore_over_a_damaged_database_keeps_its_bytes_and_repairs_it(shop):
    taken = backups.take_backup(shop, backups.DAILY)
    with Store.open(shop):
        pass  # closing checkpoints: everything is in the main file
    damage(shop)
    damaged_bytes = shop.read_bytes()
    problem = quick_check(shop)
    assert problem and "\n" not in problem  # one line, for a one-line message
    restored = backups.restore(shop, taken.path)
    assert restored.kept is not None and restored.kept.read_bytes() == damaged_bytes
    assert quick_check(shop) is None
    assert len(visit_ids(shop)) == 4
    assert restored.kept in {b.path for b in backups.list_backups(shop)}


def test_restore_refuses_the_database_itself_and_files_that_are_not_backups(shop, tmp_path):
    before = shop.read_bytes()
    with pytest.raises(UndercoverError, match="database itself"):
        backups.restore(shop, shop)
    with pytest.raises(UndercoverError, match="database itself"):
        backups.restore(shop, Path(f"{shop}-wal"))
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(UndercoverError, match="not an Undercover database"):
        backups.restore(shop, text)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(UndercoverError, match="not an Undercover database"):
        backups.restore(shop, other)
    with pytest.raises(UndercoverError, match="no backup file"):
        backups.restore(shop, tmp_path / "missing.db")
    newer = tmp_path / "newer.db"
    with Store.open(newer) as store:
        store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(UndercoverError, match="newer version"):
        backups.restore(shop, newer)
    assert shop.read_bytes() == before
    assert backups.list_backups(shop) == []


def test_restoring_into_a_missing_database_creates_it(shop, tmp_path):
    taken = backups.take_backup(shop, backups.DAILY)
    fresh = tmp_path / "new" / "copy.db"
    restored = backups.restore(fresh, taken.path)
    assert restored.kept is None
    assert visit_ids(fresh) == visit_ids(shop)


# -- the command line -------------------------------------------------------------------


def test_undercover_restore_brings_visits_back_and_says_where_the_old_contents_are(shop):
    taken = backups.take_backup(shop, backups.DAILY)
    with Store.open(shop) as store:
        store.visits.delete(store.visits.summaries()[0].id)
    result = subprocess.run(
        [sys.executable, "-m", "undercover", "restore", "--db", str(shop), str(taken.path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [kept] = [b for b in backups.list_backups(shop) if b.reason == "before-restore"]
    assert result.stdout.splitlines() == [
        f"Restored {taken.path} (4 visits) into {shop}",
        f"What it replaced is kept in {kept.path}",
    ]
    assert len(visit_ids(shop)) == 4
    assert file_facts(kept.path).visits == 3


def test_undercover_restore_errors_are_one_line_and_usage_errors_exit_2(shop, tmp_path):
    from undercover.cli import main

    before = shop.read_bytes()
    missing = tmp_path / "nope.db"
    result = subprocess.run(
        [sys.executable, "-m", "undercover", "restore", "--db", str(shop), str(missing)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"undercover: There is no backup file at {missing}. The backups of shop.db are in "
        f"{backups.folder_for(shop)}.\n"
    )
    assert shop.read_bytes() == before
    with pytest.raises(SystemExit) as exit:
        main(["restore", "--db", str(shop)])
    assert exit.value.code == 2


def test_a_copy_made_with_undercover_backup_restores_too(shop, tmp_path):
    from undercover.cli import main

    manual = tmp_path / "by-hand.db"
    assert main(["backup", "--db", str(shop), "-o", str(manual)]) == 0
    before = visit_ids(shop)
    with Store.open(shop) as store:
        for visit_id in list(before)[:2]:
            store.visits.delete(visit_id)
    assert main(["restore", "--db", str(shop), str(manual)]) == 0
    assert visit_ids(shop) == before
    assert quick_check(shop) is None


def test_sqlites_check_report_becomes_one_line():
    from undercover.store.snapshots import one_line

    assert one_line(["ok"]) is None
    assert one_line([
        "*** in database main ***\nPage 4: btreeInitPage() returns error code 11\n"
        "Page 5: btreeInitPage() returns error code 11\nPage 25 is never used"
    ]) == "Page 4: btreeInitPage() returns error code 11, and 2 more"
    assert one_line(["row 3 missing from index x", "row 4 missing from index x"]) == \
        "row 3 missing from index x, and 1 more"


RAW_HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    print("READY", flush=True)
    sys.stdin.read()
    """
)


def test_a_damaged_database_another_program_has_open_is_not_replaced(shop):
    taken = backups.take_backup(shop, backups.DAILY)
    with Store.open(shop):
        pass
    damage(shop)
    damaged_bytes = shop.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", RAW_HOLDER, str(shop)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "READY"
        with pytest.raises(UndercoverError, match="in use by another program"):
            backups.restore(shop, taken.path)
    finally:
        holder.communicate("", timeout=30)
    assert quick_check(shop) is not None  # not replaced
    [kept] = [b for b in backups.list_backups(shop) if b.reason == backups.DAMAGED]
    assert kept.path.read_bytes() == damaged_bytes  # but its bytes are safe


def test_restoring_through_a_symlink_keeps_the_link(shop, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(shop)
    taken = backups.take_backup(link, backups.DAILY)
    assert backups.folder_for(link) == backups.folder_for(shop)  # one database, one folder
    with Store.open(shop):
        pass
    damage(shop)
    backups.restore(link, taken.path)
    assert link.is_symlink() and quick_check(shop) is None
    assert len(visit_ids(link)) == 4


def test_copies_taken_in_the_same_second_from_two_threads_are_both_kept(shop):
    from concurrent.futures import ThreadPoolExecutor

    same_second = Clock(datetime(2026, 3, 14, 10, 15, tzinfo=UTC))
    with ThreadPoolExecutor(4) as pool:
        taken = list(pool.map(lambda reason: backups.take_backup(shop, reason, same_second),
                              [backups.DAILY, backups.BEFORE_IMPORT] * 2))
    assert len({copy.path for copy in taken}) == 4
    assert {copy.path for copy in backups.list_backups(shop)} == {copy.path for copy in taken}
    for copy in taken:
        assert file_facts(copy.path).visits == 4


def test_a_copy_finishes_in_the_folder_it_started_in_if_the_data_location_moves(
    shop, tmp_path, monkeypatch
):
    folder = backups.folder_for(shop)
    real_copy = backups.copy_file

    def copy_then_move_home(source, target):  # the data location changes mid-copy
        real_copy(source, target)
        monkeypatch.setenv("UNDERCOVER_HOME", str(tmp_path / "elsewhere"))

    monkeypatch.setattr(backups, "copy_file", copy_then_move_home)
    taken = backups.take_backup(shop, backups.DAILY)
    assert taken.path.parent == folder and taken.path.is_file()
