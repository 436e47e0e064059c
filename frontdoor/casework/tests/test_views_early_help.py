"""The early help queue and episode pages through Django's test client, JavaScript off.

Dates used below, worked out by hand with England's bank holidays:
- an early help decision made on Monday 9 November 2026 opens early help that day; it is to
  be taken on within 5 working days, by Monday 16 November 2026;
- a plan started on Friday 20 November 2026 is first reviewed 30 working days later, on
  Wednesday 6 January 2027 (Christmas Day on Friday 25 December, Boxing Day's substitute on
  Monday 28 December and New Year's Day on Friday 1 January are skipped);
- a review on Monday 14 December 2026 sets the next one 30 working days later: 8 working days
  to Thursday 24 December, then (25 and 28 December and 1 January skipped) 3 more to
  Thursday 31 December, 5 to Friday 8 January and 14 more to Thursday 28 January 2027.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    TeamFactory,
    audit_since_now,
    checked_values,
    error_summary,
    freeze,
    input_value,
    london,
    make_user,
    only_child,
    textarea_text,
)
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.models import EarlyHelpEpisode, Oversight, PlanReview, Referral, Step
from frontdoor.contacts import services as contact_services

pytestmark = pytest.mark.django_db

QUEUE = "/casework/early-help/"
STALE = (
    "Somebody else changed this record while you were working on it. "
    "Your changes have not been saved: check the latest version below."
)
DECISION: dict[str, Any] = {
    "outcome": "early_help",
    "need_level": "early_help",
    "rationale": "Additional needs; the school knows the family well.",
    "best_placed": "School to lead an early help assessment.",
    "agency_taking_action": "Northshire Primary School",
    "child_views": "",
}


def url(episode: EarlyHelpEpisode) -> str:
    return f"/casework/early-help/{episode.pk}/"


def day(name: str, on: date | None) -> dict[str, str]:
    """A GOV.UK date input as the browser posts it (three empty boxes for None)."""
    if on is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(on.day),
        f"{name}_month": str(on.month),
        f"{name}_year": str(on.year),
    }


def progress(episode: EarlyHelpEpisode, consent: str, **dates: date | None) -> dict[str, str]:
    data = {"action": "update", "version": str(episode.version), "consent": consent}
    for name in ("assessment_started_on", "assessment_completed_on", "plan_started_on"):
        data |= day(name, dates.get(name))
    return data


@pytest.fixture
def advisor() -> Any:
    team = TeamFactory(name="Early Help", kind=Team.Kind.EARLY_HELP)
    return make_user(Role.PATHWAY_ADVISOR, first_name="Priya", last_name="Shah", team=team)


@pytest.fixture
def manager(advisor) -> Any:
    """The early help team's manager (the team that holds the children's early help)."""
    return make_user(Role.TEAM_MANAGER, first_name="Morgan", last_name="Lee", team=advisor.team)


@pytest.fixture
def decided(monkeypatch) -> EarlyHelpEpisode:
    """Early help opened by a CSW's decision on Monday 9 November 2026 at 10:15."""
    freeze(monkeypatch, london(2026, 11, 9, 10, 15))
    contact = ContactFactory()
    link = only_child(contact)
    contact_services.decision_make(actor=contact.csw, contact_child_id=link.pk, **DECISION)
    return EarlyHelpEpisode.objects.select_related("person").get(person=link.person)


@pytest.fixture
def taken(decided, advisor) -> EarlyHelpEpisode:
    """The decided episode, taken on by the advisor (version 2)."""
    return early_help_services.early_help_assign(
        actor=advisor, episode_id=decided.pk, version=decided.version, advisor_id=advisor.pk
    )


@pytest.fixture
def with_plan(monkeypatch, taken, advisor) -> EarlyHelpEpisode:
    """Consent given, assessed 12 to 18 November, plan from Friday 20 November 2026."""
    freeze(monkeypatch, london(2026, 11, 20, 16, 0))
    return early_help_services.early_help_update(
        actor=advisor,
        episode_id=taken.pk,
        version=taken.version,
        consent="given",
        assessment_started_on=date(2026, 11, 12),
        assessment_completed_on=date(2026, 11, 18),
        plan_started_on=date(2026, 11, 20),
    )


# --- the queue -------------------------------------------------------------------------------


