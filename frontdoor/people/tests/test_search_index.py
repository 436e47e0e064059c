"""The search index: `people_reindex` rebuilds every key from the names (and the person record)
and skips merged people; surnames have a trigram index on PostgreSQL."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import PersonFactory, make_user
from frontdoor.people.models import Person, PersonSearchKey
from frontdoor.people.selectors import people_matching
from frontdoor.people.services import person_create, person_name_add


@pytest.mark.django_db
def test_reindex_rebuilds_every_key_from_names_and_skips_merged_people() -> None:
    csw = make_user(Role.CSW)
    indexed = person_create(
        actor=csw, first_name="Anna", last_name="Smith-Jones", date_of_birth=date(2017, 1, 20)
    )
    person_name_add(
        actor=csw, person_id=indexed.pk, kind="alias", first_name="Anna", last_name="Lee"
    )
    # Loaded in bulk: no names recorded, no keys.
    loaded = Person.objects.create(
        first_name="Zara", last_name="Quinn", date_of_birth=date(2016, 6, 6)
    )
    merged = PersonFactory(first_name="Old", last_name="Record", merged_into=loaded)
    assert people_matching(date_of_birth=date(2016, 6, 6)) == []  # not in the index yet
    PersonSearchKey.objects.filter(person=indexed).update(born=None)  # stale
    out = StringIO()
    call_command("people_reindex", "--batch", "1", stdout=out)
    # Anna: Smith-Jones, Smith, Jones and Lee; Zara: Quinn (from the person record itself).
    assert out.getvalue().strip() == "Indexed 2 people: 5 search keys"
    assert sorted(
        PersonSearchKey.objects.filter(person=indexed).values_list("last_key", "born")
    ) == [
        ("jones", date(2017, 1, 20)),
        ("lee", date(2017, 1, 20)),
        ("smith", date(2017, 1, 20)),
        ("smithjones", date(2017, 1, 20)),
    ]
    assert not PersonSearchKey.objects.filter(person=merged).exists()
    # Now found by date of birth alone, which only the index serves.
    assert [m.person for m in people_matching(date_of_birth=date(2016, 6, 6))] == [loaded]


@pytest.mark.django_db
def test_surnames_have_a_trigram_index_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is for PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'key_last_key_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin (last_key gin_trgm_ops)" in definition
