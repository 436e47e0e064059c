"""What the strategy discussion page tests post, and what they check was not saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from frontdoor.accounts.tests.factories import (
    date_fields,
    datetime_fields,
    london,
)
from frontdoor.casework.models import Referral
from frontdoor.people.models import Person
from frontdoor.safeguarding.models import (
    Section47,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
    StrategyDiscussion,
)
from frontdoor.safeguarding.strategy import services as strategy_services

HELD_AT = london(2026, 12, 7, 10, 0)  # Monday
NEW = "/safeguarding/strategy/new/"


def strategy_post(children: list[Person], chair: Any, owner: Any, **fields: Any) -> dict[str, Any]:
    """Everything the strategy form submits, filled in as a complete discussion."""
    data: dict[str, Any] = {
        "action": "record",
        "children": [str(child.pk) for child in children],
        **datetime_fields("held_at", HELD_AT),
        "chair": str(chair.pk),
        "attended_local_authority": "yes",
        "name_local_authority": "Chloe Reid",
        "role_local_authority": "Consultant social worker",
        "attended_police": "yes",
        "name_police": "DC Priya Shah",
        "role_police": "Child abuse investigation team",
        "attended_health": "yes",
        "name_health": "Jo Adeyemi",
        "role_health": "Named nurse for safeguarding",
        "information_shared": "Amelia disclosed that her stepfather hit her with a belt.",
        "interim_safety_plan": "Stepfather to stay with his brother while enquiries are made.",
        "legal_advice_needed": "no",
        "next_steps": "Joint visit today; medical for Amelia tomorrow.",
        **{f"s47_{child.pk}": "yes" for child in children},
        **{
            f"rationale_{child.pk}": f"Risk of physical harm to {child.first_name}."
            for child in children
        },
        "action_1_owner": str(owner.pk),
        "action_1_what": "Arrange the child protection medical for Amelia",
        **date_fields("action_1_due", date(2026, 12, 8)),
    }
    return data | fields


def record_discussion(chair: Any, children: list[Person], owner: Any) -> StrategyDiscussion:
    Attendance = strategy_services.Attendance
    with transaction.atomic():
        return strategy_services.strategy_discussion_record(
            actor=chair,
            held_at=HELD_AT,
            chair_id=chair.pk,
            attendance=[
                Attendance("local_authority", True, "Chloe Reid", "CSW"),
                Attendance("police", True, "DC Priya Shah", "CAIT"),
                Attendance("health", False, absence_reason="Nurse on leave; GP records shared"),
            ],
            children=[
                strategy_services.ChildDecision(c.pk, True, f"Risk of harm to {c.first_name}")
                for c in children
            ],
            information_shared="Amelia disclosed that her stepfather hit her with a belt.",
            next_steps="Joint visit today.",
            actions=[strategy_services.Action(owner.pk, "Arrange the medical", date(2026, 12, 8))],
        )


def saved_nothing() -> bool:
    return not (
        StrategyDiscussion.objects.exists()
        or StrategyAttendance.objects.exists()
        or StrategyChild.objects.exists()
        or StrategyAction.objects.exists()
        or Section47.objects.exists()
        or Referral.objects.exists()
    )
