"""The contact screen with JavaScript off, the decision and authorisation pages, permissions,
and the audit trail of a whole journey, through Django's test client."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    TeamFactory,
    checked_values,
    error_summary,
    freeze,
    input_value,
    london,
    make_user,
    only_child,
    textarea_text,
)
from frontdoor.casework.models import EarlyHelpEpisode
from frontdoor.contacts import services
from frontdoor.contacts.models import Contact, Decision
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person

pytestmark = pytest.mark.django_db


def _datetime_parts(name: str, day: str, month: str, year: str, time: str) -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year, f"{name}_time": time}


def screen(contact: Contact, action: str = "save", **fields: Any) -> dict[str, Any]:
    """Everything the contact screen's one form submits, as a browser without JavaScript would."""
    data: dict[str, Any] = {
        "action": action,
        "version": str(contact.version),
        "channel": "professional_line",
        **_datetime_parts("received_at", "6", "11", "2026", "14:00"),
        **_datetime_parts("call_started_at", "6", "11", "2026", "14:00"),
        **_datetime_parts("call_ended_at", "", "", "", ""),
        "csw": str(contact.csw_id or ""),
        "referrer_name": "Dana Whitfield",
        "referrer_role": "Designated safeguarding lead",
        "referrer_agency": "Northshire Primary School",
        "referral_source": "2A",
        "referrer_phone": "01603 000000",
        "referrer_email": "dana@example.org",
        "concern_summary": "Bruises on Amelia's arm, explained differently twice.",
        "concern_categories": ["18C"],
        "immediacy": "one_working_day",
        "child_whereabouts": "At school until 15:15",
        "parents_aware": "no",
        "consent": "obtained",
        "consent_reason": "",
        "referrer_actions": "Spoke to the class teacher.",
        "search-name": "",
        "search-date_of_birth_day": "",
        "search-date_of_birth_month": "",
        "search-date_of_birth_year": "",
        "child-kind": "child",
        "child-first_name": "",
        "child-last_name": "",
        "child-date_of_birth_day": "",
        "child-date_of_birth_month": "",
        "child-date_of_birth_year": "",
        "child-expected_date_of_birth_day": "",
        "child-expected_date_of_birth_month": "",
        "child-expected_date_of_birth_year": "",
        "child-sex": "U",
        "child-ethnicity": "NOBT",
        "child-nhs_number": "",
        "child-address": "",
        "child-postcode": "",
    }
    return data | fields


NEW_CHILD = {
    "child-first_name": "Amelia",
    "child-last_name": "Hart",
    "child-date_of_birth_day": "27",
    "child-date_of_birth_month": "3",
    "child-date_of_birth_year": "2015",
    "child-sex": "F",
    "child-nhs_number": "999 000 0018",
    "child-postcode": "NR2 1AA",
}


@pytest.fixture
def csw() -> Any:
    return make_user(Role.CSW, first_name="Sam", last_name="Patel")


@pytest.fixture
def draft(csw: Any) -> Contact:
    return ContactFactory(
        status=Contact.Status.DRAFT,
        csw=csw,
        child=None,
        referrer_name="",
        referrer_role="",
        referrer_agency="",
        concern_summary="",
    )


@pytest.fixture
def signed_in(client, csw):
    client.force_login(csw)
    return client


def edit_url(contact: Contact) -> str:
    return f"/contacts/{contact.pk}/edit/"


# --- starting --------------------------------------------------------------------------------


def test_starting_a_call_opens_a_draft(signed_in, csw) -> None:
    response = signed_in.post("/contacts/start/")
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(contact)
    assert (contact.status, contact.csw, contact.recorded_by) == ("draft", csw, csw)


def test_starting_needs_a_post(signed_in) -> None:
    assert signed_in.get("/contacts/start/").status_code == 405
    assert not Contact.objects.exists()


# --- the contact screen, JavaScript off ------------------------------------------------------


