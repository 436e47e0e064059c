"""The strategy discussion pages: recording one, its page and its actions; who may see them,
every read audited, and a discussion sent twice recorded once.

Through Django's test client as a browser without JavaScript would use them. The strategy
discussion is held on 7 December 2026 at 10:00 about Amelia and Ben Hart, siblings
living in Norwich. Its initial conferences are due 15 working days later, counted by hand:
8-11 Dec (4), 14-18 Dec (9), 21-24 Dec (13), Friday 25 December is Christmas Day and Monday
28 December Boxing Day's substitute (26 December is a Saturday), 29 Dec (14), 30 Dec (15):
30 December 2026.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    audit_since_now,
    checked_values,
    date_fields,
    error_summary,
    input_value,
    make_user,
    textarea_text,
)
from frontdoor.casework.trays import tray_for
from frontdoor.core.models import AuditEvent
from frontdoor.safeguarding.models import (
    Section47,
    StrategyDiscussion,
)
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.section47 import services as section47_services
from frontdoor.safeguarding.tests.pages import (
    HELD_AT,
    NEW,
    record_discussion,
    saved_nothing,
    strategy_post,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("csw_holds_amelia")]

# --- recording a strategy discussion ---------------------------------------------------------


def test_the_form_starts_with_the_child_and_offers_their_sibling(
    client, afternoon, csw, amelia, ben
) -> None:
    client.force_login(csw)
    response = client.get(f"{NEW}?person={amelia.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'name="s47_{amelia.pk}"' in body
    assert f'name="s47_{ben.pk}"' not in body
    assert f'name="add" value="{ben.pk}"' in body and "Sibling of Amelia Hart" in body
    assert f'<option value="{csw.pk}" selected>' in body  # the CSW chairs by default
    for agency in ("local_authority", "police", "health"):
        assert f'name="absence_{agency}"' in body
    assert AuditEvent.objects.filter(
        action="view", object_type="people.person", object_id=str(amelia.pk)
    ).exists()

    # Adding Ben keeps everything typed so far and shows no errors.
    typed = {
        "children": [str(amelia.pk)],
        "add": str(ben.pk),
        "information_shared": "Bruising seen by the school nurse.",
        "attended_police": "no",
        **date_fields("held_at", date(2026, 12, 7)),
    }
    body = client.post(f"{NEW}?person={amelia.pk}", typed).content.decode()
    assert error_summary(body) == []
    assert f'name="s47_{ben.pk}"' in body and f'name="rationale_{ben.pk}"' in body
    assert f'name="add" value="{ben.pk}"' not in body
    assert textarea_text(body, "information_shared") == "Bruising seen by the school nurse."
    assert checked_values(body, "attended_police") == ["no"]
    assert input_value(body, "held_at_day") == "7"
    assert input_value(body, "held_at_time") == ""

    # Taking Ben off again keeps it all too, and offers him once more.
    typed = typed | {"children": [str(amelia.pk), str(ben.pk)], "remove": str(ben.pk)}
    del typed["add"]
    body = client.post(f"{NEW}?person={amelia.pk}", typed).content.decode()
    assert error_summary(body) == []
    assert f'name="s47_{ben.pk}"' not in body and f'name="add" value="{ben.pk}"' in body
    assert textarea_text(body, "information_shared") == "Bruising seen by the school nurse."
    assert 'name="remove"' not in body  # the last child cannot be taken off
    assert saved_nothing()


def test_police_absent_without_a_reason_is_refused_at_the_reason_then_saved_with_one(
    client, afternoon, csw, amelia, ben
) -> None:
    client.force_login(csw)
    data = strategy_post([amelia, ben], csw, csw, attended_police="no", name_police="")
    response = client.post(f"{NEW}?person={amelia.pk}", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("#id_absence_police", "Enter why Police was not there")]
    assert 'id="id_absence_police-error"' in body
    # Everything typed is kept, for both children.
    assert checked_values(body, "attended_police") == ["no"]
    assert input_value(body, "name_health") == "Jo Adeyemi"
    assert input_value(body, "held_at_time") == "10:00"
    assert checked_values(body, f"s47_{ben.pk}") == ["yes"]
    assert textarea_text(body, f"rationale_{ben.pk}") == "Risk of physical harm to Ben."
    assert textarea_text(body, "action_1_what") == "Arrange the child protection medical for Amelia"
    assert f'<input type="hidden" name="children" value="{ben.pk}">' in body
    assert saved_nothing()

    data["absence_police"] = "Officer called to an emergency; PNC checks shared before the call."
    response = client.post(f"{NEW}?person={amelia.pk}", data)
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    assert response["Location"] == f"/safeguarding/strategy/{discussion.pk}/"
    police = discussion.attendance.get(agency="police")
    assert (police.attended, police.absence_reason) == (False, data["absence_police"])
    assert {c.person for c in discussion.children.all()} == {amelia, ben}
    assert Section47.objects.filter(person__in=[amelia, ben]).count() == 2
    assert discussion.chair == csw and discussion.held_at == HELD_AT


def test_a_decision_without_a_rationale_is_refused_at_that_childs_rationale(
    client, afternoon, csw, amelia, ben
) -> None:
    client.force_login(csw)
    data = strategy_post([amelia, ben], csw, csw, **{f"s47_{ben.pk}": "no"})
    data[f"rationale_{ben.pk}"] = "  "
    body = client.post(NEW, data).content.decode()
    assert error_summary(body) == [
        (f"#id_rationale_{ben.pk}", "Enter why the discussion decided as it did for Ben Hart")
    ]
    assert checked_values(body, f"s47_{ben.pk}") == ["no"]
    assert saved_nothing()


def test_a_missing_decision_and_a_bad_action_show_at_their_fields(
    client, afternoon, csw, amelia
) -> None:
    client.force_login(csw)
    data = strategy_post([amelia], csw, csw)
    del data[f"s47_{amelia.pk}"]
    body = client.post(NEW, data).content.decode()
    assert error_summary(body) == [
        (f"#id_s47_{amelia.pk}_0", "Select whether a section 47 enquiry starts for Amelia Hart")
    ]
    # Action 2 has a task but nobody to do it.
    data = strategy_post([amelia], csw, csw, action_2_what="Tell the school")
    body = client.post(NEW, data).content.decode()
    assert error_summary(body) == [("#id_action_2_owner", "Select who does each action")]
    assert textarea_text(body, "action_2_what") == "Tell the school"
    assert saved_nothing()


def test_the_discussion_page_shows_everything_and_the_action_is_in_its_owners_tray(
    client, afternoon, csw, manager, amelia, ben
) -> None:
    client.force_login(csw)
    response = client.post(NEW, strategy_post([amelia, ben], csw, manager))
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get()
    action = discussion.actions.get()
    tray = tray_for(manager, on=date(2026, 12, 7))
    assert [item.ref for item in tray.mine] == [f"safeguarding.strategyaction:{action.pk}"]
    assert tray.mine[0].url == f"/safeguarding/strategy/{discussion.pk}/"

    body = client.get(response["Location"]).content.decode()
    assert "Strategy discussion recorded" in body
    assert "Strategy discussion about Amelia Hart and Ben Hart" in body
    assert "7 December 2026, 10:00" in body
    assert "DC Priya Shah, Child abuse investigation team" in body
    assert "Risk of physical harm to Ben." in body
    for child in discussion.children.all():
        assert f'href="/safeguarding/section47/{child.section47.pk}/"' in body
        assert f'href="/casework/referrals/{child.referral_id}/"' in body
    # Due tomorrow, 1 working day away: amber.
    assert "8 December 2026" in body and "Due soon" in body
    assert f'action="/safeguarding/strategy/actions/{action.pk}/done/"' in body
    assert AuditEvent.objects.filter(
        action="view", object_type="safeguarding.strategydiscussion"
    ).exists()

    # The owner marks it done; a note is needed.
    client.force_login(manager)
    url = f"/safeguarding/strategy/actions/{action.pk}/done/"
    response = client.post(url, {f"done-{action.pk}-note": ""})
    assert error_summary(response.content.decode()) == [
        (f"#id_done-{action.pk}-note", "Enter what was done")
    ]
    response = client.post(url, {f"done-{action.pk}-note": "Medical booked for 9am"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_note == "Medical booked for 9am" and action.done_at is not None
    assert tray_for(manager, on=date(2026, 12, 7)).mine == []


def test_someone_else_cannot_mark_an_action_done(client, afternoon, csw, manager, amelia) -> None:
    discussion = record_discussion(csw, [amelia], csw)
    action = discussion.actions.get()
    advisor = make_user(Role.PATHWAY_ADVISOR)
    client.force_login(advisor)
    body = client.get(f"/safeguarding/strategy/{discussion.pk}/").content.decode()
    assert "/done/" not in body
    url = f"/safeguarding/strategy/actions/{action.pk}/done/"
    assert client.post(url, {f"done-{action.pk}-note": "Done"}).status_code == 403


# --- permissions and audit -------------------------------------------------------------------


def test_a_mash_partner_is_refused_every_page(client, afternoon, csw, amelia) -> None:
    discussion = record_discussion(csw, [amelia], csw)
    section47 = Section47.objects.get()
    head = make_user(Role.HEAD_OF_SERVICE)
    section47_services.section47_outcome_record(
        actor=head,
        section47_id=section47.pk,
        version=1,
        outcome="icpc",
        outcome_on=date(2026, 12, 7),
    )
    conference = section47_services.conference_record(
        actor=head,
        section47_id=section47.pk,
        held_on=date(2026, 12, 7),
        outcome="cp_plan",
        chair="Harriet Lowe",
    )
    plan = protection_services.cp_plan_start(
        actor=head, conference_id=conference.pk, start_date=date(2026, 12, 7), category="NEG"
    )
    action = discussion.actions.get()
    client.force_login(make_user(Role.MASH_PARTNER))
    new = audit_since_now()
    urls = [
        f"{NEW}?person={amelia.pk}",
        f"/safeguarding/strategy/{discussion.pk}/",
        f"/safeguarding/section47/{section47.pk}/",
        f"/safeguarding/plans/{plan.pk}/",
        f"/safeguarding/protection/new/?person={amelia.pk}",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"action": "record"}).status_code == 403, url
    done = f"/safeguarding/strategy/actions/{action.pk}/done/"
    assert client.post(done, {f"done-{action.pk}-note": "x"}).status_code == 403
    assert not new.filter(action="view").exists()


def test_every_page_audits_the_view(client, afternoon, csw, amelia) -> None:
    discussion = record_discussion(csw, [amelia], csw)
    section47 = Section47.objects.get()
    client.force_login(csw)
    pages = {
        f"{NEW}?person={amelia.pk}": ("people.person", amelia.pk),
        f"/safeguarding/strategy/{discussion.pk}/": (
            "safeguarding.strategydiscussion",
            discussion.pk,
        ),
        f"/safeguarding/section47/{section47.pk}/": ("safeguarding.section47", section47.pk),
        f"/safeguarding/protection/new/?person={amelia.pk}": ("people.person", amelia.pk),
    }
    for url, (object_type, object_id) in pages.items():
        new = audit_since_now()
        assert client.get(url).status_code == 200, url
        assert new.filter(
            action="view", actor=csw, object_type=object_type, object_id=str(object_id)
        ).exists(), url
    # Read-only for a CSW not holding the referral: no forms, and posting is refused.
    body = client.get(f"/safeguarding/section47/{section47.pk}/").content.decode()
    assert 'name="outcome-outcome"' not in body
    post = {"action": "outcome", "outcome-version": "1", "outcome-outcome": "nfa"}
    assert client.post(f"/safeguarding/section47/{section47.pk}/", post).status_code == 403


def test_a_strategy_discussion_sent_twice_is_recorded_once(client, afternoon, csw, amelia) -> None:
    client.force_login(csw)
    page = client.get(f"{NEW}?person={amelia.pk}").content.decode()
    token = re.search(r'name="once" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = strategy_post([amelia], csw, csw) | {"once": token}
    first = client.post(f"{NEW}?person={amelia.pk}", data)
    second = client.post(f"{NEW}?person={amelia.pk}", data)
    discussion = StrategyDiscussion.objects.get()
    assert first["Location"] == second["Location"] == f"/safeguarding/strategy/{discussion.pk}/"
    assert Section47.objects.filter(person=amelia).count() == 1
