from __future__ import annotations

from django.conf import settings
from django.db import models


class LocalClosureDay(models.Model):
    """A day the council's offices are closed that is not an English bank holiday.

    Working-day clocks skip these as well as weekends and bank holidays.
    """

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%-d %B %Y}: {self.reason}"


class AppendOnlyError(Exception):
    pass


class AuditEvent(models.Model):
    """One thing somebody did, saw, searched for or was refused. Written by services and
    views through `core.audit`, never changed.

    Each row carries the hash of the row before it and a keyed hash of its own content
    (`row_hash`), so that a row changed, inserted or deleted behind the application's back
    breaks the chain that `frontdoor audit verify` walks.

    Database triggers refuse updates and deletes. On SQLite, a migration that alters this
    table rebuilds it without them: such a migration must create them again (see 0003).
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, db_index=True)
    object_id = models.CharField(max_length=40, db_index=True)
    # The person the event is about, when there is one (an id, not a key: core sits below
    # people). "Who has seen this child" and the subject access export read it.
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # Where it came from: the client's address, a hash of the session (never the session key
    # itself), the request's id (also in the logs and the X-Request-ID header) and its path.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    session = models.CharField(max_length=16, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    path = models.CharField(max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["person_id", "at"], name="audit_person_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("The audit log is append-only.")


class SubmittedOnce(models.Model):
    """A form that creates a record, submitted: its one-time token, and the page of what it
    made, so that the same form sent again (a double click, a resend after a time-out) shows
    that record instead of making a second one (`core/once.py`)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=300)

    def __str__(self) -> str:
        return f"{self.result_url} ({self.submitted_at:%Y-%m-%d %H:%M})"
