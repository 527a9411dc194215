"""Where two windows changed one answer, each part keeps the side that changed it."""

from __future__ import annotations

from undercover.domain.visit import Answer, Photo, Visit
from undercover.domain.visit_changes import changes_between, merge_answer, same_answer


def test_each_part_of_an_answer_keeps_the_side_that_changed_it():
    base = Answer("greeting", 2.0, note="")
    theirs = Answer("greeting", 5.0, note="")
    mine = Answer("greeting", 2.0, note="Slow <&> 🐢")
    assert merge_answer(base, mine, theirs) == Answer("greeting", 5.0, note="Slow <&> 🐢")
    # both changed the choice: the one being written now wins, and the note stays theirs
    assert merge_answer(base, Answer("greeting", 3.0), Answer("greeting", 5.0, note="x")) \
        == Answer("greeting", 3.0, note="x")
    # N/A is a choice like any other
    assert merge_answer(base, Answer("greeting", na=True), theirs).na


def test_a_value_hidden_under_na_is_not_a_difference():
    assert same_answer(Answer("q", 3.0, na=True), Answer("q", None, na=True))
    assert not same_answer(Answer("q", 3.0), Answer("q", 3.0, note=" "))


def test_changes_between_a_copy_and_the_stored_visit():
    photo = Photo(id="p1", visit_id="v", file_name="a.jpg", sha256="s", width=1, height=1,
                  caption="old")
    new = Photo(id="p2", visit_id="v", file_name="b.jpg", sha256="t", width=1, height=1)
    stored = Visit("loc", "customer-centric", 2)
    stored.answers = {"greeting": Answer("greeting", 5.0)}
    stored.photos = [Photo(**{**photo.__dict__, "caption": "new"}), new]
    changes = changes_between({"greeting": Answer("greeting", 2.0), "used_name":
                               Answer("used_name", 1.0)}, [], [photo], stored.status, stored)
    assert changes.answers == ["greeting", "used_name"]
    assert [p.id for p in changes.photos_new] == ["p2"] and not changes.photos_gone
    assert [p.caption for p in changes.captions] == ["new"]
    assert changes.any and not changes.status and not changes.findings
    nothing = changes_between(dict(stored.answers), [], list(stored.photos), stored.status,
                              stored)
    assert not nothing.any
    only_new_photo = changes_between(dict(stored.answers), [], [stored.photos[0]],
                                     stored.status, stored)
    assert not only_new_photo.any, "a photo this window is still adding is not news"
