"""Opening a database file: read-only commands change nothing, races, and honest messages.

Real files throughout: real SQLite databases in tmp_path, real processes for
races, a real read-only folder and a real full disk (a small tmpfs) where the
machine allows mounting one (as root); otherwise those tests are skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlite_utils import Database
from test_report import make_visit

from undercover.cli import main
from undercover.store import DatabaseError, Store
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations

VISIT = "aaaa1111-0000-4000-8000-000000000001"
READ_COMMANDS = {
    "list": ["list"],
    "list --json": ["list", "--json"],
    "report": ["report", VISIT[:8], "-o", "{out}/r.pdf"],
    "summary": ["report", "--location", "Harbour Street", "-o", "{out}/s.pdf"],
    "summary of everything": ["report", "--all", "-o", "{out}/all.pdf"],
    "backup": ["backup", "-o", "{out}/b.db"],
    "csv": ["csv", "-o", "{out}/answers.csv"],
    "csv --visits": ["csv", "--visits", "-o", "{out}/visits.csv"],
}


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir()) if p.is_file()
    }


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def command(name: str, db: Path, out: Path) -> list[str]:
    return [*(a.format(out=out) for a in READ_COMMANDS[name]), "--db", str(db)]


def old_database(path: Path) -> Path:
    """A file as the previous release left it: schema 1, WAL, closed cleanly."""
    old = Database(path)
    old.enable_wal()
    migrations.apply(old, stop_before=MIGRATION_NAMES[1])
    old.close()
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# -- read-only commands write nothing ---------------------------------------------------


@pytest.mark.parametrize("name", READ_COMMANDS)
def test_a_missing_file_is_reported_and_not_created(tmp_path, out, name, capsys):
    db = tmp_path / "data" / "shpo.db"
    assert main(command(name, db, out)) == 1
    assert "There is no Undercover database at" in one_line(capsys.readouterr().err)
    assert not db.parent.exists() and list(out.iterdir()) == []


@pytest.mark.parametrize("name", READ_COMMANDS)
def test_an_empty_file_is_reported_and_stays_empty(tmp_path, out, name, capsys):
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    assert main(command(name, db, out)) == 1
    assert f"{db} is empty: it holds no Undercover data yet" in one_line(
        capsys.readouterr().err)
    assert db.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db", "out"]


def test_an_sqlite_file_without_tables_is_reported_as_empty(tmp_path, out, capsys):
    db = tmp_path / "blank.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.close()
    before = digests(tmp_path)
    for name in READ_COMMANDS:
        assert main(command(name, db, out)) == 1
        assert "is empty: it holds no Undercover data yet" in one_line(capsys.readouterr().err)
    assert digests(tmp_path) == before


@pytest.mark.parametrize("name", READ_COMMANDS)
def test_an_older_file_is_reported_unchanged_without_a_safety_copy(tmp_path, out, name,
                                                                    capsys):
    db = old_database(tmp_path / "old.db")
    before = digests(tmp_path)
    assert main(command(name, db, out)) == 1
    assert one_line(capsys.readouterr().err) == (
        f"undercover: {db} was made by an older version of Undercover; open it in the app "
        "once to upgrade it. The file has not been changed."
    )
    assert digests(tmp_path) == before  # no .bak, no -wal, no -shm, same bytes
    assert list(out.iterdir()) == []


def test_an_older_file_still_open_elsewhere_is_reported_too(tmp_path, out, capsys):
    """With a -wal beside it the header may be stale: the schema is read through SQLite."""
    db = old_database(tmp_path / "old.db")
    holder = sqlite3.connect(db)
    holder.execute("SELECT count(*) FROM settings").fetchone()
    assert Path(f"{db}-wal").exists()
    main_bytes = hashlib.sha256(db.read_bytes()).hexdigest()
    assert main(command("list", db, out)) == 1
    assert "made by an older version" in one_line(capsys.readouterr().err)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == main_bytes
    assert not list(tmp_path.glob("*.bak"))
    holder.close()


@pytest.mark.parametrize("name", READ_COMMANDS)
def test_a_current_file_is_read_and_its_folder_left_as_it_was(tmp_path, out, name):
    db = tmp_path / "shop.db"
    with Store.open(db) as store:
        make_visit(store, id=VISIT)
    before = digests(tmp_path)
    assert main(command(name, db, out)) == 0
    assert digests(tmp_path) == before  # same bytes, and no -wal or -shm left beside it


def test_reading_beside_the_open_app_leaves_the_apps_files_alone(tmp_path, out):
    db = tmp_path / "shop.db"
    with Store.open(db) as app:
        make_visit(app, id=VISIT)
        assert main(command("list --json", db, out)) == 0
        assert Path(f"{db}-wal").exists() and Path(f"{db}-shm").exists()
        app.settings.set("business_name", "Still writing")  # the app's files still work
    with Store.open(db, read_only=True) as store:
        assert store.settings.get("business_name") == "Still writing"


def test_a_read_only_store_refuses_to_write(tmp_path):
    db = tmp_path / "shop.db"
    Store.open(db).close()
    with Store.open(db, read_only=True) as store, pytest.raises(DatabaseError):
        store.settings.set("business_name", "Changed")
    with Store.open(db, read_only=True) as store:
        assert store.settings.get("business_name") is None


# -- a read-only folder -------------------------------------------------------------------


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for real: a read-only bind mount as root, else chmod."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot bind-mount here: " + mounted.stderr.decode().strip())
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_database_in_a_read_only_folder_can_be_listed_and_printed(tmp_path, out, capsys):
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "shop.db"
    with Store.open(db) as store:
        make_visit(store, id=VISIT)
    before = digests(folder)
    with read_only_folder(folder):
        for name in READ_COMMANDS:
            assert main(command(name, db, out)) == 0, capsys.readouterr().err
        assert "Harbour Street" in capsys.readouterr().out
        # The app needs to write: it says the folder is the problem, not the file.
        with pytest.raises(DatabaseError) as refused:
            Store.open(db)
        assert str(refused.value).startswith(f"The folder {folder} is read-only")
        assert "-wal" in str(refused.value)
        with Store.open(db, read_only=True) as store, pytest.raises(DatabaseError):
            store.settings.set("business_name", "Changed")
    assert digests(folder) == before


def test_a_new_database_in_a_read_only_folder_names_the_folder(tmp_path, capsys):
    folder = tmp_path / "shared"
    folder.mkdir()
    with read_only_folder(folder):
        assert main(["demo", "--db", str(folder / "new.db"), "--visits", "1"]) == 1
        assert f"The folder {folder} is read-only" in one_line(capsys.readouterr().err)
    assert list(folder.iterdir()) == []


# -- what --db may point at ----------------------------------------------------------------


def test_a_pipe_or_device_as_the_database_is_refused_without_reading_it(tmp_path, capsys):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)  # reading it would wait for ever
    paths = [fifo]
    with contextlib.suppress(PermissionError):
        os.mknod(tmp_path / "dev.db", 0o20666, os.makedev(1, 5))  # like /dev/zero, made here
        paths.append(tmp_path / "dev.db")
    for path in paths:
        for args in (["list"], ["demo", "--visits", "1"]):
            assert main([*args, "--db", str(path)]) == 1
            assert "is not a regular file (a device, pipe or socket)" in one_line(
                capsys.readouterr().err)
        with pytest.raises(DatabaseError, match="not a regular file"):
            Store.open(path)


def test_a_folder_or_a_path_through_a_file_is_refused(tmp_path, capsys):
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    for db, message in ((tmp_path, "is a folder, not a database file"),
                        (afile / "shop.db", "part of its folder path is a file")):
        for args in (["list"], ["demo", "--visits", "1"]):
            assert main([*args, "--db", str(db)]) == 1
            assert message in one_line(capsys.readouterr().err)
    assert afile.read_text() == "x"


# -- messages that say what is true ---------------------------------------------------------


def test_a_loop_of_links_as_the_database_or_the_output_is_a_plain_message(tmp_path, capsys):
    loop = tmp_path / "loop.db"
    loop.symlink_to(tmp_path / "loop2.db")
    (tmp_path / "loop2.db").symlink_to(loop)
    for args in (["list"], ["demo", "--visits", "1"], ["report", "abc", "-o", "x.pdf"]):
        assert main([*args, "--db", str(loop)]) == 1
        assert one_line(capsys.readouterr().err) == (
            f"undercover: Cannot open {loop}: Too many levels of symbolic links."
        )
    db = tmp_path / "shop.db"
    Store.open(db).close()
    assert main(["backup", "--db", str(db), "-o", str(loop)]) == 1
    assert one_line(capsys.readouterr().err) == (
        f"undercover: Cannot write {loop}: Too many levels of symbolic links."
    )
    assert loop.is_symlink() and (tmp_path / "loop2.db").is_symlink()


def test_an_unknown_migration_is_named_without_claiming_a_schema_number(tmp_path):
    path = tmp_path / "future.db"
    with Store.open(path) as store:
        store.db["_sqlite_migrations"].insert(
            {"migration_set": "undercover", "name": "m099_from_the_future", "applied_at": "x"}
        )
    before = digests(tmp_path)["future.db"]
    for read_only in (False, True):
        with pytest.raises(DatabaseError) as refused:
            Store.open(path, read_only=read_only)
        message = str(refused.value)
        assert "does not know (m099_from_the_future): a newer version wrote it" in message
        assert "schema" not in message
    assert digests(tmp_path)["future.db"] == before
    assert not list(tmp_path.glob("*.bak"))


def test_a_newer_schema_number_is_said_as_it_is(tmp_path):
    path = tmp_path / "newer.db"
    with Store.open(path) as store:
        store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    for read_only in (False, True):
        with pytest.raises(DatabaseError, match=(
            rf"newer version of Undercover \(schema {SCHEMA_VERSION + 3}; this version "
            rf"understands up to {SCHEMA_VERSION}\)"
        )):
            Store.open(path, read_only=read_only)


def test_a_stale_temporary_file_from_an_interrupted_backup_is_not_called_damage(
    tmp_path, capsys
):
    db = tmp_path / "shop.db"
    with Store.open(db) as store:
        make_visit(store, id=VISIT)
    backups = tmp_path / "backups"
    backups.mkdir()
    # What a backup killed half-way leaves: its temporary copy and a hot journal.
    (backups / ".copy.db.0badf00d.part").write_bytes(db.read_bytes()[:3000])
    (backups / ".copy.db.0badf00d.part-journal").write_bytes(b"\xd9\xd5\x05\xf9" + b"x" * 600)
    assert main(["backup", "--db", str(db), "-o", str(backups / "copy.db")]) == 0
    assert "Backed up to" in capsys.readouterr().out
    with Store.open(backups / "copy.db", read_only=True) as copy:
        assert copy.visits.count() == 1


# -- the safety copy before an upgrade ------------------------------------------------------


def _open_with_file_size_limit(path: str, limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        Store.open(path).close()
    except DatabaseError as exc:
        print(exc)
        raise SystemExit(1) from None


def test_a_safety_copy_cut_short_leaves_no_file_with_the_backup_name(tmp_path):
    """The copy fails half-way (the process may not write files that large)."""
    db = old_database(tmp_path / "old.db")
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE filler (x)")
        conn.executemany("INSERT INTO filler VALUES (?)", [(os.urandom(1000),)] * 600)
    conn.close()
    size = db.stat().st_size
    before = digests(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, 'tests'); import test_store_open as t; "
         f"t._open_with_file_size_limit({str(db)!r}, {size // 2})"],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 1, result.stderr
    assert "was not upgraded: the copy kept before an upgrade could not be written" in (
        result.stdout)
    assert digests(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]


# -- a full disk ----------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small disk here: " + mounted.stderr.decode().strip())
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_backup_onto_a_full_disk_says_so_and_leaves_nothing_behind(tmp_path, capsys):
    db = tmp_path / "shop.db"
    with Store.open(db) as store:
        make_visit(store, id=VISIT)
        store.db.execute("CREATE TABLE filler (x)")
        store.db.conn.executemany("INSERT INTO filler VALUES (?)", [(os.urandom(1000),)] * 600)
        store.db.conn.commit()
    with small_disk(tmp_path / "usb", "256k") as usb:
        assert main(["backup", "--db", str(db), "-o", str(usb / "copy.db")]) == 1
        message = one_line(capsys.readouterr().err)
        assert "full" in message and str(usb / "copy.db") in message
        assert list(usb.iterdir()) == []  # no copy, no temporary file, no -journal


def test_an_upgrade_on_a_full_disk_leaves_the_file_and_no_journal(tmp_path):
    made = old_database(tmp_path / "old.db")
    with sqlite3.connect(made) as conn:
        conn.execute("CREATE TABLE filler (x)")
        conn.executemany("INSERT INTO filler VALUES (?)", [(os.urandom(1000),)] * 500)
    conn.close()
    with small_disk(tmp_path / "usb", "800k") as usb:
        db = usb / "old.db"
        shutil.copyfile(made, db)  # about 540 kB: no room for a second copy
        before = digests(usb)
        with pytest.raises(DatabaseError) as refused:
            Store.open(db)
        assert "was not upgraded" in str(refused.value) and "full" in str(refused.value)
        assert digests(usb) == before
        assert sorted(p.name for p in usb.iterdir()) == ["old.db"]


# -- two programs opening one file at once ---------------------------------------------------


def _open_each(paths: list[str], barrier) -> list[tuple[str, object]]:
    """In its own interpreter: open each file the moment the other process does too."""
    outcomes: list[tuple[str, object]] = []
    for path in paths:
        barrier.wait(timeout=60)
        try:
            with Store.open(path) as store:
                outcomes.append(("ok", store.db.execute("PRAGMA user_version").fetchone()[0]))
        except Exception as exc:  # reported, not hidden: the test asserts on it
            outcomes.append(("failed", f"{type(exc).__name__}: {exc}"))
    return outcomes


def _race(paths: list[Path]) -> list[tuple[str, object]]:
    """Two fresh processes open each of ``paths`` at the same moment, one file per round."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(2)
        with ProcessPoolExecutor(2, mp_context=context) as pool:
            futures = [pool.submit(_open_each, [str(p) for p in paths], barrier)
                       for _ in range(2)]
            return [outcome for f in futures for outcome in f.result(timeout=240)]


