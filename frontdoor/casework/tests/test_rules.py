"""Who may do what in casework, asked the way views and services ask: user.has_perm.

The table was worked out by hand from the council's role table: a team manager acts for their
own team's referrals, a head of service for every team's, an allocated worker for their own
cases, and pathway advisors for early help they lead or nobody leads yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import make_user
from frontdoor.casework.models import EarlyHelpEpisode, Referral

from .factories import (
    allocated_referral,
    child_at,
    early_help_for,
    early_help_team,
    head_of_service,
    locality_team,
    make_referral,
    pathway_advisor,
    social_worker,
    team_manager,
)

pytestmark = pytest.mark.django_db


@dataclass
class World:
    referral: Referral  # Norwich's, allocated to `allocated_worker`
    unassigned: EarlyHelpEpisode  # in the pathway advisors' queue
    led: EarlyHelpEpisode  # led by `pathway_advisor`
    users: dict[str, User]


@pytest.fixture
def world() -> World:
    norwich = locality_team()
    lynn = locality_team("Locality: King's Lynn", "PE30")
    own_manager = team_manager(norwich)
    worker = social_worker(norwich)
    eh_team = early_help_team()
    advisor = pathway_advisor(eh_team)
    led = early_help_for()
    EarlyHelpEpisode.objects.filter(pk=led.pk).update(advisor=advisor)
    led.refresh_from_db()
    users = {
        "csw": make_user(Role.CSW),
        "pathway_advisor": advisor,
        "other_advisor": pathway_advisor(eh_team),
        "contact_centre_officer": make_user(Role.CONTACT_CENTRE_OFFICER),
        "business_support": make_user(Role.BUSINESS_SUPPORT, team=norwich),
        "own_team_manager": own_manager,
        "other_team_manager": team_manager(lynn),
        "head_of_service": head_of_service(),
        "mash_partner": make_user(Role.MASH_PARTNER),
        "allocated_worker": worker,
        "unallocated_worker": social_worker(norwich),
        "performance_analyst": make_user(Role.PERFORMANCE_ANALYST),
        "system_administrator": make_user(Role.SYSTEM_ADMINISTRATOR),
        "inactive_manager": team_manager(norwich, is_active=False),
    }
    return World(
        referral=allocated_referral(worker, own_manager),
        unassigned=early_help_for(),
        led=led,
        users=users,
    )


# Each check: a permission and the object it is asked about ("" for none).
CHECKS = {
    "view_casework": ("casework.view_casework", ""),
    "allocate": ("casework.allocate_referral", "referral"),
    "change_team": ("casework.change_referral_team", "referral"),
    "work_on_referral": ("casework.work_on_referral", "referral"),
    "authorise": ("casework.authorise_assessment", "referral"),
    "work_on_unassigned_early_help": ("casework.work_on_early_help", "unassigned"),
    "work_on_led_early_help": ("casework.work_on_early_help", "led"),
    "view_early_help_queue": ("casework.view_early_help_queue", ""),
    "record_oversight": ("casework.record_oversight", ""),
}
ALL = set(CHECKS)
EARLY_HELP = {"work_on_unassigned_early_help", "work_on_led_early_help", "view_early_help_queue"}

EXPECTED: dict[str, set[str]] = {
    "csw": {"view_casework"},
    "pathway_advisor": {"view_casework", *EARLY_HELP},
    # Another advisor may take an episode from the queue, not one somebody else leads.
    "other_advisor": {
        "view_casework",
        "work_on_unassigned_early_help",
        "view_early_help_queue",
    },
    "contact_centre_officer": {"view_casework"},
    "business_support": {"view_casework"},
    "own_team_manager": ALL,
    # A team manager sends on only their own team's referrals (or places one with no team:
    # see test_a_team_manager_may_place_a_referral_no_team_covers).
    "other_team_manager": {"view_casework", "record_oversight", *EARLY_HELP},
    "head_of_service": ALL,
    "mash_partner": set(),
    "allocated_worker": {"view_casework", "work_on_referral"},
    "unallocated_worker": {"view_casework"},
    "performance_analyst": {"view_casework"},  # reads it to put right census findings
    "system_administrator": set(),
    "inactive_manager": set(),
}


def granted(world: World, user: User) -> set[str]:
    objects: dict[str, Any] = {
        "": None,
        "referral": world.referral,
        "unassigned": world.unassigned,
        "led": world.led,
    }
    return {name for name, (perm, target) in CHECKS.items() if user.has_perm(perm, objects[target])}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_user_has_exactly_their_permissions(world: World, who: str) -> None:
    assert granted(world, world.users[who]) == EXPECTED[who]


def test_the_table_covers_every_role() -> None:
    roles = {
        Role.CSW,
        Role.PATHWAY_ADVISOR,
        Role.CONTACT_CENTRE_OFFICER,
        Role.BUSINESS_SUPPORT,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.MASH_PARTNER,
        Role.LOCALITY_SOCIAL_WORKER,
        Role.PERFORMANCE_ANALYST,
        Role.SYSTEM_ADMINISTRATOR,
    }
    assert roles == set(Role.values)


def test_a_team_manager_can_allocate_once_the_referral_reaches_their_team() -> None:
    norwich, lynn = locality_team(), locality_team("Locality: King's Lynn", "PE30")
    referral = make_referral()  # NR2: Norwich
    lynn_manager = team_manager(lynn)
    assert not lynn_manager.has_perm("casework.allocate_referral", referral)
    Referral.objects.filter(pk=referral.pk).update(team=lynn)
    referral.refresh_from_db()
    assert lynn_manager.has_perm("casework.allocate_referral", referral)
    assert not team_manager(norwich).has_perm("casework.allocate_referral", referral)


def test_a_referral_with_no_team_is_allocated_only_by_head_of_service() -> None:
    locality_team()
    referral = make_referral(child_at("ZZ9 9ZZ"))
    assert referral.team is None
    assert head_of_service().has_perm("casework.allocate_referral", referral)
    assert not make_user(Role.TEAM_MANAGER, team=None).has_perm(
        "casework.allocate_referral", referral
    )
    # Any manager can send it to a team, which then allocates it.
    assert team_manager(Team.objects.get(name="Locality: Norwich")).has_perm(
        "casework.change_referral_team", referral
    )


def test_a_deactivated_allocated_worker_can_no_longer_work_on_the_case() -> None:
    norwich = locality_team()
    worker = social_worker(norwich)
    referral = allocated_referral(worker, team_manager(norwich))
    assert worker.has_perm("casework.work_on_referral", referral)
    worker.is_active = False
    worker.save()
    assert not worker.has_perm("casework.work_on_referral", referral)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.LOCALITY_SOCIAL_WORKER, True),
        (Role.TEAM_MANAGER, True),
        (Role.MASH_PARTNER, False),
        (Role.PERFORMANCE_ANALYST, False),
        (Role.SYSTEM_ADMINISTRATOR, False),
    ],
)
def test_work_on_referral_without_a_referral_is_for_practitioners_only(
    role: str, allowed: bool
) -> None:
    """Asked with no referral (say, to show a menu), the answer is "maybe, for some
    referral": never for a role that can work on none."""
    assert make_user(role).has_perm("casework.work_on_referral") is allowed


def test_a_team_manager_may_place_a_referral_no_team_covers(world: World) -> None:
    referral = world.referral
    referral.team = None
    manager = world.users["other_team_manager"]
    assert manager.has_perm("casework.change_referral_team", referral)
    assert not manager.has_perm("casework.allocate_referral", referral)
