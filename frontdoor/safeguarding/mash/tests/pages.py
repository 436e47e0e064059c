"""What the MASH page tests post, where they go, and what they count."""

from __future__ import annotations

from typing import Any

from frontdoor.accounts.models import User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    only_child,
)
from frontdoor.contacts import services as contact_services
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.models import AgencyCheck, MashEnquiry
from frontdoor.safeguarding.tests.factories import consented

LIST = "/safeguarding/mash/"
CHECKS = "/safeguarding/checks/"
MASH_DECISION: dict[str, Any] = {
    "outcome": "mash_enquiry",
    "need_level": "specialist",
    "rationale": "Bruising explained differently twice; partners may know more.",
    "best_placed": "The MASH, with checks to police, health and school.",
    "agency_taking_action": "",
    "child_views": "",
}
QUESTIONS = {
    "police": "Any domestic abuse call-outs to the address in the last year?",
    "health_gp": "Any injuries seen or missed appointments?",
    "education": "Attendance and any concerns raised by staff?",
}


def url(enquiry: MashEnquiry) -> str:
    return f"/safeguarding/mash/{enquiry.pk}/"


def check_url(check: AgencyCheck) -> str:
    return f"/safeguarding/checks/{check.pk}/"


def enquiry_decided_by(csw: User, person: Person) -> MashEnquiry:
    """A CSW decides a MASH enquiry on a contact about `person` (which opens the enquiry)."""
    link = only_child(ContactFactory(csw=csw, child__person=person))
    contact_services.decision_make(actor=csw, contact_child_id=link.pk, **MASH_DECISION)
    return MashEnquiry.objects.get(origin=link)


def checks_post(version: int, questions: dict[str, str] = QUESTIONS) -> dict[str, Any]:
    data: dict[str, Any] = {"action": "checks", "version": str(version), "agencies": [*questions]}
    return data | {f"question_{agency}": text for agency, text in questions.items()}


def three_checks(enquiry: MashEnquiry, csw: User) -> dict[str, AgencyCheck]:
    enquiry = consented(enquiry, csw)
    mash_services.checks_request(
        actor=csw,
        enquiry_id=enquiry.pk,
        version=enquiry.version,
        requests=[mash_services.CheckRequest(a, q) for a, q in QUESTIONS.items()],
    )
    return {check.agency: check for check in AgencyCheck.objects.all()}


def views_of(obj: Any) -> int:
    return AuditEvent.objects.filter(
        action="view", object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).count()
