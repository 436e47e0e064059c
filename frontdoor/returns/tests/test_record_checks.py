"""A child's census checks on their person, referral and assessment pages, through
`core.record_checks` (the returns app registers the census provider; people and casework
never import it)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import PersonFactory, make_user
from frontdoor.core import record_checks
from frontdoor.returns.census_data import CensusYear
from frontdoor.returns.models import ExplainedQuery
from frontdoor.returns.rules import RULES
from frontdoor.returns.selectors import census_notices
from frontdoor.returns.tests import records

pytestmark = pytest.mark.django_db

BANNER = 'id="record-checks"'


@pytest.fixture
def csw(client: Client) -> Any:
    user = make_user(Role.CSW)
    client.force_login(user)
    return user


@pytest.fixture
def late() -> dict[str, Any]:
    """A child whose assessment started in this census year's first months and was never
    authorised: over 45 working days by 31 March, so rule 8670Q queries it."""
    census = CensusYear.current()
    worker = make_user(Role.LOCALITY_SOCIAL_WORKER)
    started = census.start + timedelta(days=30)
    child = records.child("LATE002", first_name="Lou", last_name="Late", sex="F")
    episode = records.referral(child, worker, started - timedelta(days=1), source="1A")
    assessment = records.assessment(episode, worker, started)
    return {"child": child, "episode": episode, "assessment": assessment, "census": census}


LATE_IN_WORDS = (
    "The assessment has been open more than 45 working days: complete it and have it "
    "authorised, or record why it is late"
)


def test_the_person_page_says_which_census_check_the_record_would_fail(
    client: Client, csw: Any, late: dict[str, Any]
) -> None:
    html = client.get(reverse("people:detail", args=[late["child"].pk])).content.decode()
    assert BANNER in html
    year = late["census"].year
    assert f"This record would fail the {year} census checks if the return were made today" in html
    assert LATE_IN_WORDS in html
    assert reverse("casework:assessment", args=[late["assessment"].pk]) in html
    # The rule's code and the DfE's wording are for analysts.
    assert "8670Q" not in html and RULES["8670Q"].message not in html


def test_an_analyst_also_sees_the_rule_and_its_wording(
    client: Client, late: dict[str, Any]
) -> None:
    client.force_login(make_user(Role.PERFORMANCE_ANALYST))
    html = client.get(reverse("people:detail", args=[late["child"].pk])).content.decode()
    assert f"Census rule <strong>8670Q</strong> (query): {RULES['8670Q'].message}" in html


def test_an_assessment_started_this_week_is_not_yet_a_census_query(client: Client) -> None:
    census = CensusYear.current()
    worker = make_user(Role.LOCALITY_SOCIAL_WORKER)
    started = max(census.start, timezone.localdate() - timedelta(days=2))
    child = records.clean_child("NEW0003", 3, first_name="Nia", last_name="New")
    episode = records.referral(child, worker, started, source="1A", primary_need="N1")
    records.assessment(episode, worker, started)
    assert [n.code for n in census_notices(child.pk)] == []


def test_the_referral_page_says_so_too(client: Client, late: dict[str, Any]) -> None:
    client.force_login(late["assessment"].worker)  # who holds the child's assessment
    html = client.get(reverse("casework:referral", args=[late["episode"].pk])).content.decode()
    assert BANNER in html and LATE_IN_WORDS in html


def test_the_assessment_page_says_so_where_the_worker_saves_it(
    client: Client, late: dict[str, Any]
) -> None:
    client.force_login(late["assessment"].worker)
    url = reverse("casework:assessment", args=[late["assessment"].pk])
    html = client.get(url).content.decode()
    assert BANNER in html and LATE_IN_WORDS in html


def test_a_child_with_nothing_in_the_census_shows_no_checks(client: Client, csw: Any) -> None:
    clean = PersonFactory()
    html = client.get(reverse("people:detail", args=[clean.pk])).content.decode()
    assert BANNER not in html and "census checks" not in html


def test_an_explained_query_says_why(client: Client, csw: Any, late: dict[str, Any]) -> None:
    ExplainedQuery.objects.create(
        year=late["census"].year,
        code="8670Q",
        person=late["child"],
        reason="Paused while the family was abroad.",
        explained_by=make_user(Role.PERFORMANCE_ANALYST),
        explained_at=late["assessment"].referral.created_at,
    )
    html = client.get(reverse("people:detail", args=[late["child"].pk])).content.decode()
    assert "Explained: Paused while the family was abroad." in html


def test_a_failing_check_never_stops_the_record_opening(
    client: Client, csw: Any, late: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(person_id: int) -> list[record_checks.RecordNotice]:
        raise RuntimeError("the census is down")

    monkeypatch.setattr(record_checks, "_PROVIDERS", [broken, census_notices])
    page = client.get(reverse("people:detail", args=[late["child"].pk]))
    assert page.status_code == 200
    assert LATE_IN_WORDS in page.content.decode()  # the other provider still speaks


def test_the_census_check_on_a_record_costs_a_few_queries(
    late: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        notices = census_notices(late["child"].pk)
    assert any(n.code == "8670Q" and n.kind == "query" for n in notices)
