"""What changed in a visit between what a window shows and what is stored now.

Two windows (or a window and another program) may change the same visit. Before a
window trusts its copy it compares it with the stored visit; where both changed one
answer, each part (the choice, the text, the note) keeps the side that changed it, so
neither side's change is lost silently. Pure functions: no Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from undercover.domain.visit import Answer, Finding, Photo, Visit


def same_answer(a: Answer, b: Answer) -> bool:
    """Equal as the evaluator sees them (a value hidden under N/A does not count)."""
    return (
        a.na == b.na
        and (None if a.na else a.value) == (None if b.na else b.value)
        and a.text == b.text
        and a.note == b.note
    )


def merge_answer(base: Answer, mine: Answer, theirs: Answer) -> Answer:
    """``mine`` and ``theirs`` both started from ``base``: each part as changed here, or
    else as changed elsewhere."""
    mine_choice = (mine.na, None if mine.na else mine.value)
    base_choice = (base.na, None if base.na else base.value)
    choice = mine if mine_choice != base_choice else theirs
    return replace(
        mine, value=choice.value, na=choice.na,
        text=mine.text if mine.text != base.text else theirs.text,
        note=mine.note if mine.note != base.note else theirs.note,
    )


@dataclass
class VisitChanges:
    """How the stored visit differs from a window's copy of it."""

    answers: list[str] = field(default_factory=list)  # question ids
    findings: bool = False
    photos_gone: list[str] = field(default_factory=list)  # photo ids
    photos_new: list[Photo] = field(default_factory=list)
    captions: list[Photo] = field(default_factory=list)  # stored photos with a new caption
    status: bool = False

    @property
    def any(self) -> bool:
        """Anything the evaluator should be told about (new photos may be their own)."""
        return bool(self.answers or self.findings or self.photos_gone or self.captions
                    or self.status)


def changes_between(
    answers: dict[str, Answer], findings: list[Finding], photos: list[Photo], status: str,
    stored: Visit,
) -> VisitChanges:
    """What ``stored`` has that the copy (answers, findings, photos, status) does not."""
    known = {p.id: p for p in photos}
    stored_ids = {p.id for p in stored.photos}
    return VisitChanges(
        answers=[
            qid for qid in dict.fromkeys([*answers, *stored.answers])
            if not same_answer(answers.get(qid) or Answer(qid),
                               stored.answers.get(qid) or Answer(qid))
        ],
        findings=stored.findings != findings,
        photos_gone=[p.id for p in photos if p.id not in stored_ids],
        photos_new=[p for p in stored.photos if p.id not in known],
        captions=[p for p in stored.photos if p.id in known and known[p.id].caption != p.caption],
        status=stored.status != status,
    )
