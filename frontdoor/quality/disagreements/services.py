"""Raising a professional disagreement with a decision, and recording each stage's outcome.

The stages come from `FRONTDOOR_DISAGREEMENT_STAGES`; each is due a number of working days
after the day it began. A team manager stage is answered by a team manager of the decider's
team, any other stage by anyone holding its role. Nobody records the outcome of a
disagreement with a decision they made or authorised: that refusal is audited (as `refused`)
before it is raised, outside the write's transaction, as the audits' refusals are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Agency, Team, User
from frontdoor.casework.clocks import today
from frontdoor.contacts.models import Decision
from frontdoor.core.audit import audit_refusal, audit_write
from frontdoor.core.errors import DomainError, PermissionDeniedError
from frontdoor.core.services import bump, check_version, lock, require, required_text
from frontdoor.core.working_days import calendar

from .models import Disagreement, DisagreementStage

TEAM_MANAGER = "team_manager"


class OwnDecisionRefused(PermissionDeniedError):
    """Recording the outcome of a disagreement with one's own decision."""


@dataclass(frozen=True)
class StageRule:
    key: str
    label: str
    role: str
    working_days: int


def stage_rules() -> list[StageRule]:
    stages: list[dict[str, Any]] = settings.FRONTDOOR_DISAGREEMENT_STAGES
    return [StageRule(s["key"], s["label"], s["role"], int(s["working_days"])) for s in stages]


def authors_of(decision: Decision) -> set[int]:
    return {pk for pk in (decision.decided_by_id, decision.authorised_by_id) if pk}


def _refuse(actor: Any, message: str, person_id: int | None) -> None:
    audit_refusal(actor=actor, reason=f"quality: {message}", person=person_id)
    raise OwnDecisionRefused(message)


def stage_team(rule: StageRule, decision: Decision) -> Team | None:
    """The team whose manager answers a team manager stage: the decider's."""
    return decision.decided_by.team if rule.role == TEAM_MANAGER else None


def may_answer(user: Any, stage: DisagreementStage) -> bool:
    """Whether `user` holds the stage's role (a team manager: of the stage's team)."""
    if user.role != stage.role:
        return False
    return stage.role != TEAM_MANAGER or (
        stage.team_id is not None and user.team_id == stage.team_id
    )


def _responsible(rule: StageRule, team: Team | None, decision: Decision) -> User | None:
    """Whose tray the stage is in: the first active holder of the role (in the decider's team
    for a team manager) who did not make or authorise the decision."""
    people = User.objects.filter(role=rule.role, is_active=True).exclude(
        pk__in=authors_of(decision)
    )
    if rule.role == TEAM_MANAGER:
        people = people.filter(team=team) if team is not None else people.none()
    return people.order_by("pk").first()


def _open_stage(disagreement: Disagreement, number: int, started_on: date) -> DisagreementStage:
    rule = stage_rules()[number - 1]
    team = stage_team(rule, disagreement.decision)
    responsible = _responsible(rule, team, disagreement.decision)
    return DisagreementStage.objects.create(
        disagreement=disagreement,
        number=number,
        key=rule.key,
        label=rule.label,
        role=rule.role,
        team=team if team is not None else (responsible.team if responsible else None),
        responsible=responsible,
        started_on=started_on,
        due_on=calendar().add_working_days(started_on, rule.working_days),
    )


