"""The case review's pages through Django's test client, as a browser without JavaScript
would use them: who may open and run a meeting, refusals shown at the field with what was
typed kept, each child's read audited and refused to those who may not read it, the minutes
and the table over time."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Agency, Team
from frontdoor.accounts.tests.factories import (
    TeamFactory,
    audit_since_now,
    date_fields,
    error_summary,
    london,
    textarea_text,
)
from frontdoor.casework.tests.factories import social_worker
from frontdoor.quality.case_review import services
from frontdoor.quality.case_review.models import (
    CaseReviewAction,
    CaseReviewMeeting,
    CaseReviewTheme,
)
from frontdoor.quality.case_review.tests.factories import decided

pytestmark = pytest.mark.django_db

WEEK = date(2026, 11, 16)
AGENDA = "/quality/case-review/2026-11-16/"


@pytest.fixture
def meeting(head):  # type: ignore[no-untyped-def]
    decided("strategy_discussion", london(2026, 11, 10, 9, 0))
    decided("advice", london(2026, 11, 11, 9, 0), source="6")
    return services.case_review_open(actor=head, week_starting=WEEK)


def case_url(meeting: CaseReviewMeeting, position: int) -> str:
    return f"/quality/case-review/cases/{meeting.items.get(position=position).pk}/"


def test_the_head_of_service_opens_this_weeks_review_by_its_button(client, head) -> None:
    decided("strategy_discussion", london(2026, 11, 10, 9, 0))
    client.force_login(head)
    page = client.get("/quality/case-review/").content.decode()
    assert "Open this week's case review" in page
    response = client.post("/quality/case-review/")
    assert response.status_code == 302 and response["Location"] == AGENDA
    assert client.post("/quality/case-review/")["Location"] == AGENDA  # again: the same
    assert CaseReviewMeeting.objects.get().items.count() == 1
    assert client.get("/quality/case-review/")["Location"] == AGENDA


def test_a_practitioner_reads_but_cannot_open_or_record(client, meeting, csw) -> None:
    client.force_login(csw)
    assert client.post("/quality/case-review/", {}).status_code == 403
    page = client.get(case_url(meeting, 1))
    assert page.status_code == 200 and 'id="finding-form"' not in page.content.decode()
    refused = client.post(case_url(meeting, 1), {"form": "finding", "finding": "right"})
    assert refused.status_code == 403
    assert meeting.items.get(position=1).finding == ""
    assert client.get(f"{AGENDA}attendance/").status_code == 403
    assert client.get(f"{AGENDA}minutes/").status_code == 200


def test_a_finding_without_how_is_shown_at_the_field_with_the_text_kept(
    client, meeting, cads_manager
) -> None:
    client.force_login(cads_manager)
    consent = CaseReviewTheme.objects.get(name="Consent")
    response = client.post(
        case_url(meeting, 1),
        {"form": "finding", "version": "1", "finding": "different", "themes": [consent.pk]},
    )
    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [
        ("#id_finding_how", "Enter how the decision should have been different")
    ]
    item = meeting.items.get(position=1)
    assert (item.finding, item.themes.count()) == ("", 0)
    response = client.post(
        case_url(meeting, 1),
        {
            "form": "finding",
            "version": "1",
            "finding": "different",
            "finding_how": "Consent was not sought from the mother.",
            "themes": [consent.pk],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.finding, item.finding_how) == (
        "different",
        "Consent was not sought from the mother.",
    )


def test_an_action_refused_at_its_fields_keeps_what_was_typed(client, meeting, head, csw) -> None:
    client.force_login(head)
    typed = "Feed back to the CSW on the police contact."
    response = client.post(
        case_url(meeting, 2),
        {"form": "action", "action-text": typed, "action-owner": ""}
        | date_fields("action-due_on", date(2026, 11, 23)),
    )
    html = response.content.decode()
    assert error_summary(html) == [("#id_action-owner", "Select who owns the action")]
    assert textarea_text(html, "action-text") == typed
    response = client.post(
        case_url(meeting, 2),
        {"form": "action", "action-text": typed, "action-owner": str(csw.pk)}
        | date_fields("action-due_on", date(2026, 11, 13)),
    )
    assert error_summary(response.content.decode()) == [
        ("#id_action-due_on_day", "The action's due date must be today or later")
    ]
    assert not CaseReviewAction.objects.exists()
    response = client.post(
        case_url(meeting, 2),
        {"form": "action", "action-text": typed, "action-owner": str(csw.pk)}
        | date_fields("action-due_on", date(2026, 11, 23)),
    )
    assert response.status_code == 302
    action = CaseReviewAction.objects.get()
    assert (action.owner, action.due_on, action.text) == (csw, date(2026, 11, 23), typed)

    client.force_login(csw)  # the owner marks it done from their tray's link
    assert client.post(f"/quality/case-review/actions/{action.pk}/").status_code == 302
    action.refresh_from_db()
    assert action.done_by == csw


def test_each_child_on_the_agenda_is_read_through_the_access_model(client, meeting, head) -> None:
    # A locality social worker holds nothing at the front door: they read no child's intake.
    locality = TeamFactory(name="Locality: Norwich", kind=Team.Kind.LOCALITY)
    worker = social_worker(locality)
    children = [item.person for item in meeting.items.order_by("position")]
    client.force_login(worker)
    events = audit_since_now()
    page = client.get(AGENDA).content.decode()
    assert children[0].full_name not in page
    assert page.count("You may not read this child's front door record") == 2
    assert not events.filter(action="view").exists()
    assert client.get(case_url(meeting, 1)).status_code == 403

    client.force_login(head)
    events = audit_since_now()
    page = client.get(AGENDA).content.decode()
    assert all(child.full_name in page for child in children)
    assert "Sampled because: Police contact that did not meet the threshold" in page
    viewed = events.filter(action="view").values_list("person_id", "summary")
    assert sorted(viewed) == sorted((c.pk, "Case review agenda") for c in children)


def test_the_minutes_list_attendance_findings_themes_and_actions_and_print(
    client, meeting, head, csw
) -> None:
    services.case_review_attendance(
        actor=head,
        meeting_id=meeting.pk,
        version=None,
        chair_id=head.pk,
        held_on=date(2026, 11, 16),
        staff_ids=[csw.pk],
    )
    services.case_review_partner_add(
        actor=head, meeting_id=meeting.pk, name="DS Kim Lowe", agency=Agency.POLICE
    )
    first = meeting.items.get(position=1)
    services.case_review_finding(
        actor=head,
        item_id=first.pk,
        version=None,
        finding="different",
        finding_how="An immediate visit was needed.",
        theme_ids=[CaseReviewTheme.objects.get(name="History used").pk],
    )
    services.case_review_action_add(
        actor=head,
        item_id=first.pk,
        text="Audit the CSW's week.",
        owner_id=csw.pk,
        due_on=date(2026, 11, 30),
    )
    client.force_login(csw)
    events = audit_since_now()
    page = client.get(f"{AGENDA}minutes/?print=1").content.decode()
    for text in (
        "Helen Marsh",
        "Amara Okafor",
        "DS Kim Lowe (Police)",
        "16 November 2026",
        "The decision should have been different</strong>: An immediate visit was needed.",
        "Themes: History used",
        "Audit the CSW&#x27;s week.: Amara Okafor, by 30 November 2026",
        "No finding yet.",
        "OFFICIAL-SENSITIVE",
    ):
        assert text in page, text
    assert set(events.filter(action="view").values_list("summary", flat=True)) == {
        "Case review minutes (printed)"
    }


def test_themes_and_findings_over_time_hand_counted(client, meeting, head) -> None:
    consent = CaseReviewTheme.objects.get(name="Consent")
    voice = CaseReviewTheme.objects.get(name="Child's voice")
    one, two = meeting.items.order_by("position")
    services.case_review_finding(
        actor=head,
        item_id=one.pk,
        version=None,
        finding="different",
        finding_how="Needed a visit.",
        theme_ids=[consent.pk, voice.pk],
    )
    services.case_review_finding(
        actor=head, item_id=two.pk, version=None, finding="right", theme_ids=[consent.pk]
    )
    earlier = services.case_review_open(actor=head, week_starting=date(2026, 11, 9))  # empty
    client.force_login(head)
    page = client.get("/quality/case-review/over-time/").content.decode()
    table = page[page.index('id="over-time"') :]
    headers = [h for h in ("Child&#x27;s voice", "Consent", "History used") if h in table]
    assert headers == ["Child&#x27;s voice", "Consent", "History used"]
    # Columns: on the agenda, reviewed, different, then the themes by name (Child's voice,
    # Consent, History used, Partner information, Threshold applied).
    assert _row(table, earlier.week_starting) == ["0", "0", "0", "0", "0", "0", "0", "0"]
    assert _row(table, WEEK) == ["2", "2", "1", "1", "2", "0", "0", "0"]


def _row(table: str, week: date) -> list[str]:
    import re

    start = table.index(f"{week:%-d} November 2026</a>")
    row = table[start : table.index("</tr>", start)]
    return re.findall(r'govuk-table__cell--numeric">(\d+)</td>', row)
