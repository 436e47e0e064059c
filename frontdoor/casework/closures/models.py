"""A worker's request to close a referral or step it down to early help, and the manager's
authorisation or return of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.casework.referrals.models import Referral
from frontdoor.casework.transitions.models import Step
from frontdoor.core.codes import ClosureReason

USER = settings.AUTH_USER_MODEL


class ClosureRequest(models.Model):
    """A closure or step down asked for by the worker, waiting for a manager who did not ask.

    `closure_date` is the date the worker set: on authorisation it becomes the referral's
    `closed_on` (and the step down's date), whenever the manager authorises it, so the CIN
    census counts the episode as ending when the work ended, never before the referral date.
    Until then the referral is open. `NOT_NEEDED` records a closure done at once because
    FRONTDOOR_SIGN_OFF_NEEDED does not ask sign-off for its outcome.
    """

    class Kind(models.TextChoices):
        CLOSE = "close", "Close the episode"
        STEP_DOWN = "step_down", "Step down to early help"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a manager's authorisation"
        AUTHORISED = "authorised", "Authorised"
        RETURNED = "returned", "Returned to the worker"
        NOT_NEEDED = "not_needed", "Closed: no sign-off needed"

    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="closure_requests"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    closure_date = models.DateField(help_text="The date the worker set: the episode's end")
    closure_reason = models.CharField(
        max_length=3,
        choices=ClosureReason.choices,
        help_text="The CIN census reason (for a step down, RC9 or RC7 as it stood when asked)",
    )
    reason = models.TextField(help_text="Why, in the worker's words")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The manager's comment")
    step = models.OneToOneField(
        Step, null=True, blank=True, on_delete=models.PROTECT, related_name="closure_request"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(status="waiting"),
                name="one_waiting_closure_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.referral} on {self.closure_date:%-d %B %Y}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING
