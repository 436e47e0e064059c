"""Casework's receivers for the front door's signals."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from frontdoor.casework.transitions import services as transition_services
from frontdoor.contacts.models import Decision
from frontdoor.contacts.signals import decision_settled


@receiver(decision_settled, sender=Decision, dispatch_uid="casework_from_decision")
def open_casework(sender: Any, decision: Decision, actor: Any, **kwargs: Any) -> None:
    transition_services.casework_from_decision(decision=decision, actor=actor)
