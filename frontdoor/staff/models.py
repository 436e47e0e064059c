"""Administration that cannot escalate: a change of role to head of service or system
administrator waits for a second administrator; each team's manager recertifies who is in
the team every `FRONTDOOR_RECERTIFY_DAYS`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.accounts.models import Role, Team

# Roles that see every child's record or run the service: granting one takes two people.
GUARDED_ROLES = (Role.HEAD_OF_SERVICE, Role.SYSTEM_ADMINISTRATOR)


class RoleChangeRequest(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_role = models.CharField(max_length=30, choices=Role.choices)
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    # The account was made for this role: it stays inactive until approved.
    new_user = models.BooleanField(default=False)

    class Meta:
        ordering = ["decided_at", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(decided_at__isnull=True),
                name="one_open_role_request_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} to {self.get_requested_role_display()}"


class Recertification(models.Model):
    """A manager's statement that the team's members still need what their roles give."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="recertifications")
    recertified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recertified_at = models.DateTimeField()
    members = models.JSONField(default=list)  # [[user id, role], ...] as certified
    flagged = models.JSONField(default=list)  # [[user id, note], ...] for the administrator

    class Meta:
        ordering = ["-recertified_at"]
        get_latest_by = "recertified_at"

    def __str__(self) -> str:
        return f"{self.team} by {self.recertified_by} at {self.recertified_at:%Y-%m-%d}"


class AccessFlag(models.Model):
    """A member a manager said no longer needs their access (or needs another role): a to-do
    for the administrators until one of them deals with it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.TextField()
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    flagged_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resolved_at", "-flagged_at"]

    def __str__(self) -> str:
        return f"{self.user}: {self.note[:40]}"
