"""No output ever lands on the database, its companion files, or anything that is not a file.

Every case goes through the real command line (``main([...])``, and a fresh
process where the spelling depends on the working folder), on a real database
whose -wal holds data not yet checkpointed, as when the app is open beside it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_report import make_visit, page_texts

from undercover.cli import main
from undercover.errors import UndercoverError
from undercover.exchange.backup import backup
from undercover.outputs import atomic_output, check_output, place_new
from undercover.report import export_summary, export_visits
from undercover.store import Store

VISIT = "aaaa1111-0000-4000-8000-000000000001"
BAK = "shop.schema-1.20260101-120000.bak"
COMMANDS = {
    "report": ["report", VISIT[:8]],
    "summary": ["report", "--location", "Harbour Street"],
    "summary of everything": ["report", "--all"],
    "backup": ["backup"],
    "csv": ["csv"],
    "csv --visits": ["csv", "--visits"],
}


@pytest.fixture
def shop(tmp_path: Path):
    """data/shop.db with a visit, its safety copy, and an open writer holding its -wal."""
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "shop.db"
    with Store.open(db) as store:
        make_visit(store, id=VISIT)
    shutil.copyfile(db, folder / BAK)
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO settings (key, value) VALUES ('business_name', '\"Kept\"')")
    writer.commit()
    assert Path(f"{db}-wal").stat().st_size > 0 and Path(f"{db}-shm").exists()
    yield db
    writer.close()


def digests(folder: Path) -> dict[str, str]:
    """Every file in the folder (links followed), by name."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def spellings(db: Path, tmp_path: Path) -> dict[str, tuple[str, Path]]:
    """Ways to name the database or one of its files: (spelling, working folder)."""
    folder = db.parent
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    links = tmp_path / "links"
    links.mkdir(exist_ok=True)
    (links / "report.pdf").symlink_to(db)
    (links / "relative.pdf").symlink_to(Path("..") / "data" / "shop.db")
    (links / "folder").symlink_to(folder, target_is_directory=True)
    os.link(db, links / "hard.pdf")
    os.link(folder / BAK, links / "hard-bak.pdf")
    (links / "wal.pdf").symlink_to(f"{db}-wal")
    return {
        "absolute": (str(db), tmp_path),
        "dot-slash": ("./shop.db", folder),
        "dot-dot": ("../data/./shop.db", elsewhere),
        "symlink": (str(links / "report.pdf"), tmp_path),
        "relative symlink": ("links/relative.pdf", tmp_path),
        "through a linked folder": (str(links / "folder" / "shop.db"), tmp_path),
        "hard link": (str(links / "hard.pdf"), tmp_path),
        "-wal": (f"{db}-wal", tmp_path),
        "-shm": ("shop.db-shm", folder),
        "-journal (not there yet)": (f"{db}-journal", tmp_path),
        "safety copy": (str(folder / BAK), tmp_path),
        "hard link to the safety copy": (str(links / "hard-bak.pdf"), tmp_path),
        "link to the -wal": (str(links / "wal.pdf"), tmp_path),
        "a safety copy not made yet": (str(folder / "shop.schema-2.20990101-000000.bak"),
                                       tmp_path),
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_every_spelling_of_the_database_is_refused_and_nothing_changes(
    shop, tmp_path, command, monkeypatch, capsys
):
    cases = spellings(shop, tmp_path)
    before = digests(tmp_path)
    for name, (output, cwd) in cases.items():
        monkeypatch.chdir(cwd)
        code = main([*COMMANDS[command], "--db", str(shop), "-o", output])
        err = capsys.readouterr().err
        assert code == 1, name
        assert "is the open database (or one of its own files)" in one_line(err), name
        assert "Nothing was written" in err
        assert digests(tmp_path) == before, name
    assert not Path(f"{shop}-journal").exists()
    assert sorted(p.name for p in shop.parent.iterdir()) == sorted(
        ["shop.db", "shop.db-wal", "shop.db-shm", BAK]
    )


def test_the_database_named_through_a_symlink_is_still_protected(shop, tmp_path, capsys):
    """--db through a link: SQLite names the -wal after the real file, so that is refused."""
    link = tmp_path / "current.db"
    link.symlink_to(shop)
    before = digests(tmp_path)
    for output in (f"{shop}-wal", str(shop), f"{link}-wal"):
        assert main(["report", "--db", str(link), VISIT[:8], "-o", output]) == 1
        assert "open database" in one_line(capsys.readouterr().err)
    assert digests(tmp_path) == before


def test_a_relative_spelling_from_another_folder_in_a_fresh_process(shop, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = digests(tmp_path)
    for args in (["report", VISIT[:8]], ["backup"]):
        result = subprocess.run(
            [sys.executable, "-m", "undercover", *args, "--db", "../data/shop.db",
             "-o", "../data/shop.db-wal"],
            cwd=elsewhere, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 1, result.stderr
        assert "open database" in one_line(result.stderr)
        assert result.stdout == ""
    assert digests(tmp_path) == before


def test_the_writers_below_the_command_line_refuse_it_too(shop, tmp_path):
    """The dialogs call these directly: the check is in the writer, not only in the CLI."""
    before = digests(tmp_path)
    with Store.open(shop, read_only=True) as store:
        for output in (shop, Path(f"{shop}-wal"), shop.parent / BAK):
            with pytest.raises(UndercoverError, match="open database"):
                export_visits(store, [VISIT], output)
            with pytest.raises(UndercoverError, match="open database"):
                export_summary(store, output)
            with pytest.raises(UndercoverError, match="open database"):
                backup(store, output)
    # The -shm is SQLite's shared index, where every reader (this one too) marks its place.
    after = digests(tmp_path)
    assert after.pop("shop.db-shm") and before.pop("shop.db-shm")
    assert after == before


# -- outputs that are not regular files ---------------------------------------------------


def special_nodes(tmp_path: Path, kind: str) -> dict[str, Path]:
    """A FIFO or a character device (like /dev/null, made here: never the real one)."""
    nodes = tmp_path / "nodes"
    nodes.mkdir()
    node = nodes / f"{kind}.pdf"
    if kind == "fifo":
        os.mkfifo(node)
    else:
        try:
            os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root (CAP_MKNOD)")
    (nodes / f"to-{kind}.pdf").symlink_to(node)
    return {kind: node, f"link to a {kind}": nodes / f"to-{kind}.pdf"}


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_or_pipe_is_refused_and_stays_what_it_was(
    shop, tmp_path, command, kind, capsys
):
    nodes = special_nodes(tmp_path, kind)
    kinds = {name: stat.S_IFMT(os.stat(path).st_mode) for name, path in nodes.items()}
    assert set(kinds.values()) == {stat.S_IFIFO if kind == "fifo" else stat.S_IFCHR}
    for name, path in nodes.items():
        code = main([*COMMANDS[command], "--db", str(shop), "-o", str(path)])
        message = one_line(capsys.readouterr().err)
        assert code == 1, name
        assert "is not a regular file (a device, pipe or socket)" in message, name
        assert stat.S_IFMT(os.stat(path).st_mode) == kinds[name], name
        assert stat.S_ISLNK(os.lstat(path).st_mode) == name.startswith("link"), name
    assert sorted(p.name for p in (tmp_path / "nodes").iterdir()) == sorted(
        p.name for p in nodes.values())


def test_a_dangling_link_a_folder_and_a_missing_folder_are_refused(shop, tmp_path, capsys):
    dangling = tmp_path / "gone.pdf"
    dangling.symlink_to(tmp_path / "nowhere" / "x.pdf")
    afile = tmp_path / "notes.txt"
    afile.write_text("keep me")
    cases = {
        str(dangling): f"{dangling} is a link to {tmp_path / 'nowhere' / 'x.pdf'}, "
                       "which does not exist",
        str(tmp_path): "is a folder; give a file name inside it",
        str(tmp_path / "missing" / "x.pdf"): f"The folder {tmp_path / 'missing'} does not exist",
        str(afile / "x.pdf"): f"{afile} is a file, not a folder",
        f"{tmp_path / 'out'}/": f"{tmp_path / 'out'}/ names a folder; give a file name",
    }
    for output, expected in cases.items():
        for command in COMMANDS.values():
            assert main([*command, "--db", str(shop), "-o", output]) == 1
            assert expected in one_line(capsys.readouterr().err)
    assert dangling.is_symlink() and not dangling.exists()
    assert afile.read_text() == "keep me"
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "missing").exists()
    assert not (tmp_path / "out").exists()


def test_a_link_to_a_regular_file_is_written_through_and_stays_a_link(shop, tmp_path, capsys):
    real = tmp_path / "reports" / "findings.pdf"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "latest.pdf"
    link.symlink_to(real)
    assert main(["report", "--db", str(shop), VISIT[:8], "-o", str(link)]) == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in real.parent.iterdir()) == ["findings.pdf"]


def test_report_to_standard_output_writes_only_the_pdf(shop, tmp_path):
    for args in (["report", VISIT[:8]], ["report", "--location", "Harbour Street"]):
        result = subprocess.run(
            [sys.executable, "-m", "undercover", *args, "--db", str(shop), "-o", "-"],
            capture_output=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == b""
        assert result.stdout.startswith(b"%PDF-") and result.stdout.rstrip().endswith(b"%%EOF")
        (tmp_path / "out.pdf").write_bytes(result.stdout)
        assert "Harbour Street" in " ".join(page_texts(tmp_path / "out.pdf"))


def test_a_backup_cannot_go_to_standard_output(shop, capsys):
    assert main(["backup", "--db", str(shop), "-o", "-"]) == 1
    assert "give a file name, not '-'" in one_line(capsys.readouterr().err)


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary_one(tmp_path):
    target = tmp_path / "out.pdf"
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write(b"%PDF-half")
        raise RuntimeError("the layout failed")
    assert list(tmp_path.iterdir()) == []
    assert check_output("-") is None


# -- the app's own writers ------------------------------------------------------------------


def test_export_from_the_app_refuses_a_pipe_or_the_database_before_any_work(
    qtbot, shop, tmp_path, monkeypatch
):
    from PySide6.QtCore import Qt

    from undercover.ui import dialogs
    from undercover.ui.main_window import MainWindow
    from undercover.ui.tasks import TaskRunner

    window = MainWindow(Store.open(shop), TaskRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    link = tmp_path / "shop-link.pdf"
    link.symlink_to(shop)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, message: errors.append(message))
    before = digests(shop.parent)
    for chosen, expected in ((pipe, "is not a regular file"), (link, "is the open database")):
        monkeypatch.setattr(dialogs, "choose_save_file", lambda *_args, c=chosen: c)
        shown = len(errors)
        window.list_page.select_ids({VISIT})
        window.list_page.table.setFocus()
        qtbot.keyClick(window.list_page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda shown=shown: len(errors) > shown, timeout=10_000)
        assert expected in errors[-1]
        assert window.export_progress is None  # refused at once, no progress dialog
    assert stat.S_ISFIFO(os.stat(pipe).st_mode) and link.is_symlink()
    after = digests(shop.parent)
    assert after.pop("shop.db-shm") and before.pop("shop.db-shm")  # the window reads it
    assert after == before
    window.close()


class _Handle:
    def report(self, done: int, total: int) -> None:
        pass


def test_the_apps_demo_builder_keeps_a_demo_another_window_finished_first(tmp_path):
    from undercover.ui.main_window import make_demo_database

    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        make_visit(store, id=VISIT)
    before = digests(tmp_path)
    assert make_demo_database(path, 1, _Handle()) == path
    assert digests(tmp_path) == before  # not replaced, and no temporary files left


def test_a_demo_finished_by_another_window_while_building_is_kept(tmp_path):
    from undercover.ui.main_window import make_demo_database

    theirs = tmp_path / "theirs.db"
    with Store.open(theirs) as store:
        make_visit(store, id=VISIT)
    path = tmp_path / "demo" / "demo.db"
    path.parent.mkdir()

    class OtherWindowFinishes(_Handle):
        def report(self, done: int, total: int) -> None:
            if not path.exists():
                shutil.copyfile(theirs, path)

    assert make_demo_database(path, 2, OtherWindowFinishes()) == path
    assert digests(path.parent) == {"demo.db": digests(tmp_path)["theirs.db"]}


def test_the_apps_demo_builder_refuses_a_pipe_and_leaves_nothing(tmp_path):
    from undercover.ui.main_window import make_demo_database

    pipe = tmp_path / "demo.db"
    os.mkfifo(pipe)
    with pytest.raises(UndercoverError, match="not a regular file"):
        make_demo_database(pipe, 1, _Handle())
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["demo.db"]
    fresh = tmp_path / "fresh.db"
    assert make_demo_database(fresh, 1, _Handle()) == fresh
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db", "fresh.db"]
    with Store.open(fresh, read_only=True) as store:
        assert store.visits.count() == 1


def test_report_to_standard_output_refuses_a_terminal(shop):
    import pty

    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "undercover", "report", VISIT[:8], "--db", str(shop),
             "-o", "-"],
            stdout=terminal, stderr=subprocess.PIPE, text=True, timeout=120,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 1
    assert "Standard output is the terminal" in one_line(result.stderr)


def test_an_output_that_turns_into_a_pipe_while_the_report_is_written_is_not_replaced(
    tmp_path
):
    target = tmp_path / "out.pdf"
    with pytest.raises(UndercoverError, match="not a regular file"), \
            atomic_output(target) as out:
        out.write(b"%PDF-1.4 ...")
        os.mkfifo(target)  # appeared during the work
    assert stat.S_ISFIFO(os.stat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_the_database_named_by_undercover_db_is_protected_too(shop, monkeypatch, capsys):
    monkeypatch.setenv("UNDERCOVER_DB", str(shop))
    before = digests(shop.parent)
    for args in (["report", VISIT[:8]], ["backup"]):
        assert main([*args, "-o", f"{shop}-wal"]) == 1
        assert "open database" in one_line(capsys.readouterr().err)
    assert digests(shop.parent) == before


def test_a_report_never_replaces_another_database(shop, tmp_path, capsys):
    other = tmp_path / "other-shop.db"
    with Store.open(other) as store:
        make_visit(store)
    renamed = tmp_path / "findings.pdf"  # a database that was given a report's name
    shutil.copyfile(other, renamed)
    before = digests(tmp_path)
    for output in (other, renamed):
        for command in COMMANDS.values():
            assert main([*command, "--db", str(shop), "-o", str(output)]) == 1
            assert f"{output} is a database file; writing there would replace it" in one_line(
                capsys.readouterr().err)
    assert digests(tmp_path) == before


def test_an_empty_output_name_is_refused(shop, capsys):
    for command in COMMANDS.values():
        assert main([*command, "--db", str(shop), "-o", ""]) == 1
        assert one_line(capsys.readouterr().err) == "undercover: No output file name was given."


def test_a_report_never_lands_on_another_databases_working_files(shop, tmp_path, capsys):
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        make_visit(store)
    holder = sqlite3.connect(other)  # another window has it open: its -wal and -shm exist
    holder.execute("SELECT count(*) FROM visits").fetchone()
    before = digests(tmp_path)
    for suffix in ("-wal", "-shm", "-journal"):
        output = f"{other}{suffix}"
        for command in COMMANDS.values():
            assert main([*command, "--db", str(shop), "-o", output]) == 1
            assert f"is one of the working files of the database {other}" in one_line(
                capsys.readouterr().err)
    after = digests(tmp_path)
    assert after.pop("other.db-shm") and before.pop("other.db-shm")  # the holder's index
    assert after == before and not Path(f"{other}-journal").exists()
    holder.close()
    # A name that merely ends the same way, beside no database, is an ordinary output.
    plain = tmp_path / "notes-wal"
    assert main(["report", VISIT[:8], "--db", str(shop), "-o", str(plain)]) == 0
    assert plain.read_bytes().startswith(b"%PDF")


def test_a_new_file_never_replaces_one_that_appeared_while_it_was_written(tmp_path):
    temp = tmp_path / ".copy.db.0123.part"
    temp.write_bytes(b"the new copy")
    target = tmp_path / "copy.db"
    target.write_bytes(b"written meanwhile by someone else")
    with pytest.raises(UndercoverError, match="already exists; choose a new file name"):
        place_new(temp, target)
    assert target.read_bytes() == b"written meanwhile by someone else"
    target.unlink()
    place_new(temp, target)
    assert target.read_bytes() == b"the new copy"
    assert [p.name for p in tmp_path.iterdir()] == ["copy.db"]
