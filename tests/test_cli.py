"""The command line as scripts use it: exit codes, one-line messages, the demo business."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from undercover import __version__
from undercover.cli import main
from undercover.store import Store
from undercover.store.migrations import SCHEMA_VERSION


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real console entry point, in a fresh process, as a script would call it."""
    return subprocess.run(
        [sys.executable, "-m", "undercover", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run("demo", "--db", str(path), "--visits", "24", "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert "24 visits" in result.stdout
    return path


def test_version(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.strip() == f"undercover {__version__}"


def test_demo_then_list_json_lists_every_visit(demo_db):
    result = run("list", "--db", str(demo_db), "--json")
    assert result.returncode == 0, result.stderr
    visits = json.loads(result.stdout)
    assert len(visits) == 24
    for v in visits:
        assert {"id", "location", "date", "status", "score"} <= set(v)
        assert v["status"] in ("draft", "completed")
    assert {v["location"] for v in visits} == {"Harbour Street", "Market Square", "Station Road"}
    statuses = [v["status"] for v in visits]
    assert 0 < statuses.count("draft") < statuses.count("completed")
    scores = [v["score"] for v in visits if v["status"] == "completed"]
    assert all(0 <= s <= 100 for s in scores) and len(set(scores)) > 5


def test_the_demo_spreads_visits_over_six_months_with_photos_findings_and_notes(demo_db):
    with Store.open(demo_db) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        summaries = store.visits.summaries()
        dates = sorted(v.date for v in summaries)
        span = (date.fromisoformat(dates[-1]) - date.fromisoformat(dates[0])).days
        assert 150 <= span <= 190
        every = [store.visits.get(v.id) for v in summaries]
        for visit in every:  # photos from the shop floor; none of a call or a chat
            in_shop = visit.channel.value == "in_person" and visit.checklist_key == \
                "customer-centric" and visit.assessment.value == "observed"
            assert (2 <= len(visit.photos) <= 6) if in_shop else not visit.photos
        assert sum(len(v.findings) for v in every) >= 24
        assert sum(bool(a.note) for v in every for a in v.answers.values()) >= 24
        shas = store.db.execute("SELECT sha256 FROM photos").fetchall()
        assert len(shas) == len(set(shas)), "every demo photo is different"


def test_no_stored_photo_carries_gps_or_camera_exif(demo_db):
    with sqlite3.connect(demo_db) as conn:
        blobs = conn.execute("SELECT jpeg, thumbnail FROM photos").fetchall()
    assert len(blobs) >= 24  # the visits in the shop carry two to six photos each
    for jpeg, thumbnail in blobs:
        for data in (jpeg, thumbnail):
            image = Image.open(BytesIO(data))
            exif = image.getexif()
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
            assert ExifTags.Base.Make not in exif and "exif" not in image.info


def test_list_as_text_shows_short_ids_locations_and_scores(demo_db, capsys):
    assert main(["list", "--db", str(demo_db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 24
    assert lines[0].split()[2] in ("Harbour", "Market", "Station")
    assert len(lines[0].split()[0]) == 8


def test_list_of_an_empty_database_says_how_to_start(tmp_path, capsys):
    Store.open(tmp_path / "new.db").close()
    assert main(["list", "--db", str(tmp_path / "new.db")]) == 0
    assert "No visits yet" in capsys.readouterr().out
    assert main(["list", "--db", str(tmp_path / "new.db"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_database_comes_from_undercover_db_when_no_flag_is_given(tmp_path, monkeypatch,
                                                                     capsys):
    path = tmp_path / "env.db"
    monkeypatch.setenv("UNDERCOVER_DB", str(path))
    assert main(["demo", "--visits", "3", "--seed", "1"]) == 0
    assert path.exists()
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_the_default_database_lives_in_the_user_data_folder(_private_home, capsys):
    assert main(["demo", "--visits", "1"]) == 0
    assert (_private_home / "data" / "undercover.db").exists()
    assert main(["list", "--json"]) == 0


def test_a_mistyped_database_path_is_an_error_not_a_new_file(tmp_path, capsys):
    missing = tmp_path / "shpo.db"
    assert main(["list", "--db", str(missing)]) == 1
    assert "There is no Undercover database at" in capsys.readouterr().err
    assert not missing.exists()


def test_a_newer_database_is_a_one_line_error_with_exit_1(tmp_path):
    path = tmp_path / "newer.db"
    with Store.open(path) as store:
        store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    result = run("list", "--db", str(path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "newer version of Undercover" in result.stderr


def test_a_file_that_is_not_a_database_is_a_one_line_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database <&>")
    result = run("list", "--db", str(path), "--json")
    assert result.returncode == 1
    assert result.stderr.strip() == f"undercover: {path} is not an Undercover database."
    assert result.stdout == ""


def test_an_unwritable_place_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("demo", "--db", str(blocker / "sub" / "x.db"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [["bogus"], ["list", "--nope"], ["demo", "--visits", "many"], ["backup"], ["import"]],
)
def test_bad_usage_exits_2(args, capsys):
    with pytest.raises(SystemExit) as exit:
        main(args)
    assert exit.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_demo_needs_at_least_one_visit(tmp_path, capsys):
    assert main(["demo", "--db", str(tmp_path / "x.db"), "--visits", "0"]) == 1
    assert capsys.readouterr().err.strip() == "undercover: --visits must be 1 or more."


def test_backup_copies_every_visit_and_refuses_to_overwrite(demo_db, tmp_path, capsys):
    target = tmp_path / "copy.db"
    assert main(["backup", "--db", str(demo_db), "-o", str(target)]) == 0
    with Store.open(target) as copy, Store.open(demo_db) as original:
        assert copy.visits.count() == original.visits.count() == 24
        assert copy.db.execute("SELECT count(*) FROM photos").fetchone() == \
            original.db.execute("SELECT count(*) FROM photos").fetchone()
    assert main(["backup", "--db", str(demo_db), "-o", str(target)]) == 1
    assert "is a database file; writing there would replace it" in capsys.readouterr().err
    text = tmp_path / "notes.txt"
    text.write_text("keep")
    assert main(["backup", "--db", str(demo_db), "-o", str(text)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert text.read_text() == "keep"


def test_opening_the_app_without_a_screen_says_what_to_do(tmp_path, monkeypatch, capsys):
    if not sys.platform.startswith("linux"):
        pytest.skip("the no-screen check is for Linux desktops")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--db", str(tmp_path / "x.db")]) == 1
    assert "xvfb-run" in capsys.readouterr().err


# -- the demo never mixes into real data unasked ----------------------------------------


def _real_database(path: Path) -> Path:
    from test_report import make_visit

    with Store.open(path) as store:
        make_visit(store, location="Harbour Street", id="cccc1111-0000-4000-8000-000000000001")
        store.settings.set("customer_lifetime_value", 150)
        store.settings.set("currency", "€")
        store.settings.set("business_name", "")
    return path


def test_the_demo_refuses_a_database_that_already_holds_visits(tmp_path, capsys):
    db = _real_database(tmp_path / "real.db")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for args in (["demo", "--db", str(db)], ["demo", "--db", str(db), "--visits", "1"]):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert err.strip() == (
            f"undercover: {db} already holds 1 visit; the demo would mix made-up visits "
            "with them. Give a new file with --db, or add --force."
        )
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with Store.open(db, read_only=True) as store:
        assert store.visits.count() == 1


def test_the_demo_with_force_adds_visits_but_keeps_the_users_settings(tmp_path, capsys):
    db = _real_database(tmp_path / "real.db")
    assert main(["demo", "--db", str(db), "--visits", "2", "--seed", "3", "--force"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Added the demo business's 2 visits to the 1 already in {db}"
    )
    with Store.open(db, read_only=True) as store:
        assert store.visits.count() == 3
        assert store.settings.get("customer_lifetime_value") == 150
        assert store.settings.get("currency") == "€"
        # Left empty by the user: the demo fills it in.
        assert store.settings.get("business_name") == "Copperleaf Coffee & Bakery"


def test_a_new_demo_fills_every_empty_setting(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--visits", "1", "--seed", "3"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Created the demo business with 1 visit in {db}"
    )
    with Store.open(db, read_only=True) as store:
        assert store.settings.get("customer_lifetime_value") == 420
        assert store.settings.get("currency") == "£"
        assert store.settings.get("business_name") == "Copperleaf Coffee & Bakery"


@pytest.mark.parametrize("command", [["list"], ["backup", "-o", "x.db"], ["demo"]])
def test_an_empty_db_is_bad_usage_not_the_default_database(command, _private_home, capsys):
    with pytest.raises(SystemExit) as exit:
        main([*command, "--db", ""])
    assert exit.value.code == 2
    assert "--db needs a file name" in capsys.readouterr().err
    assert not (_private_home / "data").exists()


def _coverage_visits(path: Path) -> dict[str, str]:
    """A good draft, a completed visit with every other question N/A, and a sparse one."""
    from undercover.domain.visit import Answer, Location, Visit

    ids = {}
    with Store.open(path) as store:
        place = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        rest = {q.id: Answer(q.id, na=True) for q in checklist.questions}
        for name, value, others in (("draft", 5, {}), ("completed", 3, rest),
                                    ("sparse", 3, {})):
            given = {"greeting": Answer("greeting", value=value),
                     "courtesy": Answer("courtesy", value=1),
                     "accurate_and_kept": Answer("accurate_and_kept", value=1),
                     "likely_return": Answer("likely_return", value=8),
                     "likely_recommend": Answer("likely_recommend", value=8)}
            visit = Visit(place.id, checklist.key, checklist.version,
                          started_at="2026-03-14T10:00:00+00:00", answers={**others, **given})
            store.visits.create(visit)
            if name != "draft":
                store.visits.complete(visit.id)
            ids[visit.id] = name
    return ids


def test_list_json_never_ranks_a_draft_among_completed_visits(tmp_path, capsys):
    """A draft keeps its provisional score apart from "score"; so does a sparse visit."""
    path = tmp_path / "drafts.db"
    names = _coverage_visits(path)
    assert main(["list", "--db", str(path), "--json"]) == 0
    rows = {names[v["id"]]: v for v in json.loads(capsys.readouterr().out)}
    assert rows["draft"]["score"] is None and rows["draft"]["draft_score"] == 100.0
    assert rows["draft"]["enough_answers"] is False
    # greeting 50, courtesy and promises kept 100: three sections, 83.3 on average
    assert rows["completed"]["score"] == 83.3 and rows["completed"]["draft_score"] is None
    assert rows["completed"]["enough_answers"] is True
    completed = rows["completed"]
    assert completed["scored_answered"] == completed["scored_total"] > 20
    # Completed with three scored answers: as its report says, not enough for a score.
    sparse = rows["sparse"]
    assert sparse["score"] is None and sparse["draft_score"] is None
    assert sparse["enough_answers"] is False
    assert sparse["scored_answered"] == 3 and sparse["scored_total"] == completed["scored_total"]
    ranked = sorted((v for v in rows.values() if v["score"] is not None),
                    key=lambda v: -v["score"])
    assert [v["status"] for v in ranked] == ["completed"]


def test_list_as_text_marks_provisional_and_sparse_scores(tmp_path, capsys):
    path = tmp_path / "drafts.db"
    names = _coverage_visits(path)
    assert main(["list", "--db", str(path)]) == 0
    lines = {names[next(i for i in names if i.startswith(line[:8]))]: line
             for line in capsys.readouterr().out.splitlines()}
    total = lines["completed"]  # a completed visit with enough answers: a plain score
    assert "83.3" in total and "provisional" not in total and "not enough" not in total
    assert "100.0" not in lines["draft"] and "not enough answers (3 of " in lines["draft"]
    assert "83.3" not in lines["sparse"] and "not enough answers (3 of " in lines["sparse"]
    assert lines["sparse"].split()[5] == "-"  # id, date, Harbour Street, status, score


def test_list_as_text_marks_a_draft_with_enough_answers_as_provisional(tmp_path, capsys):
    from undercover.domain.visit import Answer, Location, Visit

    path = tmp_path / "draft.db"
    with Store.open(path) as store:
        place = store.locations.add(Location("Market Square"))
        checklist = store.checklists.get("customer-centric")
        answers = {q.id: Answer(q.id, na=True) for q in checklist.questions}
        answers["greeting"] = Answer("greeting", value=5)
        store.visits.create(Visit(place.id, checklist.key, checklist.version,
                                  started_at="2026-03-14T10:00:00+00:00", answers=answers))
    assert main(["list", "--db", str(path)]) == 0
    line = capsys.readouterr().out.strip()
    assert "100.0" in line and line.endswith("provisional (draft)")
    assert main(["list", "--db", str(path), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["score"] is None and row["draft_score"] == 100.0 and row["enough_answers"]
