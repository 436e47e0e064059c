"""The contact screen through Django's test client, JavaScript off: starting a contact,
recording the conversation and its children, the contact page and the feedback to the
referrer; who may see them."""

from __future__ import annotations

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    checked_values,
    error_summary,
    freeze,
    input_value,
    london,
    make_user,
    only_child,
    textarea_text,
)
from frontdoor.contacts import services
from frontdoor.contacts.models import Contact
from frontdoor.contacts.tests.pages import NEW_CHILD, datetime_parts, edit_url, screen
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person

pytestmark = pytest.mark.django_db

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
    assert "9 November 2026, 14:00" in body


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
    assert "Decide by 9 November 2026, 14:00" in body
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
        f"/contacts/{contact.pk}/feedback/", datetime_parts("sent_at", "9", "11", "2026", "16:00")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.feedback_sent_at == london(2026, 11, 9, 16, 0)


def test_feedback_sent_in_the_future_is_shown_at_the_field(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.post(
        f"/contacts/{contact.pk}/feedback/", datetime_parts("sent_at", "1", "1", "2099", "09:00")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert error_summary(body) == [
        ("#id_sent_at_day", "Date feedback was sent must be in the past")
    ]
    assert input_value(body, "sent_at_year") == "2099"
    contact.refresh_from_db()
    assert contact.feedback_sent_at is None


def test_the_feedback_form_is_filled_in_with_now(signed_in, csw, monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 16, 5))
    contact = ContactFactory(csw=csw)
    body = signed_in.get(f"/contacts/{contact.pk}/").content.decode()
    assert [input_value(body, f"sent_at_{part}") for part in ("day", "month", "year", "time")] == [
        "9",
        "11",
        "2026",
        "16:05",
    ]


def test_feedback_sent_left_blank_says_what_to_enter(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.post(
        f"/contacts/{contact.pk}/feedback/", datetime_parts("sent_at", "", "", "", "")
    )
    assert response.status_code == 400
    assert error_summary(response.content.decode()) == [
        (
            "#id_sent_at_day",
            "Enter the date and time you sent the feedback to the referrer, like 7 12 2026 14:30",
        )
    ]
