"""Which part of the customer-centric model needs work, said plainly and with its evidence.

A verdict names the weakest pillar only when it is clearly the weakest: pillars
within a few points of each other are a tie. It names the answers that pulled
the pillar down, so an owner can check the claim, and it says "continuous
improvement" when recent scores are flat or falling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from undercover.domain.checklist import Pillar

# Pillars closer than this are a tie: a smaller gap is within the noise of one visit.
TIE_GAP = 5.0
STRONG_SCORE = 80.0
# The recent trend is "rising" only when it gains at least this much.
RISING = 2.0


@dataclass(frozen=True)
class Evidence:
    """One answer (or one question's average) behind a verdict."""

    question: str
    answer: str  # "3 hand-offs, target 0", or "failed on 4 of 9 visits"
    score: float


def _names(pillars: Sequence[Pillar]) -> str:
    labels = [p.label for p in pillars]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _evidence_text(evidence: Sequence[Evidence]) -> str:
    return "; ".join(
        f"\u201c{e.question}\u201d {e.answer} ({e.score:.0f}/100)" for e in evidence
    )


def needs_work(
    pillars: Mapping[Pillar, float | None],
    behind: Mapping[Pillar, Sequence[Evidence]] | None = None,
) -> str:
    """The verdict for a set of pillar scores; ``behind`` gives each pillar's lowest answers."""
    scored = [(score, p) for p, score in pillars.items() if score is not None]
    if not scored:
        return "Not enough answers yet to say which part of the model needs work."
    order = list(Pillar)
    scored.sort(key=lambda sp: (sp[0], order.index(sp[1])))
    lowest, weakest = scored[0]
    tied = [p for score, p in scored if score - lowest < TIE_GAP]
    unscored = [p for p in Pillar if pillars.get(p) is None]
    tail = f" ({_names(unscored)} not scored.)" if unscored else ""
    if lowest >= STRONG_SCORE:
        return (
            f"All scored pillars are strong (lowest: {weakest.label}, {lowest:.0f}/100); "
            f"keep the small improvements coming.{tail}"
        )
    if len(tied) == 1:
        head = f"{weakest.label} needs the most work ({lowest:.0f}/100)"
    else:
        figures = ", ".join(f"{p.label} {pillars[p]:.0f}" for p in tied)
        head = (f"{_names(tied)} need work about equally ({figures}: less than "
                f"{TIE_GAP:.0f} points apart, which is a tie)")
    evidence: list[Evidence] = []
    for pillar in tied:
        for item in (behind or {}).get(pillar, ()):
            if item not in evidence:
                evidence.append(item)
    evidence = sorted(evidence, key=lambda e: e.score)[:3]
    if evidence:
        return f"{head}. Lowest answers behind it: {_evidence_text(evidence)}.{tail}"
    return f"{head}.{tail}"


def improvement(recent: Sequence[float]) -> str | None:
    """"Continuous improvement" when the latest scores are flat or falling, else None.

    ``recent`` holds overall scores oldest first; the last three are compared with
    the three before them, so at least six are needed to say anything.
    """
    if len(recent) < 6:
        return None
    before, after = recent[-6:-3], recent[-3:]
    was, now = sum(before) / 3, sum(after) / 3
    if now - was >= RISING:
        return None
    trend = "flat" if abs(now - was) < RISING else "falling"
    return (
        f"Continuous improvement: the overall score is {trend} over the last six visits "
        f"(average {was:.0f} for the three before, {now:.0f} for the latest three); "
        "pick one small change and check it on the next visits."
    )
