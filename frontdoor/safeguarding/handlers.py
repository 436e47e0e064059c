"""Safeguarding's receivers for the front door's signals."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from frontdoor.casework.models import Referral
from frontdoor.casework.signals import referral_closing
from frontdoor.contacts.models import Decision
from frontdoor.contacts.signals import decision_settled
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.protection import services as protection_services


@receiver(decision_settled, sender=Decision, dispatch_uid="safeguarding_from_decision")
def open_mash_enquiry(sender: Any, decision: Decision, actor: Any, **kwargs: Any) -> None:
    mash_services.mash_from_decision(decision=decision, actor=actor)


@receiver(referral_closing, sender=Referral, dispatch_uid="safeguarding_before_closure")
def refuse_closure_with_open_protection(
    sender: Any, referral: Referral, closed_on: Any, reason: str, **kwargs: Any
) -> None:
    protection_services.referral_closable(referral=referral, closed_on=closed_on, reason=reason)
