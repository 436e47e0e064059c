"""`frontdoor people_reindex`: rebuild the person search index from everybody's names.

Run after loading people in bulk (the demo data, a migration from another system), which
writes no search keys. One transaction: searches see the old index until the new one is whole.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from frontdoor.people.models import Person, PersonName, PersonSearchKey
from frontdoor.people.search_keys import names_to_index, search_keys_for


class Command(BaseCommand):
    help = "Rebuild the person search index (PersonSearchKey) for every person not merged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=5000, help="people read at a time (default 5000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch = max(options["batch"], 1)
        people_done = keys_done = 0
        with transaction.atomic():
            table = connection.ops.quote_name(PersonSearchKey._meta.db_table)
            with connection.cursor() as cursor:  # nothing refers to search keys
                cursor.execute(f"DELETE FROM {table}")
            people = Person.objects.filter(merged_into__isnull=True).only(
                "pk", "first_name", "last_name", "date_of_birth", "expected_date_of_birth"
            )
            last_pk = 0
            while True:
                chunk = list(people.filter(pk__gt=last_pk).order_by("pk")[:batch])
                if not chunk:
                    break
                last_pk = chunk[-1].pk
                names: dict[int, list[PersonName]] = defaultdict(list)
                recorded = PersonName.objects.filter(person_id__in=[p.pk for p in chunk]).only(
                    "person_id", "kind", "first_name", "last_name"
                )
                for name in recorded:
                    names[name.person_id].append(name)
                keys = [
                    key
                    for person in chunk
                    for key in search_keys_for(person, names_to_index(person, names[person.pk]))
                ]
                PersonSearchKey.objects.bulk_create(keys, batch_size=2000)
                people_done += len(chunk)
                keys_done += len(keys)
        self.stdout.write(f"Indexed {people_done} people: {keys_done} search keys")
