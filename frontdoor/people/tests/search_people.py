"""The people the search tests look for: a crowd of people with names like each other's (the
`crowd` fixture of conftest.py makes it once a class), valid NHS numbers, and the day the
searches are made on."""

from __future__ import annotations

from datetime import date
from typing import Any

from frontdoor.people.models import Person, PersonName
from frontdoor.people.services import person_create, person_name_add, person_update

TODAY = date(2026, 11, 22)


def nhs(stem: str) -> str:
    """A valid NHS number from nine digits (the modulus 11 check digit added)."""
    total = sum(int(digit) * weight for digit, weight in zip(stem, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    assert check != 10, f"{stem} has no valid check digit"
    return f"{stem}{check}"


SOPHIE_NHS = nhs("943476591")
RUBY_NHS = nhs("401023213")


def make_crowd(actor: Any) -> dict[str, Person]:
    """Fifty-odd people: the ones searched for first (a family with twins among them), then
    people with names like theirs."""

    def add(first: str, last: str, born: date | None, **fields: Any) -> Person:
        return person_create(
            actor=actor, first_name=first, last_name=last, date_of_birth=born, **fields
        )

    people = {
        "william_turner": add("William", "Turner", date(2014, 6, 12)),
        "katherine_jones": add("Katherine", "Jones", date(2015, 3, 27)),
        "elizabeth_price": add("Elizabeth", "Price", date(2012, 11, 5)),
        "john_smith": add(
            "John",
            "Smith",
            date(2016, 4, 3),
            postcode="NR2 1AA",
            address="12 Elm Row, Norwich",
        ),
        "amy_thompson": add("Amy", "Thompson", date(2011, 9, 30)),
        "stephen_clarke": add("Stephen", "Clarke", date(2013, 7, 14)),
        "anna_smith_jones": add("Anna", "Smith-Jones", date(2017, 1, 20)),
        "amelia_hart": add("Amelia", "Hart", date(2015, 3, 28)),
        "olivia_brown": add("Olivia", "Brown", date(2014, 7, 11)),
        "noah_patel": add("Noah", "Patel", date(2016, 9, 15)),
        "leo_walsh": add("Leo", "Walsh", None),
        "grace_okafor": add("Grace", "Okafor", date(2013, 5, 1)),
        "mia_evans": add("Mia", "Roberts", date(2018, 10, 10)),
        "harry_khan": add("Harry", "Khan", date(2012, 2, 14), postcode="NR3 4BB"),
        "sophie_reid": add("Sophie", "Reid", date(2019, 12, 1), nhs_number=SOPHIE_NHS),
        "ruby_scott_nhs": add("Ruby", "Scott", date(2015, 5, 5), nhs_number=RUBY_NHS),
        "ruby_scott": add("Ruby", "Scott", date(2015, 5, 5)),
        # A family: Darcy, her twin Lily and their brother Dylan, at one address.
        "darcy_nicholls": add("Darcy", "Nicholls", date(2016, 8, 14), postcode="NR4 7TJ"),
        "lily_nicholls": add("Lily", "Nicholls", date(2016, 8, 14), postcode="NR4 7TJ"),
        "dylan_nicholls": add("Dylan", "Nicholls", date(2013, 5, 2), postcode="NR4 7TJ"),
        # Another child born the same day, with a name like Darcy's; and her namesake.
        "marcy_nicol": add("Marcy", "Nicol", date(2016, 8, 14)),
        "darcy_nicholls_2012": add("Darcy", "Nicholls", date(2012, 3, 3)),
    }
    person_name_add(
        actor=actor,
        person_id=people["grace_okafor"].pk,
        kind=PersonName.Kind.ALIAS,
        first_name="Grace",
        last_name="Williams",
    )
    # Mia Roberts is now Mia Evans: Roberts becomes a previous name.
    people["mia_evans"] = person_update(
        actor=actor, person_id=people["mia_evans"].pk, last_name="Evans"
    )
    for first, last, born in [
        ("Will", "Turner", date(2013, 2, 1)),
        ("William", "Tanner", date(2014, 6, 12)),
        ("Kate", "Jones", date(2016, 8, 1)),
        ("Kathryn", "Johns", date(2015, 3, 27)),
        ("Eliza", "Pryce", date(2013, 1, 1)),
        ("Elizabeth", "Rice", date(2012, 11, 5)),
        ("Jon", "Smith", date(2016, 5, 3)),
        ("Joan", "Smith", date(2016, 4, 3)),
        ("John", "Smyth", date(2010, 1, 1)),
        ("Johnny", "Smithson", date(2016, 4, 3)),
        ("Amy", "Thomas", date(2011, 9, 30)),
        ("Amos", "Thompson", date(2011, 9, 3)),
        ("Steve", "Clark", date(2009, 7, 14)),
        ("Stephanie", "Clarke", date(2013, 7, 14)),
        ("Anna", "Jones", date(2017, 2, 20)),
        ("Anna", "Smith", date(2016, 1, 20)),
        ("Amelia", "Harte", date(2016, 3, 27)),
        ("Emily", "Hart", date(2015, 3, 28)),
        ("Olivia", "Brown", date(2012, 2, 2)),
        ("Olive", "Brown", date(2014, 11, 8)),
        ("Noah", "Patel", date(2019, 1, 1)),
        ("Noel", "Patel", date(2016, 9, 15)),
        ("Leo", "Welsh", date(2018, 2, 2)),
        ("Grace", "Williamson", date(2013, 5, 1)),
        ("Mia", "Roberts", date(2011, 3, 3)),
        ("Sophie", "Reed", date(2019, 12, 1)),
        ("Oscar", "Lee", date(2014, 1, 1)),
        ("Isla", "Wood", date(2015, 2, 2)),
        ("Jack", "Taylor", date(2012, 3, 3)),
        ("Freya", "Hall", date(2017, 4, 4)),
        ("George", "Green", date(2013, 6, 6)),
    ]:
        add(first, last, born)
    # Born the same day as Darcy and Lily Nicholls, with names nothing like theirs.
    for first, last in [
        ("Oliver", "Baker"),
        ("Amelia", "Ward"),
        ("Harvey", "Cole"),
        ("Isla", "Ford"),
        ("George", "Hughes"),
        ("Ava", "Lloyd"),
        ("Finley", "Grant"),
        ("Poppy", "Hill"),
    ]:
        add(first, last, date(2016, 8, 14))
    add("Harry", "Khan", date(2012, 2, 14), postcode="NR1 1AA")
    add("Harriet", "Khan", date(2010, 5, 5), postcode="NR3 4BB")
    return people
