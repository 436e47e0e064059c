"""The quality page lists the parts a role opens, and nothing for a partner agency."""

from __future__ import annotations

import re
from typing import Any

import pytest

from frontdoor.accounts.models import Agency, Role
from frontdoor.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


def parts(body: str) -> list[str]:
    listed = body.split('id="quality-parts"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="([^"]+)"', listed)


def test_a_front_door_team_manager_opens_every_part_but_locality_feedback(client: Any) -> None:
    client.force_login(make_user(Role.TEAM_MANAGER))
    body = client.get("/quality/").content.decode()
    assert parts(body) == [
        "/quality/case-review/",
        "/quality/case-review/over-time/",
        "/quality/audits/",
        "/quality/audits/mine/",
        "/quality/calls/",
        "/quality/calls/mine/",
        "/quality/survey/results/",
        "/quality/disagreements/new/",
        "/quality/disagreements/",
    ]
    menu = body.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    assert 'href="/quality/" aria-current="true"' in menu  # the menu leads here


def test_a_consultant_social_worker_audits_but_does_not_monitor_calls(client: Any) -> None:
    client.force_login(make_user(Role.CSW))
    assert parts(client.get("/quality/").content.decode()) == [
        "/quality/case-review/",
        "/quality/case-review/over-time/",
        "/quality/audits/",
        "/quality/audits/mine/",
        "/quality/calls/mine/",
        "/quality/disagreements/new/",
    ]


def test_a_partner_agency_is_refused(client: Any) -> None:
    client.force_login(make_user(Role.MASH_PARTNER, agency=Agency.POLICE))
    assert client.get("/quality/").status_code == 403


def test_a_performance_analyst_reads_the_partner_survey(client: Any) -> None:
    client.force_login(make_user(Role.PERFORMANCE_ANALYST))
    assert parts(client.get("/quality/").content.decode()) == ["/quality/survey/results/"]


def test_a_locality_social_worker_gives_feedback_on_her_teams_referrals(client: Any) -> None:
    from frontdoor.casework.tests.factories import locality_team, social_worker

    client.force_login(social_worker(locality_team()))
    assert "/quality/locality/" in parts(client.get("/quality/").content.decode())