def test_an_early_help_decision_is_in_the_queue(client, decided, advisor) -> None:
    client.force_login(advisor)
    response = client.get(QUEUE)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="episode-{decided.pk}"' in body
    assert f'href="{url(decided)}">{decided.person.full_name}</a>' in body
    assert "9 November 2026" in body
    contact = decided.origin.contact  # type: ignore[union-attr]
    assert f'href="/contacts/{contact.pk}/">Contact {contact.reference}</a>' in body
    assert "Additional needs; the school knows the family well." in body
    assert 'Monday 16 November 2026 <strong class="govuk-tag govuk-tag--green">On time' in body
    assert 'value="take"' in body
    assert f'name="e{decided.pk}-advisor"' not in body  # assigning is for managers


@pytest.mark.parametrize(
    ("moment", "colour", "label"),
    [
        (london(2026, 11, 12, 9, 0), "orange", "Due soon"),  # 2 working days left
        (london(2026, 11, 16, 9, 0), "orange", "Due today"),
        (london(2026, 11, 17, 9, 0), "red", "Overdue"),
    ],
)
def test_the_queue_shows_how_close_allocation_is(
    client, monkeypatch, decided, advisor, moment, colour, label
) -> None:
    freeze(monkeypatch, moment)
    client.force_login(advisor)
    body = client.get(QUEUE).content.decode()
    assert f'<strong class="govuk-tag govuk-tag--{colour}">{label}</strong>' in body


