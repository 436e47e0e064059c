"""A consultant social worker records a call about two siblings (the second linked to the first
as her brother as he is added) and decides for each on today's clock, in a real browser with
JavaScript on and off; records the feedback at the time filled in, prints the contact, finds
a child from the header's search, then finds both in "decided today"; the audit log holds it."""

import pytest
from playwright.sync_api import Browser, Page, expect

from frontdoor.accounts.models import Role, Team, User
from frontdoor.contacts.models import Contact, Decision
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person, Relationship

PASSWORD = "a-long-test-password"


@pytest.fixture
def csw(transactional_db):  # type: ignore[no-untyped-def]
    team = Team.objects.create(name="CADS consultant social workers", kind=Team.Kind.CADS)
    return User.objects.create_user(
        username="amara",
        password=PASSWORD,
        first_name="Amara",
        last_name="Okafor",
        role=Role.CSW,
        team=team,
        swe_registration="SW100001",
    )


def add_new_child(page: Page, first: str, last: str, day: str, month: str, year: str) -> None:
    page.fill("#id_search-query", f"{first} {last}")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#no-matches")).to_be_visible()
    page.fill("#id_child-first_name", first)
    page.fill("#id_child-last_name", last)
    page.fill("#id_child-date_of_birth_day", day)
    page.fill("#id_child-date_of_birth_month", month)
    page.fill("#id_child-date_of_birth_year", year)
    page.get_by_role("button", name="Add new child").click()
    expect(page.locator("#chosen-children")).to_contain_text(f"{first} {last}")


def decide(page: Page, child: str, outcome: str, rationale: str) -> None:
    page.get_by_role("link", name=f"Decide for {child}").click()
    page.get_by_label(outcome, exact=True).check()
    page.get_by_label("Early help: additional needs").check()
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_label("Who is best placed to help, and next steps").fill("School to lead")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Decision recorded for {child}"
    )


def sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/")
    page.get_by_label("Username").fill("amara")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Work tray")).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_csw_records_a_call_about_two_siblings_and_decides_for_each(
    browser: Browser, live_server, csw, javascript: bool, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=javascript)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, live_server.url)

    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("button", name="Start recording a call").click()
    expect(page.get_by_role("heading", name="Record a contact")).to_be_visible()

    add_new_child(page, "Mia", "Testerton", "3", "4", "2016")
    # Mia is on the contact, so Leo is offered as her brother, ticked already.
    expect(page.get_by_label("Mia Testerton")).to_be_checked()
    add_new_child(page, "Leo", "Testerton", "5", "6", "2019")

    page.get_by_label("CADS professional line (phone)").check()
    page.get_by_label("Referrer's name").fill("Dana Whitlock")
    page.get_by_label("Referrer's role").fill("Designated safeguarding lead")
    page.get_by_label("Agency or organisation").fill("Riverside Primary School")
    page.get_by_label("Referral source").select_option("2A")
    page.get_by_label("What is the concern?").fill("Both children arrived hungry all week.")
    page.get_by_label("Neglect").check()
    page.get_by_label("Emotional abuse", exact=True).check()
    page.get_by_label("Today", exact=True).check()
    page.locator("#id_consent_0").check()
    page.get_by_role("button", name="Record contact").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Contact recorded")

    # Today's concern is due by the close of the working day, on the decision page too.
    page.get_by_role("link", name="Decide for Mia Testerton").click()
    expect(page.locator("#decision-clock")).to_contain_text("17:00")
    expect(page.locator("#decision-clock")).to_contain_text("How urgent: Today")
    page.go_back()
    decide(page, "Mia Testerton", "Early help", "Needs are met best by a family support plan.")
    decide(page, "Leo Testerton", "Early help", "Same household, same plan as his sister.")

    # The feedback time is filled in with now: one click records it.
    expect(page.locator("#id_sent_at_time")).not_to_have_value("")
    page.get_by_role("button", name="Record feedback sent").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Feedback")
    page.get_by_role("link", name="Print version").click()
    expect(page.locator("#print-header")).to_contain_text("OFFICIAL-SENSITIVE")
    expect(page.get_by_role("button", name="Record feedback sent")).to_be_hidden()

    # The header's search finds the children from any page.
    page.get_by_label("Find a person by name, date of birth, NHS number or postcode").fill(
        "Leo Testerton"
    )
    page.get_by_role("button", name="Find a person").click()
    expect(page.locator("main")).to_contain_text("Leo Testerton")

    page.get_by_role("link", name="Work tray").click()
    decided_today = page.locator("#decided-today")
    expect(decided_today).to_contain_text("Mia Testerton")
    expect(decided_today).to_contain_text("Leo Testerton")

    assert Decision.objects.filter(decided_by=csw, outcome="early_help").count() == 2
    contact = Contact.objects.get(recorded_by=csw)
    assert contact.concern_categories == ["16A", "17A"]
    assert contact.feedback_sent_at is not None
    leo = Person.objects.get(first_name="Leo")
    assert (
        Relationship.objects.filter(person=leo, kind="sibling").get().relative.first_name == "Mia"
    )
    actions = list(AuditEvent.objects.filter(actor=csw).values_list("action", flat=True))
    for action in ("contact.start", "contact.record", "view"):
        assert action in actions
    assert actions.count("person.create") == 2
    assert actions.count("contact.child_add") == 2
    assert actions.count("decision.make") == 2
    viewed = AuditEvent.objects.filter(actor=csw, action="view")
    assert viewed.filter(object_type="contacts.contact").exists()
    assert viewed.filter(object_type="people.person").count() >= 2


