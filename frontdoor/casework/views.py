"""The work tray: what is waiting for this person and their team, most urgent first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.casework.authorisations import authorisation_queue
from frontdoor.casework.trays import TrayItem, tray_for
from frontdoor.contacts import selectors as contact_selectors
from frontdoor.staff.selectors import teams_to_recertify


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.has_perm("safeguarding.view_partner_checks") and not user.has_perm(
        "casework.view_casework"
    ):
        # A partner agency's work at the front door is the checks asked of it.
        return redirect("safeguarding:partner_checks")
    context: dict[str, object] = {}
    if user.has_perm("contacts.decide_contact"):
        awaiting = list(contact_selectors.contacts_awaiting_decision(user=user))
        context["awaiting"] = [(c, contact_selectors.rag_for(c.decision_due_at)) for c in awaiting]
        context["returned"] = contact_selectors.decisions_returned_to(user=user)
        context["decided_today"] = contact_selectors.decisions_decided_today(user=user)
    if user.has_perm("contacts.record_contact"):
        context["drafts"] = contact_selectors.contacts_in_draft(user=user)
    tray_items: list[TrayItem] = []
    if user.has_perm("casework.work_on_referral"):  # asked without one: may hold casework
        tray = tray_for(user)
        tray_items = tray.mine + tray.team
        # Contacts awaiting this CSW's decision are listed above with their hours left, and
        # sign-offs in the one authorisation queue.
        listed_above = {"decision", "authorisation", "closure_authorisation"}
        context["my_work"] = [item for item in tray.mine if item.kind not in listed_above]
        context["team_work"] = [item for item in tray.team if item.kind not in listed_above]
        context["escalated"] = tray.escalated
    if (
        user.has_perm("contacts.authorise_decision")
        or user.has_perm("casework.authorise_assessment")
        or user.has_perm("casework.authorise_closure")
    ):
        context["to_authorise"] = authorisation_queue(user, tray_items)
    context["recertify"] = teams_to_recertify(user)
    return render(request, "casework/home.html", context)
