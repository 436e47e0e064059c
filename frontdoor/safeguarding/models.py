"""Safeguarding at the front door and after it: MASH enquiries with partner agency checks,
strategy discussions, section 47 enquiries, child protection conferences and plans, and
immediate protection."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from frontdoor.accounts.models import Agency
from frontdoor.casework.models import Referral
from frontdoor.contacts.models import ContactChild, Outcome
from frontdoor.people.models import Person

USER = settings.AUTH_USER_MODEL


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class MashConsent(models.TextChoices):
    OBTAINED = "obtained", "Consent obtained"
    NOT_SOUGHT = "not_sought", "Checks without consent: seeking it would put the child at risk"
    REFUSED = "refused", "Consent refused, checks go ahead to safeguard the child"


class MashEnquiry(models.Model):
    """Multi-agency checks on a child, rated red, amber or green, ending in a decision."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mash_enquiries")
    origin = models.ForeignKey(
        ContactChild, null=True, blank=True, on_delete=models.PROTECT, related_name="mash"
    )
    rag = models.CharField(max_length=5, choices=Rag.choices)
    rated_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    consent = models.CharField(max_length=12, choices=MashConsent.choices, blank=True)
    consent_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_rationale = models.TextField(blank=True)
    concluded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concluded_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name_plural = "MASH enquiries"

    def __str__(self) -> str:
        return f"MASH enquiry {self.reference} for {self.person}"

    @property
    def reference(self) -> str:
        return f"M{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.concluded_at is None


class RagChange(models.Model):
    enquiry = models.ForeignKey(MashEnquiry, on_delete=models.CASCADE, related_name="rag_changes")
    from_rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    to_rag = models.CharField(max_length=5, choices=Rag.choices)
    reason = models.TextField()
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_rag or 'unrated'} to {self.to_rag}"


class CheckAgency(models.TextChoices):
    """Who a MASH check goes to. `Agency` is the partner user's agency that answers it."""

    POLICE = "police", "Police"
    GP = "health_gp", "Health: GP"
    HEALTH_VISITOR = "health_visitor", "Health: health visitor or school nurse"
    MIDWIFERY = "health_midwifery", "Health: midwifery"
    MENTAL_HEALTH = "health_mental_health", "Health: mental health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    OTHER = "other", "Other agency"


def answering_agency(check_agency: str) -> str:
    """The partner agency (User.agency) whose users answer a check to `check_agency`."""
    if check_agency.startswith("health"):
        return Agency.HEALTH
    return check_agency if check_agency in Agency.values else ""


class AgencyCheck(models.Model):
    enquiry = models.ForeignKey(MashEnquiry, on_delete=models.CASCADE, related_name="checks")
    agency = models.CharField(max_length=30, choices=CheckAgency.choices)
    other_agency = models.CharField(max_length=120, blank=True)
    question = models.TextField()
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    nothing_known = models.BooleanField(default=False)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="checks_answered"
    )
    last_chased_at = models.DateTimeField(null=True, blank=True)
    times_chased = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["agency", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} check on {self.enquiry}"

    @property
    def partner_agency(self) -> str:
        return answering_agency(self.agency)


class ExpectedAgency(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    OTHER = "other", "Other"


# Working Together: a strategy discussion involves at least these three.
REQUIRED_AGENCIES = (ExpectedAgency.LOCAL_AUTHORITY, ExpectedAgency.POLICE, ExpectedAgency.HEALTH)


class StrategyDiscussion(models.Model):
    held_at = models.DateTimeField()
    chair = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    enquiry = models.ForeignKey(
        MashEnquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="strategy"
    )
    information_shared = models.TextField()
    interim_safety_plan = models.TextField(blank=True)
    legal_advice_needed = models.BooleanField(default=False)
    next_steps = models.TextField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"Strategy discussion {self.held_at:%d %b %Y %H:%M}"


class StrategyAttendance(models.Model):
    """An agency at a strategy discussion: who came and in what role, or why it did not."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="attendance"
    )
    agency = models.CharField(max_length=20, choices=ExpectedAgency.choices)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField()
    absence_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_agency_display()}: {self.name or 'absent'}"


class StrategyChild(models.Model):
    """The discussion's decision for one child: whether a section 47 enquiry starts, and why."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="children"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="strategy")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="strategy")
    start_section_47 = models.BooleanField()
    rationale = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["discussion", "person"], name="strategy_child_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.discussion}"


class StrategyAction(models.Model):
    """An immediate action from a strategy discussion: who, what, by when (a tray item)."""

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="actions"
    )
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="strategy_actions")
    action = models.TextField()
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.action[:40]} by {self.due_on:%d %b %Y}"


class Section47Outcome(models.TextChoices):
    ICPC = "icpc", "Initial child protection conference"
    NO_FURTHER_ACTION = "nfa", "No further action"
    CONTINUE_ASSESSMENT = "continue_assessment", "Continue the assessment"
    CIN_PLAN = "cin_plan", "Child in need plan"
    LEGAL = "legal", "Legal action"
    OTHER_AGENCY = "other_agency", "Another agency monitors"


class Section47(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="section47s")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="section47s")
    strategy_child = models.OneToOneField(
        StrategyChild, on_delete=models.PROTECT, related_name="section47"
    )
    started_on = models.DateField()
    conference_due_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Section47Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "section 47 enquiry"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("started_on")),
                name="section47_outcome_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry for {self.person} from {self.started_on:%d %b %Y}"


class ConferenceOutcome(models.TextChoices):
    CP_PLAN = "cp_plan", "Child protection plan"
    CIN_PLAN = "cin_plan", "Child in need plan"
    NO_FURTHER_ACTION = "nfa", "No further action"


class Conference(models.Model):
    """The initial child protection conference after a section 47 enquiry."""

    section47 = models.OneToOneField(Section47, on_delete=models.PROTECT, related_name="conference")
    held_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=ConferenceOutcome.choices)
    chair = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Initial conference on {self.held_on:%d %b %Y}"

    @property
    def plan_followed(self) -> bool:
        return self.outcome == ConferenceOutcome.CP_PLAN


class AbuseCategory(models.TextChoices):
    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple categories"


class CpPlan(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cp_plans")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="cp_plans")
    conference = models.OneToOneField(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="cp_plan"
    )
    start_date = models.DateField()
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    previous_plans = models.PositiveSmallIntegerField(default=0)
    next_review_on = models.DateField(null=True, blank=True)
    next_visit_on = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "child protection plan"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="cp_plan_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Child protection plan for {self.person} from {self.start_date:%d %b %Y}"


class CpReview(models.Model):
    plan = models.ForeignKey(CpPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Review conference on {self.held_on:%d %b %Y}"


class CpVisit(models.Model):
    plan = models.ForeignKey(CpPlan, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField()
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on:%d %b %Y}"


class ProtectionKind(models.TextChoices):
    POLICE_PROTECTION = "police_protection", "Police protection (Children Act 1989, s46)"
    EPO = "epo", "Emergency protection order (Children Act 1989, s44)"


class ImmediateProtection(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="protection")
    kind = models.CharField(max_length=20, choices=ProtectionKind.choices)
    started_at = models.DateTimeField()
    authority = models.CharField(
        max_length=200, help_text="Who authorised it: the police officer or the court"
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_at:%d %b %Y %H:%M}"