def test_opening_a_draft_is_audited(signed_in, draft, csw) -> None:
    response = signed_in.get(edit_url(draft))
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        csw,
        "view",
        "contacts.contact",
        str(draft.pk),
    )


def test_save_keeps_everything_typed(signed_in, draft) -> None:
    response = signed_in.post(edit_url(draft), screen(draft))
    body = response.content.decode()
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.referrer_name == "Dana Whitfield"
    assert draft.received_at == london(2026, 11, 6, 14, 0)
    assert draft.decision_due_at == london(2026, 11, 9, 14, 0)
    assert draft.concern_categories == ["18C"]
    assert input_value(body, "version") == "2"
    assert input_value(body, "referrer_name") == "Dana Whitfield"
    assert textarea_text(body, "concern_summary") == (
        "Bruises on Amelia's arm, explained differently twice."
    )
    assert checked_values(body, "consent") == ["obtained"]
    assert "Monday 9 November 2026, 14:00" in body


def test_search_saves_the_draft_and_offers_matches_to_add(signed_in, draft) -> None:
    amelia = PersonFactory(first_name="Amelia", last_name="Hart")
    PersonFactory(first_name="Cara", last_name="Jones")
    response = signed_in.post(
        edit_url(draft), screen(draft, "search", **{"search-name": "amelia hart"})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="add:{amelia.pk}"' in body
    assert "Cara Jones" not in body
    assert input_value(body, "search-name") == "amelia hart"
    draft.refresh_from_db()
    assert draft.referrer_name == "Dana Whitfield"


def test_add_links_the_child(signed_in, draft) -> None:
    amelia = PersonFactory(first_name="Amelia", last_name="Hart")
    response = signed_in.post(edit_url(draft), screen(draft, f"add:{amelia.pk}"))
    assert response.status_code == 200
    assert list(draft.children.all()) == [amelia]
    assert 'id="chosen-children"' in response.content.decode()


def test_remove_unlinks_the_child(signed_in, draft) -> None:
    amelia = PersonFactory()
    services.contact_child_add(actor=draft.csw, contact_id=draft.pk, person=amelia)
    signed_in.post(edit_url(draft), screen(draft, f"remove:{amelia.pk}"))
    assert not draft.children.exists()


def test_create_child_adds_a_new_child_to_the_contact(signed_in, draft) -> None:
    response = signed_in.post(edit_url(draft), screen(draft, "create_child", **NEW_CHILD))
    body = response.content.decode()
    child = Person.objects.get()
    assert (child.full_name, child.nhs_number) == ("Amelia Hart", "9990000018")
    assert list(draft.children.all()) == [child]
    assert child.la_child_id in body
    assert error_summary(body) == []
    assert input_value(body, "child-first_name") == ""  # ready for the next child


def test_invalid_nhs_number_for_a_new_child_keeps_everything_typed(signed_in, draft) -> None:
    data = screen(
        draft,
        "create_child",
        referrer_name="Dana Whitfield (DSL)",
        **NEW_CHILD | {"child-nhs_number": "9990000019"},
    )
    response = signed_in.post(edit_url(draft), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "#id_child-nhs_number",
            "Enter a valid NHS number: the last digit does not match the others",
        )
    ]
    assert input_value(body, "child-nhs_number") == "9990000019"
    assert input_value(body, "child-first_name") == "Amelia"
    assert input_value(body, "referrer_name") == "Dana Whitfield (DSL)"
    assert not Person.objects.exists()


def test_record_without_a_child_says_so_and_keeps_the_text(signed_in, draft) -> None:
    response = signed_in.post(edit_url(draft), screen(draft, "record"))
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("#children", "Add at least one child this contact is about")]
    assert input_value(body, "referrer_name") == "Dana Whitfield"
    draft.refresh_from_db()
    assert draft.status == Contact.Status.DRAFT
    assert not AuditEvent.objects.filter(action="contact.record").exists()


