"""Test data for every app: people, staff, contacts and decisions, with fixed dates.

`ContactFactory()` gives a recorded contact about one child, received on Friday 6 November
2026 at 14:00 (decision due Monday 9 November at 14:00), named to a CSW in the "CADS" team.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from html import unescape
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import factory
from django.db.models import QuerySet
from django.utils import timezone
from factory.django import DjangoModelFactory

from frontdoor.accounts.models import Agency, Role, Team, User
from frontdoor.contacts.models import Consent, Contact, ContactChild, Decision, Immediacy
from frontdoor.contacts.selectors import decision_due
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person, PersonName
from frontdoor.people.search_keys import person_index

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware datetime on the wall clock in London."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def freeze(monkeypatch: Any, moment: datetime) -> datetime:
    """Make `django.utils.timezone.now()` (used by services, selectors and auto_now) return
    `moment` for the rest of the test."""
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    if TYPE_CHECKING:  # calling the factory gives a Team

        def __new__(cls, *args: Any, **kwargs: Any) -> Team: ...  # type: ignore[misc]

    name = "CADS"
    kind = Team.Kind.CADS


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    if TYPE_CHECKING:  # calling the factory gives a User

        def __new__(cls, *args: Any, **kwargs: Any) -> User: ...  # type: ignore[misc]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Worker{n}")
    last_name = "Test"
    role = Role.CSW
    team = factory.SubFactory(TeamFactory)
    swe_registration = factory.LazyAttribute(lambda u: "SW123456" if u.role == Role.CSW else "")
    agency = factory.LazyAttribute(lambda u: Agency.POLICE if u.role == Role.MASH_PARTNER else "")


def make_user(role: str = Role.CSW, **fields: Any) -> User:
    """A user with `role`; MASH partners get an agency and a MASH team."""
    if role == Role.MASH_PARTNER:
        fields.setdefault("team", TeamFactory(name="MASH", kind=Team.Kind.MASH))
    return UserFactory(role=role, **fields)


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    if TYPE_CHECKING:  # calling the factory gives a Person

        def __new__(cls, *args: Any, **kwargs: Any) -> Person: ...  # type: ignore[misc]

    kind = Person.Kind.CHILD
    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = "Example"
    date_of_birth = date(2015, 3, 27)

    @factory.post_generation
    def indexed(obj: Person, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Give the person their current name and search keys, as person_create does."""
        if create:
            PersonName.objects.create(
                person=obj,
                kind=PersonName.Kind.CURRENT,
                first_name=obj.first_name,
                last_name=obj.last_name,
            )
            person_index(obj)


class ContactFactory(DjangoModelFactory[Contact]):
    """A recorded contact about one child. `child=None` leaves it without children."""

    class Meta:
        model = Contact
        skip_postgeneration_save = True

    if TYPE_CHECKING:  # calling the factory gives a Contact

        def __new__(cls, *args: Any, **kwargs: Any) -> Contact: ...  # type: ignore[misc]

    status = Contact.Status.RECORDED
    channel = "professional_line"
    received_at = london(2026, 11, 6, 14, 0)
    decision_due_at = factory.LazyAttribute(lambda c: decision_due(c.received_at, c.immediacy))
    referrer_name = "Dana Whitfield"
    referrer_role = "Designated safeguarding lead"
    referrer_agency = "Northshire Primary School"
    referral_source = "2A"
    concern_summary = "Bruises on the child's arm, explained differently twice."
    immediacy = Immediacy.ONE_WORKING_DAY
    consent = Consent.OBTAINED
    csw = factory.SubFactory(UserFactory)
    recorded_by = factory.SelfAttribute("csw")
    call_started_at = factory.SelfAttribute("received_at")
    call_ended_at = None
    child = factory.RelatedFactory(
        "frontdoor.accounts.tests.factories.ContactChildFactory", "contact"
    )


class ContactChildFactory(DjangoModelFactory[ContactChild]):
    class Meta:
        model = ContactChild

    if TYPE_CHECKING:  # calling the factory gives a ContactChild

        def __new__(cls, *args: Any, **kwargs: Any) -> ContactChild: ...  # type: ignore[misc]

    contact = factory.SubFactory(ContactFactory, child=None)
    person = factory.SubFactory(PersonFactory)


class DecisionFactory(DjangoModelFactory[Decision]):
    """A final decision by the contact's CSW. Pass `contact_child=` to decide a given link."""

    class Meta:
        model = Decision

    if TYPE_CHECKING:  # calling the factory gives a Decision

        def __new__(cls, *args: Any, **kwargs: Any) -> Decision: ...  # type: ignore[misc]

    contact_child = factory.SubFactory(ContactChildFactory)
    status = Decision.Status.FINAL
    outcome = "early_help"
    need_level = "early_help"
    rationale = "Needs are additional, not complex."
    best_placed = "School to lead an early help assessment."
    decided_by = factory.SelfAttribute("contact_child.contact.csw")
    decided_at = factory.LazyAttribute(lambda d: d.contact_child.contact.received_at)


def audit_since_now() -> QuerySet[AuditEvent]:
    """The audit events written from now on (the log is append-only, even in tests: the
    PostgreSQL trigger refuses deletes, so tests look past a mark instead)."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return AuditEvent.objects.filter(id__gt=last)


def only_child(contact: Contact) -> ContactChild:
    return contact.contact_children.get()


# --- reading pages ---------------------------------------------------------------------------


def input_value(html: str, name: str) -> str | None:
    """The value a text box named `name` shows, or None if there is no such box."""
    found = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*\bvalue="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


def textarea_text(html: str, name: str) -> str | None:
    found = re.search(
        rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</textarea>', html, re.S
    )
    return unescape(found.group(1)) if found else None


def checked_values(html: str, name: str) -> list[str]:
    """Values of the radios or checkboxes named `name` that are checked."""
    inputs = re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]  # type: ignore[union-attr]


def error_summary(html: str) -> list[tuple[str, str]]:
    """(href, message) for each item of the error summary; href is "" for unlinked items."""
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    if not found:
        return []
    items = re.findall(r"<li>(.*?)</li>", found.group(0), re.S)
    result = []
    for item in items:
        link = re.fullmatch(r'\s*<a href="([^"]*)">(.*?)</a>\s*', item, re.S)
        result.append(
            (link.group(1), unescape(link.group(2))) if link else ("", unescape(item.strip()))
        )
    return result


def give_case_access(user: User, person: Person, minutes: int = 600) -> None:
    """Open a child's whole record to `user`, for tests that are not about who may read it:
    as breaking the glass would, without adding an event to the child's chronology."""
    from frontdoor.people.models import BreakGlass

    now = timezone.now()
    BreakGlass.objects.create(
        person=person,
        user=user,
        reason="Set up by the test",
        opened_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )


# What every page says when a record changed while its form was open (worked out by hand
# from the service's words, not taken from them).
CONFLICT = (
    "Somebody else changed this record while you were working on it. "
    "Your changes have not been saved: check the latest version below."
)


def date_fields(name: str, day: date | None) -> dict[str, str]:
    """A GOV.UK date input as the browser posts it (three empty boxes for None)."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def datetime_fields(name: str, moment: datetime) -> dict[str, str]:
    """A date input and its time box, as the browser posts them."""
    return date_fields(name, moment.date()) | {f"{name}_time": f"{moment:%H:%M}"}
