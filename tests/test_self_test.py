"""`undercover --self-test`: what support asks users to run, and what CI runs in the built app."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from undercover import __version__
from undercover.selftest import SelfTest
from undercover.store import Store

REPO = Path(__file__).resolve().parents[1]
CHECKS = ["data files", "fonts", "photos", "database", "report", "bundle", "translations",
          "main window"]


def run(args: list[str], tmp_path: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "UNDERCOVER_HOME": str(home),
        "UNDERCOVER_DB": str(tmp_path / "mine.db"),
    }
    return subprocess.run(
        [sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )


@pytest.mark.slow
def test_self_test_checks_everything_and_leaves_the_users_files_alone(tmp_path, _private_home):
    done = run(["-m", "undercover", "--self-test"], tmp_path, _private_home)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"Undercover {__version__} self-test (Python ")
    assert [line.split(":")[0] for line in lines[1:-1]] == [f"ok      {c}" for c in CHECKS]
    assert "self-test.jpg → 2560×1920 JPEG, self-test.heic → 640×480 JPEG" in done.stdout
    assert "3 demo visits written and listed" in done.stdout
    assert re.search(r"ok      bundle: 3 visits with [1-9]\d* photos sent as a \d+ KB bundle "
                     r"and imported into a second database unchanged", done.stdout)
    assert "3 visits listed" in done.stdout
    assert re.search(r"ok      translations: Qt's own strings in [1-9]\d+ languages", done.stdout)
    assert "1 visits" not in done.stdout
    assert lines[-1] == "Self-test passed."
    assert done.stderr == ""
    # The user's database and remembered settings were never touched: only the log was written.
    assert not (tmp_path / "mine.db").exists()
    assert [p.relative_to(_private_home).as_posix() for p in _private_home.rglob("*")] == [
        "logs", "logs/undercover.log"
    ]


@pytest.mark.slow
def test_a_failing_check_is_named_the_others_still_run_and_it_exits_1(tmp_path, _private_home):
    script = (
        # The self-test's 12 MP photo is now too big to open; the demo's smaller ones are not.
        "from PIL import Image; Image.MAX_IMAGE_PIXELS = 10_000_000\n"
        "from undercover.cli import main; raise SystemExit(main(['--self-test']))\n"
    )
    done = run(["-c", script], tmp_path, _private_home)
    assert done.returncode == 1
    assert "FAILED  photos: self-test.jpg is too large to open" in done.stdout
    assert "ok      fonts:" in done.stdout
    assert "ok      report:" in done.stdout
    assert "ok      main window: built on the offscreen platform, 3 visits listed" in done.stdout
    assert done.stdout.splitlines()[-1] == "Self-test FAILED: photos."
    assert "UNDERCOVER_HOME" not in done.stdout


@pytest.mark.parametrize("args", [["--self-test", "list"], ["--db", "x.db", "--self-test"]])
def test_self_test_with_a_command_or_database_is_bad_usage(tmp_path, _private_home, args):
    done = run(["-m", "undercover", *args], tmp_path, _private_home)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "undercover: error: --self-test takes no command and no --db"
    )
    assert done.stdout == ""
    assert not (tmp_path / "x.db").exists()


@pytest.mark.slow
def test_without_standard_output_the_report_goes_to_the_log_folder(tmp_path, _private_home):
    script = (
        "import sys; sys.stdout = sys.stderr = None\n"  # as in a windowed build
        "from undercover.cli import main; raise SystemExit(main(['--self-test']))\n"
    )
    done = run(["-c", script], tmp_path, _private_home)
    assert (done.returncode, done.stdout) == (0, "")
    report = (_private_home / "logs" / "self-test.txt").read_text(encoding="utf-8")
    assert report.startswith(f"Undercover {__version__} self-test (Python ")
    assert report.splitlines()[-1] == "Self-test passed."


def test_the_bundle_check_sends_every_demo_visit_and_photo_into_a_second_database(tmp_path):
    out = io.StringIO()
    test = SelfTest(tmp_path, out)
    test.check("database", test.database)
    test.check("bundle", test.bundle)
    assert test.failed == []
    with Store.open(tmp_path / "self-test.db", create=False) as sent, Store.open(
        tmp_path / "received.db", create=False
    ) as received:
        ids = sorted(v.id for v in sent.visits.summaries())
        assert sorted(v.id for v in received.visits.summaries()) == ids
        photos = [p.id for v in ids for p in sent.photos.list(v)]
        assert photos and [p.id for v in ids for p in received.photos.list(v)] == photos
        for photo_id in photos:
            assert received.photos.jpeg(photo_id) == sent.photos.jpeg(photo_id)
    line = out.getvalue().splitlines()[-1]
    assert line.startswith(f"ok      bundle: 3 visits with {len(photos)} photos sent as a ")
    assert (tmp_path / "self-test.undercover").is_file()


def test_a_bundle_that_cannot_be_imported_fails_the_bundle_check(tmp_path):
    out = io.StringIO()
    test = SelfTest(tmp_path, out)
    test.check("bundle", test.bundle)
    assert out.getvalue().splitlines()[-1] == (
        "FAILED  bundle: no visits to send (the database check failed)"
    )
    test.check("database", test.database)
    (tmp_path / "received.db").write_bytes(b"not a database, but in the way")
    test.check("bundle", test.bundle)
    assert test.failed == ["bundle", "bundle"]
    last = out.getvalue().splitlines()[-1]
    assert last.startswith("FAILED  bundle: ") and "received.db" in last
