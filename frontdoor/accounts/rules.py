"""Who may do what. Roles are predicates; permissions combine them."""

from __future__ import annotations

import rules

from .models import Role


def has_role(*roles: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role({','.join(roles)})")
    def predicate(user) -> bool:  # type: ignore[no-untyped-def]
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


is_csw = has_role(Role.CSW)
is_pathway_advisor = has_role(Role.PATHWAY_ADVISOR)
is_contact_centre_officer = has_role(Role.CONTACT_CENTRE_OFFICER)
is_business_support = has_role(Role.BUSINESS_SUPPORT)
is_team_manager = has_role(Role.TEAM_MANAGER)
is_head_of_service = has_role(Role.HEAD_OF_SERVICE)
is_mash_partner = has_role(Role.MASH_PARTNER)
is_locality_social_worker = has_role(Role.LOCALITY_SOCIAL_WORKER)
is_performance_analyst = has_role(Role.PERFORMANCE_ANALYST)
is_system_administrator = has_role(Role.SYSTEM_ADMINISTRATOR)


@rules.predicate
def is_registered_social_worker(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user and user.is_authenticated and user.swe_registration)


is_manager = is_team_manager | is_head_of_service
# Council staff who work with children's records (not partners, not analysts or admins).
is_front_door_practitioner = (
    is_csw
    | is_pathway_advisor
    | is_contact_centre_officer
    | is_business_support
    | is_manager
    | is_locality_social_worker
)

rules.add_perm("accounts.view_audit_log", is_system_administrator | is_head_of_service)
rules.add_perm("accounts.unlock_signin", is_system_administrator)
rules.add_perm("accounts.reset_two_factor", is_system_administrator)