def test_an_advisor_takes_it_on(client, decided, advisor) -> None:
    client.force_login(advisor)
    response = client.post(
        QUEUE, {"episode": decided.pk, "action": "take", f"e{decided.pk}-version": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(decided)
    decided.refresh_from_db()
    assert (decided.advisor, decided.lead_organisation, decided.version) == (advisor, "", 2)

    body = client.get(QUEUE).content.decode()
    assert f'id="episode-{decided.pk}"' not in body
    assert "No early help decisions are waiting." in body
    mine = body.split('id="mine"')[1]
    assert f'href="{url(decided)}">{decided.person.full_name}</a>' in mine
    assert "Assessment due 21 Dec 2026" in mine  # 30 working days from 9 November
    workloads = body.split('id="workloads"')[1].split('id="mine"')[0]
    assert "Priya Shah" in workloads and ">1</td>" in workloads

    page = client.get(url(decided)).content.decode()
    assert "Priya Shah, pathway advisor" in page


def test_a_manager_assigns_to_a_lead_organisation(client, decided, manager) -> None:
    client.force_login(manager)
    prefix = f"e{decided.pk}"
    response = client.post(
        QUEUE,
        {
            "episode": decided.pk,
            "action": "assign",
            f"{prefix}-version": "1",
            f"{prefix}-advisor": "",
            f"{prefix}-lead_organisation": "Northshire Primary School",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    decided.refresh_from_db()
    assert (decided.advisor, decided.lead_organisation) == (None, "Northshire Primary School")


def test_a_manager_assigns_to_an_advisor(client, decided, manager, advisor) -> None:
    client.force_login(manager)
    prefix = f"e{decided.pk}"
    body = client.get(QUEUE).content.decode()
    assert f'<option value="{advisor.pk}">Priya Shah</option>' in body
    client.post(
        QUEUE,
        {
            "episode": decided.pk,
            "action": "assign",
            f"{prefix}-version": "1",
            f"{prefix}-advisor": str(advisor.pk),
            f"{prefix}-lead_organisation": "",
        },
    )
    decided.refresh_from_db()
    assert decided.advisor == advisor


def test_assigning_to_nobody_is_shown_at_the_advisor_field(client, decided, manager) -> None:
    client.force_login(manager)
    prefix = f"e{decided.pk}"
    response = client.post(
        QUEUE,
        {
            "episode": decided.pk,
            "action": "assign",
            f"{prefix}-version": "1",
            f"{prefix}-advisor": "",
            f"{prefix}-lead_organisation": "  ",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (f"#id_{prefix}-advisor", "Select the pathway advisor or enter the lead organisation")
    ]
    assert f'id="id_{prefix}-advisor-error"' in body
    decided.refresh_from_db()
    assert decided.version == 1


def test_an_advisor_may_not_assign_to_others(client, decided, advisor) -> None:
    client.force_login(advisor)
    prefix = f"e{decided.pk}"
    response = client.post(
        QUEUE,
        {
            "episode": decided.pk,
            "action": "assign",
            f"{prefix}-version": "1",
            f"{prefix}-lead_organisation": "Somewhere",
        },
    )
    assert response.status_code == 403


def test_taking_what_another_advisor_just_took_is_a_conflict(client, decided, advisor) -> None:
    other = make_user(Role.PATHWAY_ADVISOR, first_name="Alex", last_name="Kerr")
    early_help_services.early_help_assign(
        actor=other, episode_id=decided.pk, version=1, advisor_id=other.pk
    )
    client.force_login(advisor)
    response = client.post(
        QUEUE, {"episode": decided.pk, "action": "take", f"e{decided.pk}-version": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("", STALE)]
    assert "is now led by Alex Kerr" in body
    decided.refresh_from_db()
    assert decided.advisor == other


@pytest.mark.parametrize("role", [Role.CSW, Role.MASH_PARTNER, Role.LOCALITY_SOCIAL_WORKER])
def test_only_advisors_and_managers_see_the_queue(client, decided, role) -> None:
    client.force_login(make_user(role))
    assert client.get(QUEUE).status_code == 403
    response = client.post(
        QUEUE, {"episode": decided.pk, "action": "take", f"e{decided.pk}-version": "1"}
    )
    assert response.status_code == 403
    decided.refresh_from_db()
    assert decided.advisor is None


def test_the_queue_is_in_the_navigation_of_advisors_only(client, advisor) -> None:
    client.force_login(advisor)
    assert 'href="/casework/early-help/"' in client.get("/").content.decode()
    client.force_login(make_user(Role.CSW))
    assert 'href="/casework/early-help/"' not in client.get("/").content.decode()


def test_a_partner_may_not_open_an_episode(client, decided) -> None:
    client.force_login(make_user(Role.MASH_PARTNER))
    assert client.get(url(decided)).status_code == 403


# --- the audit trail of views ----------------------------------------------------------------


def test_every_get_writes_a_view_event(client, decided, advisor) -> None:
    client.force_login(advisor)
    new = audit_since_now()
    client.get(QUEUE)
    client.get(url(decided))
    events = [
        (e.actor_id, e.action, e.object_type, e.object_id, e.summary) for e in new.order_by("id")
    ]
    episode = ("casework.earlyhelpepisode", str(decided.pk))
    assert events == [
        (advisor.pk, "view", *episode, "Early help queue"),
        (advisor.pk, "view", *episode, ""),
    ]


def test_a_form_sent_back_with_a_problem_is_not_a_view(client, taken, advisor) -> None:
    client.force_login(advisor)
    new = audit_since_now()
    client.post(
        url(taken), progress(taken, "not_yet_asked", assessment_started_on=date(2026, 11, 9))
    )
    assert not new.exists()


# --- the episode -----------------------------------------------------------------------------


def test_the_episode_page(client, with_plan, advisor) -> None:
    client.force_login(advisor)
    body = client.get(url(with_plan)).content.decode()
    person = with_plan.person
    assert f'href="/people/{person.pk}/">{person.full_name}</a>' in body
    assert "Priya Shah, pathway advisor" in body
    assert '<dd class="govuk-summary-list__value" id="consent">Given</dd>' in body
    assert "12 November 2026" in body and "18 November 2026" in body
    assert "20 November 2026" in body
    # 30 working days after Friday 20 November 2026; on the 20th that is well ahead.
    assert "Wednesday 6 January 2027" in body
    assert "govuk-tag--green" in body.split('id="next-review"')[1].split("</dd>")[0]
    assert checked_values(body, "consent") == ["given"]
    assert input_value(body, "plan_started_on_day") == "20"


def test_consent_must_be_given_before_the_assessment(client, monkeypatch, taken, advisor) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 9, 0))
    client.force_login(advisor)
    response = client.post(
        url(taken), progress(taken, "not_yet_asked", assessment_started_on=date(2026, 11, 12))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "#id_consent_0",
            "Early help is voluntary: record the family's consent before the assessment",
        )
    ]
    assert 'id="id_consent-error"' in body
    assert checked_values(body, "consent") == ["not_yet_asked"]
    assert [input_value(body, f"assessment_started_on_{p}") for p in ("day", "month", "year")] == [
        "12",
        "11",
        "2026",
    ]
    taken.refresh_from_db()
    assert (taken.version, taken.consent, taken.assessment_started_on) == (2, "not_yet_asked", None)


def test_completion_before_the_start_is_refused_at_its_field(
    client, monkeypatch, taken, advisor
) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 9, 0))
    client.force_login(advisor)
    response = client.post(
        url(taken),
        progress(
            taken,
            "given",
            assessment_started_on=date(2026, 11, 18),
            assessment_completed_on=date(2026, 11, 16),
        ),
    )
    body = response.content.decode()
    assert error_summary(body) == [
        (
            "#id_assessment_completed_on_day",
            "The assessment completion date must be the same as or after the assessment "
            "start date (18 November 2026)",
        )
    ]
    assert input_value(body, "assessment_completed_on_day") == "16"
    assert input_value(body, "assessment_started_on_day") == "18"
    taken.refresh_from_db()
    assert taken.assessment_started_on is None


def test_a_date_that_is_not_real_is_shown_at_its_field(client, taken, advisor) -> None:
    client.force_login(advisor)
    data = progress(taken, "given") | {
        "assessment_started_on_day": "31",
        "assessment_started_on_month": "2",
        "assessment_started_on_year": "2026",
    }
    body = client.post(url(taken), data).content.decode()
    assert error_summary(body) == [
        ("#id_assessment_started_on_day", "Early help assessment started must be a real date")
    ]


def test_progress_is_saved_and_the_first_review_set(client, monkeypatch, taken, advisor) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 16, 0))
    client.force_login(advisor)
    response = client.post(
        url(taken),
        progress(
            taken,
            "given",
            assessment_started_on=date(2026, 11, 12),
            assessment_completed_on=date(2026, 11, 18),
            plan_started_on=date(2026, 11, 20),
        ),
    )
    assert response.status_code == 302
    taken.refresh_from_db()
    assert (taken.consent, taken.plan_started_on, taken.next_review_on, taken.version) == (
        "given",
        date(2026, 11, 20),
        date(2027, 1, 6),
        3,
    )


