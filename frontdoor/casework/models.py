"""What happens after the front door's decision: referrals (child in need episodes),
allocation, assessments, plans, early help, management oversight, and the clocks on each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.accounts.models import Team
from frontdoor.contacts.models import ContactChild
from frontdoor.core.codes import ClosureReason, PrimaryNeed, ReferralSource
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class Referral(models.Model):
    """A contact accepted for a social work response: a child in need episode (CIN census).

    A child has at most one open referral; later contacts join it (`ReferralContact`).
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    origin = models.ForeignKey(
        ContactChild,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_opened",
        help_text="The contact whose decision opened this episode",
    )
    referral_date = models.DateField(db_index=True)
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    is_re_referral = models.BooleanField(
        "re-referral", default=False, help_text="Referred within 12 months of a previous referral"
    )
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_allocated"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    allocation_due_on = models.DateField()
    risk_review_due_on = models.DateField(
        null=True, blank=True, help_text="While unallocated: when the risk must next be reviewed"
    )
    child_seen_due_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True, db_index=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="referrals_opened")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-referral_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(closed_on__isnull=True), name="one_open_referral"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("referral_date")),
                name="referral_closed_after_it_opened",
            ),
        ]
        indexes = [models.Index(fields=["team", "worker", "closed_on"])]

    def __str__(self) -> str:
        return f"Referral {self.reference} for {self.person}"

    @property
    def reference(self) -> str:
        return f"R{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ReferralContact(models.Model):
    """A contact within an episode: the one that opened it and any that came while open."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    contact_child = models.OneToOneField(
        ContactChild, on_delete=models.PROTECT, related_name="referral_link"
    )
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attached_at", "id"]

    def __str__(self) -> str:
        return f"{self.contact_child} in {self.referral}"


class Allocation(models.Model):
    """One step in a referral's allocation history: to a team, to a worker, or a change."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    worker = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    allocated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField()

    class Meta:
        ordering = ["allocated_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral} to {self.worker or self.team or 'no team'}"


class RiskReview(models.Model):
    """A manager's review of the risk to a child whose case is not yet allocated."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="risk_reviews")
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()
    note = models.TextField()
    next_review_on = models.DateField()

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"Risk review of {self.referral} on {self.reviewed_at:%d %b %Y}"


class AssessmentOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STEP_DOWN = "step_down", "Step down to early help"
    SECTION_47 = "section_47", "Section 47 enquiry"
    OTHER = "other", "Other"


class Assessment(models.Model):
    """A social work (single) assessment within a referral; due 45 working days from it."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Awaiting authorisation"
        RETURNED = "returned", "Returned by manager"
        AUTHORISED = "authorised", "Authorised"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_on = models.DateField()
    due_on = models.DateField()
    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="assessments")
    child_seen_on = models.DateField(null=True, blank=True)
    child_seen_alone = models.BooleanField(null=True, blank=True)
    child_views = models.TextField("the child's views", blank=True)
    culture_identity = models.TextField("culture, identity and ethnicity considered", blank=True)
    factors = models.JSONField(default=list, blank=True)
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices, blank=True)
    requires_support = models.BooleanField(
        "requires children's social care support", null=True, blank=True
    )
    late_reason = models.TextField("why the assessment is late", blank=True)
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_on = models.DateField(null=True, blank=True)
    manager_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authorised_on__isnull=True)
                | Q(authorised_on__gte=models.F("started_on")),
                name="assessment_authorised_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.started_on:%d %b %Y} for {self.referral.person}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.AUTHORISED


class CinPlan(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="cin_plan_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start_date:%d %b %Y}"


class PlanReview(models.Model):
    """A review of a child in need plan or of an early help plan."""

    cin_plan = models.ForeignKey(
        CinPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    early_help = models.ForeignKey(
        "EarlyHelpEpisode", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField()
    note = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cin_plan__isnull=True) ^ Q(early_help__isnull=True),
                name="plan_review_of_one_plan",
            )
        ]

    def __str__(self) -> str:
        return f"Plan review on {self.reviewed_on:%d %b %Y}"


class EarlyHelpClosure(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met: outcomes achieved"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Family withdrew consent"
    MOVED_AWAY = "moved_away", "Family moved out of the area"
    UNIVERSAL = "universal", "Needs now met by universal services"
    OTHER = "other", "Other"


class EarlyHelpEpisode(models.Model):
    """Early help for a child and family, led by a pathway advisor or another organisation."""

    class Consent(models.TextChoices):
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        NOT_YET_ASKED = "not_yet_asked", "Not yet asked"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="early_help")
    origin = models.ForeignKey(
        ContactChild,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="early_help_opened",
    )
    stepped_down_from = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="stepped_down_to"
    )
    opened_on = models.DateField()
    advisor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="early_help_led"
    )
    lead_organisation = models.CharField(
        max_length=200, blank=True, help_text="When another organisation leads, such as a school"
    )
    allocation_due_on = models.DateField()
    consent = models.CharField(
        max_length=20, choices=Consent.choices, default=Consent.NOT_YET_ASKED
    )
    assessment_started_on = models.DateField(null=True, blank=True)
    assessment_completed_on = models.DateField(null=True, blank=True)
    assessment_due_on = models.DateField()
    plan_started_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=EarlyHelpClosure.choices, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(closed_on__isnull=True), name="one_open_early_help"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="early_help_closed_after_it_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help for {self.person} from {self.opened_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Step(models.Model):
    """A move between early help and social work, recorded as an event of its own."""

    class Direction(models.TextChoices):
        UP = "up", "Step up to social work"
        DOWN = "down", "Step down to early help"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="steps")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="steps")
    early_help = models.ForeignKey(EarlyHelpEpisode, on_delete=models.PROTECT, related_name="steps")
    stepped_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-stepped_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} on {self.stepped_on:%d %b %Y}"


class Oversight(models.Model):
    """A manager's oversight or supervision of a child's case, with a direction and its date."""

    class Kind(models.TextChoices):
        OVERSIGHT = "oversight", "Management oversight"
        SUPERVISION = "supervision", "Supervision"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="oversight")
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="oversight"
    )
    early_help = models.ForeignKey(
        EarlyHelpEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="oversight"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    discussion = models.TextField()
    direction = models.TextField(blank=True)
    direction_for = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="directions"
    )
    direction_due_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="oversight_given")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.recorded_at:%d %b %Y}"


class OverdueItem(models.Model):
    """A clock that ran out, noted once by the daily digest, so misses can be counted later."""

    ref = models.CharField(max_length=80, help_text="What ran out, like casework.assessment:12")
    kind = models.CharField(max_length=30)
    label = models.CharField(max_length=300)
    person = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField()
    responsible = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    noticed_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["-noticed_on", "due_on"]
        constraints = [models.UniqueConstraint(fields=["ref", "due_on"], name="overdue_noted_once")]

    def __str__(self) -> str:
        return f"{self.label} (due {self.due_on:%d %b %Y})"
