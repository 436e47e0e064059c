"""The demo's safeguarding: the rules the services keep hold over everything generated, the
CIN census stays consistent, the volumes change at go-live as the seed review describes, and
there is work waiting now in the MASH list and the trays."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.casework.clocks import due_on
from frontdoor.casework.models import CinPlan, Referral, ReferralContact
from frontdoor.casework.oversight.services import NOT_CASEWORKERS
from frontdoor.casework.trays import tray_for
from frontdoor.contacts.models import REFERRAL_OUTCOMES, Decision, Outcome
from frontdoor.core.models import AuditEvent
from frontdoor.core.working_days import calendar
from frontdoor.demo.generator import demo_models
from frontdoor.demo.safeguarding import SAFEGUARDING_MODELS
from frontdoor.people.models import Person
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.mash.selectors import concluded_into, open_enquiry_rows
from frontdoor.safeguarding.models import (
    REQUIRED_AGENCIES,
    AbuseCategory,
    AgencyCheck,
    CheckAgency,
    Conference,
    CpPlan,
    CpReview,
    CpVisit,
    ImmediateProtection,
    MashConsent,
    MashEnquiry,
    RagChange,
    Section47,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
    StrategyDiscussion,
    answering_agency,
)
from frontdoor.safeguarding.protection import services as protection_services

from .test_demo import GO_LIVE, NOW, START, run_demo, run_small

TODAY = timezone.localtime(NOW).date()
MASH_STAFF_ROLES = {Role.CSW, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in SAFEGUARDING_MODELS}


def local_day(moment) -> date:  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).date()


@pytest.mark.django_db
def test_mash_enquiries_keep_the_rules_and_partners_answer_for_their_own_agency():
    run_small(contacts=2000)

    enquiries = MashEnquiry.objects.select_related(
        "origin__decision", "origin__contact", "opened_by", "concluded_by"
    )
    assert enquiries.count() > 80
    # One open enquiry per child.
    open_twice = enquiries.filter(concluded_at__isnull=True).values("person")
    assert not open_twice.annotate(n=Count("id")).filter(n__gt=1).exists()
    for enquiry in enquiries:
        # Opened by a settled "MASH enquiry" decision about the child, when it was made.
        origin = enquiry.origin
        assert origin is not None and origin.person_id == enquiry.person_id
        decision = origin.decision
        assert decision.outcome == Outcome.MASH_ENQUIRY and decision.is_settled
        authorised = decision.status == Decision.Status.AUTHORISED
        assert enquiry.opened_at == (decision.authorised_at if authorised else decision.decided_at)
        settled_by = decision.authorised_by_id if authorised else decision.decided_by_id
        assert enquiry.opened_by_id == settled_by
        # The checks are due when the rating says, in working hours.
        assert enquiry.rated_at >= enquiry.opened_at
        assert enquiry.due_at == mash_services.rag_due_at(enquiry.rag, enquiry.rated_at)
        changes = list(enquiry.rag_changes.all())
        assert (changes[0].from_rag, changes[0].to_rag) == ("", "amber")
        assert changes[0].changed_at == enquiry.opened_at
        assert changes[-1].to_rag == enquiry.rag and changes[-1].changed_at == enquiry.rated_at
        assert all(change.reason.strip() for change in changes)
        assert all(a.to_rag == b.from_rag for a, b in zip(changes, changes[1:], strict=False))
        # Checks without consent only with a reason.
        if enquiry.consent and enquiry.consent != MashConsent.OBTAINED:
            assert enquiry.consent_reason.strip()
        if enquiry.checks.exists():
            assert enquiry.consent  # consent is decided before checks go out
        if enquiry.concluded_at is None:
            assert not enquiry.outcome and enquiry.concluded_by is None
            continue
        assert enquiry.outcome in Outcome.values and enquiry.outcome != Outcome.MASH_ENQUIRY
        assert enquiry.outcome_rationale.strip()
        assert enquiry.opened_at <= enquiry.concluded_at <= NOW
        assert enquiry.concluded_by is not None
        assert enquiry.concluded_by.role in MASH_STAFF_ROLES
        if enquiry.outcome == Outcome.STRATEGY_DISCUSSION:  # needs a manager
            assert enquiry.concluded_by.role in (Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)
        # What the conclusion started is there, as mash_conclude starts it: the referral the
        # contact joined, or early help (unless the child was open to social work then).
        if enquiry.outcome in REFERRAL_OUTCOMES:
            joined = ReferralContact.objects.filter(contact_child=origin).select_related("referral")
            assert joined.exists(), enquiry
            referral = joined.get().referral
            assert referral.referral_date <= local_day(origin.contact.received_at)
            assert concluded_into(enquiry) is not None

    checks = AgencyCheck.objects.select_related("enquiry", "answered_by", "requested_by")
    assert checks.count() > 2 * enquiries.count()
    partners: Counter[str] = Counter()
    for check in checks:
        enquiry = check.enquiry
        assert check.agency in CheckAgency.values and check.question.strip()
        assert (check.agency == CheckAgency.OTHER) == bool(check.other_agency)
        assert check.requested_at >= enquiry.rated_at and check.requested_at <= NOW
        assert check.due_at == enquiry.due_at
        assert check.requested_by.role in MASH_STAFF_ROLES
        if check.answered_at is not None:
            assert check.requested_at < check.answered_at <= NOW
            assert bool(check.answer.strip()) != check.nothing_known  # one or the other
            answerer = check.answered_by
            assert answerer is not None
            if answerer.role == Role.MASH_PARTNER:
                # A partner answers only a check to their own agency.
                assert answerer.agency == answering_agency(check.agency), check
                partners[answerer.agency] += 1
            else:
                assert answerer.role in MASH_STAFF_ROLES  # on the agency's behalf
                assert answering_agency(check.agency) not in ("police", "health", "education")
        else:
            assert not check.answer and not check.nothing_known and check.answered_by is None
        # Chased only once overdue, and before any answer.
        assert (check.times_chased > 0) == (check.last_chased_at is not None)
        if check.last_chased_at is not None:
            assert check.due_at <= check.last_chased_at <= NOW
            assert check.answered_at is None or check.last_chased_at < check.answered_at
    assert set(partners) == {"police", "health", "education"}

    # Proportions: mostly in time, some late and chased, some "nothing known"; consent
    # mostly obtained; outcomes mostly advice, early help or an assessment.
    answered = checks.filter(answered_at__isnull=False)
    late = answered.filter(answered_at__gt=F("due_at")).count()
    assert 0.05 < late / answered.count() < 0.35
    assert 0.15 < answered.filter(nothing_known=True).count() / answered.count() < 0.5
    assert checks.filter(times_chased__gt=0).exists()
    assert checks.filter(times_chased__gt=1).exists()
    consent = Counter(enquiries.exclude(consent="").values_list("consent", flat=True))
    assert consent["obtained"] / sum(consent.values()) > 0.7
    assert consent["not_sought"] > 0
    rags = Counter(enquiries.values_list("rag", flat=True))
    assert rags["amber"] > rags["red"] > rags["green"] > 0
    outcomes = Counter(enquiries.exclude(outcome="").values_list("outcome", flat=True))
    usual = outcomes["advice"] + outcomes["early_help"] + outcomes["social_work_assessment"]
    assert usual / sum(outcomes.values()) > 0.6
    assert 0 < outcomes["strategy_discussion"] < usual / 3


@pytest.mark.django_db
def test_the_mash_list_has_open_enquiries_with_overdue_checks():
    run_small(contacts=1500)

    rows = open_enquiry_rows(NOW)
    assert 3 <= len(rows) <= 12
    assert any(row.overdue for row in rows)
    assert any(row.rag.colour == "red" for row in rows)
    overdue = AgencyCheck.objects.filter(
        enquiry__concluded_at__isnull=True, answered_at__isnull=True, due_at__lte=NOW
    )
    assert overdue.filter(times_chased__gt=0).exists()
    # The MASH team sees them in its tray: the enquiries, and checks to chase.
    tray = tray_for(User.objects.get(username="mashmanager"), on=TODAY)
    kinds = Counter(item.kind for item in tray.team + tray.mine)
    assert kinds["mash"] >= 3 and kinds["check_chase"] >= 1
    # A partner sees the checks waiting for their agency.
    waiting = AgencyCheck.objects.filter(
        enquiry__concluded_at__isnull=True, answered_at__isnull=True
    )
    assert {answering_agency(a) for a in waiting.values_list("agency", flat=True)} & {
        "police",
        "health",
        "education",
    }


@pytest.mark.django_db
def test_strategy_discussions_section_47s_and_plans_keep_the_rules():
    run_small(contacts=2000)
    cal = calendar()

    discussions = StrategyDiscussion.objects.select_related("chair", "recorded_by", "enquiry")
    assert discussions.count() > 100
    for discussion in discussions.prefetch_related("attendance", "children", "actions__owner"):
        assert discussion.held_at <= discussion.recorded_at <= NOW
        assert discussion.chair.role not in NOT_CASEWORKERS
        assert discussion.recorded_by.role in (
            Role.CSW,
            Role.TEAM_MANAGER,
            Role.LOCALITY_SOCIAL_WORKER,
        )
        assert discussion.information_shared.strip() and discussion.next_steps.strip()
        # Local authority, police and health: each there (who, in what role), or why not.
        attendance = list(discussion.attendance.all())
        for row in attendance:
            if row.attended:
                assert row.name.strip() and row.role.strip() and not row.absence_reason
            else:
                assert row.absence_reason.strip() and not row.name
        agencies = {row.agency for row in attendance}
        assert set(REQUIRED_AGENCIES) <= agencies
        assert any(row.agency == "local_authority" and row.attended for row in attendance)
        assert discussion.children.exists()
        held_on = local_day(discussion.held_at)
        for action in discussion.actions.all():
            assert action.owner.role not in NOT_CASEWORKERS and action.action.strip()
            assert action.due_on >= held_on
            if action.done_at is not None:
                assert discussion.held_at <= action.done_at <= NOW and action.done_note
    # Police nearly always there, health usually, education sometimes.
    came = Counter(StrategyAttendance.objects.values_list("agency", "attended"))
    share = {a: came[a, True] / (came[a, True] + came[a, False]) for a in ("police", "health")}
    assert share["police"] > 0.88 and 0.65 < share["health"] < 0.92
    assert came[("education", True)] > 0

    # Each child's decision, with a rationale, about the referral open then.
    children = StrategyChild.objects.select_related("discussion", "referral")
    for child in children:
        referral, held_on = child.referral, local_day(child.discussion.held_at)
        assert child.rationale.strip() and referral.person_id == child.person_id
        assert referral.referral_date <= held_on
        assert referral.closed_on is None or held_on <= referral.closed_on
        assert child.start_section_47 == Section47.objects.filter(strategy_child=child).exists()
    # Most children discussed after go-live start a section 47 enquiry.
    after = children.filter(discussion__held_at__date__gte=GO_LIVE)
    assert after.filter(start_section_47=True).count() > after.count() * 0.7

    # The referrals a strategy discussion decision opened have had one, but for those made
    # in the last few days (the tray's) or closed before it could be held.
    urgent = Referral.objects.filter(
        origin__decision__outcome__in=["strategy_discussion", "immediate_protection"]
    )
    held = urgent.filter(strategy__isnull=False).distinct().count()
    recent = urgent.filter(referral_date__gt=TODAY - timedelta(days=7)).count()
    assert held >= (urgent.count() - recent) * 0.95
    # MASH enquiries concluded "strategy discussion" have theirs, linked to the enquiry.
    concluded = MashEnquiry.objects.filter(
        outcome="strategy_discussion", concluded_at__lt=NOW - timedelta(days=7)
    )
    assert concluded.exists()
    assert concluded.filter(strategy__isnull=False).count() >= concluded.count() * 0.9
    # Held within about a working day of the decision (or MASH conclusion), mostly.
    front_door = StrategyChild.objects.filter(
        referral__origin__decision__outcome="strategy_discussion",
        discussion__enquiry__isnull=True,
    ).values_list("discussion__held_at", "referral__origin__decision__authorised_at")
    quick = [cal.working_days_between(local_day(s), local_day(h)) <= 1 for h, s in front_door]
    assert len(quick) > 30 and sum(quick) / len(quick) > 0.8

    # Section 47 enquiries: from the discussion's day, the conference due 15 working days on.
    section47s = Section47.objects.select_related(
        "strategy_child__discussion", "referral", "outcome_by"
    )
    assert section47s.count() > 60
    for section47 in section47s:
        child = section47.strategy_child
        assert child.start_section_47
        assert (section47.person_id, section47.referral_id) == (child.person_id, child.referral_id)
        assert section47.started_on == local_day(child.discussion.held_at)
        assert section47.conference_due_on == due_on(
            section47.started_on, "conference_working_days", cal
        )
        assert bool(section47.outcome) == (section47.outcome_on is not None)
        if section47.outcome_on is not None:
            assert section47.started_on <= section47.outcome_on <= TODAY
            assert section47.outcome_by is not None
            assert section47.outcome_by.role not in NOT_CASEWORKERS
    outcomes = Counter(section47s.exclude(outcome="").values_list("outcome", flat=True))
    decided = sum(outcomes.values())
    assert 0.2 < outcomes["icpc"] / decided < 0.5  # about a third
    assert outcomes["nfa"] and outcomes["continue_assessment"] and outcomes["cin_plan"]

    # Conferences after an enquiry whose outcome was one, on weekdays, mostly in time.
    conferences = Conference.objects.select_related("section47")
    assert conferences.count() > 20
    in_time = 0
    for conference in conferences:
        section47 = conference.section47
        assert section47.outcome == "icpc" and section47.outcome_on is not None
        assert section47.outcome_on <= conference.held_on <= TODAY
        assert conference.held_on >= section47.started_on
        assert conference.held_on.weekday() < 5
        assert conference.chair.strip() and conference.recorded_at <= NOW
        in_time += conference.held_on <= section47.conference_due_on
    assert 0.65 < in_time / conferences.count() < 0.98  # some late

    # Child protection plans: from the conference on, categories, reviews and visits.
    plans = CpPlan.objects.select_related("conference__section47", "referral")
    assert plans.count() > 10
    for plan in plans.prefetch_related("reviews", "visits"):
        decided_at = plan.conference
        assert decided_at is not None and decided_at.outcome == "cp_plan"
        assert plan.start_date == decided_at.held_on  # CIN census rule 2885
        assert plan.person_id == decided_at.section47.person_id
        assert plan.referral_id == decided_at.section47.referral_id
        assert {plan.initial_category, plan.latest_category} <= set(AbuseCategory.values)
        reviews = list(plan.reviews.all())
        visits = list(plan.visits.all())
        last_day = plan.end_date or TODAY
        for review in reviews:
            assert plan.start_date < review.held_on <= last_day and review.held_on.weekday() < 5
            assert review.category in AbuseCategory.values
        for visit in visits:
            assert plan.start_date < visit.visited_on <= last_day
            assert visit.child_seen or not visit.seen_alone
        assert plan.latest_category == (reviews[-1].category if reviews else plan.initial_category)
        # The earlier plans the child had, all ended.
        earlier = CpPlan.objects.filter(person=plan.person, start_date__lt=plan.start_date)
        assert plan.previous_plans == earlier.count()
        assert not earlier.filter(Q(end_date__isnull=True) | Q(end_date__gt=plan.start_date))
        if plan.end_date is not None:
            assert plan.end_date > plan.start_date and plan.end_reason.strip()
            assert plan.next_review_on is None and plan.next_visit_on is None
            continue
        # An open plan's next review and visit, as the services set them.
        if reviews:
            expected = protection_services._review_due(reviews[-1].held_on, 6)
        else:
            expected = protection_services._review_due(plan.start_date, 3)
        assert plan.next_review_on == expected
        next_visit = due_on(plan.start_date, "cp_visit_working_days", cal)
        for visit in visits:
            if visit.child_seen:
                next_visit = max(next_visit, due_on(visit.visited_on, "cp_visit_working_days"))
        assert plan.next_visit_on == next_visit
    assert plans.filter(end_date__isnull=True).exists()
    assert plans.filter(end_date__isnull=False).exists()
    assert CpReview.objects.exists() and CpVisit.objects.filter(child_seen=False).exists()
    assert (
        not plans.filter(end_date__isnull=True)
        .values("person")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )

    # Immediate protection for some children in an "immediate protection" decision.
    protection = ImmediateProtection.objects.select_related("recorded_by")
    assert protection.exists()
    for record in protection:
        assert record.started_at <= record.recorded_at <= NOW and record.authority.strip()
        assert record.recorded_by.role not in NOT_CASEWORKERS
        decided = (
            Decision.objects.filter(
                contact_child__person=record.person, outcome="immediate_protection"
            ).exists()
            or MashEnquiry.objects.filter(
                person=record.person, outcome="immediate_protection"
            ).exists()
        )
        assert decided


@pytest.mark.django_db
def test_the_cin_census_stays_consistent():
    run_small(contacts=3000, seed=2)

    # Every section 47 enquiry inside its referral; a closed referral's all ended by then.
    for section47 in Section47.objects.select_related("referral").prefetch_related("conference"):
        referral = section47.referral
        assert referral.referral_date <= section47.started_on
        if referral.closed_on is not None:
            assert section47.started_on <= referral.closed_on
            assert section47.outcome and section47.outcome_on is not None
            assert section47.outcome_on <= referral.closed_on
            if section47.outcome == "icpc":  # its conference held before the closure
                held = Conference.objects.get(section47=section47).held_on
                assert held <= referral.closed_on
    # No conference at a weekend, no plan before its conference, plans inside the referral.
    assert not [c for c in Conference.objects.all() if c.held_on.weekday() >= 5]
    # The conference makes the plan: it starts that day (CIN census rule 2885).
    assert not CpPlan.objects.exclude(start_date=F("conference__held_on")).exists()
    for plan in CpPlan.objects.select_related("referral"):
        referral = plan.referral
        assert referral.referral_date <= plan.start_date
        if referral.closed_on is not None:
            assert plan.end_date is not None and plan.end_date <= referral.closed_on
        if plan.end_date is None:
            assert referral.closed_on is None  # a child on a plan is open to social work
    # RC8 and RC9 never on an episode with a section 47 enquiry or a plan of either kind.
    closed_after_assessment = Referral.objects.filter(closure_reason__in=["RC8", "RC9"])
    assert closed_after_assessment.exists()
    assert not closed_after_assessment.filter(section47s__isnull=False).exists()
    assert not closed_after_assessment.filter(cp_plans__isnull=False).exists()
    assert not closed_after_assessment.filter(cin_plans__isnull=False).exists()
    assert CinPlan.objects.exists() and Section47.objects.exists()
    # Some children are on a second plan.
    assert CpPlan.objects.filter(previous_plans__gt=0).exists()


@pytest.mark.django_db
def test_fewer_strategy_discussions_after_go_live_but_most_start_a_section_47():
    run_small(contacts=3000, seed=3)

    # Per week, from a month after the start (once enquiries are under way) to go-live, and
    # from go-live to now: the seed review's 62% fewer discussions (here 25-60% of before)
    # and 18% fewer section 47 enquiries (here loosely 55-110%).
    go_live, start = date.fromisoformat(GO_LIVE), date.fromisoformat(START) + timedelta(days=28)
    before_weeks, after_weeks = (go_live - start).days / 7, (TODAY - go_live).days / 7
    held = [local_day(at) for at in StrategyDiscussion.objects.values_list("held_at", flat=True)]
    before = sum(start <= day < go_live for day in held) / before_weeks
    after = sum(day >= go_live for day in held) / after_weeks
    assert 0.25 < after / before < 0.6
    started = list(Section47.objects.values_list("started_on", flat=True))
    before_s47 = sum(start <= day < go_live for day in started) / before_weeks
    after_s47 = sum(day >= go_live for day in started) / after_weeks
    assert 0.55 < after_s47 / before_s47 < 1.1
    # So the share of children whose discussion starts an enquiry rises.
    shares = defaultdict(list)
    for at, start_s47 in StrategyChild.objects.values_list(
        "discussion__held_at", "start_section_47"
    ):
        shares[local_day(at) >= go_live].append(start_s47)
    before_share, after_share = (sum(shares[k]) / len(shares[k]) for k in (False, True))
    assert after_share > 0.75 and after_share > before_share + 0.25


@pytest.mark.django_db
def test_work_waiting_now_in_the_safeguarding_trays():
    run_small(contacts=2000)

    actions = StrategyAction.objects.filter(done_at__isnull=True)
    assert actions.exists() and actions.filter(due_on__lt=TODAY).exists()
    assert StrategyAction.objects.filter(done_at__isnull=False).count() > actions.count() * 10
    open_plans = CpPlan.objects.filter(end_date__isnull=True).select_related("referral__worker")
    assert open_plans.exists()
    plan = open_plans.first()
    assert plan is not None and plan.referral.worker is not None
    mine = tray_for(plan.referral.worker, on=TODAY).mine
    kinds = {item.kind for item in mine}
    assert {"cp_review", "cp_visit"} <= kinds
    owner = actions.select_related("owner").first()
    assert owner is not None
    assert "strategy_action" in {item.kind for item in tray_for(owner.owner, on=TODAY).mine}


@pytest.mark.django_db
def test_reset_deletes_safeguarding_and_running_again_changes_nothing():
    assert set(SAFEGUARDING_MODELS) <= set(demo_models())
    run_small(contacts=400)
    first = counts()
    assert first["MashEnquiry"] > 0 and first["StrategyDiscussion"] > 0
    audit = AuditEvent.objects.get(action="demo.generate")
    assert f"{first['MashEnquiry']} MASH enquiries" in audit.summary
    assert audit.changes["safeguarding"]["strategydiscussion"] == first["StrategyDiscussion"]

    output = run_demo("--contacts=400")  # no --reset: nothing added
    assert "Demo data already present" in output
    assert counts() == first

    run_small(contacts=400)  # --reset: the same data again
    assert counts() == first
    run_small(contacts=400, seed=9)
    assert counts() != first

    # Records the app makes after the demo get keys of their own.
    last = MashEnquiry.objects.order_by("pk").last()
    assert last is not None
    child = (
        MashEnquiry.objects.exclude(person__mash_enquiries__concluded_at__isnull=True)
        .values_list("person", flat=True)
        .first()
    )
    assert child is not None
    csw = User.objects.get(username="csw1")
    made = mash_services.mash_enquiry_open(actor=csw, person=Person.objects.get(pk=child))
    assert made.pk > last.pk
    assert RagChange.objects.filter(enquiry=made).count() == 1