def test_every_problem_at_record_links_to_its_field(signed_in, draft) -> None:
    data = screen(draft, "record", consent="not_sought", referral_source="", channel="")
    response = signed_in.post(edit_url(draft), data)
    assert error_summary(response.content.decode()) == [
        ("#children", "Add at least one child this contact is about"),
        ("#id_channel_0", "Select how the contact came in"),
        ("#id_referral_source", "Select the referral source"),
        ("#id_consent_reason", "Enter why consent was not sought"),
    ]


def test_record_with_consent_not_sought_and_no_reason(signed_in, draft) -> None:
    services.contact_child_add(actor=draft.csw, contact_id=draft.pk, person=PersonFactory())
    response = signed_in.post(
        edit_url(draft),
        screen(draft, "record", consent="not_sought", concern_summary="Typed during the call."),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("#id_consent_reason", "Enter why consent was not sought")]
    assert 'id="id_consent_reason-error"' in body
    assert textarea_text(body, "concern_summary") == "Typed during the call."
    assert checked_values(body, "consent") == ["not_sought"]
    draft.refresh_from_db()
    assert (draft.status, draft.concern_summary) == ("draft", "Typed during the call.")


def test_record_a_whole_contact_goes_to_its_page(signed_in, draft) -> None:
    services.contact_child_add(actor=draft.csw, contact_id=draft.pk, person=PersonFactory())
    response = signed_in.post(edit_url(draft), screen(draft, "record"))
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.status == Contact.Status.RECORDED
    follow = signed_in.get(response["Location"])
    assert "Contact recorded. Now decide for each child." in follow.content.decode()


def test_a_bad_received_time_is_shown_and_nothing_saved(signed_in, draft) -> None:
    data = screen(draft, referrer_name="Typed name", received_at_day="")
    response = signed_in.post(edit_url(draft), data)
    body = response.content.decode()
    assert error_summary(body) == [("#id_received_at_day", "Received must include a day")]
    assert input_value(body, "referrer_name") == "Typed name"
    draft.refresh_from_db()
    assert (draft.version, draft.referrer_name) == (1, "")


def test_saving_over_someone_elses_change_is_a_conflict(signed_in, draft) -> None:
    stale = screen(draft, referrer_name="Mine")
    services.contact_update(actor=draft.csw, contact_id=draft.pk, version=1, referrer_name="Theirs")
    response = signed_in.post(edit_url(draft), stale)
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "",
            "Somebody else changed this record while you were working on it. "
            "Your changes have not been saved: check the latest version below.",
        )
    ]
    assert input_value(body, "referrer_name") == "Mine"
    assert input_value(body, "version") == "2"  # saving again keeps this version
    assert "Latest saved version" in body and "Theirs" in body
    draft.refresh_from_db()
    assert (draft.referrer_name, draft.version) == ("Theirs", 2)


def test_a_recorded_contact_is_not_edited_but_shown(signed_in) -> None:
    contact = ContactFactory()
    response = signed_in.get(edit_url(contact))
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.pk}/"


def test_only_the_author_or_named_csw_can_edit_a_draft(client, draft) -> None:
    client.force_login(make_user(Role.CONTACT_CENTRE_OFFICER))
    assert client.post(edit_url(draft), screen(draft, referrer_name="X")).status_code == 403
    draft.refresh_from_db()
    assert draft.referrer_name == ""


# --- permissions and missing pages -----------------------------------------------------------


def test_mash_partner_gets_403_on_contacts_and_people(client, draft) -> None:
    recorded = ContactFactory()
    client.force_login(make_user(Role.MASH_PARTNER))
    assert client.get(f"/contacts/{recorded.pk}/").status_code == 403
    assert client.get(edit_url(draft)).status_code == 403
    assert client.get(f"/people/{only_child(recorded).person_id}/").status_code == 403
    assert client.get("/contacts/new/").status_code == 403
    # Nothing was opened; each refusal is in the audit log, the person's with the person.
    assert list(AuditEvent.objects.order_by("id").values_list("action", "person_id")) == [
        ("refused", None),
        ("refused", None),
        ("refused", only_child(recorded).person_id),
        ("refused", None),
    ]


