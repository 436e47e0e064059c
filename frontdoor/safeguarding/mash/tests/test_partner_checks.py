"""The partners' check pages: each agency sees and answers only its own checks and nothing
else; chasing an overdue check and answering on a partner's behalf.
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

import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver

from frontdoor.accounts.models import Agency, User
from frontdoor.accounts.tests.factories import (
    error_summary,
    freeze,
    input_value,
    london,
    textarea_text,
)
from frontdoor.casework.tests.factories import child_at, make_referral
from frontdoor.core.models import AuditEvent
from frontdoor.safeguarding import urls
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.mash.tests.pages import (
    CHECKS,
    LIST,
    MASH_DECISION,
    QUESTIONS,
    check_url,
    checks_post,
    three_checks,
    url,
    views_of,
)
from frontdoor.safeguarding.models import AgencyCheck, MashEnquiry
from frontdoor.safeguarding.tests.factories import consented, partner

pytestmark = pytest.mark.django_db

# --- checks and partners ---------------------------------------------------------------------


def test_three_partners_each_see_and_answer_only_their_own_agencys_check(
    client, monkeypatch, csw, enquiry
) -> None:
    enquiry = consented(enquiry, csw)
    client.force_login(csw)
    freeze(monkeypatch, london(2026, 11, 9, 11, 0))
    response = client.post(url(enquiry), checks_post(enquiry.version))
    assert response.status_code == 302
    checks = {check.agency: check for check in AgencyCheck.objects.all()}
    assert sorted(checks) == ["education", "health_gp", "police"]
    assert {c.due_at for c in checks.values()} == {london(2026, 11, 12, 9, 30)}
    assert "3 checks requested" in client.get(url(enquiry)).content.decode()

    police = partner(Agency.POLICE, first_name="Dev", last_name="Rowe")
    health = partner(Agency.HEALTH, first_name="Hana", last_name="Ito")
    school = partner(Agency.EDUCATION, first_name="Ed", last_name="Nash")
    police_answer = "Two call-outs in August for shouting; no arrests."

    client.force_login(police)
    listing = client.get(CHECKS).content.decode()
    assert QUESTIONS["police"] in listing
    assert QUESTIONS["health_gp"] not in listing and QUESTIONS["education"] not in listing
    assert "Amelia Hart" in listing
    assert "27 March 2015" in listing
    assert "12 Elm Road, Norwich" in listing and "NR2 4AB" in listing
    assert "3 Old Lane" not in listing  # a past address
    assert "/people/" not in listing and "/contacts/" not in listing
    assert "/safeguarding/mash/" not in listing
    assert MASH_DECISION["rationale"] not in listing
    assert "12 November 2026, 09:30" in listing
    page = client.get(check_url(checks["police"])).content.decode()
    assert QUESTIONS["police"] in page and "/people/" not in page
    response = client.post(check_url(checks["police"]), {"version": "1", "answer": police_answer})
    assert response.status_code == 302
    assert response["Location"] == CHECKS
    checks["police"].refresh_from_db()
    assert (checks["police"].answer, checks["police"].answered_by) == (police_answer, police)
    listing = client.get(CHECKS).content.decode()
    assert "Your answer has been sent to the MASH" in listing
    assert police_answer in listing[listing.index('id="answered"') :]

    client.force_login(health)
    listing = client.get(CHECKS).content.decode()
    assert QUESTIONS["health_gp"] in listing
    assert QUESTIONS["police"] not in listing and police_answer not in listing
    assert QUESTIONS["education"] not in listing
    body = client.post(check_url(checks["health_gp"]), {"version": "1"}).content.decode()
    assert error_summary(body) == [
        ("#id_answer", "Enter what your agency knows, or select \u201cNothing known\u201d")
    ]
    response = client.post(
        check_url(checks["health_gp"]), {"version": "1", "nothing_known": ["yes"]}
    )
    assert response.status_code == 302
    assert police_answer not in client.get(CHECKS).content.decode()

    client.force_login(school)
    listing = client.get(CHECKS).content.decode()
    assert QUESTIONS["education"] in listing and QUESTIONS["police"] not in listing
    assert "Nothing known" not in listing and police_answer not in listing
    client.post(check_url(checks["education"]), {"version": "1", "answer": "Attendance 91%."})

    client.force_login(csw)
    page = client.get(url(enquiry)).content.decode()
    table = page[page.index('id="checks"') :]
    assert police_answer in table and "Dev Rowe" in table
    assert "<strong>Nothing known</strong>" in table and "Hana Ito" in table
    assert "Attendance 91%." in table and "Ed Nash" in table
    assert "0 of 3 waiting for an answer" in table

    # An agency's checks stay on its list for 7 days after they are answered.
    freeze(monkeypatch, london(2026, 11, 16, 11, 1))
    client.force_login(police)
    assert QUESTIONS["police"] not in client.get(CHECKS).content.decode()
    assert client.get(check_url(checks["police"])).status_code == 404


def test_a_partner_opening_another_agencys_check_is_refused_and_audited(
    client, csw, enquiry
) -> None:
    checks = three_checks(enquiry, csw)
    police = partner(Agency.POLICE)
    client.force_login(police)
    assert client.get(check_url(checks["health_gp"])).status_code == 403
    response = client.post(
        check_url(checks["health_gp"]), {"version": "1", "answer": "Not ours to answer"}
    )
    assert response.status_code == 403
    denied = AuditEvent.objects.filter(action="view_denied").order_by("id")
    assert [(e.actor, e.object_type, e.object_id) for e in denied] == [
        (police, "safeguarding.agencycheck", str(checks["health_gp"].pk))
    ] * 2
    assert views_of(checks["health_gp"]) == 0
    checks["health_gp"].refresh_from_db()
    assert checks["health_gp"].answered_at is None


@pytest.fixture
def guessable(csw: User, enquiry: MashEnquiry) -> dict[str, Any]:
    """Records a police partner might guess the address of."""
    checks = three_checks(enquiry, csw)
    return {
        "person": enquiry.person.pk,
        "contact": enquiry.origin.contact_id if enquiry.origin else None,
        "referral": make_referral(child_at(first_name="Dan", last_name="Ely")).pk,
        "enquiry": enquiry.pk,
        "health_check": checks["health_gp"].pk,
        "education_check": checks["education"].pk,
    }


GUESSES: list[tuple[str, str, Callable[[dict[str, Any]], dict[str, Any]] | None]] = [
    ("GET", "/people/{person}/", None),
    ("GET", "/contacts/{contact}/", None),
    ("GET", "/casework/referrals/{referral}/", None),
    ("GET", "/safeguarding/mash/", None),
    ("GET", "/safeguarding/mash/{enquiry}/", None),
    ("GET", "/safeguarding/checks/{health_check}/", None),
    ("GET", "/safeguarding/checks/{education_check}/", None),
    ("POST", "/safeguarding/mash/{enquiry}/", lambda i: {"action": "rate", "rag": "red"}),
    ("POST", "/safeguarding/mash/{enquiry}/", lambda i: {"action": "consent"}),
    ("POST", "/safeguarding/mash/{enquiry}/", lambda i: {"action": "checks"}),
    ("POST", "/safeguarding/mash/{enquiry}/", lambda i: {"action": "conclude"}),
    (
        "POST",
        "/safeguarding/mash/{enquiry}/",
        lambda i: {"action": "chase", "check": str(i["health_check"])},
    ),
    (
        "POST",
        "/safeguarding/mash/{enquiry}/",
        lambda i: {"action": "answer", "check": str(i["health_check"])},
    ),
    ("POST", "/safeguarding/checks/{health_check}/", lambda i: {"answer": "x", "version": "1"}),
]


@pytest.mark.parametrize(("method", "address", "data"), GUESSES)
def test_a_police_partner_is_refused_everything_but_their_own_checks(
    client, guessable, method, address, data
) -> None:
    client.force_login(partner(Agency.POLICE))
    target = address.format(**guessable)
    if method == "GET":
        response = client.get(target)
    else:
        response = client.post(target, data(guessable) if data else {})
    assert response.status_code == 403


def _app_paths(patterns: Sequence[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    paths = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths.extend(_app_paths(pattern.url_patterns, route))
        elif pattern.name not in ("partner_checks", "partner_check"):
            paths.append(route)
    return paths


def test_a_partner_is_refused_every_other_page_of_safeguarding(client, guessable) -> None:
    """Every route of the app but the partners' own, GET and POST, with any id filled in (so
    routes added later are covered too): refused."""
    client.force_login(partner(Agency.POLICE))
    paths = _app_paths(urls.urlpatterns)
    assert "mash/<id:enquiry_id>/" in paths
    for route in paths:
        address = "/safeguarding/" + route
        address = re.sub(r"<[^>]+>", str(guessable["enquiry"]), address)
        statuses = {client.get(address).status_code, client.post(address).status_code}
        # A page only for POST (or GET) may say so first: 405 tells a partner nothing.
        assert 403 in statuses and statuses <= {403, 405}, f"{address} gave {statuses}"


def test_mash_staff_see_no_partner_pages_and_the_navigation_fits_the_role(
    client, csw, enquiry
) -> None:
    checks = three_checks(enquiry, csw)
    client.force_login(csw)
    assert client.get(CHECKS).status_code == 403
    assert client.get(check_url(checks["police"])).status_code == 403
    home = client.get(LIST).content.decode()
    assert 'href="/safeguarding/mash/"' in home and 'href="/safeguarding/checks/"' not in home
    client.force_login(partner(Agency.POLICE))
    listing = client.get(CHECKS).content.decode()
    assert 'href="/safeguarding/checks/"' in listing
    assert 'href="/safeguarding/mash/"' not in listing
    home = client.get("/")
    assert (home.status_code, home["Location"]) == (302, "/safeguarding/checks/")


# --- chasing and answering on a partner's behalf ---------------------------------------------


def test_an_overdue_check_is_chased_and_answered_on_the_partners_behalf(
    client, monkeypatch, csw, enquiry
) -> None:
    checks = three_checks(enquiry, csw)
    police_check = checks["police"]
    client.force_login(csw)
    page = client.get(url(enquiry)).content.decode()
    assert 'value="chase"' not in page  # nothing overdue yet
    body = client.post(
        url(enquiry), {"action": "chase", "check": str(police_check.pk)}
    ).content.decode()
    assert error_summary(body) == [("", "Police: This check is not overdue yet")]

    freeze(monkeypatch, london(2026, 11, 12, 10, 0))  # half an hour after the checks were due
    client.force_login(csw)  # signed in again: the session ended after 30 idle minutes
    page = client.get(url(enquiry)).content.decode()
    row = page[page.index(f'id="check-{police_check.pk}"') :]
    row = row[: row.index("</tr>")]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in row
    assert "Record that you chased" in row
    response = client.post(url(enquiry), {"action": "chase", "check": str(police_check.pk)})
    assert response.status_code == 302
    police_check.refresh_from_db()
    assert (police_check.times_chased, police_check.version) == (1, 2)
    page = client.get(url(enquiry)).content.decode()
    assert "Recorded that you chased Police (1 time)" in page
    assert "Chased 1 time, last 12 November 2026, 10:00" in page

    prefix = f"c{police_check.pk}-"
    body = client.post(
        url(enquiry),
        {"action": "answer", "check": str(police_check.pk), prefix + "version": "2"}
        | {prefix + "answer": "One call-out.", prefix + "nothing_known": ["yes"]},
    ).content.decode()
    assert error_summary(body) == [
        (
            f"#id_{prefix}answer",
            "Either enter what your agency knows or select \u201cNothing known\u201d, not both",
        )
    ]
    assert textarea_text(body, prefix + "answer") == "One call-out."
    assert f'id="answer-{police_check.pk}" open' in body

    response = client.post(
        url(enquiry),
        {"action": "answer", "check": str(police_check.pk), prefix + "version": "2"}
        | {prefix + "answer": "One call-out, by phone to PC Rowe."},
    )
    assert response.status_code == 302
    police_check.refresh_from_db()
    assert (police_check.answered_by, police_check.answer) == (
        csw,
        "One call-out, by phone to PC Rowe.",
    )
    page = client.get(url(enquiry)).content.decode()
    assert "Answer from Police recorded" in page
    assert f'id="answer-{police_check.pk}"' not in page  # no form for an answered check


def test_an_answer_already_given_is_a_conflict_showing_the_latest(client, csw, enquiry) -> None:
    checks = three_checks(enquiry, csw)
    police = partner(Agency.POLICE, first_name="Dev", last_name="Rowe")
    mash_services.check_answer(
        actor=police, check_id=checks["police"].pk, version=1, answer="Two call-outs."
    )
    client.force_login(csw)
    prefix = f"c{checks['police'].pk}-"
    body = client.post(
        url(enquiry),
        {"action": "answer", "check": str(checks["police"].pk), prefix + "version": "1"}
        | {prefix + "answer": "Nothing on the system."},
    ).content.decode()
    # Whoever answered first is named, rather than the general "somebody changed this".
    assert error_summary(body) == [("", "Dev Rowe already answered this check")]
    assert textarea_text(body, prefix + "answer") == "Nothing on the system."
    assert input_value(body, prefix + "version") == "2"
    assert "Two call-outs." in body and "Dev Rowe" in body

    client.force_login(police)
    body = client.post(
        check_url(checks["police"]), {"version": "2", "answer": "Again"}
    ).content.decode()
    assert error_summary(body) == [("", "Dev Rowe already answered this check")]
    assert textarea_text(body, "answer") == "Again"
