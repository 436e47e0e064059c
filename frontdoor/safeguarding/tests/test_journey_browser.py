"""The safeguarding path in a real browser with JavaScript off, partners included: a CSW
decides a MASH enquiry and sends three agency checks; police, health and education partners
each sign in, see only their own check, and answer it; the MASH manager concludes with a
strategy discussion, records it (who came, why it decided as it did) and the section 47
enquiry leads to an initial conference held within its clock and a child protection plan,
all on the child's chronology.

"Now" is frozen at Wednesday 18 November 2026, 14:00 (the live server runs in this process,
so the browser sees the same clock)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from frontdoor.accounts.models import Agency, Role, Team, User
from frontdoor.accounts.tests.factories import ContactFactory, PersonFactory, freeze, london
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Address
from frontdoor.safeguarding.models import AgencyCheck, Conference, CpPlan, Section47

PASSWORD = "a-long-test-password"
TODAY = date(2026, 11, 18)


def make(username: str, role: str, team: Team, **fields: str) -> User:
    first, last = fields.pop("name").split()
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        team=team,
        first_name=first,
        last_name=last,
        **fields,
    )


@pytest.fixture
def world(transactional_db, monkeypatch):  # type: ignore[no-untyped-def]
    freeze(monkeypatch, london(2026, 11, 18, 14, 0))
    cads = Team.objects.create(name="CADS", kind=Team.Kind.CADS)
    mash = Team.objects.create(name="MASH", kind=Team.Kind.MASH)
    norwich = Team.objects.create(
        name="Locality assessment: Norwich",
        kind=Team.Kind.LOCALITY,
        postcode_districts="NR1 NR2 NR3",
    )
    make("nora", Role.TEAM_MANAGER, norwich, name="Nora Quinn", swe_registration="SW100003")
    csw = make("amara", Role.CSW, cads, name="Amara Okafor", swe_registration="SW100001")
    make("lena", Role.TEAM_MANAGER, mash, name="Lena Berg", swe_registration="SW100002")
    for username, agency, name in (
        ("pc", Agency.POLICE, "Dev Rowe"),
        ("nurse", Agency.HEALTH, "Jo Hart"),
        ("school", Agency.EDUCATION, "Kim Lee"),
    ):
        make(username, Role.MASH_PARTNER, mash, name=name, agency=agency)
    child = PersonFactory(first_name="Ruby", last_name="Alder")
    Address.objects.create(person=child, address="7 Mill Lane, Norwich", postcode="NR2 3QT")
    contact = ContactFactory(csw=csw, child__person=child, received_at=london(2026, 11, 18, 9, 30))
    return {"child": child, "contact": contact}


def signed_in(browser: Browser, url: str, username: str, request: pytest.FixtureRequest) -> Page:
    context = browser.new_context(java_script_enabled=False)
    request.addfinalizer(context.close)
    page = context.new_page()
    page.goto(f"{url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # A partner agency lands on its checks, everyone else on their work tray.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def fill_date(page: Page, name: str, day: date = TODAY) -> None:
    page.fill(f"#id_{name}_day", str(day.day))
    page.fill(f"#id_{name}_month", str(day.month))
    page.fill(f"#id_{name}_year", str(day.year))


def partner_answers(page: Page, answer: str | None) -> None:
    page.get_by_role("link", name="Agency checks").click()
    checks = page.locator("main")
    expect(checks).to_contain_text("Ruby Alder")
    checks.get_by_role("link", name="Ruby Alder").first.click()
    expect(page.locator("main")).to_contain_text("7 Mill Lane")
    if answer is None:
        page.get_by_label("Nothing known").check()
    else:
        page.get_by_label("What your agency knows").fill(answer)
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


@pytest.mark.browser
def test_mash_checks_answered_by_partners_then_strategy_section_47_conference_and_plan(
    browser: Browser, live_server, world, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    url, child, contact = live_server.url, world["child"], world["contact"]

    # The CSW decides a MASH enquiry (the contact then links to it, and the consent recorded
    # on the contact is already on the enquiry) and sends three checks.
    csw = signed_in(browser, url, "amara", request)
    csw.goto(f"{url}/contacts/{contact.pk}/")
    csw.get_by_role("link", name="Decide for Ruby Alder").click()
    csw.get_by_label("MASH enquiry (multi-agency checks)").check()
    csw.get_by_label("Targeted: complex needs").check()
    csw.get_by_label("Rationale").fill("Bruising and a police call-out: check with partners.")
    csw.get_by_label("Who is best placed to help, and next steps").fill("MASH checks today")
    csw.get_by_role("button", name="Record decision").click()
    csw.locator("#decisions").get_by_role("link", name="MASH enquiry for Ruby Alder").click()
    expect(csw.locator("#id_consent_0")).to_be_checked()
    for agency, question in (
        ("police", "Any call-outs to 7 Mill Lane?"),
        ("health_gp", "Any injuries seen by the GP?"),
        ("education", "Attendance and presentation at school?"),
    ):
        csw.locator(f"#checks-form input[value='{agency}']").check()
        csw.fill(f"#id_question_{agency}", question)
    csw.get_by_role("button", name="Request checks").click()
    expect(csw.locator(".govuk-notification-banner--success")).to_contain_text("3 checks requested")

    # Each partner sees and answers only their own agency's check.
    police = signed_in(browser, url, "pc", request)
    partner_answers(police, "Two domestic abuse call-outs this year.")
    nurse = signed_in(browser, url, "nurse", request)
    expect(nurse.locator("main")).not_to_contain_text("call-outs")
    partner_answers(nurse, None)
    partner_answers(signed_in(browser, url, "school", request), "Attendance 78%.")
    police_check = AgencyCheck.objects.get(agency="police")

    def status(page: Page, path: str) -> int:
        response = page.goto(f"{url}{path}")
        assert response is not None
        return response.status

    assert status(police, f"/people/{child.pk}/") == 403
    health_check = AgencyCheck.objects.get(agency="health_gp")
    assert status(police, f"/safeguarding/checks/{health_check.pk}/") == 403
    assert AuditEvent.objects.filter(action="view_denied", object_id=str(health_check.pk)).exists()
    police_check.refresh_from_db()
    assert str(police_check.answered_by) == "Dev Rowe"

    # The MASH manager concludes with a strategy discussion and records it.
    manager = signed_in(browser, url, "lena", request)
    manager.get_by_role("link", name="MASH enquiries").click()
    expect(manager.locator("main")).to_contain_text("3 of 3")
    manager.get_by_role("link", name="Ruby Alder").first.click()
    manager.get_by_label("Strategy discussion", exact=True).check()
    manager.locator("textarea[name='rationale']").fill("Two call-outs and bruising: harm likely.")
    manager.get_by_role("button", name="Conclude the enquiry").click()
    enquiry_id = police_check.enquiry_id
    manager.goto(f"{url}/safeguarding/strategy/new/?person={child.pk}&enquiry={enquiry_id}")
    fill_date(manager, "held_at")
    manager.fill("#id_held_at_time", "11:00")
    for agency, name in (("local_authority", "Lena Berg"), ("police", "DS Hale")):
        manager.locator(f"#id_attended_{agency}_0").check()
        manager.fill(f"#id_name_{agency}", name)
    manager.locator("#id_attended_health_1").check()
    manager.fill("#id_absence_health", "GP sent a written report")
    manager.fill("#id_information_shared", "Police call-outs; school attendance; GP report.")
    manager.locator(f"#id_s47_{child.pk}_0").check()
    manager.fill(f"#id_rationale_{child.pk}", "Reasonable cause to suspect significant harm.")
    manager.fill("#id_next_steps", "Joint visit today; initial conference.")
    manager.get_by_role("button", name="Record the strategy discussion").last.click()
    expect(manager.locator("main")).to_contain_text("Reasonable cause to suspect")

    # Section 47, in the locality team the referral went to by postcode: outcome, conference
    # within 15 working days, and the plan.
    section47 = Section47.objects.get(person=child)
    manager = signed_in(browser, url, "nora", request)
    manager.goto(f"{url}/safeguarding/section47/{section47.pk}/")
    manager.get_by_label("Initial child protection conference").check()
    fill_date(manager, "outcome-outcome_on")
    manager.get_by_role("button", name="Record the outcome").click()
    fill_date(manager, "conference-held_on")
    manager.get_by_label("Child protection plan", exact=True).check()
    manager.fill("#id_conference-chair", "Independent chair")
    manager.get_by_role("button", name="Record the conference").click()
    fill_date(manager, "plan-start_date")
    manager.get_by_label("Physical abuse").check()
    manager.get_by_role("button", name="Start the plan").click()
    expect(manager.locator("main")).to_contain_text("Child protection plan")

    conference = Conference.objects.get(section47=section47)
    # Strategy discussion Wed 18 Nov; conference due 15 working days on: Nov 19, 20 (2),
    # 23-27 (7), Nov 30-Dec 4 (12), 7, 8, Wed 9 Dec (15). Held the same day: in time.
    assert section47.conference_due_on == date(2026, 12, 9)
    assert conference.held_on == TODAY
    assert CpPlan.objects.get(person=child).initial_category == "PHY"

    manager.goto(f"{url}/people/{child.pk}/chronology/")
    chronology = manager.locator("main")
    for text in ("MASH enquiry", "Strategy discussion", "Section 47", "conference"):
        expect(chronology).to_contain_text(text)
