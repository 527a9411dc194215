"""Bundles imported in any order, any number of times, end in the same database.

Three laptops work on overlapping visits (edits on both sides, a deletion, a
location each names alike, photos added and findings removed) and send bundles
along the way. Importing those bundles into fresh databases, in orders and with
repeats chosen by Hypothesis, must always give the same contents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import add_visit, contents, jpeg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from undercover.domain.visit import Answer
from undercover.exchange.bundle import export_bundle
from undercover.exchange.importer import import_bundles
from undercover.store import Store
from undercover.store.photo_intake import prepare_photo
from undercover.store.records import visit_ids


def send(store: Store, out: Path) -> Path:
    export_bundle(store, visit_ids(store.db), out)
    return out


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("laptops")
    a, b, c = (Store.open(folder / f"{name}.db") for name in "abc")
    made = []
    try:
        v1 = add_visit(a, "Harbour Street", photos=2, seed=1)
        v2 = add_visit(a, "Market Square", photos=1, seed=2)
        first = send(a, folder / "a1.undercover")
        add_visit(c, "HARBOUR STREET", photos=0, seed=5)  # C named it before hearing of A's
        made += [first, send(c, folder / "c1.undercover")]
        import_bundles([first], b)
        import_bundles([first], c)
        b.visits.save_answer(v1.id, Answer("greeting", 5.0))
        add_visit(b, "harbour street", photos=1, seed=3)  # B names the place alike
        made.append(send(b, folder / "b1.undercover"))
        a.visits.save_answer(v1.id, Answer("greeting", 1.0))  # both sides changed v1
        a.visits.update(v1.id, scenario="Asked twice for the bill")
        a.visits.delete_finding(v2.findings[0].id)
        second = send(a, folder / "a2.undercover")
        c.visits.delete(v2.id)
        add_visit(c, "Station Road", photos=1, seed=4)
        deletion = send(c, folder / "c2.undercover")
        made += [second, deletion]
        a.photos.add(v1.id, prepare_photo(jpeg(77), "late.jpg"))
        made.append(send(a, folder / "a3.undercover"))
        import_bundles([second, deletion], b)
        b.visits.save_answer(v1.id, Answer("used_name", 3.0))
        made.append(send(b, folder / "b2.undercover"))
    finally:
        for store in (a, b, c):
            store.close()
    return made


@pytest.fixture(scope="module")
def expected(bundles: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("reference") / "owner.db"
    with Store.open(path) as store:
        summary = import_bundles(bundles, store)
    assert summary.conflict, "the scenario must produce a conflict to be worth testing"
    result = contents(path)
    assert any(r[0] == "visit" for r in result["tombstones"]), "and a deletion"
    assert result["location_aliases"], "and one place named on two machines"
    return result


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_order_and_any_repeats_give_the_same_database(bundles, expected, tmp_path, data):
    order = data.draw(st.permutations(range(len(bundles))), label="order")
    repeats = data.draw(st.lists(st.sampled_from(range(len(bundles))), max_size=3),
                        label="repeats")
    one_by_one = data.draw(st.booleans(), label="one bundle per import")
    path = tmp_path / f"owner-{'-'.join(map(str, order + repeats))}-{one_by_one}.db"
    chosen = [bundles[i] for i in order + repeats]
    with Store.open(path) as store:
        if one_by_one:
            for bundle in chosen:
                import_bundles([bundle], store)
        else:
            import_bundles(chosen, store)
    assert contents(path) == expected
    path.unlink()