@pytest.mark.browser
def test_the_contact_screen_saves_a_draft_by_itself_while_the_csw_types(
    page: Page, live_server, csw
) -> None:  # type: ignore[no-untyped-def]
    page.clock.install()
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("button", name="Start recording a call").click()
    page.get_by_label("What is the concern?").fill("Caller worried about a baby left alone.")

    page.clock.run_for(21_000)

    expect(page.locator("[data-autosave-status]")).to_contain_text("Draft saved at")
    contact = Contact.objects.get(recorded_by=csw)
    assert contact.concern_summary == "Caller worried about a baby left alone."
    assert contact.status == Contact.Status.DRAFT


@pytest.mark.browser
def test_csw_finds_a_known_child_despite_a_misspelt_name_and_a_swapped_date_of_birth(
    page: Page, live_server, csw
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from django.utils import timezone

    from frontdoor.accounts.tests.factories import DecisionFactory, PersonFactory
    from frontdoor.people.models import Relationship

    katherine = PersonFactory(
        first_name="Katherine", last_name="Smith-Jones", date_of_birth=date(2016, 4, 3)
    )
    tom = PersonFactory(first_name="Tom", last_name="Smith-Jones", date_of_birth=date(2019, 1, 9))
    Relationship.objects.create(person=tom, relative=katherine, kind="sibling")
    PersonFactory(first_name="Kate", last_name="Jonas", date_of_birth=date(2015, 4, 3))
    DecisionFactory(
        contact_child__person=katherine,
        contact_child__contact__received_at=timezone.now() - timedelta(days=60),
        outcome="social_work_assessment",
    )

    sign_in(page, live_server.url)
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("button", name="Start recording a call").click()
    # "Kate" for Katherine, "Smtih" transposed, and the date typed day/month the wrong way
    page.fill("#id_search-query", "Kate Smtih-Jones 4/3/2016")
    page.get_by_role("button", name="Search", exact=True).click()

    best = page.locator("#search-results li").first
    expect(best).to_contain_text("Katherine Smith-Jones")
    expect(best).to_contain_text("Re-referral if referred")
    expect(best).to_contain_text("Siblings: Tom Smith-Jones")
    expect(best).to_contain_text("Contacts: 1, latest")
    best.get_by_role("button", name="This is the child").click()

    chosen = page.locator("#chosen-children")
    expect(chosen).to_contain_text("Katherine Smith-Jones")
    expect(chosen).to_contain_text("Sibling: Tom Smith-Jones")
