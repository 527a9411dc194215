"""A call or a chat is never asked about faces: the checklist skips what cannot apply."""

from __future__ import annotations

import pytest
from test_report import make_visit
from test_ui_flow import open_window

from undercover.domain.visit import Answer, Channel
from undercover.store import Store

SHOP_FLOOR = ("facial_expression", "eye_contact", "body_language", "used_phone")


@pytest.mark.parametrize(("channel", "own"), [
    (Channel.PHONE, ("rings_before_answer", "hold_minutes")),
    (Channel.CHAT, ("reply_minutes",)),
    (Channel.IN_PERSON, SHOP_FLOOR),
])
def test_each_channel_shows_only_the_questions_that_can_apply(qtbot, tmp_path, channel, own):
    store = Store.open(tmp_path / "shop.db")
    visit = make_visit(store, channel=channel, complete=False,
                       answers={"greeting": Answer("greeting", value=4)})
    window = open_window(qtbot, store)
    editor = window.open_visit(visit.id)
    assert editor is not None
    shown = {card.question.id for i in range(editor.section_count)
             for card in editor.section_page(i).cards}
    assert set(own) <= shown
    if channel is not Channel.IN_PERSON:
        assert not set(SHOP_FLOOR) & shown
    else:
        assert not {"rings_before_answer", "hold_minutes", "reply_minutes"} & shown
    total = len(editor.session.checklist.questions)
    assert total == len(shown)