def test_a_stale_version_shows_the_conflict_with_the_latest_values(
    client, monkeypatch, taken, advisor, manager
) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 9, 0))
    client.force_login(advisor)
    page = client.get(url(taken)).content.decode()
    assert input_value(page, "version") == "2"
    # Meanwhile a manager records the family's consent.
    early_help_services.early_help_update(
        actor=manager, episode_id=taken.pk, version=2, consent="given"
    )

    response = client.post(
        url(taken), progress(taken, "refused", assessment_started_on=date(2026, 11, 12))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("", STALE)]
    assert '<dd class="govuk-summary-list__value" id="consent">Given</dd>' in body  # the latest
    assert checked_values(body, "consent") == ["refused"]  # what was typed
    assert input_value(body, "assessment_started_on_day") == "12"
    assert input_value(body, "version") == "3"
    taken.refresh_from_db()
    assert (taken.version, taken.consent, taken.assessment_started_on) == (3, "given", None)


def test_an_advisor_who_does_not_lead_it_may_not_change_it(client, taken) -> None:
    other = make_user(Role.PATHWAY_ADVISOR)
    client.force_login(other)
    body = client.get(url(taken)).content.decode()
    assert 'value="update"' not in body
    response = client.post(url(taken), progress(taken, "given"))
    assert response.status_code == 403


def test_a_review_sets_the_next_review_date(client, monkeypatch, with_plan, advisor) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    response = client.post(
        url(with_plan),
        {"action": "review", "note": "Attendance up; keep the plan."}
        | day("reviewed_on", date(2026, 12, 14)),
    )
    assert response.status_code == 302
    review = PlanReview.objects.get()
    assert (review.early_help, review.reviewed_on, review.next_review_on) == (
        with_plan,
        date(2026, 12, 14),
        date(2027, 1, 28),
    )
    with_plan.refresh_from_db()
    assert with_plan.next_review_on == date(2027, 1, 28)
    body = client.get(url(with_plan)).content.decode()
    assert "Thursday 28 January 2027" in body
    assert "Attendance up; keep the plan." in body


def test_a_review_without_a_note_keeps_the_date_typed(
    client, monkeypatch, with_plan, advisor
) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    body = client.post(
        url(with_plan), {"action": "review", "note": " "} | day("reviewed_on", date(2026, 12, 14))
    ).content.decode()
    assert error_summary(body) == [("#id_note", "Enter what the review found and decided")]
    assert input_value(body, "reviewed_on_day") == "14"
    assert not PlanReview.objects.exists()


def test_a_closed_episode_is_not_reviewed(client, monkeypatch, with_plan, advisor) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    early_help_services.early_help_close(
        actor=advisor,
        episode_id=with_plan.pk,
        version=with_plan.version,
        closed_on=date(2026, 12, 11),
        reason="needs_met",
    )
    client.force_login(advisor)
    body = client.post(
        url(with_plan),
        {"action": "review", "note": "Late."} | day("reviewed_on", date(2026, 12, 14)),
    ).content.decode()
    assert error_summary(body) == [("", "This early help episode is closed")]
    assert not PlanReview.objects.exists()


