"""Broken-return cases for the identity rules (see the package docstring).

Each child is in need the way the baseline's CLEAN001 is (referred, assessed in time, on a
child in need plan), so only what the case changes about who they are is at fault.

Not made here, because the records cannot hold them: a header with the wrong reference date
(100: the writer always writes 31 March), a blank LA child ID (8500: a made-up FD id is
returned), one longer than 20 characters (1570: the column holds 20), a date of birth after
the reference date (8520: the child is returned as unborn), an unborn child's sex other than
U (8750: returned as U), a child with no episode (8590: only episodes put a child in the
return), both a date of birth and an expected one (8525Q: the database refuses it), and
2888Q (the baseline's CLEAN002 has two disabilities). A repeated LA child ID (8510) can be
recorded (a hand-typed ID equal to another child's made-up FD one), but the DfE code then
merges the two children's records and raises a dozen other rules, so it has no case here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from frontdoor.accounts.models import User
from frontdoor.people.models import Person
from frontdoor.returns.tests.records import assessment, child, cin_plan, referral

from . import case


def _in_need(la_id: str, worker: User, referred: date = date(2025, 6, 2), **person: Any) -> Person:
    """A child referred on `referred`, assessed from the next day and authorised six weeks
    on, then on a child in need plan: CLEAN001's episode, with what `person` changes."""
    person.setdefault("date_of_birth", date(2016, 5, 10))
    person.setdefault("sex", "F")
    person.setdefault("ethnicity", "WBRI")
    person.setdefault("disabilities", ["NONE"])
    someone = child(la_id, **person)
    episode = referral(someone, worker, referred, source="2A", primary_need="N1")
    assessment(
        episode, worker, referred + timedelta(days=1), status="authorised",
        authorised_on=referred + timedelta(days=43), factors=["3A", "16A"],
    )  # fmt: skip
    cin_plan(episode, worker, referred + timedelta(days=49))
    return someone


def _referred_before_birth(la_id: str, worker: User, referred: date, **person: Any) -> Person:
    """An unborn (or newborn) child referred on `referred`, with only the referral: no
    assessment can start on a child not yet born."""
    person.setdefault("sex", "U")
    person.setdefault("ethnicity", "WBRI")
    person.setdefault("disabilities", ["NONE"])
    someone = child(la_id, **person)
    referral(someone, worker, referred, source="3B", primary_need="N1")
    return someone


# --- UPN -------------------------------------------------------------------------------------


@case("1510")
def upn_with_wrong_check_letter(worker: User) -> None:
    """F845100116001's digits under the check letter A (F is right)."""
    _in_need("ID1510A", worker, upn="A845100116001")


@case("1510", reference_wrong={"1510": "DfE code skips temporary UPNs (a letter at 13)"})
def temporary_upn_with_wrong_check_letter(worker: User) -> None:
    """A temporary UPN (A at 13 counts 0) whose check letter should be R, not F."""
    _in_need("ID1510B", worker, upn="F84510011600A")


@case("1520")
def upn_shared_with_another_child(worker: User) -> None:
    """The same UPN as the baseline's CLEAN001: both are named."""
    _in_need("ID1520A", worker, upn="F845100116001")


@case("1530")
def upn_from_no_local_authority(worker: User) -> None:
    """999 is no LA code; 942 (Cumberland, since 2023) is one."""
    _in_need("ID1530A", worker, upn="R999100116001")
    _in_need("ID1530B", worker, upn="V942100116001", date_of_birth=date(2015, 1, 20))


@case("1540", "1550")
def upn_malformed(worker: User) -> None:
    """A letter among characters 5-12; an S (no UPN character) at 13."""
    _in_need("ID1540A", worker, upn="F8451001X6001")
    _in_need("ID1550A", worker, upn="F84510011600S", date_of_birth=date(2015, 1, 20))


@case("1560Q")
def former_upn_too_short(worker: User) -> None:
    _in_need("ID1560A", worker, upn="F845100118003", former_upn="F84510011")


@case(reference_wrong={"1560Q": "DfE code queries a temporary UPN given as the former UPN"})
def former_upn_temporary(worker: User) -> None:
    """The former UPN is a well-formed temporary one (R84510011600A), the usual kind."""
    _in_need("ID1560B", worker, upn="F845100118003", former_upn="R84510011600A")


@case("8770Q")
def school_age_without_upn(worker: User) -> None:
    """Born by 31 August 2020 and going on to further action: no UPN and no reason, or
    UN1 (over compulsory school age) at ten."""
    _in_need("ID8770A", worker, upn="")
    _in_need("ID8770B", worker, upn="", upn_unknown="UN1", date_of_birth=date(2020, 8, 31))
    # Born a day later: not yet of school age, so nothing is asked.
    _in_need("ID8770C", worker, upn="", date_of_birth=date(2020, 9, 1))


@case("8772")
def un7_going_on_to_further_action(worker: User) -> None:
    """UPN unknown because the referral needed no further action (UN7), but it did."""
    _in_need("ID8772A", worker, upn="", upn_unknown="UN7")


# --- LA child ID -----------------------------------------------------------------------------


@case("1580")
def la_child_id_with_a_hyphen(worker: User) -> None:
    _in_need("ID-1580A", worker, upn="F845100118003")