def test_mash_partner_cannot_see_a_contact_through_the_feedback_form(client) -> None:
    contact = ContactFactory(concern_summary="Only for council staff")
    client.force_login(make_user(Role.MASH_PARTNER))
    response = client.post(f"/contacts/{contact.pk}/feedback/", {})
    assert response.status_code == 403
    assert "Only for council staff" not in response.content.decode()


def test_missing_contact_is_404(signed_in) -> None:
    assert signed_in.get("/contacts/999999/").status_code == 404
    assert signed_in.get("/contacts/999999/edit/").status_code == 404


# --- the contact page and feedback -----------------------------------------------------------


def test_contact_page_is_audited_and_offers_decisions(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    link = only_child(contact)
    response = signed_in.get(f"/contacts/{contact.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Contact C{contact.pk:06d}" in body
    assert f'href="/contacts/{contact.pk}/children/{link.pk}/decide/"' in body
    assert "Due by Monday 9 November 2026, 14:00" in body
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_id) == (csw, "view", str(contact.pk))


def test_contact_page_shows_the_decision_in_words(signed_in, csw, monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 9, 0))  # within the front door's window
    decision = DecisionFactory(contact_child__contact__csw=csw, need_level="targeted")
    body = signed_in.get(f"/contacts/{decision.contact_child.contact_id}/").content.decode()
    assert "Early help</strong>, need: Targeted: complex needs" in body


