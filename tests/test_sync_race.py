"""Two sync passes at once on the same inbox and database (the app and a scheduled task),
as real processes: every good bundle imported once, every bad one set aside once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from exchange_helpers import add_visit
from sync_helpers import age, complete, records

from undercover.exchange.sync import REJECTED, sync_once
from undercover.store import Store

pytestmark = pytest.mark.slow

ROUNDS = 10


def test_two_passes_at_once_import_each_bundle_and_reject_each_bad_file_once(tmp_path):
    sent = tmp_path / "sent"
    sent.mkdir()
    with Store.open(tmp_path / "shopper.db") as store:
        for n in range(3):
            complete(store, add_visit(store, f"Shop {n}", photos=1, seed=n + 1).id)
        bundles = sorted(sync_once(store, outbox=sent).sent)
    expected = tmp_path / "expected.db"
    with Store.open(expected) as store:
        sync_once(store, inbox=sent)
    env = dict(os.environ)
    for round_ in range(ROUNDS):
        inbox = tmp_path / f"inbox-{round_}"
        inbox.mkdir()
        for name in bundles:
            shutil.copy(sent / name, inbox)
        bad = [f"0-bad-{n}.undercover" for n in range(5)]  # first in line for both passes
        for name in bad:
            inbox.joinpath(name).write_bytes(b"PK\x03\x04 not really")
            age(inbox / name)
        owner = tmp_path / f"owner-{round_}.db"
        Store.open(owner).close()
        command = [sys.executable, "-m", "undercover", "sync", "--db", str(owner),
                   "--inbox", str(inbox)]
        processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True, env=env) for _ in range(2)]
        results = [p.communicate(timeout=60) for p in processes]
        for process, (out, err) in zip(processes, results, strict=True):
            assert process.returncode == 0, (out, err)
            assert err == ""
        assert sorted(p.name for p in (inbox / REJECTED).iterdir()) == sorted(
            [*bad, *(f"{name}.txt" for name in bad)]
        ), results
        assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == bundles
        assert records(owner) == records(expected), f"round {round_}"
        with Store.open(owner) as store:
            assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert sync_once(store, inbox=inbox).sentence() == "Inbox: 3 already imported."