# --- birth, sex, death -----------------------------------------------------------------------


@case("2886Q")
def child_with_no_sex_recorded(worker: User) -> None:
    """One child of three (more than 2%) born and of unknown sex."""
    _in_need("ID2886A", worker, upn="F845100118003", sex="U")


@case("4180")
def sex_in_lower_case(worker: User) -> None:
    """f is not F: the census codes are capitals."""
    _in_need("ID4180A", worker, upn="F845100118003", sex="f")


@case("8525Q")
def no_date_of_birth(worker: User) -> None:
    """Neither a date of birth nor an expected one."""
    _in_need("ID8525A", worker, upn="F845100118003", date_of_birth=None)


@case("8530Q", "8606")
def unborn_due_after_december(worker: User) -> None:
    """Due 20 January 2027 (after 31 December 2026), so also referred more than 40 weeks
    before the birth (any referral by 31 March 2026 is)."""
    _referred_before_birth(
        "ID8530A", worker, date(2026, 2, 2), date_of_birth=None,
        expected_date_of_birth=date(2027, 1, 20),
    )  # fmt: skip


@case(reference_wrong={"8530Q": "DfE code queries 1 March and 31 December themselves"})
def unborn_due_on_the_range_ends(worker: User) -> None:
    """Due 31 December 2026 (referred 27 March 2026, within 40 weeks) and 1 March 2026 (still
    unborn on the reference date): both in "March to December"."""
    _referred_before_birth(
        "ID8530B", worker, date(2026, 3, 27), date_of_birth=None,
        expected_date_of_birth=date(2026, 12, 31),
    )  # fmt: skip
    _referred_before_birth(
        "ID8530C", worker, date(2025, 11, 3), date_of_birth=None,
        expected_date_of_birth=date(2026, 3, 1),
    )  # fmt: skip


@case("8606")
def referred_long_before_birth(worker: User) -> None:
    """Born 1 May 2025, referred 1 July 2024 (40 weeks before the birth is 25 July 2024),
    the episode still open."""
    _in_need("ID8606A", worker, date(2024, 7, 1), upn="", date_of_birth=date(2025, 5, 1))


@case("8535Q")
def unborn_child_with_a_date_of_death(worker: User) -> None:
    """A death recorded while the child has only an expected date of birth."""
    _referred_before_birth(
        "ID8535A", worker, date(2025, 9, 1), date_of_birth=None,
        expected_date_of_birth=date(2026, 5, 1), date_of_death=date(2026, 2, 1),
    )  # fmt: skip


@case("8545Q")
def died_before_the_year(worker: User) -> None:
    """Died 10 March 2025, before the year began, the episode still open in it."""
    _in_need("ID8545A", worker, date(2025, 2, 3), upn="F845100118003",
             date_of_death=date(2025, 3, 10))  # fmt: skip


@case("8555Q")
def referred_after_death(worker: User) -> None:
    _in_need("ID8555A", worker, date(2025, 7, 1), upn="F845100118003",
             date_of_death=date(2025, 6, 20))  # fmt: skip


@case("8775Q")
def over_25(worker: User) -> None:
    """Born 15 January 2000: 26 on the reference date, the episode open."""
    _in_need("ID8775A", worker, upn="F845100118003", date_of_birth=date(2000, 1, 15))


# --- ethnicity and disabilities --------------------------------------------------------------


@case("4220")
def blank_ethnicity(worker: User) -> None:
    _in_need("ID4220A", worker, upn="F845100118003", ethnicity="")


@case(
    "8540",
    reference_wrong={"8540": "DfE code reports rows as ROW_ID_x, so its report is always empty"},
)
def disabilities_missing_or_invalid(worker: User) -> None:
    """None recorded at all; a code that is not a census code beside one that is."""
    _in_need("ID8540A", worker, upn="F845100118003", disabilities=[])
    _in_need("ID8540B", worker, upn="", date_of_birth=date(2021, 2, 1),
             disabilities=["AUT", "XX"])  # fmt: skip


@case("8790")
def none_beside_a_disability(worker: User) -> None:
    _in_need("ID8790A", worker, upn="F845100118003", disabilities=["NONE", "HEAR"])


@case("8794")
def disability_twice(worker: User) -> None:
    _in_need("ID8794A", worker, upn="F845100118003", disabilities=["VIS", "LD", "VIS"])


@case(reference_wrong={"2887Q": "DfE code counts NONE entries, not the codes besides NONE"})
def eight_disability_codes(worker: User) -> None:
    """With the baseline's AUT and LD, eight codes besides NONE are used: nothing to ask."""
    _in_need(
        "ID2887A", worker, upn="F845100118003",
        disabilities=["MOB", "HAND", "PC", "INC", "COMM", "HEAR"],
    )  # fmt: skip


@case("2887Q", reference_wrong={"2887Q": "DfE code counts NONE entries, not codes used"})
def many_children_without_disability(worker: User) -> None:
    """Eight children with NONE (the DfE code's count) but still only AUT and LD used."""
    for n in range(7):
        _in_need(f"ID2887N{n}", worker, upn="", date_of_birth=date(2021, 2, 1) + timedelta(n))
