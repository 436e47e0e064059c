"""Who may do what in safeguarding, asked the way views and services ask: user.has_perm.

The table was worked out by hand from the rules: a MASH partner answers only the checks
addressed to their own agency (every health service's checks go to "health") and sees
nothing else; CSWs and managers work the MASH; CSWs, managers and locality social workers
record strategy discussions; the worker or team holding the referral (or a head of service)
carries the section 47 enquiry and the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from frontdoor.accounts.models import Agency, Role, User
from frontdoor.accounts.tests.factories import freeze, london, make_user
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    child_at,
    head_of_service,
    locality_team,
    social_worker,
    team_manager,
)
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.models import AgencyCheck, MashEnquiry, Section47

from .factories import cads_csw, checks_to, enquiry_for, partner, section47_of, strategy_about

pytestmark = pytest.mark.django_db


@dataclass
class World:
    enquiry: MashEnquiry
    checks: dict[str, AgencyCheck]  # by the check's agency
    section47: Section47  # on Norwich's referral, allocated to `allocated_worker`
    users: dict[str, User]


@pytest.fixture
def world(monkeypatch: Any) -> World:
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    norwich = locality_team()
    lynn = locality_team("Locality: King's Lynn", "PE30")
    own_manager, worker = team_manager(norwich), social_worker(norwich)
    csw = cads_csw()

    enquiry = enquiry_for(csw)
    checks = {
        check.agency: check
        for check in checks_to(
            enquiry,
            csw,
            "police",
            "health_gp",
            "health_visitor",
            "health_midwifery",
            "health_mental_health",
            "education",
        )
    }
    enquiry.refresh_from_db()
    (checks["other"],) = mash_services.checks_request(
        actor=csw,
        enquiry_id=enquiry.pk,
        version=enquiry.version,
        requests=[mash_services.CheckRequest("other", "Known?", other_agency="Women's refuge")],
    )

    child = child_at()
    strategy_about(csw, child, held_at=london(2026, 11, 16, 9, 0))
    section47 = section47_of(child)
    referral_services.referral_allocate(
        actor=own_manager, referral_id=section47.referral_id, version=None, worker_id=worker.pk
    )
    section47.refresh_from_db()

    users = {
        "csw": csw,
        "pathway_advisor": make_user(Role.PATHWAY_ADVISOR),
        "contact_centre_officer": make_user(Role.CONTACT_CENTRE_OFFICER),
        "business_support": make_user(Role.BUSINESS_SUPPORT, team=norwich),
        "own_team_manager": own_manager,
        "other_team_manager": team_manager(lynn),
        "head_of_service": head_of_service(),
        "police": partner(Agency.POLICE),
        "health": partner(Agency.HEALTH),
        "education": partner(Agency.EDUCATION),
        "probation": partner(Agency.PROBATION),
        "allocated_worker": worker,
        "team_colleague": social_worker(norwich),
        "other_team_worker": social_worker(lynn),
        "performance_analyst": make_user(Role.PERFORMANCE_ANALYST),
        "system_administrator": make_user(Role.SYSTEM_ADMINISTRATOR),
        "inactive_manager": team_manager(norwich, is_active=False),
        "inactive_police": partner(Agency.POLICE, is_active=False),
    }
    return World(enquiry=enquiry, checks=checks, section47=section47, users=users)


# Each check: a permission and the object it is asked about ("" for none).
CHECKS = {
    "view_mash": ("safeguarding.view_mash", ""),
    "work_on_mash": ("safeguarding.work_on_mash", "enquiry"),
    "answer_police": ("safeguarding.answer_check", "police"),
    "answer_gp": ("safeguarding.answer_check", "health_gp"),
    "answer_health_visitor": ("safeguarding.answer_check", "health_visitor"),
    "answer_midwifery": ("safeguarding.answer_check", "health_midwifery"),
    "answer_mental_health": ("safeguarding.answer_check", "health_mental_health"),
    "answer_education": ("safeguarding.answer_check", "education"),
    "answer_other": ("safeguarding.answer_check", "other"),
    "view_partner_checks": ("safeguarding.view_partner_checks", ""),
    "record_strategy": ("safeguarding.record_strategy", ""),
    "work_on_section47": ("safeguarding.work_on_section47", "section47"),
    "view_safeguarding": ("safeguarding.view_safeguarding", ""),
}
ALL = set(CHECKS)
ANSWERS = {name for name in CHECKS if name.startswith("answer_")}
HEALTH = {"answer_gp", "answer_health_visitor", "answer_midwifery", "answer_mental_health"}
MASH_STAFF = {"view_mash", "work_on_mash", *ANSWERS, "record_strategy", "view_safeguarding"}

EXPECTED: dict[str, set[str]] = {
    # The CSW works the MASH (answering for an agency when need be) but does not hold the
    # Norwich referral.
    "csw": MASH_STAFF,
    "pathway_advisor": {"view_safeguarding"},
    "contact_centre_officer": {"view_safeguarding"},
    "business_support": {"view_safeguarding"},  # in the team, but not a social worker
    "own_team_manager": ALL - {"view_partner_checks"},
    "other_team_manager": MASH_STAFF,
    "head_of_service": ALL - {"view_partner_checks"},
    # Partners: their own agency's checks, and their list of checks; nothing else.
    "police": {"answer_police", "view_partner_checks"},
    "health": {*HEALTH, "view_partner_checks"},
    "education": {"answer_education", "view_partner_checks"},
    "probation": {"view_partner_checks"},  # no probation check was sent
    "allocated_worker": {"record_strategy", "work_on_section47", "view_safeguarding"},
    # The referral's team carries the enquiry with the allocated worker.
    "team_colleague": {"record_strategy", "work_on_section47", "view_safeguarding"},
    "other_team_worker": {"record_strategy", "view_safeguarding"},
    "performance_analyst": {"view_safeguarding"},  # reads it to put right census findings
    "system_administrator": set(),
    "inactive_manager": set(),
    "inactive_police": set(),
}


def granted(world: World, user: User) -> set[str]:
    objects: dict[str, Any] = {
        "": None,
        "enquiry": world.enquiry,
        "section47": world.section47,
        **world.checks,
    }
    return {name for name, (perm, target) in CHECKS.items() if user.has_perm(perm, objects[target])}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_user_has_exactly_their_permissions(world: World, who: str) -> None:
    assert granted(world, world.users[who]) == EXPECTED[who]


def test_the_table_covers_every_role_and_agency() -> None:
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
    # Every kind of check the MASH sends is in the table.
    assert {target for _, target in CHECKS.values()} >= {
        "police",
        "health_gp",
        "health_visitor",
        "health_midwifery",
        "health_mental_health",
        "education",
        "other",
    }


@pytest.mark.parametrize(
    ("check_agency", "partner_agency"),
    [
        ("police", "police"),
        ("health_gp", "health"),
        ("health_visitor", "health"),
        ("health_midwifery", "health"),
        ("health_mental_health", "health"),
        ("education", "education"),
        ("probation", "probation"),
        ("housing", "housing"),
        ("youth_justice", "youth_justice"),
        ("other", ""),  # answered by MASH staff on the agency's behalf
    ],
)
def test_which_partner_agency_answers_each_check(check_agency: str, partner_agency: str) -> None:
    assert AgencyCheck(agency=check_agency).partner_agency == partner_agency


def test_a_partner_whose_agency_changes_loses_the_old_agencys_checks(world: World) -> None:
    police = world.users["police"]
    assert police.has_perm("safeguarding.answer_check", world.checks["police"])
    police.agency = Agency.HOUSING
    assert not police.has_perm("safeguarding.answer_check", world.checks["police"])


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        # A partner may answer a given check of their own agency, never "checks" in general.
        (Role.MASH_PARTNER, False),
        (Role.CSW, True),
        (Role.TEAM_MANAGER, True),
        (Role.LOCALITY_SOCIAL_WORKER, False),
        (Role.PERFORMANCE_ANALYST, False),
    ],
)
def test_answer_check_without_a_check_is_for_mash_staff_only(role: str, allowed: bool) -> None:
    """Asked with no check (say, to show a menu), the answer is "maybe, for some check"."""
    assert make_user(role).has_perm("safeguarding.answer_check") is allowed