def test_two_programs_opening_the_same_new_file_both_succeed(tmp_path):
    paths = [tmp_path / f"new-{n}.db" for n in range(30)]
    outcomes = _race(paths)
    assert outcomes == [("ok", SCHEMA_VERSION)] * 60
    for path in paths:
        with Store.open(path, read_only=True) as store:
            assert [m.name for m in migrations.applied(store.db)] == list(MIGRATION_NAMES)
            assert store.db.execute("SELECT count(*) FROM checklists").fetchone()[0] == 2


def test_two_programs_upgrading_the_same_old_file_make_one_safety_copy(tmp_path):
    paths = []
    for n in range(10):
        folder = tmp_path / str(n)
        folder.mkdir()
        paths.append(old_database(folder / "old.db"))
    assert _race(paths) == [("ok", SCHEMA_VERSION)] * 20
    for path in paths:
        assert len(list(path.parent.glob("old.schema-1.*.bak"))) == 1
        assert not list(path.parent.glob(".*"))



def test_a_new_database_on_a_full_disk_says_the_disk_is_full(tmp_path, capsys):
    with small_disk(tmp_path / "usb", "200k") as usb:
        for filler in (150_000, 195_000):  # room for a page or two, then for nothing
            (usb / "filler").write_bytes(os.urandom(filler))
            assert main(["demo", "--db", str(usb / "new.db"), "--visits", "1"]) == 1
            assert one_line(capsys.readouterr().err) == (
                f"undercover: The disk holding {usb / 'new.db'} is full. Free some space; "
                "nothing was saved."
            )
            assert not list(usb.glob("*-journal"))
            for leftover in usb.glob("new.db*"):
                leftover.unlink()
