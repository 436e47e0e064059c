"""Raising a disagreement and answering its stages, with due dates counted by hand.
"Now" is Friday 4 December 2026; the decision was made by Cal Reed (CADS) on 6 November."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import User
from frontdoor.accounts.tests.factories import audit_since_now, freeze, london
from frontdoor.casework.trays import tray_for
from frontdoor.contacts.models import Decision
from frontdoor.core.errors import DomainError, PermissionDeniedError
from frontdoor.quality.disagreements import services
from frontdoor.quality.disagreements.models import Disagreement, DisagreementStage
from frontdoor.quality.disagreements.selectors import disagreements_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def raise_one(raiser: User, decision: Decision, **changed: Any) -> Disagreement:
    fields: dict[str, Any] = {
        "for_partner": True,
        "partner_name": "Dana Whitfield",
        "partner_agency": "education",
        "partner_role": "Designated safeguarding lead",
        "disagrees_with": "Early help is not enough: the bruising is unexplained.",
        "wants_instead": "A strategy discussion.",
    } | changed
    return services.disagreement_raise(actor=raiser, decision_id=decision.pk, **fields)


@pytest.mark.parametrize(
    ("changed", "field", "message"),
    [
        ({"for_partner": None}, "for_partner", "Select whose disagreement this is"),
        (
            {"partner_name": "  "},
            "partner_name",
            "Enter the name of the professional who disagrees",
        ),
        ({"partner_agency": "circus"}, "partner_agency", "Select the professional's agency"),
        ({"partner_role": ""}, "partner_role", "Enter the professional's role"),
        (
            {"disagrees_with": ""},
            "disagrees_with",
            "Enter what is disagreed with in the decision",
        ),
        ({"wants_instead": " "}, "wants_instead", "Enter what is wanted instead"),
    ],
)
def test_raising_refuses_a_missing_answer_at_its_field(
    raiser: User, decision: Decision, changed: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(DomainError) as refused:
        raise_one(raiser, decision, **changed)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not Disagreement.objects.exists() and not DisagreementStage.objects.exists()


def test_a_workers_own_disagreement_needs_no_partner(raiser: User, decision: Decision) -> None:
    made = raise_one(raiser, decision, for_partner=False, partner_name="ignored")
    assert (made.partner_name, made.partner_agency, made.raised_for) == ("", "", "Ada Lyons")


def test_the_stage_clocks_count_working_days_across_the_weekend(
    monkeypatch: Any, raiser: User, decision: Decision, cads_manager: User, hos: User
) -> None:
    made = raise_one(raiser, decision)
    (first,) = made.stages.all()
    # Raised Friday 4 December: 2 working days are Monday 7 and Tuesday 8 December.
    assert (first.number, first.label, first.started_on, first.due_on) == (
        1,
        "Team manager",
        date(2026, 12, 4),
        date(2026, 12, 8),
    )
    assert first.responsible == cads_manager and first.team == cads_manager.team
    # Escalated on Wednesday 9 December: 5 working days are Thu 10, Fri 11, Mon 14, Tue 15
    # and Wed 16 December.
    freeze(monkeypatch, london(2026, 12, 9, 11, 0))
    made = services.disagreement_outcome(
        actor=cads_manager,
        disagreement_id=made.pk,
        version=made.version,
        outcome="escalated",
        note="The school has new information.",
    )
    first, second = made.stages.all()
    assert (first.outcome, first.note, first.recorded_by) == (
        "escalated",
        "The school has new information.",
        cads_manager,
    )
    assert (second.number, second.label, second.started_on, second.due_on) == (
        2,
        "Head of service",
        date(2026, 12, 9),
        date(2026, 12, 16),
    )
    assert second.responsible == hos and made.is_open and made.version == 2


def test_christmas_and_the_boxing_day_substitute_are_not_counted(
    monkeypatch: Any, raiser: User, decision: Decision, cads_manager: User
) -> None:
    # Thursday 24 December 2026: Friday 25 is Christmas Day and Monday 28 the substitute for
    # Boxing Day (a Saturday); so the 2 working days are Tuesday 29 and Wednesday 30.
    freeze(monkeypatch, london(2026, 12, 24, 9, 0))
    assert raise_one(raiser, decision).stages.get().due_on == date(2026, 12, 30)


def test_escalate_then_resolve_and_the_last_stage_cannot_escalate(
    monkeypatch: Any, raiser: User, decision: Decision, cads_manager: User, hos: User
) -> None:
    made = raise_one(raiser, decision)
    made = services.disagreement_outcome(
        actor=cads_manager, disagreement_id=made.pk, version=1, outcome="escalated", note="No."
    )
    with pytest.raises(DomainError) as refused:
        services.disagreement_outcome(
            actor=hos, disagreement_id=made.pk, version=2, outcome="escalated", note="Further"
        )
    assert refused.value.field == "outcome"
    assert "last stage: it cannot be escalated" in refused.value.message
    with pytest.raises(DomainError) as refused:
        services.disagreement_outcome(
            actor=hos, disagreement_id=made.pk, version=2, outcome="resolved", note="Agreed"
        )
    assert (refused.value.field, refused.value.message) == ("agreed", "Select what was agreed")
    with pytest.raises(DomainError) as refused:
        services.disagreement_outcome(
            actor=hos, disagreement_id=made.pk, version=2, outcome="resolved", agreed="changed"
        )
    assert (refused.value.field, refused.value.message) == ("note", "Enter what was agreed and why")
    freeze(monkeypatch, london(2026, 12, 10, 15, 0))
    made = services.disagreement_outcome(
        actor=hos,
        disagreement_id=made.pk,
        version=2,
        outcome="resolved",
        agreed="changed",
        note="A strategy discussion will be held.",
    )
    assert (made.status, made.agreed, made.resolution) == (
        "resolved",
        "changed",
        "A strategy discussion will be held.",
    )
    assert [s.outcome for s in made.stages.all()] == ["escalated", "resolved"]
    with pytest.raises(DomainError, match="already been resolved"):
        services.disagreement_outcome(
            actor=hos,
            disagreement_id=made.pk,
            version=3,
            outcome="resolved",
            agreed="stands",
            note="Again",
        )


def test_escalating_needs_a_reason(raiser: User, decision: Decision, cads_manager: User) -> None:
    made = raise_one(raiser, decision)
    with pytest.raises(DomainError) as refused:
        services.disagreement_outcome(
            actor=cads_manager, disagreement_id=made.pk, version=1, outcome="escalated"
        )
    assert (refused.value.field, refused.value.message) == ("reason", "Enter why it is escalated")
    with pytest.raises(DomainError) as refused:
        services.disagreement_outcome(
            actor=cads_manager, disagreement_id=made.pk, version=1, outcome=""
        )
    assert refused.value.field == "outcome"


def test_nobody_answers_a_disagreement_with_their_own_decision(
    raiser: User, decision: Decision, cads_manager: User, hos: User
) -> None:
    decision.authorised_by = cads_manager
    decision.save()
    made = raise_one(raiser, decision)
    # The manager authorised it: the stage is in nobody's tray in the team.
    assert made.stages.get().responsible is None
    events = audit_since_now()
    with pytest.raises(PermissionDeniedError) as refused:
        services.disagreement_outcome(
            actor=cads_manager,
            disagreement_id=made.pk,
            version=1,
            outcome="resolved",
            agreed="stands",
            note="It was right.",
        )
    assert refused.value.message == (
        "You cannot record the outcome of a disagreement with a decision you made or authorised"
    )
    (event,) = events.filter(action="refused")
    assert event.summary.startswith("quality: You cannot record the outcome")
    made.refresh_from_db()
    assert made.is_open and made.version == 1 and made.stages.get().outcome == ""


def test_only_the_stages_role_answers_it(
    raiser: User, decision: Decision, hos: User, cads_manager: User
) -> None:
    made = raise_one(raiser, decision)
    with pytest.raises(PermissionDeniedError, match="for the team manager to answer"):
        services.disagreement_outcome(
            actor=hos,
            disagreement_id=made.pk,
            version=1,
            outcome="resolved",
            agreed="stands",
            note="Right.",
        )
    with pytest.raises(PermissionDeniedError):  # a CSW answers no stage
        services.disagreement_outcome(
            actor=raiser,
            disagreement_id=made.pk,
            version=1,
            outcome="resolved",
            agreed="stands",
            note="Right.",
        )


def test_the_open_stage_is_in_the_responsible_persons_tray(
    monkeypatch: Any, raiser: User, decision: Decision, cads_manager: User, hos: User
) -> None:
    made = raise_one(raiser, decision)
    (item,) = [i for i in tray_for(cads_manager).mine if i.kind == "disagreement"]
    assert (item.due_on, item.url, item.worker) == (
        date(2026, 12, 8),
        f"/quality/disagreements/{made.pk}/",
        cads_manager,
    )
    assert item.kind_label == "Professional disagreement"
    assert not [i for i in tray_for(raiser).mine if i.kind == "disagreement"]
    services.disagreement_outcome(
        actor=cads_manager, disagreement_id=made.pk, version=1, outcome="escalated", note="No."
    )
    assert not [i for i in tray_for(cads_manager).mine if i.kind == "disagreement"]
    (item,) = [i for i in tray_for(hos).mine if i.kind == "disagreement"]
    # Escalated on Friday 4 December: 5 working days to Friday 11 December.
    assert item.due_on == date(2026, 12, 11)


def test_the_counts_for_the_dashboard(
    monkeypatch: Any, raiser: User, decision: Decision, cads_manager: User, hos: User
) -> None:
    first = raise_one(raiser, decision)  # Friday 4 December, due Tuesday 8
    second = raise_one(raiser, decision)
    third = raise_one(raiser, decision)
    services.disagreement_outcome(
        actor=cads_manager,
        disagreement_id=first.pk,
        version=1,
        outcome="resolved",
        agreed="stands",
        note="Explained.",
    )
    freeze(monkeypatch, london(2026, 12, 10, 9, 0))
    services.disagreement_outcome(
        actor=cads_manager, disagreement_id=second.pk, version=1, outcome="escalated", note="No."
    )
    services.disagreement_outcome(
        actor=hos,
        disagreement_id=second.pk,
        version=2,
        outcome="resolved",
        agreed="changed",
        note="Changed.",
    )
    # The third is still at its first stage, due 8 December: overdue at 9 December's close.
    counts = disagreements_counts(date(2026, 12, 1), date(2026, 12, 9))
    assert (counts.raised, counts.resolved_at_stage, counts.open_overdue) == (3, {1: 1}, 2)
    counts = disagreements_counts(date(2026, 12, 1), date(2026, 12, 10))
    assert (counts.raised, counts.resolved_at_stage, counts.open_overdue) == (3, {1: 1, 2: 1}, 1)
    # On 8 December nothing is overdue yet (due that day), and nothing was raised that day.
    counts = disagreements_counts(date(2026, 12, 8), date(2026, 12, 8))
    assert (counts.raised, counts.resolved, counts.open_overdue) == (0, 0, 0)
    assert third.is_open
