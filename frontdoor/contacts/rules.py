import rules

from frontdoor.accounts.rules import (
    is_business_support,
    is_contact_centre_officer,
    is_csw,
    is_front_door_practitioner,
    is_head_of_service,
    is_manager,
    is_pathway_advisor,
    is_team_manager,
)


@rules.predicate
def is_draft_author_or_named_csw(user, contact) -> bool:  # type: ignore[no-untyped-def]
    if contact is None:
        return True
    return contact.status == "draft" and user.pk in (contact.recorded_by_id, contact.csw_id)


@rules.predicate
def manages_the_decider(user, decision) -> bool:  # type: ignore[no-untyped-def]
    """A team manager authorises their own team's decisions (any, when none is named)."""
    if decision is None:
        return True
    return user.team_id is not None and decision.decided_by.team_id == user.team_id


can_record = (
    is_csw | is_contact_centre_officer | is_business_support | is_pathway_advisor | is_manager
)

rules.add_perm("contacts.record_contact", can_record)
rules.add_perm("contacts.view_contact", is_front_door_practitioner)
rules.add_perm("contacts.change_contact", can_record & (is_draft_author_or_named_csw | is_manager))
rules.add_perm("contacts.decide_contact", is_csw | is_manager)
rules.add_perm(
    "contacts.authorise_decision", is_head_of_service | (is_team_manager & manages_the_decider)
)
