"""What each app records on a child's chronology, made through that app's services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from frontdoor.accounts.models import User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    london,
    only_child,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    locality_team,
    make_referral,
    social_worker,
    step_down_signed_off,
    team_manager,
    written_assessment,
)
from frontdoor.contacts.models import Decision
from frontdoor.contacts.signals import decision_settled
from frontdoor.people.chronology import ChronologyEvent
from frontdoor.people.models import Address, Merge, Person, Relationship, SignificantEvent


def titles(events: Sequence[ChronologyEvent]) -> list[tuple[str, str]]:
    return [(event.kind, event.title) for event in events]


# --- what each app records -----------------------------------------------------------------


def people_events(child: Person, worker: User) -> None:
    """One of each kind of event the people app gives."""
    SignificantEvent.objects.create(
        person=child,
        occurred_on=date(2026, 10, 1),
        title="Grandmother died",
        detail="Amelia was close to her.",
        source="Mother",
        recorded_by=worker,
    )
    Address.objects.create(
        person=child, address="4 Oak Lane, Norwich", postcode="NR3 2BB", moved_in=date(2026, 9, 15)
    )
    Address.objects.create(person=child, address="1 Elm Row", postcode="NR2 1AA")  # undated
    parent = PersonFactory(first_name="Jo", last_name="Hart", kind=Person.Kind.ADULT)
    Relationship.objects.create(
        person=parent, relative=child, kind=Relationship.Kind.PARENT, started=date(2026, 8, 1)
    )
    duplicate = PersonFactory(first_name="Amelie", last_name="Hart", merged_into=child)
    merge = Merge.objects.create(kept=child, merged=duplicate, merged_by=worker)
    Merge.objects.filter(pk=merge.pk).update(merged_at=london(2026, 7, 20, 9, 0))


def contacts_events(child: Person, worker: User) -> None:
    """A contact decided as early help, and a contact decided as a referral.

    Each decision is announced as settled, as the contacts services do, so the apps that act
    on decisions (casework opens early help and the referral) record what follows.
    """
    first = ContactFactory(child__person=child, csw=worker, received_at=london(2026, 11, 2, 10, 0))
    early_help = DecisionFactory(
        contact_child=only_child(first), outcome="early_help", decided_at=london(2026, 11, 2, 15)
    )
    second = ContactFactory(child__person=child, csw=worker, received_at=london(2026, 11, 6, 14, 0))
    referral = DecisionFactory(
        contact_child=only_child(second),
        outcome="social_work_assessment",
        need_level="targeted",
        decided_at=london(2026, 11, 6, 16, 30),
    )
    for decision in (early_help, referral):
        decision_settled.send(sender=Decision, decision=decision, actor=worker)


def casework_events(child: Person, worker: User) -> None:
    """The child's referral (the contacts' one, when open) placed with a locality team,
    allocated, assessed, planned, reviewed and stepped down, with oversight."""
    team = locality_team()
    manager, social_worker_ = team_manager(team), social_worker(team)
    referral = child.referrals.filter(closed_on__isnull=True).first() or make_referral(
        child, referral_date=date(2026, 11, 6), actor=worker
    )
    referral_services.referral_team_change(
        actor=manager, referral_id=referral.pk, version=None, team_id=team.pk, reason="Norwich"
    )
    referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=None, worker_id=social_worker_.pk
    )
    assessment = written_assessment(
        referral, social_worker_, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(
        actor=social_worker_, assessment_id=assessment.pk, version=None
    )
    assessment_services.assessment_authorise(
        actor=manager, assessment_id=assessment.pk, version=None, authorised_on=date(2026, 11, 13)
    )
    plan = plan_services.cin_plan_start(
        actor=social_worker_, referral_id=referral.pk, start_date=date(2026, 11, 16)
    )
    plan_services.plan_review_record(
        actor=social_worker_, cin_plan_id=plan.pk, reviewed_on=date(2026, 11, 17), note="Going well"
    )
    referral_services.referral_primary_need_set(
        actor=social_worker_, referral_id=referral.pk, version=None, primary_need="N1"
    )
    step_down_signed_off(
        referral, social_worker_, stepped_on=date(2026, 11, 18), authoriser=manager
    )
    oversight_services.oversight_record(
        actor=manager, person=child, kind="oversight", discussion="Agreed the step down"
    )


def safeguarding_events(child: Person, worker: User) -> None:
    """A MASH enquiry, police protection, a strategy discussion starting a section 47 enquiry
    that ends in a conference, and the plan it decides, with a visit."""
    from frontdoor.casework.tests.factories import head_of_service
    from frontdoor.safeguarding.mash import services as mash_services
    from frontdoor.safeguarding.protection import services as protection_services
    from frontdoor.safeguarding.section47 import services as section47_services
    from frontdoor.safeguarding.strategy import services as strategy_services
    from frontdoor.safeguarding.tests.factories import FULL_ATTENDANCE

    mash_services.mash_enquiry_open(actor=worker, person=child)
    protection_services.immediate_protection_record(
        actor=worker,
        person=child,
        kind="police_protection",
        started_at=london(2026, 11, 19, 8, 0),
        authority="Inspector Dale",
    )
    strategy_services.strategy_discussion_record(
        actor=worker,
        held_at=london(2026, 11, 19, 10, 0),
        chair_id=worker.pk,
        attendance=FULL_ATTENDANCE,
        children=[strategy_services.ChildDecision(child.pk, True, "Likely inflicted injuries")],
        information_shared="What police and health know.",
        next_steps="Section 47 enquiry.",
    )
    hos = head_of_service()
    section47 = child.section47s.get()
    section47_services.section47_outcome_record(
        actor=hos,
        section47_id=section47.pk,
        version=None,
        outcome="icpc",
        outcome_on=date(2026, 11, 19),
    )
    conference = section47_services.conference_record(
        actor=hos,
        section47_id=section47.pk,
        held_on=date(2026, 11, 20),
        outcome="cp_plan",
        chair="Independent chair",
    )
    plan = protection_services.cp_plan_start(
        actor=hos, conference_id=conference.pk, start_date=date(2026, 11, 20), category="NEG"
    )
    protection_services.cp_visit_record(
        actor=hos, plan_id=plan.pk, visited_on=date(2026, 11, 20), child_seen=True
    )


# Each app that registers a provider says here how to record one of each of its events.
EVENTS_BY_APP: dict[str, Callable[[Person, User], None]] = {
    "people": people_events,
    "contacts": contacts_events,
    "casework": casework_events,
    "safeguarding": safeguarding_events,
}