@transaction.atomic
def disagreement_raise(
    *,
    actor: Any,
    decision_id: int,
    for_partner: bool | None,
    disagrees_with: str,
    wants_instead: str,
    partner_name: str = "",
    partner_agency: str = "",
    partner_role: str = "",
) -> Disagreement:
    """Raise a disagreement with a settled decision, the worker's own or a partner's; its
    first stage begins today."""
    require(actor, "quality.raise_disagreement")
    decision = (
        Decision.objects.select_related("contact_child__contact", "decided_by__team")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None or not decision.is_settled:
        raise DomainError("Only a decision that has been made can be disagreed with")
    if for_partner is None:
        raise DomainError("Select whose disagreement this is", field="for_partner")
    if for_partner:
        partner_name = required_text(
            partner_name, "partner_name", "Enter the name of the professional who disagrees"
        )
        if partner_agency not in Agency.values:
            raise DomainError("Select the professional's agency", field="partner_agency")
        partner_role = required_text(partner_role, "partner_role", "Enter the professional's role")
    else:
        partner_name = partner_agency = partner_role = ""
    disagrees_with = required_text(
        disagrees_with, "disagrees_with", "Enter what is disagreed with in the decision"
    )
    wants_instead = required_text(wants_instead, "wants_instead", "Enter what is wanted instead")
    disagreement = Disagreement.objects.create(
        decision=decision,
        person_id=decision.contact_child.person_id,
        raised_by=actor,
        raised_at=timezone.now(),
        partner_name=partner_name,
        partner_agency=partner_agency,
        partner_role=partner_role,
        disagrees_with=disagrees_with,
        wants_instead=wants_instead,
    )
    stage = _open_stage(disagreement, 1, today())
    audit_write(
        actor=actor,
        action="quality.disagreement_raise",
        obj=disagreement,
        summary=f"Disagreement raised with the decision on contact {disagreement.reference}"
        + (f" for {partner_name}" if partner_name else ""),
        changes={"status": [None, disagreement.status], "stage": [None, stage.label]},
    )
    return disagreement


def disagreement_outcome(
    *,
    actor: Any,
    disagreement_id: int,
    version: int | None,
    outcome: str,
    agreed: str = "",
    note: str = "",
) -> Disagreement:
    """Record the open stage's outcome: resolved (what was agreed, with a note) or escalated to
    the next stage (with the reason), which begins today. The last stage can only resolve."""
    require(actor, "quality.answer_disagreement")
    disagreement = Disagreement.objects.select_related("decision").get(pk=disagreement_id)
    if actor.pk in authors_of(disagreement.decision):
        _refuse(
            actor,
            "You cannot record the outcome of a disagreement with a decision you made or "
            "authorised",
            disagreement.person_id,
        )
    with transaction.atomic():
        disagreement = lock(Disagreement, disagreement_id)
        check_version(disagreement, version)
        stage = disagreement.stages.filter(outcome="").order_by("number").last()
        if not disagreement.is_open or stage is None:
            raise DomainError("This disagreement has already been resolved")
        if not may_answer(actor, stage):
            raise PermissionDeniedError(
                f"This stage is for the {stage.label.lower()} to answer"
                + (f" ({stage.team})" if stage.role == TEAM_MANAGER and stage.team else "")
            )
        last = stage.number >= len(stage_rules())
        if outcome == DisagreementStage.Outcome.RESOLVED:
            if agreed not in Disagreement.Agreed.values:
                raise DomainError("Select what was agreed", field="agreed")
            note = required_text(note, "note", "Enter what was agreed and why")
        elif outcome == DisagreementStage.Outcome.ESCALATED:
            if last:
                raise DomainError(
                    "This is the last stage: it cannot be escalated. Record how it was resolved",
                    field="outcome",
                )
            note = required_text(note, "reason", "Enter why it is escalated")
        else:
            raise DomainError("Select the outcome of this stage", field="outcome")
        now = timezone.now()
        stage.outcome, stage.note, stage.recorded_by, stage.recorded_at = outcome, note, actor, now
        stage.save()
        before = disagreement.status
        if outcome == DisagreementStage.Outcome.RESOLVED:
            disagreement.status = Disagreement.Status.RESOLVED
            disagreement.agreed, disagreement.resolution = agreed, note
            disagreement.resolved_at = now
            summary = f"Resolved at stage {stage.number} ({stage.label}): " + str(
                Disagreement.Agreed(agreed).label
            )
        else:
            following = _open_stage(disagreement, stage.number + 1, today())
            summary = f"Escalated from {stage.label} to {following.label}"
        bump(disagreement)
        audit_write(
            actor=actor,
            action="quality.disagreement_outcome",
            obj=disagreement,
            summary=summary,
            changes={"status": [before, disagreement.status], "stage": [stage.number, outcome]},
        )
    return disagreement
