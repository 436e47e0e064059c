from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from frontdoor.core.codes import Ethnicity, Religion, Sex, UpnUnknown
from frontdoor.core.validators import validate_nhs_number, validate_not_in_future, validate_upn


class Person(models.Model):
    class Kind(models.TextChoices):
        CHILD = "child", "Child"
        ADULT = "adult", "Adult"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHILD)
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True, validators=[validate_not_in_future])
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    upn = models.CharField(
        "unique pupil number", max_length=13, blank=True, validators=[validate_upn]
    )
    former_upn = models.CharField(
        "former unique pupil number", max_length=13, blank=True, validators=[validate_upn]
    )
    upn_unknown = models.CharField(
        "why the unique pupil number is not known",
        max_length=3,
        blank=True,
        choices=UpnUnknown.choices,
    )
    # The current address; its history is in Address.
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    disabilities = models.JSONField(default=list, blank=True)
    first_language = models.CharField(max_length=60, blank=True)
    religion = models.CharField(max_length=20, choices=Religion.choices, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    date_of_death = models.DateField(null=True, blank=True, validators=[validate_not_in_future])
    # Set when this record was merged into another; the record itself is kept.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    la_child_id = models.CharField("LA child ID", max_length=20, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(Lower("last_name"), "date_of_birth", name="person_surname_dob"),
            models.Index(Lower("first_name"), name="person_first_name"),
            models.Index(fields=["postcode"], name="person_postcode"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~models.Q(nhs_number=""),
                name="person_unique_nhs_number",
            ),
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=True)
                | models.Q(expected_date_of_birth__isnull=True),
                name="person_born_or_expected_not_both",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_names, self.last_name) if p)

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def nhs_number_display(self) -> str:
        n = self.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 10 else n


class PersonName(models.Model):
    """Every name a person is or was known by, the current one included."""

    class Kind(models.TextChoices):
        CURRENT = "current", "Current name"
        ALIAS = "alias", "Also known as"
        PREVIOUS = "previous", "Previous name"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(kind="current"), name="one_current_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.get_kind_display()})"


class PersonSearchKey(models.Model):
    """The search index: match keys derived from a person's names, rebuilt on every change.

    One row per (name, surname variant): a double-barrelled or hyphenated surname gets a row
    for the whole surname and one for each part, so "Jones" finds "Smith-Jones". Nothing
    here is typed by anybody; `people.search_keys.person_index` writes it.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_keys")
    first_key = models.CharField(max_length=100)  # normalised; nicknames widen the query instead
    first_sound = models.CharField(max_length=20)  # phonetic code of the first name
    last_key = models.CharField(max_length=100)  # normalised surname (or part)
    last_sound = models.CharField(max_length=20)  # phonetic code of the surname
    last_letters = models.CharField(max_length=100)  # surname letters sorted: transpositions
    born = models.DateField(null=True)  # date of birth, or expected date of birth

    class Meta:
        indexes = [
            models.Index(fields=["last_sound", "first_sound"], name="key_last_first_sound"),
            models.Index(fields=["last_sound", "born"], name="key_last_sound_born"),
            models.Index(fields=["first_sound", "born"], name="key_first_sound_born"),
            models.Index(fields=["first_key", "born"], name="key_first_key_born"),
            models.Index(fields=["first_key", "last_key"], name="key_first_key_last_key"),
            models.Index(fields=["last_letters", "first_sound"], name="key_letters_first"),
            models.Index(fields=["last_key"], name="key_last_key"),
            models.Index(fields=["born"], name="key_born"),
        ]

    def __str__(self) -> str:
        return f"{self.first_key} {self.last_key} {self.born}"


class Address(models.Model):
    """Where a person has lived. The one with no `moved_out` is the current address."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=8, blank=True)
    moved_in = models.DateField(null=True, blank=True)
    moved_out = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-moved_in", "-id"]
        indexes = [models.Index(fields=["postcode"], name="address_postcode")]

    def __str__(self) -> str:
        return f"{self.address}, {self.postcode}"


class Relationship(models.Model):
    """`person` is the `kind` of `relative`: e.g. person is the parent of relative.

    Siblings, household members, extended family and important people read the same both
    ways; parent and alleged perpetrator are read from person to relative.
    """

    class Kind(models.TextChoices):
        PARENT = "parent", "Parent"
        SIBLING = "sibling", "Sibling"
        HOUSEHOLD_MEMBER = "household_member", "Household member"
        EXTENDED_FAMILY = "extended_family", "Extended family"
        IMPORTANT_PERSON = "important_person", "Important person"
        ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    parental_responsibility = models.BooleanField(default=False)
    description = models.CharField(max_length=200, blank=True)
    started = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="relationship_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} is {self.get_kind_display().lower()} of {self.relative}"


class SignificantEvent(models.Model):
    """An event a worker adds to a child's chronology by hand."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="significant_events")
    occurred_on = models.DateField(validators=[validate_not_in_future])
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.title}"


class DuplicateCandidate(models.Model):
    """A pair of records the duplicate scan thinks may be the same person."""

    class Status(models.TextChoices):
        OPEN = "open", "To review"
        MERGED = "merged", "Merged"
        NOT_DUPLICATE = "not_duplicate", "Not the same person"

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="duplicate_queue")]

    def __str__(self) -> str:
        return f"{self.first_id} and {self.second_id} ({self.score:.2f})"


class Merge(models.Model):
    """One merge of `merged` into `kept`, with every row it moved, so it can be undone."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_merged")
    moved = models.JSONField(default=list)  # [[model label, pk, field name], ...]
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged} merged into {self.kept}"


class BreakGlass(models.Model):
    """A worker with no legitimate relationship opened a child's record, giving a reason.

    It opens the record to them until `expires_at`, and waits in the report of the manager of
    the team that holds the child's work until a manager has reviewed it.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["user", "person", "expires_at"], name="break_glass_open")]

    def __str__(self) -> str:
        return f"{self.user} opened {self.person} on {self.opened_at:%-d %B %Y, %H:%M}"


class Restriction(models.Model):
    """A person's record that only named users may open: high profile, a member of staff or
    their relative, adoption, or high risk. Set by a head of service with a reason; nobody
    else can break the glass into it. Reviewed every `restricted_review_days`."""

    class Category(models.TextChoices):
        HIGH_PROFILE = "high_profile", "High profile"
        STAFF = "staff", "A member of staff or their relative"
        ADOPTION = "adoption", "Adoption"
        HIGH_RISK = "high_risk", "High risk"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="restrictions")
    category = models.CharField(max_length=20, choices=Category.choices)
    reason = models.TextField()
    named_users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField()
    review_due_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["review_due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_restriction_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} restricted: {self.get_category_display()}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None
