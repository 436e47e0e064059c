"""The whole journey after a call, in a real browser with JavaScript off (every step must
work without it): a CSW decides a social work assessment; the referral waits on the locality
team's unallocated list; the team manager allocates it, seeing caseloads (and the worker who
is not registered offered last); the social worker assesses; the manager authorises from the
one authorisation queue; a child in need plan starts; the episode closes and the plan ends
with it."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import PersonFactory
from frontdoor.casework.models import Assessment, Referral
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Address

PASSWORD = "a-long-test-password"


def make(username: str, role: str, team: Team, swe: str = "", **names: str) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, team=team, swe_registration=swe, **names
    )


@pytest.fixture
def people(transactional_db):  # type: ignore[no-untyped-def]
    cads = Team.objects.create(name="CADS", kind=Team.Kind.CADS)
    norwich = Team.objects.create(
        name="Locality assessment: Norwich",
        kind=Team.Kind.LOCALITY,
        locality="Norwich",
        postcode_districts="NR1 NR2 NR3",
    )
    child = PersonFactory(first_name="Ruby", last_name="Alder")
    Address.objects.create(person=child, address="7 Mill Lane, Norwich", postcode="NR2 3QT")
    return {
        "child": child,
        "csw": make("amara", Role.CSW, cads, "SW100001", first_name="Amara", last_name="Okafor"),
        "manager": make(
            "lena", Role.TEAM_MANAGER, norwich, "SW100002", first_name="Lena", last_name="Berg"
        ),
        "worker": make(
            "sam",
            Role.LOCALITY_SOCIAL_WORKER,
            norwich,
            "SW100003",
            first_name="Sam",
            last_name="Kerr",
        ),
        "support": make(
            "jo", Role.LOCALITY_SOCIAL_WORKER, norwich, first_name="Jo", last_name="Reed"
        ),
        "busy": make(
            "noor",
            Role.LOCALITY_SOCIAL_WORKER,
            norwich,
            "SW100004",
            first_name="Noor",
            last_name="Ali",
        ),
    }


def signed_in(browser: Browser, url: str, username: str, request: pytest.FixtureRequest) -> Page:
    context = browser.new_context(java_script_enabled=False)
    request.addfinalizer(context.close)
    page = context.new_page()
    page.goto(f"{url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Work tray")).to_be_visible()
    return page


def fill_date(page: Page, name: str) -> None:
    today = timezone.localdate()
    page.fill(f"#id_{name}_day", str(today.day))
    page.fill(f"#id_{name}_month", str(today.month))
    page.fill(f"#id_{name}_year", str(today.year))


def csw_decides_a_social_work_assessment(page: Page) -> None:
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_role("button", name="Start recording a call").click()
    page.fill("#id_search-query", "Ruby Alder")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator("#search-results li").first.get_by_role("button", name="This is the child").click()
    expect(page.locator("#chosen-children")).to_contain_text("Ruby Alder")
    page.get_by_label("CADS professional line (phone)").check()
    page.get_by_label("Referrer's name").fill("Dana Whitlock")
    page.get_by_label("Referral source").select_option("2A")
    page.get_by_label("What is the concern?").fill("Ruby disclosed her stepfather hits her.")
    page.get_by_label("Within one working day").check()
    page.locator("#id_consent_0").check()
    page.get_by_role("button", name="Record contact").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Contact recorded")

    page.get_by_role("link", name="Decide for Ruby Alder").click()
    page.get_by_label("Social work assessment", exact=True).check()
    page.get_by_label("Targeted: complex needs").check()
    page.get_by_label("Rationale").fill("A disclosure of physical harm needs an assessment.")
    page.get_by_label("Who is best placed to help, and next steps").fill("Locality team")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Decision recorded")


@pytest.mark.browser
def test_from_the_decision_to_closure_every_step_in_the_browser(
    browser: Browser, live_server, people, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    url = live_server.url
    csw_decides_a_social_work_assessment(signed_in(browser, url, "amara", request))
    referral = Referral.objects.get(person=people["child"])
    assert str(referral.team) == "Locality assessment: Norwich"  # by postcode NR2

    # The team manager allocates from the unallocated list, seeing each worker's caseload.
    manager = signed_in(browser, url, "lena", request)
    manager.get_by_role("link", name="Unallocated cases").click()
    expect(manager.locator("main")).to_contain_text("Ruby Alder")
    manager.get_by_role("link", name="Allocate Ruby Alder").click()
    expect(manager.get_by_label("Sam Kerr, 0 open cases")).to_be_visible()
    # Jo, not a registered social worker, is offered last and says why.
    choices = manager.locator(".govuk-radios__label").all_inner_texts()
    assert choices[-1].startswith("Jo Reed, 0 open cases (not a registered social worker")
    manager.get_by_label("Sam Kerr, 0 open cases").check()
    manager.get_by_role("button", name="Allocate").click()
    expect(manager.locator(".govuk-notification-banner--success")).to_contain_text(
        "Allocated to Sam Kerr"
    )

    # The social worker finds the child in their tray, assesses and sends it for authorisation.
    worker = signed_in(browser, url, "sam", request)
    mine = worker.locator("#my-work")
    expect(mine).to_contain_text("See Ruby Alder")
    mine.get_by_role("link", name="See Ruby Alder").click()
    worker.get_by_role("button", name="Start an assessment").click()
    fill_date(worker, "started_on")
    worker.get_by_role("button", name="Start assessment").click()
    fill_date(worker, "child_seen_on")
    worker.locator("#id_child_seen_alone_0").check()
    worker.get_by_label("The child's views").fill("Ruby says she is scared when he drinks.")
    worker.get_by_label("How the child's culture, identity and ethnicity were considered").fill(
        "White British; the family's Methodist church matters to Ruby."
    )
    worker.get_by_label("18C Physical abuse: adult on child").check()
    worker.get_by_label("Analysis").fill("Harm is likely without a plan; mother is protective.")
    worker.get_by_label("Child in need plan").check()
    worker.locator("#id_requires_support_0").check()
    worker.get_by_role("button", name="Complete and send for authorisation").click()
    expect(worker.locator("main")).to_contain_text("Awaiting authorisation")

    # The manager sees it in the one authorisation queue and authorises it.
    manager.get_by_role("link", name="Work tray").click()
    queue = manager.locator("#to-authorise")
    expect(queue).to_contain_text("Social work assessment")
    queue.get_by_role("link", name="Ruby Alder").click()
    fill_date(manager, "authorised_on")
    manager.get_by_role("button", name="Authorise").click()
    expect(manager.locator("main")).to_contain_text("Authorised")

    # The worker starts a child in need plan, then closes the episode.
    worker.goto(f"{url}/casework/referrals/{referral.pk}/")
    worker.get_by_role("button", name="Start a child in need plan").click()
    fill_date(worker, "start_date")
    worker.get_by_role("button", name="Start plan").click()
    # The worker asks to close the episode; it waits for the manager, who authorises it.
    worker.get_by_role("button", name="Close the episode").click()
    fill_date(worker, "closed_on")
    worker.get_by_label("Services ceased for any other reason").check()
    worker.get_by_label("Why the episode can close now").fill("The plan's goals are met.")
    worker.get_by_label("Primary need").select_option("N1")
    worker.get_by_role("button", name="Ask to close the episode").click()
    expect(worker.locator("#closure-waiting")).to_contain_text(
        "Closure waiting for a manager's authorisation"
    )
    manager.get_by_role("link", name="Work tray").click()
    queue = manager.locator("#to-authorise")
    expect(queue).to_contain_text("Close the episode (RC7)")
    queue.get_by_role("link", name="Ruby Alder").click()
    expect(manager.locator("#re-referrals")).to_be_visible()
    manager.get_by_role("button", name="Authorise").click()
    expect(manager.locator("main")).to_contain_text("Authorised")
    worker.reload()
    expect(worker.locator("main")).to_contain_text("closed")

    referral.refresh_from_db()
    today = timezone.localdate()
    assert (referral.closed_on, referral.closure_reason, referral.primary_need) == (
        today,
        "RC7",
        "N1",
    )
    assert referral.worker == people["worker"]
    assert referral.closure_signed_off_by == people["manager"]
    assessment = Assessment.objects.get(referral=referral)
    assert (assessment.status, assessment.authorised_by, assessment.factors) == (
        "authorised",
        people["manager"],
        ["18C"],
    )
    assert referral.cin_plans.get().end_date == today
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    for action in (
        "referral.open",
        "referral.allocate",
        "assessment.start",
        "assessment.complete",
        "assessment.authorise",
        "cin_plan.start",
        "closure.request",
        "cin_plan.end",
        "referral.close",
        "closure.authorise",
    ):
        assert action in actions