def test_close_with_a_reason(client, monkeypatch, with_plan, advisor) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    response = client.post(
        url(with_plan),
        {"action": "close", "version": str(with_plan.version), "closure_reason": "needs_met"}
        | day("closed_on", date(2026, 12, 11)),
    )
    assert response.status_code == 302
    with_plan.refresh_from_db()
    assert (with_plan.closed_on, with_plan.closure_reason, with_plan.next_review_on) == (
        date(2026, 12, 11),
        "needs_met",
        None,
    )
    body = client.get(url(with_plan)).content.decode()
    assert "11 December 2026: Needs met: outcomes achieved" in body
    assert 'value="update"' not in body and 'value="close"' not in body


def test_closing_without_a_reason_is_shown_at_the_reason(
    client, monkeypatch, with_plan, advisor
) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    body = client.post(
        url(with_plan),
        {"action": "close", "version": str(with_plan.version)}
        | day("closed_on", date(2026, 12, 11)),
    ).content.decode()
    assert error_summary(body) == [("#id_closure_reason_0", "Select the reason for closure")]
    assert input_value(body, "closed_on_day") == "11"
    with_plan.refresh_from_db()
    assert with_plan.is_open


def test_step_up_opens_a_referral_and_records_the_step(
    client, monkeypatch, with_plan, advisor
) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(advisor)
    response = client.post(
        url(with_plan),
        {
            "action": "step_up",
            "version": str(with_plan.version),
            "reason": "Disclosure at school of harm at home.",
        }
        | day("stepped_on", date(2026, 12, 14)),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.person, referral.referral_date, referral.closed_on) == (
        with_plan.person,
        date(2026, 12, 14),
        None,
    )
    step = Step.objects.get()
    assert (step.direction, step.referral, step.early_help, step.stepped_on, step.reason) == (
        "up",
        referral,
        with_plan,
        date(2026, 12, 14),
        "Disclosure at school of harm at home.",
    )
    with_plan.refresh_from_db()
    assert (with_plan.closed_on, with_plan.closure_reason) == (date(2026, 12, 14), "stepped_up")
    body = client.get(url(with_plan)).content.decode()
    assert f'href="/casework/referrals/{referral.pk}/">referral {referral.reference}</a>' in body


def test_step_up_without_a_date_is_shown_at_its_date(client, with_plan, advisor) -> None:
    client.force_login(advisor)
    body = client.post(
        url(with_plan),
        {"action": "step_up", "version": str(with_plan.version), "reason": "Harm disclosed."}
        | day("stepped_on", None),
    ).content.decode()
    assert [href for href, _ in error_summary(body)] == ["#id_stepped_on_day"]
    assert textarea_text(body, "reason") == "Harm disclosed."
    assert not Referral.objects.exists() and not Step.objects.exists()


def test_a_manager_records_oversight(client, monkeypatch, with_plan, manager, advisor) -> None:
    freeze(monkeypatch, london(2026, 12, 14, 11, 0))
    client.force_login(manager)
    response = client.post(
        url(with_plan),
        {
            "action": "oversight",
            "kind": "supervision",
            "discussion": "Plan on track.",
            "direction": "Ask the school nurse to join the next review.",
            "direction_for": str(advisor.pk),
        }
        | day("direction_due_on", date(2026, 12, 18)),
    )
    assert response.status_code == 302
    oversight = Oversight.objects.get()
    assert (oversight.early_help, oversight.person, oversight.direction_for) == (
        with_plan,
        with_plan.person,
        advisor,
    )
    assert oversight.direction_due_on == date(2026, 12, 18)
    body = client.get(url(with_plan)).content.decode()
    assert f'href="/casework/oversight/{oversight.pk}/">Supervision</a>' in body


def test_a_direction_without_a_worker_is_shown_at_its_field(client, with_plan, manager) -> None:
    client.force_login(manager)
    body = client.post(
        url(with_plan),
        {"action": "oversight", "kind": "oversight", "discussion": "x", "direction": "Do it"}
        | day("direction_due_on", None),
    ).content.decode()
    assert error_summary(body) == [("#id_direction_for", "Select who the direction is for")]
    assert textarea_text(body, "direction") == "Do it"


def test_only_managers_record_oversight(client, with_plan, advisor) -> None:
    client.force_login(advisor)
    assert 'value="oversight"' not in client.get(url(with_plan)).content.decode()
    response = client.post(
        url(with_plan), {"action": "oversight", "kind": "oversight", "discussion": "x"}
    )
    assert response.status_code == 403
    assert not Oversight.objects.exists()
