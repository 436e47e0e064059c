from __future__ import annotations

from django.conf import settings
from django.db import models

from frontdoor.core.codes import ReferralSource
from frontdoor.people.models import Person


class Channel(models.TextChoices):
    PROFESSIONAL_LINE = "professional_line", "CADS professional line (phone)"
    CONTACT_CENTRE = "contact_centre", "Member of the public, through the contact centre"
    EMAIL = "email", "Email"
    POLICE_NOTIFICATION = "police_notification", "Police notification"
    ONLINE = "online", "Online form"
    OUT_OF_HOURS = "out_of_hours", "Out of hours"


class Immediacy(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate: the child may be at risk of significant harm now"
    SAME_DAY = "same_day", "Today"
    ONE_WORKING_DAY = "one_working_day", "Within one working day"


class ParentsAware(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class Consent(models.TextChoices):
    OBTAINED = "obtained", "Obtained"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class Contact(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Being recorded"
        RECORDED = "recorded", "Recorded"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(max_length=30, choices=Channel.choices, blank=True)
    received_at = models.DateTimeField()
    decision_due_at = models.DateTimeField(db_index=True)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices, blank=True)
    concern_summary = models.TextField(blank=True)
    concern_categories = models.JSONField(default=list, blank=True)
    immediacy = models.CharField(max_length=20, choices=Immediacy.choices, blank=True)
    child_whereabouts = models.CharField("where the child is now", max_length=300, blank=True)
    parents_aware = models.CharField(max_length=10, choices=ParentsAware.choices, blank=True)
    consent = models.CharField(max_length=12, choices=Consent.choices, blank=True)
    consent_reason = models.TextField(blank=True)
    referrer_actions = models.TextField("what the referrer has already done", blank=True)
    csw = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="named consultant social worker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts_as_csw",
    )
    call_started_at = models.DateTimeField(null=True, blank=True)
    call_ended_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_recorded"
    )
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    children = models.ManyToManyField(Person, through="ContactChild", related_name="contacts")

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["received_at"]),
            models.Index(fields=["csw", "status", "decision_due_at"]),
        ]

    def __str__(self) -> str:
        return f"Contact {self.pk} received {self.received_at:%-d %B %Y, %H:%M}"

    @property
    def reference(self) -> str:
        return f"C{self.pk:06d}"


class ContactChild(models.Model):
    """A child a contact is about. Each gets a decision of their own."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="contact_children")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contact_links")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "person"], name="contact_child_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.contact}"


class Outcome(models.TextChoices):
    ADVICE = "advice", "Advice or information only"
    UNIVERSAL = "universal", "Universal services or signposting"
    EARLY_HELP = "early_help", "Early help"
    SOCIAL_WORK_ASSESSMENT = "social_work_assessment", "Social work assessment"
    MASH_ENQUIRY = "mash_enquiry", "MASH enquiry (multi-agency checks)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    IMMEDIATE_PROTECTION = "immediate_protection", "Immediate protection"


NO_FURTHER_ACTION_OUTCOMES = frozenset({Outcome.ADVICE, Outcome.UNIVERSAL})
# Outcomes that accept a contact for a social work response: a referral, in the DfE's terms.
REFERRAL_OUTCOMES = frozenset(
    {Outcome.SOCIAL_WORK_ASSESSMENT, Outcome.STRATEGY_DISCUSSION, Outcome.IMMEDIATE_PROTECTION}
)


class Decision(models.Model):
    class Status(models.TextChoices):
        FINAL = "final", "Decided"
        AWAITING_AUTHORISATION = "awaiting_authorisation", "Awaiting authorisation"
        RETURNED = "returned", "Returned by manager"
        AUTHORISED = "authorised", "Authorised"

    contact_child = models.OneToOneField(
        ContactChild, on_delete=models.PROTECT, related_name="decision"
    )
    status = models.CharField(max_length=30, choices=Status.choices)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    need_level = models.CharField(max_length=30)
    rationale = models.TextField()
    best_placed = models.TextField("who is best placed to help, and next steps")
    agency_taking_action = models.CharField(max_length=200, blank=True)
    child_views = models.TextField("the child's views, where known", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_made"
    )
    decided_at = models.DateTimeField(db_index=True)
    authorisation_reason = models.CharField(max_length=200, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_authorised",
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_returned",
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    manager_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["status", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for {self.contact_child.person}"

    @property
    def need_level_label(self) -> str:
        return dict(settings.FRONTDOOR_NEED_LEVELS).get(self.need_level, self.need_level)

    @property
    def is_settled(self) -> bool:
        """Decided and, where it needed one, authorised."""
        return self.status in (self.Status.FINAL, self.Status.AUTHORISED)


class ThresholdDescriptor(models.Model):
    """The council's words for one level of need, shown beside the decision, and the outcomes
    that usually follow from it. Edited by a system administrator in the admin (audited); a
    decision whose outcome is not among its level's is flagged for the weekly case review."""

    level = models.CharField(max_length=30, unique=True)  # a FRONTDOOR_NEED_LEVELS key
    descriptor = models.TextField()
    outcomes = models.JSONField("outcomes that usually follow", default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return dict(settings.FRONTDOOR_NEED_LEVELS).get(self.level, self.level)