def test_recording_feedback_sent(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.post(
        f"/contacts/{contact.pk}/feedback/", _datetime_parts("sent_at", "9", "11", "2026", "16:00")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.feedback_sent_at == london(2026, 11, 9, 16, 0)


def test_feedback_sent_in_the_future_is_shown_at_the_field(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.post(
        f"/contacts/{contact.pk}/feedback/", _datetime_parts("sent_at", "1", "1", "2099", "09:00")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert error_summary(body) == [
        ("#id_sent_at_day", "Date feedback was sent must be in the past")
    ]
    assert input_value(body, "sent_at_year") == "2099"
    contact.refresh_from_db()
    assert contact.feedback_sent_at is None


# --- deciding --------------------------------------------------------------------------------

DECISION_POST = {
    "outcome": "early_help",
    "need_level": "early_help",
    "rationale": "Additional needs; the school knows the family well.",
    "best_placed": "School to lead an early help assessment.",
    "agency_taking_action": "Northshire Primary School",
    "child_views": "Amelia says she likes school.",
    "version": "",
}


def decide_url(contact: Contact) -> str:
    return f"/contacts/{contact.pk}/children/{only_child(contact).pk}/decide/"


def test_decision_page_is_audited_as_a_view_of_the_child(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.get(decide_url(contact))
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_type, event.summary) == (
        csw,
        "view",
        "people.person",
        "Opened to decide",
    )
    assert event.object_id == str(only_child(contact).person_id)


def test_decision_without_rationale_keeps_the_other_text(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.post(decide_url(contact), DECISION_POST | {"rationale": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("#id_rationale", "Enter the rationale for this decision")]
    assert textarea_text(body, "best_placed") == "School to lead an early help assessment."
    assert textarea_text(body, "child_views") == "Amelia says she likes school."
    assert input_value(body, "agency_taking_action") == "Northshire Primary School"
    assert checked_values(body, "outcome") == ["early_help"]
    assert not Decision.objects.exists()


def test_decision_is_recorded(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.post(decide_url(contact), DECISION_POST)
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.pk}/"
    decision = Decision.objects.get()
    assert (decision.status, decision.decided_by, decision.child_views) == (
        "final",
        csw,
        "Amelia says she likes school.",
    )


def test_second_csw_sees_already_decided_and_keeps_their_text(client) -> None:
    team = TeamFactory()
    sam = make_user(Role.CSW, first_name="Sam", last_name="Patel", team=team)
    kim = make_user(Role.CSW, first_name="Kim", last_name="Ode", team=team)
    contact = ContactFactory(csw=sam)
    DecisionFactory(
        contact_child=only_child(contact), decided_by=sam, decided_at=london(2026, 11, 9, 10, 15)
    )
    client.force_login(kim)
    kims = "Kim's own careful reasoning about the bruises."
    response = client.post(decide_url(contact), DECISION_POST | {"rationale": kims})
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        ("", "Sam Patel already decided for this child at 10:15 on 09 November 2026")
    ]
    assert "<strong>Already decided:</strong> Early help by Sam Patel." in body
    assert textarea_text(body, "rationale") == kims
    assert Decision.objects.count() == 1
    assert Decision.objects.get().decided_by == sam


def test_contact_centre_officer_cannot_open_the_decision_page(client) -> None:
    contact = ContactFactory()
    client.force_login(make_user(Role.CONTACT_CENTRE_OFFICER))
    assert client.get(decide_url(contact)).status_code == 403
    assert client.post(decide_url(contact), DECISION_POST).status_code == 403
    assert not Decision.objects.exists()


def test_a_child_from_another_contact_is_404(signed_in) -> None:
    one, other = ContactFactory(), ContactFactory()
    url = f"/contacts/{one.pk}/children/{only_child(other).pk}/decide/"
    assert signed_in.get(url).status_code == 404


def test_decision_page_for_a_contact_received_on_29_february(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw, received_at=london(2024, 2, 29, 11, 0))
    assert signed_in.get(decide_url(contact)).status_code == 200


def test_a_returned_decision_is_shown_to_change_and_can_be_revised(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    decision = DecisionFactory(
        contact_child=only_child(contact),
        status=Decision.Status.RETURNED,
        outcome="strategy_discussion",
        rationale="First thoughts",
        manager_comment="Check with the school nurse first.",
        version=2,
    )
    page = signed_in.get(decide_url(contact)).content.decode()
    assert "Check with the school nurse first." in page
    assert textarea_text(page, "rationale") == "First thoughts"
    assert input_value(page, "version") == "2"
    response = signed_in.post(decide_url(contact), DECISION_POST | {"version": "2"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.outcome, decision.version) == ("final", "early_help", 3)


# --- authorising -----------------------------------------------------------------------------


@pytest.fixture
def waiting(csw: Any) -> Decision:
    return DecisionFactory(
        contact_child=only_child(ContactFactory(csw=csw)),
        status=Decision.Status.AWAITING_AUTHORISATION,
        outcome="strategy_discussion",
        authorisation_reason="This outcome needs a manager's authorisation",
    )


def authorise_url(decision: Decision) -> str:
    return f"/contacts/decisions/{decision.pk}/authorise/"


def test_manager_sees_and_authorises(client, waiting) -> None:
    manager = make_user(Role.TEAM_MANAGER)
    client.force_login(manager)
    page = client.get(authorise_url(waiting))
    assert page.status_code == 200
    assert "This outcome needs a manager&#x27;s authorisation" in page.content.decode()
    response = client.post(
        authorise_url(waiting), {"action": "authorise", "version": "1", "comment": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    waiting.refresh_from_db()
    assert (waiting.status, waiting.authorised_by) == ("authorised", manager)


def test_returning_without_a_comment_is_shown_at_the_field(client, waiting) -> None:
    client.force_login(make_user(Role.TEAM_MANAGER))
    response = client.post(
        authorise_url(waiting), {"action": "return", "version": "1", "comment": " "}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("#id_comment", "Enter a comment saying what needs to change")]
    waiting.refresh_from_db()
    assert waiting.status == Decision.Status.AWAITING_AUTHORISATION


def test_returning_with_a_comment(client, waiting) -> None:
    client.force_login(make_user(Role.TEAM_MANAGER))
    response = client.post(
        authorise_url(waiting), {"action": "return", "version": "1", "comment": "Not yet."}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.manager_comment) == ("returned", "Not yet.")


def test_csw_cannot_open_the_authorise_page(signed_in, waiting) -> None:
    assert signed_in.get(authorise_url(waiting)).status_code == 403
    assert signed_in.post(authorise_url(waiting), {"version": "1"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Decision.Status.AWAITING_AUTHORISATION


def test_manager_cannot_authorise_their_own_decision_page(client) -> None:
    manager = make_user(Role.TEAM_MANAGER)
    decision = DecisionFactory(
        contact_child=only_child(ContactFactory()),
        decided_by=manager,
        status=Decision.Status.AWAITING_AUTHORISATION,
    )
    client.force_login(manager)
    response = client.post(authorise_url(decision), {"action": "authorise", "version": "1"})
    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [
        ("", "A manager cannot authorise their own decision")
    ]
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_AUTHORISATION


# --- work trays ------------------------------------------------------------------------------


def test_work_trays_for_a_csw_and_a_manager(client, csw, waiting) -> None:
    overdue = ContactFactory(csw=csw)  # due Monday 9 November 2026, long past
    client.force_login(csw)
    body = client.get("/").content.decode()
    assert "My contacts awaiting decision" in body
    assert f'href="/contacts/{overdue.pk}/">C{overdue.pk:06d}</a>' in body
    assert "govuk-tag--red" in body and "Overdue" in body
    assert "Awaiting my authorisation" not in body

    client.force_login(make_user(Role.TEAM_MANAGER))
    body = client.get("/").content.decode()
    assert "Awaiting my authorisation" in body
    assert f'href="/contacts/decisions/{waiting.pk}/authorise/"' in body


# --- the audit trail of one journey ----------------------------------------------------------


def test_the_audit_log_holds_every_view_and_write_of_a_journey(signed_in, csw) -> None:
    start = signed_in.post("/contacts/start/")
    contact = Contact.objects.get()
    signed_in.get(start["Location"])
    signed_in.post(edit_url(contact), screen(contact))
    contact.refresh_from_db()
    signed_in.post(edit_url(contact), screen(contact, "create_child", **NEW_CHILD))
    child = Person.objects.get()
    contact.refresh_from_db()
    recorded = signed_in.post(edit_url(contact), screen(contact, "record"))
    assert recorded.status_code == 302
    signed_in.get(f"/contacts/{contact.pk}/")
    assert signed_in.post(decide_url(contact), DECISION_POST).status_code == 302
    decision = Decision.objects.get()

    trail = [
        (e.actor_id, e.action, e.object_type, e.object_id)
        for e in AuditEvent.objects.order_by("id")
    ]
    c, p, d = str(contact.pk), str(child.pk), str(decision.pk)
    e = str(EarlyHelpEpisode.objects.get(person=child).pk)
    assert trail == [
        (csw.pk, "contact.start", "contacts.contact", c),
        (csw.pk, "view", "contacts.contact", c),
        (csw.pk, "contact.update", "contacts.contact", c),
        (csw.pk, "person.create", "people.person", p),
        (csw.pk, "contact.child_add", "contacts.contact", c),
        (csw.pk, "contact.record", "contacts.contact", c),
        (csw.pk, "view", "contacts.contact", c),
        (csw.pk, "decision.make", "contacts.decision", d),
        # An early help decision opens an episode for the pathway advisors (casework).
        (csw.pk, "early_help.open", "casework.earlyhelpepisode", e),
    ]
    update = AuditEvent.objects.get(action="contact.update")
    assert update.changes["referrer_name"] == ["", "Dana Whitfield"]
    assert update.changes["received_at"][1] == "2026-11-06T14:00:00+00:00"
