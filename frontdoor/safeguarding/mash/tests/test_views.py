"""The MASH list and enquiry pages: ratings, rules shown at their fields, concluding, every
read audited, and conflicts.
client, as a browser without JavaScript would use them.

Due times worked out by hand (working day 09:00 to 17:00, 8 hours; red 4 working hours,
amber 24, green 72 = 9 working days):
- opened amber on 9 November 2026 at 09:30: 7.5 h that day, 8 on Tuesday, 8 on
  Wednesday, 0.5 on Thursday: due Thursday 12 November 09:30;
- rated red on Monday 9 November at 10:00: due the same day at 14:00;
- rated green on Friday 13 November at 16:00: 1 h that Friday, then Monday 16 to Friday 20
  (40 h, 41 in all), Monday 23 to Wednesday 25 (24 h, 65 in all) and 7 h on Thursday 26:
  due 26 November 2026 at 16:00;
- rated red on 24 December 2026 at 15:00: 2 h that day; Friday 25 December
  (Christmas Day) and Monday 28 December (Boxing Day's substitute) are bank holidays, so the
  other 2 h are on Tuesday 29 December: due 11:00;
- then rated green at 16:00 the same day: 1 h on Thursday 24; Tuesday 29 to Thursday 31
  December (24 h, 25 in all); 1 January 2027 is a bank holiday; Monday 4 to Friday
  8 January (40 h, 65 in all); 7 h on Monday 11 January: due 11 January 2027 at 16:00."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Agency, Role
from frontdoor.accounts.tests.factories import (
    CONFLICT,
    ContactFactory,
    checked_values,
    error_summary,
    freeze,
    input_value,
    london,
    make_user,
    only_child,
    textarea_text,
)
from frontdoor.casework.models import EarlyHelpEpisode, Referral
from frontdoor.casework.tests.factories import child_at
from frontdoor.contacts import services as contact_services
from frontdoor.core.models import AuditEvent
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.mash.tests.pages import (
    CHECKS,
    LIST,
    QUESTIONS,
    check_url,
    checks_post,
    three_checks,
    url,
    views_of,
)
from frontdoor.safeguarding.models import AgencyCheck, MashEnquiry, RagChange
from frontdoor.safeguarding.tests.factories import MASH_DECISION, consented, partner

pytestmark = pytest.mark.django_db

# --- the list and the ratings ----------------------------------------------------------------


def test_a_mash_decision_opens_an_enquiry_that_is_rated_and_listed(
    client, monkeypatch, csw, child, enquiry
) -> None:
    assert (enquiry.person, enquiry.rag, enquiry.opened_by) == (child, "amber", csw)
    assert enquiry.due_at == london(2026, 11, 12, 9, 30)  # amber: 24 working hours
    client.force_login(csw)

    listing = client.get(LIST).content.decode()
    assert f'<a class="govuk-link" href="{url(enquiry)}">Amelia Hart</a>' in listing
    assert "12 November 2026, 09:30" in listing
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in listing
    assert '<strong class="govuk-tag govuk-tag--green">On time</strong>' in listing
    assert "None requested" in listing

    freeze(monkeypatch, london(2026, 11, 9, 10, 0))
    response = client.post(
        url(enquiry), {"action": "rate", "version": "1", "rag": "red", "reason": "Police report"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(enquiry)
    enquiry.refresh_from_db()
    assert (enquiry.rag, enquiry.due_at, enquiry.version) == ("red", london(2026, 11, 9, 14), 2)
    page = client.get(url(enquiry)).content.decode()
    assert "Rated red: checks are due by 9 November 2026, 14:00" in page
    assert "9 November 2026, 14:00" in page
    assert '<strong class="govuk-tag govuk-tag--orange">Due soon</strong>' in page  # 4 h left

    freeze(monkeypatch, london(2026, 11, 13, 16, 0))  # Friday
    client.force_login(csw)  # signed in again: the session ended after 30 idle minutes
    response = client.post(
        url(enquiry),
        {"action": "rate", "version": "2", "rag": "green", "reason": "Police: nothing recent"},
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.due_at == london(2026, 11, 26, 16, 0)  # 72 working hours, over a weekend
    page = client.get(url(enquiry)).content.decode()
    assert "26 November 2026, 16:00" in page
    history = page[page.index('id="rating-history"') : page.index('id="consent-decision"')]
    assert history.index("Rated when the MASH enquiry was opened") < history.index("Police report")
    assert 'Red to <strong class="govuk-tag govuk-tag--green">Green</strong>' in history
    assert "Police: nothing recent" in history
    assert "Priya Shah" in history
    assert [(c.from_rag, c.to_rag) for c in RagChange.objects.all()] == [
        ("", "amber"),
        ("amber", "red"),
        ("red", "green"),
    ]


def test_the_clock_skips_christmas_and_the_boxing_day_substitute(
    client, monkeypatch, csw, enquiry
) -> None:
    freeze(monkeypatch, london(2026, 12, 24, 15, 0))  # Thursday
    client.force_login(csw)
    response = client.post(
        url(enquiry), {"action": "rate", "version": "1", "rag": "red", "reason": "New"}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.due_at == london(2026, 12, 29, 11, 0)  # Tuesday, after two bank holidays

    freeze(monkeypatch, london(2026, 12, 24, 16, 0))
    client.post(url(enquiry), {"action": "rate", "version": "2", "rag": "green", "reason": "Less"})
    enquiry.refresh_from_db()
    assert enquiry.due_at == london(2027, 1, 11, 16, 0)  # and New Year's Day
    assert "11 January 2027, 16:00" in client.get(url(enquiry)).content.decode()


def test_the_list_puts_the_most_urgent_first_and_shows_checks_answered_and_overdue(
    client, monkeypatch, csw, enquiry
) -> None:
    checks = three_checks(enquiry, csw)  # due Thursday 12 November 09:30
    mash_services.check_answer(
        actor=partner(Agency.POLICE), check_id=checks["police"].pk, version=1, nothing_known=True
    )
    freeze(monkeypatch, london(2026, 11, 12, 10, 0))  # Thursday: the two others are overdue
    urgent = mash_services.mash_enquiry_open(
        actor=csw, person=child_at(first_name="Ben", last_name="Cole"), rag="red"
    )  # due 14:00 today
    later = mash_services.mash_enquiry_open(
        actor=csw, person=child_at(first_name="Cara", last_name="Dunn"), rag="green"
    )
    client.force_login(csw)
    listing = client.get(LIST).content.decode()
    rows = [listing.index(f'id="enquiry-{e.pk}"') for e in (enquiry, urgent, later)]
    assert rows == sorted(rows)  # overdue first, then due at 14:00, then in 9 working days
    first = listing[rows[0] : rows[1]]
    assert "1 of 3" in first
    assert '<strong class="govuk-tag govuk-tag--red">2 overdue</strong>' in first
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in first
    assert "12 November 2026, 14:00" in listing[rows[1] : rows[2]]

    mash_services.mash_conclude(
        actor=csw, enquiry_id=later.pk, version=1, outcome="advice", rationale="Nothing to do"
    )
    assert "Cara Dunn" not in client.get(LIST).content.decode()


# --- rules shown at their fields -------------------------------------------------------------


def test_checks_without_consent_need_a_reason_shown_at_the_reason(client, csw, enquiry) -> None:
    client.force_login(csw)
    response = client.post(
        url(enquiry),
        {"action": "consent", "version": "1", "consent": "not_sought", "consent_reason": "  "},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert error_summary(body) == [
        ("#id_consent_reason", "Enter why the checks go ahead without consent")
    ]
    assert checked_values(body, "consent") == ["not_sought"]
    enquiry.refresh_from_db()
    assert (enquiry.consent, enquiry.version) == ("obtained", 1)  # as carried from the contact

    reason = "Father is the alleged perpetrator; asking would alert him."
    response = client.post(
        url(enquiry),
        {"action": "consent", "version": "1", "consent": "not_sought", "consent_reason": reason},
    )
    assert response.status_code == 302
    page = client.get(url(enquiry)).content.decode()
    assert "Checks without consent: seeking it would put the child at risk" in page
    assert textarea_text(page, "consent_reason") == reason


def test_a_rating_change_needs_a_reason_and_keeps_the_choice(client, csw, enquiry) -> None:
    client.force_login(csw)
    body = client.post(
        url(enquiry), {"action": "rate", "version": "1", "rag": "red", "reason": ""}
    ).content.decode()
    assert error_summary(body) == [("#id_reason", "Enter why the rating changes")]
    assert checked_values(body, "rag") == ["red"]
    body = client.post(
        url(enquiry), {"action": "rate", "version": "1", "rag": "amber", "reason": "Same"}
    ).content.decode()
    assert error_summary(body) == [("#id_rag_0", "The enquiry is already rated amber")]


def test_requesting_checks_shows_a_missing_question_at_its_box_and_keeps_the_rest(
    client, csw, enquiry
) -> None:
    client.force_login(csw)
    # As an enquiry opened with no contact behind it: no consent decision to carry across.
    MashEnquiry.objects.filter(pk=enquiry.pk).update(consent="", consent_reason="")
    body = client.post(url(enquiry), checks_post(1, {"police": "Call-outs?"})).content.decode()
    assert error_summary(body) == [("", "Record the consent decision before sending checks")]

    enquiry = consented(enquiry, csw)
    questions = {"police": "Any call-outs?", "education": "  ", "other": "Known to you?"}
    body = client.post(
        url(enquiry), checks_post(enquiry.version, questions) | {"other_agency": "Food bank"}
    ).content.decode()
    assert error_summary(body) == [("#id_question_education", "Enter the question for each agency")]
    assert checked_values(body, "agencies") == ["police", "education", "other"]
    assert textarea_text(body, "question_police") == "Any call-outs?"
    assert textarea_text(body, "question_other") == "Known to you?"
    assert input_value(body, "other_agency") == "Food bank"
    assert not AgencyCheck.objects.exists()

    body = client.post(url(enquiry), checks_post(enquiry.version, {})).content.decode()
    assert error_summary(body) == [("#id_agencies_0", "Select at least one agency to check with")]


# --- concluding ------------------------------------------------------------------------------


def test_concluding_with_a_social_work_assessment_opens_a_referral(
    client, monkeypatch, csw, child, enquiry
) -> None:
    client.force_login(csw)
    body = client.post(
        url(enquiry), {"action": "conclude", "version": "1", "outcome": "mash_enquiry"}
    ).content.decode()
    assert error_summary(body) == [("#id_outcome_0", "Select the outcome of the enquiry")]
    body = client.post(
        url(enquiry),
        {"action": "conclude", "version": "1", "outcome": "social_work_assessment"},
    ).content.decode()
    assert error_summary(body) == [("#id_rationale", "Enter the rationale for the outcome")]
    assert checked_values(body, "outcome") == ["social_work_assessment"]
    assert 'value="mash_enquiry"' not in body

    freeze(monkeypatch, london(2026, 11, 10, 15, 0))
    client.force_login(csw)  # signed in again: the session ended after 30 idle minutes
    response = client.post(
        url(enquiry),
        {
            "action": "conclude",
            "version": "1",
            "outcome": "social_work_assessment",
            "rationale": "Police and health concerns together meet the threshold.",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get(person=child)
    # Dated when the contact came in (the factories' 6 November), as a front-door decision is.
    assert (referral.referral_date, referral.source) == (date(2026, 11, 6), "2A")
    page = client.get(url(enquiry)).content.decode()
    assert "MASH enquiry concluded: Social work assessment" in page
    assert (
        f'<a class="govuk-link" href="/casework/referrals/{referral.pk}/">'
        f"Referral {referral.reference}</a>"
    ) in page
    assert "Police and health concerns together meet the threshold." in page
    assert 'value="rate"' not in page and 'value="conclude"' not in page  # closed
    assert "Amelia Hart" not in client.get(LIST).content.decode()


def test_concluding_with_early_help_opens_an_episode_and_hides_its_waiting_checks(
    client, csw, child, enquiry
) -> None:
    checks = three_checks(enquiry, csw)
    enquiry.refresh_from_db()
    client.force_login(csw)
    page = client.get(url(enquiry)).content.decode()
    assert "3 checks not answered yet." in page
    response = client.post(
        url(enquiry),
        {
            "action": "conclude",
            "version": str(enquiry.version),
            "outcome": "early_help",
            "rationale": "Needs are additional; school to lead.",
        },
    )
    assert response.status_code == 302
    episode = EarlyHelpEpisode.objects.get(person=child)
    page = client.get(url(enquiry)).content.decode()
    assert f'href="/casework/early-help/{episode.pk}/">Early help for Amelia Hart</a>' in page
    assert 'value="answer"' not in page and 'value="chase"' not in page

    police = partner(Agency.POLICE)
    client.force_login(police)
    assert QUESTIONS["police"] not in client.get(CHECKS).content.decode()
    assert client.get(check_url(checks["police"])).status_code == 404


# --- audit and conflicts ---------------------------------------------------------------------


def test_every_page_read_is_audited(client, csw, enquiry) -> None:
    checks = three_checks(enquiry, csw)
    client.force_login(csw)
    client.get(LIST)
    assert AuditEvent.objects.filter(action="view").latest("id").summary == "MASH enquiries list"
    assert views_of(enquiry) == 1
    client.get(url(enquiry))
    assert views_of(enquiry) == 2

    client.force_login(partner(Agency.HEALTH))
    client.get(CHECKS)
    assert [views_of(c) for c in checks.values()] == [0, 1, 0]  # police, health, education
    client.get(check_url(checks["health_gp"]))
    assert views_of(checks["health_gp"]) == 2
    assert views_of(enquiry) == 2  # the partner never reads the enquiry


def test_a_stale_rating_is_a_conflict_showing_the_latest_rating(client, csw, enquiry) -> None:
    mash_services.mash_rate(actor=csw, enquiry_id=enquiry.pk, version=1, rag="red", reason="Urgent")
    client.force_login(make_user(Role.TEAM_MANAGER))
    body = client.post(
        url(enquiry),
        {"action": "rate", "version": "1", "rag": "green", "reason": "Low risk after all"},
    ).content.decode()
    assert error_summary(body) == [("", CONFLICT)]
    assert input_value(body, "version") == "2"
    assert checked_values(body, "rag") == ["green"]
    assert textarea_text(body, "reason") == "Low risk after all"
    rating = body[body.index('id="rating"') :]
    assert rating.startswith('id="rating"><strong class="govuk-tag govuk-tag--red">Red</strong>')
    enquiry.refresh_from_db()
    assert (enquiry.rag, enquiry.version) == ("red", 2)


# --- from the contact: its link and its consent -----------------------------------------------


def test_the_contact_links_to_the_enquiry_its_decision_opened(client, csw, enquiry) -> None:
    client.force_login(csw)
    contact = enquiry.origin.contact
    page = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert f'<a class="govuk-link" href="{url(enquiry)}">MASH enquiry' in page


def test_the_consent_recorded_on_the_contact_is_carried_to_the_enquiry(client, csw) -> None:
    reason = "Mother's partner is the alleged perpetrator; asking would alert him."
    link = only_child(
        ContactFactory(
            csw=csw, child__person=child_at(), consent="not_sought", consent_reason=reason
        )
    )
    contact_services.decision_make(actor=csw, contact_child_id=link.pk, **MASH_DECISION)
    enquiry = MashEnquiry.objects.get(origin=link)
    assert (enquiry.consent, enquiry.consent_reason) == ("not_sought", reason)

    client.force_login(csw)
    page = client.get(url(enquiry)).content.decode()
    assert checked_values(page, "consent") == ["not_sought"]
    assert textarea_text(page, "consent_reason") == reason
