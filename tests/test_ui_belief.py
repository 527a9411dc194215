"""The reality check from the app: start a self-assessment, then see belief beside a visit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_findings_truth import good_answers
from test_report import make_visit
from test_ui_flow import click, click_nav, open_window

from undercover.domain.checklist import Pillar
from undercover.domain.visit import Answer, Assessment
from undercover.report.summary_data import summarise
from undercover.store import Store


def test_a_self_assessment_started_from_new_visit_stays_out_of_observed_figures(
    qtbot, tmp_path
):
    store = Store.open(tmp_path / "shop.db")
    observed = make_visit(store, answers=good_answers(store, eye_contact=1, used_phone=1,
                                                      undivided_attention=1))
    window = open_window(qtbot, store)
    window.new_visit()
    dialog = window.new_visit_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.self_assessment.text() == "Self-assessment (how I believe a visit goes)"
    click(qtbot, dialog.self_assessment)
    qtbot.keyClicks(dialog.scenario, "How I believe a lunchtime visit goes")
    click(qtbot, dialog.start_button)

    editor = window.editor
    assert editor is not None
    belief = editor.session.visit
    assert store.visits.get(belief.id).assessment is Assessment.SELF
    for qid, answer in good_answers(store).items():  # the owner believes all goes well
        if editor.session.checklist.has_question(qid):
            store.visits.save_answer(belief.id, answer)
    store.visits.complete(belief.id)
    summary = summarise(store)
    assert [f.row.id for f in summary.counted] == [observed.id]
    assert summary.belief is not None and summary.belief.visits == 1

    # The observed visit's summary page sets belief beside what was seen, per pillar.
    window.close()  # closes its store
    store = Store.open(tmp_path / "shop.db")
    window = open_window(qtbot, store)
    editor = window.open_visit(observed.id)
    assert editor is not None
    click_nav(qtbot, editor, editor.summary_index)
    text = editor.summary_page.belief_label.text()
    seen = store.visits.scorecard(observed.id).pillars[Pillar.PRESENCE]
    assert text.startswith("Belief (your self-assessment) against this visit:")
    assert (f"Palpable presence: believed 100, seen {seen:.0f}, {100 - seen:.0f} lower than "
            "believed") in text
    assert "Serving spirit: believed 100, seen 100, about as believed" in text


def test_who_served_you_is_typed_on_the_summary_page_and_kept(qtbot, tmp_path):
    store = Store.open(tmp_path / "shop.db")
    draft = make_visit(store, complete=False)
    done = make_visit(store, day="2026-03-20", served_by="Tom, shift lead")
    window = open_window(qtbot, store)
    editor = window.open_visit(draft.id)
    click_nav(qtbot, editor, editor.summary_index)
    field = editor.summary_page.served_by
    click(qtbot, field)
    qtbot.keyClicks(field, "Priya (name badge)")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert store.visits.get(draft.id).served_by == "Priya (name badge)"
    editor = window.open_visit(done.id)  # completed: shown, not editable until Edit visit
    click_nav(qtbot, editor, editor.summary_index)
    assert editor.summary_page.served_by.text() == "Tom, shift lead"
    assert editor.summary_page.served_by.isReadOnly()


def test_the_summary_page_says_what_each_action_rests_on(qtbot, tmp_path):
    store = Store.open(tmp_path / "shop.db")
    visit = make_visit(store, complete=False, answers=good_answers(
        store, used_phone=Answer("used_phone", 1.0, note="Scrolling at the till")))
    window = open_window(qtbot, store)
    editor = window.open_visit(visit.id)
    click_nav(qtbot, editor, editor.summary_index)
    text = editor.summary_page.actions_label.text()
    assert text.startswith("1.  Keep personal phones out of sight")
    assert ("Because: “Did the staff member look at a phone or an unrelated screen while "
            "dealing with you?” Yes; note: Scrolling at the till") in text


def test_the_side_panel_gives_no_score_for_a_draft_with_too_few_answers(qtbot, tmp_path):
    from undercover.ui.visit_nav import DETAIL_ROLE

    store = Store.open(tmp_path / "shop.db")
    answers = good_answers(store)
    few = dict(list(answers.items())[:3])
    draft = make_visit(store, answers=few, complete=False)
    full = make_visit(store, answers=answers, complete=False)
    window = open_window(qtbot, store)

    editor = window.open_visit(draft.id)
    assert editor is not None
    summary_item = editor.nav.item(editor.summary_index)
    assert editor.session.scorecard.overall is not None  # a score exists, but stands for little
    assert not editor.session.scorecard.enough
    assert summary_item.data(DETAIL_ROLE) == ""
    window.close()

    store = Store.open(tmp_path / "shop.db")
    window = open_window(qtbot, store)
    editor = window.open_visit(full.id)
    assert editor is not None
    headline = editor.session.scorecard.headline
    assert headline is not None
    assert editor.nav.item(editor.summary_index).data(DETAIL_ROLE) == f"{headline:.0f}"
