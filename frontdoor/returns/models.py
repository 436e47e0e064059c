"""What the returns page keeps: queries explained by an analyst, and each run of a return."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExplainedQuery(models.Model):
    """A census query (a rule of kind "query") an analyst has looked into and explained, for
    one child in one census year (or for the return as a whole, with no child, for a rule that
    counts over the return): the DfE asks for the reason when the return is submitted.
    Replacing or withdrawing it is audited with the old reason, so the history is kept."""

    year = models.PositiveSmallIntegerField()
    code = models.CharField("rule code", max_length=10)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    explained_at = models.DateTimeField()

    class Meta:
        ordering = ["year", "code", "person_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code", "person"],
                condition=models.Q(person__isnull=False),
                name="returns_explained_query_once",
            ),
            models.UniqueConstraint(
                fields=["year", "code"],
                condition=models.Q(person__isnull=True),
                name="returns_explained_return_query_once",
            ),
        ]
        verbose_name_plural = "explained queries"

    def __str__(self) -> str:
        return f"{self.year} {self.code} person {self.person_id}"


class ReturnRun(models.Model):
    """One run of a return from the returns page: the checks, the list of findings, the census
    file or Annex A. The audit event for a run points at it and lists the children named."""

    class Kind(models.TextChoices):
        CHECKS = "checks", "Census checks"
        FINDINGS_CSV = "findings_csv", "Census checks list (CSV)"
        CENSUS_XML = "census_xml", "CIN census (XML)"
        ANNEX_A = "annex_a", "Annex A (xlsx)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    la = models.CharField("LA code", max_length=3, blank=True)
    as_at = models.DateField(null=True, blank=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(auto_now_add=True)
    children = models.PositiveIntegerField(default=0)
    findings = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-run_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.run_by} at {self.run_at:%Y-%m-%d %H:%M}"


class PreparedFile(models.Model):
    """A census file or Annex A made in the background for the analyst who asked (each takes
    seconds: the page waits on this instead). Only they may download it, for
    `KEPT_HOURS` after asking; a newer request clears the expired ones."""

    KEPT_HOURS = 24

    kind = models.CharField(max_length=20, choices=ReturnRun.Kind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    la = models.CharField("LA code", max_length=3, blank=True)
    as_at = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=100)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True)
    run = models.ForeignKey(
        ReturnRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} for {self.requested_by}"

    @property
    def status(self) -> str:
        """ "preparing", "ready" or "failed"."""
        if self.finished_at is None:
            return "preparing"
        return "failed" if self.error else "ready"
