"""Checklists: sections of questions an evaluator answers during a visit.

A checklist is identified by ``(key, version)``. A stored version never
changes; editing a checklist creates the next version, so every visit keeps
the questions it was scored with.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class QuestionKind(StrEnum):
    RATING = "rating"  # 1-5, each point with an anchor text
    YES_NO = "yes_no"
    BIPOLAR = "bipolar"  # 1 = scripted ... 5 = authentic
    NUMBER = "number"  # minutes, counts; scored against a target
    LIKELIHOOD = "likelihood"  # 0-10
    TEXT = "text"  # free text, never scored


class Pillar(StrEnum):
    EMPATHY = "engaging_empathy"
    SERVING = "serving_spirit"
    PRESENCE = "palpable_presence"

    @property
    def label(self) -> str:
        return PILLAR_LABELS[self]


PILLAR_LABELS = {
    Pillar.EMPATHY: "Engaging empathy",
    Pillar.SERVING: "Serving spirit",
    Pillar.PRESENCE: "Palpable presence",
}


class FindingKind(StrEnum):
    LEAK = "leak"
    MISSED = "missed_opportunity"

    @property
    def label(self) -> str:
        return "Leak" if self is FindingKind.LEAK else "Missed opportunity"


class Better(StrEnum):
    """Which way a number answer improves: waits are better lower, choices higher."""

    LOWER = "lower"
    HIGHER = "higher"


class Audience(StrEnum):
    CUSTOMER = "customer"
    INTERNAL = "internal"


BEHAVIOURS = (
    "self_awareness",
    "listening",
    "questioning",
    "empathy",
    "responsiveness",
    "receiving_feedback",
)

# Where a visit happens (the values of domain.visit.Channel); a question may apply to some only.
CHANNELS = ("in_person", "phone", "web", "chat")

SCORED_KINDS = frozenset(QuestionKind) - {QuestionKind.TEXT}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: QuestionKind
    help: str = ""
    anchors: tuple[str, ...] = ()
    weight: float = 1.0
    allow_na: bool = True
    required: bool = False
    critical: bool = False
    pillars: tuple[Pillar, ...] = ()
    finding: FindingKind | None = None
    behaviours: tuple[str, ...] = ()
    # What to do when this question goes badly; becomes a finding's recommendation.
    recommend: str = ""
    # NUMBER only: the answer scores 100 at ``target`` and 0 at ``worst``.
    unit: str = ""
    target: float | None = None
    worst: float | None = None
    better: Better | None = None
    # YES_NO only: which answer is the good one.
    good_answer: bool = True
    # A politeness item (greeting, courtesy, tone, farewell): "polite" is judged from these.
    polite: bool = False
    # Why a scored question never suggests a finding, when it does not.
    no_finding: str = ""
    # What a bad answer means, as a finding says it ("Nobody asked for a referral").
    happened: str = ""
    # When in the visit it happens, where the section's moment does not fit ("Leaving").
    moment: str = ""
    # The channels the question applies to; empty means every channel.
    channels: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.kind in SCORED_KINDS

    @property
    def scale(self) -> tuple[int, int] | None:
        """The lowest and highest value the answer widget offers, for fixed scales."""
        return {
            QuestionKind.RATING: (1, 5),
            QuestionKind.BIPOLAR: (1, 5),
            QuestionKind.LIKELIHOOD: (0, 10),
            QuestionKind.YES_NO: (0, 1),
        }.get(self.kind)

    def applies_to(self, channel: str) -> bool:
        return not self.channels or channel in self.channels

    def anchor(self, value: float | None) -> str:
        """The anchor text of a chosen point, or "" when there is none."""
        if value is None or not self.anchors:
            return ""
        low, _ = self.scale or (1, 5)
        index = round(value) - low
        return self.anchors[index] if 0 <= index < len(self.anchors) else ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str = ""
    weight: float = 1.0
    moment: str = ""  # when in the visit its questions happen, if the title does not say


@dataclass(frozen=True)
class Checklist:
    key: str
    version: int
    title: str
    sections: tuple[Section, ...]
    description: str = ""
    audience: Audience = Audience.CUSTOMER
    _index: dict[str, tuple[Section, Question]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        index = {q.id: (s, q) for s in self.sections for q in s.questions}
        object.__setattr__(self, "_index", index)

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> Question:
        return self._index[question_id][1]

    def section_of(self, question_id: str) -> Section:
        return self._index[question_id][0]

    def moment_of(self, question_id: str) -> str:
        """Where in the visit a question's moment falls, as a finding's "where" says it."""
        section, question = self._index[question_id]
        return question.moment or section.moment or section.title

    def has_question(self, question_id: str) -> bool:
        return question_id in self._index

    def for_channel(self, channel: str) -> Checklist:
        """The checklist as a visit on ``channel`` sees it: questions that cannot apply
        there (a face on a phone call) are left out, not left for the shopper to mark N/A."""
        sections = []
        for section in self.sections:
            kept = tuple(q for q in section.questions if q.applies_to(channel))
            if kept:
                sections.append(replace(section, questions=kept))
        if sum(len(s.questions) for s in sections) == len(self.questions):
            return self
        return replace(self, sections=tuple(sections))

    def section_index(self, section_id: str) -> int:
        for i, section in enumerate(self.sections):
            if section.id == section_id:
                return i
        raise KeyError(section_id)
