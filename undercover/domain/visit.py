"""Visits and what an evaluator records during one: answers, findings, photos.

Ids are UUIDs so visits made on different laptops merge without clashes;
times are stored in UTC (see ``times``) and shown in local time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from undercover.domain.checklist import FindingKind
from undercover.domain.times import local_day, now_utc


def new_id() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    """This moment as stored: UTC, ISO 8601 with ``Z``."""
    return now_utc()


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    WEB = "web"
    CHAT = "chat"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "phone": "Phone", "web": "Web", "chat": "Chat"}[self]


class VisitStatus(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Assessment(StrEnum):
    """An observed visit, or the owner's belief of how a visit goes (reality check)."""

    OBSERVED = "observed"
    SELF = "self"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()


class FindingStatus(StrEnum):
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


@dataclass
class Location:
    name: str
    address: str = ""
    notes: str = ""
    id: str = field(default_factory=new_id)
    updated_at: str | None = field(default=None, compare=False)  # None: now, when saved


@dataclass
class Evaluator:
    """Who evaluated a visit: a code (printed on reports), a name, and the computer used."""

    code: str
    name: str = ""
    machine_id: str = ""
    id: str = field(default_factory=new_id)
    updated_at: str | None = field(default=None, compare=False)  # None: now, when saved


@dataclass
class Answer:
    """One question's answer. ``value`` holds numbers (yes = 1, no = 0); ``text`` free text."""

    question_id: str
    value: float | None = None
    text: str = ""
    na: bool = False
    note: str = ""
    updated_at: str | None = field(default=None, compare=False)  # None: now, when saved

    @property
    def given(self) -> bool:
        return self.na or self.value is not None or bool(self.text.strip())


@dataclass
class Finding:
    """A leak or a missed opportunity the evaluator confirmed (or dismissed, if suggested)."""

    kind: FindingKind
    summary: str
    where: str = ""
    severity: Severity = Severity.MEDIUM
    evidence: str = ""
    recommendation: str = ""
    question_id: str | None = None
    status: FindingStatus = FindingStatus.CONFIRMED
    photo_ids: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    # Set by the store: when first saved, and when last saved with a change.
    created_at: str | None = field(default=None, compare=False)
    updated_at: str | None = field(default=None, compare=False)


@dataclass
class Photo:
    """A stored photo's details; its JPEG bytes are fetched separately, only when needed."""

    id: str
    visit_id: str
    file_name: str
    sha256: str
    width: int
    height: int
    question_id: str | None = None
    caption: str = ""
    taken_at: str | None = None
    created_at: str = ""
    updated_at: str = field(default="", compare=False)


@dataclass
class Visit:
    location_id: str
    checklist_key: str
    checklist_version: int
    channel: Channel = Channel.IN_PERSON
    scenario: str = ""
    evaluator_code: str = ""
    assessment: Assessment = Assessment.OBSERVED
    served_by: str = ""  # a name badge or a description, to recognise staff
    planned_start: str | None = None
    planned_end: str | None = None
    started_at: str | None = None
    ended_at: str | None = None
    status: VisitStatus = VisitStatus.DRAFT
    current_section: int = 0
    answers: dict[str, Answer] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    edited_at: str | None = None
    evaluator_id: str | None = None  # None: this computer's evaluator with evaluator_code
    checklist_sha256: str | None = None  # None: the stored checklist_key/version's hash
    # Edit history for merging: how many edits each machine (by id) made to this visit.
    versions: dict[str, int] = field(default_factory=dict)

    @property
    def date(self) -> str:
        """The local day the visit happened (or is planned for), as YYYY-MM-DD."""
        return local_day(self.started_at or self.planned_start or self.created_at)

    @property
    def completed(self) -> bool:
        return self.status is VisitStatus.COMPLETED


# A headline score needs at least this share of the scored questions answered (N/A counts
# as an answer): below it, a few good answers on a draft would read as a good visit.
MIN_COVERAGE = 0.6


def enough_answers(answered: int, total: int) -> bool:
    """The minimum coverage rule: enough scored questions answered for a headline score."""
    return total > 0 and answered >= MIN_COVERAGE * total


@dataclass(frozen=True)
class VisitSummary:
    """One row of the visit list: what lists and charts show, without answers or photos."""

    id: str
    location_id: str
    location: str
    date: str
    channel: Channel
    evaluator_code: str
    status: VisitStatus
    assessment: Assessment
    checklist_key: str
    checklist_version: int
    scenario: str
    score: float | None
    empathy: float | None
    serving: float | None
    presence: float | None
    flagged: bool
    updated_at: str
    search_text: str = ""
    in_conflict: bool = False  # changed on two machines; the owner has to choose
    # Scored questions answered (N/A counts) and how many there are; None: not counted yet.
    scored_answered: int | None = None
    scored_total: int | None = None

    @property
    def enough(self) -> bool:
        """Enough answers for a headline score (unknown counts are taken as enough)."""
        if self.scored_answered is None or self.scored_total is None:
            return self.score is not None
        return self.score is not None and enough_answers(self.scored_answered, self.scored_total)

    @property
    def headline(self) -> float | None:
        """The score to show and rank by, as reports show it: None below the minimum coverage."""
        return self.score if self.enough else None
