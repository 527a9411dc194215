"""The demo business tells one story: answers, notes, verdicts, findings and photos agree."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from undercover.demo import create_demo
from undercover.demo_text import MOMENTS, NOTES
from undercover.domain.checklist import Audience
from undercover.domain.scoring import LOW_SCORE, question_score
from undercover.domain.visit import Assessment, Channel, FindingStatus
from undercover.store import Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> list:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store.open(path) as store:
        create_demo(store, visits=40, seed=3)
        visits = [store.visits.get(row.id) for row in store.visits.summaries()]
        return [(v, store.checklists.get(v.checklist_key, v.checklist_version)
                 .for_channel(v.channel)) for v in visits]


def test_every_note_belongs_to_its_question_and_the_side_its_answer_fell(demo):
    notes = 0
    for visit, checklist in demo:
        for qid, answer in visit.answers.items():
            if not answer.note:
                continue
            notes += 1
            bad, good = NOTES[qid]
            score = question_score(checklist.question(qid), answer)
            pool = bad if score is not None and score < LOW_SCORE else good
            figure = f"{answer.value:g}" if answer.value is not None else ""
            assert answer.note in {n.format(value=figure) for n in pool}, (qid, answer)
    assert notes >= 20


def test_a_bad_visit_never_ends_with_a_happy_verdict(demo):
    for visit, checklist in demo:
        rude = any(q.critical and q.polite and question_score(q, visit.answers.get(q.id)) == 0
                   for q in checklist.questions)
        back = visit.answers.get("likely_return")
        if rude and back is not None:
            assert back.value <= 3
            assert "Looked after" not in visit.answers["felt_leaving"].text
        moment = visit.answers.get("moment_that_mattered")
        if moment is not None:  # told with the figure of the answer it is about
            told = {t.format(value=f"{a.value:g}" if a.value is not None else "")
                    for qid, pair in MOMENTS.items() if (a := visit.answers.get(qid))
                    for t in pair if t}
            assert moment.text in told, moment.text


def test_calls_and_chats_never_carry_shop_floor_answers_or_photos(demo):
    remote = [(v, c) for v, c in demo if v.channel is not Channel.IN_PERSON]
    assert remote
    for visit, _ in remote:
        assert not {"facial_expression", "eye_contact", "body_language", "used_phone"} \
            & set(visit.answers)
        assert not visit.photos
        assert all(f.question_id for f in visit.findings)  # no card machine on a call


def test_photos_are_taken_during_the_visit_and_show_what_they_are_evidence_for(demo):
    photos = 0
    for visit, checklist in demo:
        start = datetime.fromisoformat(visit.started_at)
        end = datetime.fromisoformat(visit.ended_at) if visit.ended_at else None
        by_id = {p.id: p for p in visit.photos}
        for photo in visit.photos:
            photos += 1
            taken = datetime.fromisoformat(photo.taken_at).replace(tzinfo=start.tzinfo)
            assert start <= taken and (end is None or taken <= end), photo
            if photo.question_id:  # attached to a question it shows going badly
                q = checklist.question(photo.question_id)
                assert question_score(q, visit.answers[q.id]) < LOW_SCORE
        for finding in visit.findings:
            assert finding.status is FindingStatus.CONFIRMED or not finding.photo_ids
            for photo_id in finding.photo_ids:
                assert by_id[photo_id].question_id == finding.question_id
    assert photos >= 40


def test_findings_follow_from_low_answers_and_the_demo_has_every_kind_of_visit(demo):
    kinds = set()
    for visit, checklist in demo:
        kinds.add((visit.assessment, checklist.audience))
        for finding in visit.findings:
            if finding.question_id:
                q = checklist.question(finding.question_id)
                assert question_score(q, visit.answers[q.id]) < LOW_SCORE
    assert kinds == {(Assessment.OBSERVED, Audience.CUSTOMER),
                     (Assessment.OBSERVED, Audience.INTERNAL),
                     (Assessment.SELF, Audience.CUSTOMER)}
    selfs = [v for v, _ in demo if v.assessment is Assessment.SELF]
    assert len(selfs) == 3 and not any(v.findings or v.photos for v in selfs)


def test_who_served_is_only_what_the_evaluator_could_know(demo):
    served = [(v.channel, v.served_by) for v, _ in demo if v.served_by]
    assert any(channel is Channel.IN_PERSON for channel, _ in served)
    for channel, who in served:
        if channel is Channel.PHONE:
            assert who.endswith("(gave their name on the phone)"), who
        else:
            assert channel is Channel.IN_PERSON, (channel, who)
