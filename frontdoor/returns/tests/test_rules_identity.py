"""The identity rules (header, identifiers, characteristics, disabilities, whole-return counts)
on hand-built census data (no database): for each rule a child or return that breaks it and
one that does not, with the answers worked out by hand. Census year 2026 is 1 April 2025 to
31 March 2026 unless a test says otherwise.

UPN check letters worked by hand (weights 2..13 on characters 2..13, sum mod 23, read off
ABCDEFGHJKLMNPQRTUVWXYZ; a letter at 13 counts as its place in that alphabet):
- F845100116001: 16+12+20+5+0+0+8+9+60+0+0+13 = 143 = 6*23 + 5 -> F.
- R84510011600A: 16+12+20+5+0+0+8+9+60+0+0 + 0 (A) = 130 = 5*23 + 15 -> R.
- R999100116001: 18+27+36+5+0+0+8+9+60+0+0+13 = 176 = 7*23 + 15 -> R.
- V942100116001: 18+12+8+5+0+0+8+9+60+0+0+13 = 133 = 5*23 + 18 -> V.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.returns.census_data import CensusChild, CensusEpisode, CensusReturn, CensusYear
from frontdoor.returns.rules import RULES

YEAR = CensusYear(2026)
VALID_UPN = "F845100116001"


def episode(
    referred: date = date(2025, 6, 2),
    closed: date | None = None,
    *,
    nfa: bool = False,
    pk: int = 10,
) -> CensusEpisode:
    return CensusEpisode(
        referral_id=pk,
        referral_date=referred,
        source="2A",
        primary_need="N1",
        closure_date=closed,
        closure_reason="RC7" if nfa else "",
        referral_nfa=nfa,
    )


def kid(
    la_child_id: str = "ID1",
    *,
    upn: str = VALID_UPN,
    former_upn: str = "",
    upn_unknown: str = "",
    born: date | None = date(2016, 5, 10),
    expected: date | None = None,
    sex: str = "F",
    died: date | None = None,
    ethnicity: str = "WBRI",
    disabilities: list[str] | None = None,
    episodes: list[CensusEpisode] | None = None,
    pk: int = 1,
) -> CensusChild:
    return CensusChild(
        person_id=pk,
        la_child_id=la_child_id,
        upn=upn,
        former_upn=former_upn,
        upn_unknown=upn_unknown,
        birth_date=born,
        expected_birth_date=expected,
        sex=sex,
        death_date=died,
        ethnicity=ethnicity,
        disabilities=["NONE"] if disabilities is None else disabilities,
        episodes=[episode()] if episodes is None else episodes,
    )


def found(code: str, child: CensusChild, census: CensusYear = YEAR) -> list:
    assert RULES[code].scope == "child"
    return list(RULES[code].check(child, census))


def found_in_return(code: str, *children: CensusChild, census: CensusYear = YEAR) -> list:
    assert RULES[code].scope == "return"
    return list(RULES[code].check(CensusReturn(census, "845", list(children))))


CHILD_CODES = [
    "1510", "1530", "1540", "1550", "1560Q", "1570", "1580", "4180", "4220", "8500", "8520",
    "8525Q", "8530Q", "8535Q", "8540", "8545Q", "8555Q", "8590", "8606", "8750", "8770Q",
    "8772", "8775Q", "8790", "8794",
]  # fmt: skip
RETURN_CODES = ["100", "1520", "2886Q", "2887Q", "2888Q", "8510"]


@pytest.mark.parametrize("code", CHILD_CODES + RETURN_CODES)
def test_every_rule_is_registered_from_this_module(code: str) -> None:
    assert RULES[code].check.__module__ == "frontdoor.returns.rules.identity"


@pytest.mark.parametrize("code", CHILD_CODES)
def test_a_plain_child_breaks_no_child_rule(code: str) -> None:
    assert found(code, kid()) == []


# --- the header ------------------------------------------------------------------------------


class _ReferenceDateOff(CensusYear):
    """A census year whose reference date is not 31 March (which CensusYear cannot make)."""

    @property
    def end(self) -> date:
        return date(self.year, 3, 30)


def test_100_reference_date_is_31_march_of_the_year() -> None:
    assert found_in_return("100", kid()) == []
    assert found_in_return("100", kid(), census=_ReferenceDateOff(2026)) == [None]


# --- UPN -------------------------------------------------------------------------------------


def test_1510_wrong_check_letter() -> None:
    assert found("1510", kid(upn="A845100116001")) != []
    assert found("1510", kid(upn=VALID_UPN)) == []


def test_1510_checks_a_temporary_upn_too() -> None:
    assert found("1510", kid(upn="R84510011600A")) == []
    assert found("1510", kid(upn="F84510011600A")) != []


def test_1510_leaves_malformed_upns_to_other_rules() -> None:
    assert found("1510", kid(upn="A845")) == []  # too short: 1540
    assert found("1510", kid(upn="A8451001X6001")) == []  # a letter inside: 1540
    assert found("1510", kid(upn="A84510011600S")) == []  # S is no UPN character: 1550


def test_1520_repeated_upn_names_every_child_holding_it() -> None:
    one, two, three = kid("ID1"), kid("ID2"), kid("ID3", upn="R999100116001")
    assert found_in_return("1520", one, two, three) == [one, two]
    assert found_in_return("1520", one, three) == []


def test_1520_blank_upns_are_not_repeats() -> None:
    assert found_in_return("1520", kid("ID1", upn=""), kid("ID2", upn="")) == []


def test_1530_la_code() -> None:
    assert found("1530", kid(upn="R999100116001")) != []  # 999 is no LA
    assert found("1530", kid(upn=VALID_UPN)) == []  # 845 East Sussex
    assert found("1530", kid(upn="V942100116001")) == []  # 942 Cumberland (2023)
    assert found("1530", kid(upn="R999")) == []  # not 13 characters: not this rule's


def test_1540_characters_5_to_12_numeric() -> None:
    assert found("1540", kid(upn="F8451001X6001")) != []
    assert found("1540", kid(upn="F845")) != []  # nothing at 5-12 at all
    assert found("1540", kid(upn="R84510011600A")) == []  # a letter at 13 is allowed
    assert found("1540", kid(upn="")) == []


def test_1550_character_13() -> None:
    assert found("1550", kid(upn="F84510011600S")) != []
    assert found("1550", kid(upn="F84510011600I")) != []
    assert found("1550", kid(upn="R84510011600A")) == []
    assert found("1550", kid(upn="F84510011600")) == []  # 12 characters: not this rule's


def test_1560q_former_upn_format() -> None:
    assert found("1560Q", kid(former_upn="F84510011")) != []  # too short
    assert found("1560Q", kid(former_upn="F8451001X6001")) != []
    assert found("1560Q", kid(former_upn="9845100116001")) != []  # starts with a digit
    assert found("1560Q", kid(former_upn=VALID_UPN)) == []
    assert found("1560Q", kid(former_upn="R84510011600A")) == []  # a temporary UPN
    assert found("1560Q", kid(former_upn="")) == []


def test_8770q_school_age_child_needs_a_upn_or_reason() -> None:
    # Born by 31 August 2020: in reception or above in 2025/26.
    assert found("8770Q", kid(upn="", born=date(2020, 8, 31))) != []
    assert found("8770Q", kid(upn="", born=date(2020, 8, 31), upn_unknown="UN1")) != []
    assert found("8770Q", kid(upn="", born=date(2020, 8, 31), upn_unknown="UN3")) == []
    assert found("8770Q", kid(upn="", born=date(2020, 8, 31), upn_unknown="un5")) == []
    assert found("8770Q", kid(upn="", born=date(2020, 9, 1))) == []  # not yet
    assert found("8770Q", kid(upn=VALID_UPN, born=date(2010, 1, 1))) == []


def test_8770q_only_for_children_going_on_to_further_action() -> None:
    nfa = [episode(date(2025, 6, 2), date(2025, 6, 3), nfa=True)]
    assert found("8770Q", kid(upn="", born=date(2010, 1, 1), episodes=nfa)) == []
    both = [*nfa, episode(date(2025, 9, 1), pk=11)]
    assert found("8770Q", kid(upn="", born=date(2010, 1, 1), episodes=both)) != []


def test_8772_un7_needs_every_episode_nfa() -> None:
    nfa = episode(date(2025, 6, 2), date(2025, 6, 3), nfa=True)
    assert found("8772", kid(upn="", upn_unknown="UN7", episodes=[nfa])) == []
    assert found("8772", kid(upn="", upn_unknown="UN7", episodes=[nfa, episode(pk=11)])) != []
    assert found("8772", kid(upn="", upn_unknown="UN3")) == []


# --- LA child ID -----------------------------------------------------------------------------


def test_1570_at_most_20_characters() -> None:
    assert found("1570", kid("A" * 21)) != []
    assert found("1570", kid("A" * 20)) == []


def test_1580_only_letters_and_digits() -> None:
    assert found("1580", kid("ID-1")) != []
    assert found("1580", kid("ID 1")) != []
    assert found("1580", kid("ID1")) == []
    assert found("1580", kid("")) == []  # missing: 8500's


def test_8500_missing() -> None:
    assert found("8500", kid("")) != []
    assert found("8500", kid("ID1")) == []


def test_8510_repeated_la_child_id() -> None:
    one, two, three = kid("ID1"), kid("ID1", pk=2), kid("ID2", pk=3)
    assert found_in_return("8510", one, two, three) == [one, two]
    assert found_in_return("8510", one, three) == []


# --- birth, sex, death -----------------------------------------------------------------------


def test_4180_sex_code() -> None:
    assert found("4180", kid(sex="X")) != []
    assert found("4180", kid(sex="")) != []
    for sex in "MFU":
        assert found("4180", kid(sex=sex)) == []


def test_8750_unborn_sex_is_u() -> None:
    assert found("8750", kid(born=None, expected=date(2026, 6, 1), sex="F")) != []
    assert found("8750", kid(born=None, expected=date(2026, 6, 1), sex="U")) == []
    assert found("8750", kid(sex="F")) == []


def test_2886q_more_than_2_percent_without_sex() -> None:
    sexed = [kid(f"ID{n}", pk=n) for n in range(49)]
    one_unsexed = kid("IDU", sex="U", pk=100)
    # 1 of 50 is exactly 2%: not more.
    assert found_in_return("2886Q", *sexed, one_unsexed) == []
    # 1 of 49 is more than 2%.
    assert found_in_return("2886Q", *sexed[:48], one_unsexed) == [None]
    # An unborn child's U is not counted (but the child is).
    unborn = kid("IDB", born=None, expected=date(2026, 6, 1), sex="U", pk=101)
    assert found_in_return("2886Q", *sexed[:48], unborn) == []
    assert found_in_return("2886Q") == []


def test_8520_born_after_the_reference_date() -> None:
    assert found("8520", kid(born=date(2026, 4, 1))) != []
    assert found("8520", kid(born=date(2026, 3, 31))) == []


def test_8525q_birth_or_expected_birth_not_both() -> None:
    assert found("8525Q", kid(born=None, expected=None)) != []
    assert found("8525Q", kid(born=date(2016, 5, 10), expected=date(2026, 6, 1))) != []
    assert found("8525Q", kid(born=None, expected=date(2026, 6, 1))) == []
    assert found("8525Q", kid(born=date(2016, 5, 10))) == []


def test_8530q_expected_birth_from_1_march_to_31_december() -> None:
    def unborn(expected: date) -> CensusChild:
        return kid(born=None, expected=expected, sex="U")

    assert found("8530Q", unborn(date(2026, 2, 28))) != []
    assert found("8530Q", unborn(date(2026, 3, 1))) == []
    assert found("8530Q", unborn(date(2026, 12, 31))) == []
    assert found("8530Q", unborn(date(2027, 1, 1))) != []


def test_8535q_death_before_birth() -> None:
    assert found("8535Q", kid(born=date(2016, 5, 10), died=date(2016, 5, 9))) != []
    assert found("8535Q", kid(born=None, expected=date(2026, 6, 1), died=date(2025, 9, 1))) != []
    assert found("8535Q", kid(born=date(2016, 5, 10), died=date(2016, 5, 10))) == []
    assert found("8535Q", kid(born=date(2016, 5, 10), died=None)) == []


def test_8545q_death_in_the_census_year() -> None:
    assert found("8545Q", kid(died=date(2025, 3, 31))) != []
    assert found("8545Q", kid(died=date(2025, 4, 1))) == []
    assert found("8545Q", kid(died=date(2026, 3, 31))) == []
    assert found("8545Q", kid(died=date(2026, 4, 1))) != []


def test_8555q_referred_after_death_names_the_episode() -> None:
    before, after = episode(date(2025, 6, 2), pk=10), episode(date(2025, 7, 2), pk=11)
    assert found("8555Q", kid(died=date(2025, 7, 1), episodes=[before, after])) == [after]
    assert found("8555Q", kid(died=date(2025, 7, 2), episodes=[before, after])) == []


def test_8590_child_with_no_episode() -> None:
    assert found("8590", kid(episodes=[])) != []
    assert found("8590", kid()) == []


def test_8606_referred_more_than_40_weeks_before_birth() -> None:
    # 280 days before 8 March 2026 is 1 June 2025.
    on_day, day_before = [episode(date(2025, 6, 1))], [episode(date(2025, 5, 31))]
    assert found("8606", kid(born=date(2026, 3, 8), episodes=on_day)) == []
    assert found("8606", kid(born=date(2026, 3, 8), episodes=day_before)) == day_before
    unborn = kid(born=None, expected=date(2026, 3, 8), sex="U", episodes=day_before)
    assert found("8606", unborn) == day_before
    assert found("8606", kid(born=None, expected=None, episodes=day_before)) == []


def test_8775q_over_25() -> None:
    # 25 years before 31 March 2026 is 31 March 2001: born before it is over 25.
    assert found("8775Q", kid(born=date(2001, 3, 30))) != []
    assert found("8775Q", kid(born=date(2001, 3, 31))) == []
    # Unless every episode closed by their 25th birthday (30 March 2026).
    closed_in_time = [episode(date(2025, 6, 2), date(2026, 3, 30))]
    closed_late = [episode(date(2025, 6, 2), date(2026, 3, 31))]
    assert found("8775Q", kid(born=date(2001, 3, 30), episodes=closed_in_time)) == []
    assert found("8775Q", kid(born=date(2001, 3, 30), episodes=closed_late)) != []


def test_8775q_leap_day_birthday() -> None:
    # Born 29 February 2000: 25 on 28 February 2025 (2025 has no 29 February).
    by_birthday = [episode(date(2024, 6, 2), date(2025, 2, 28))]
    after_birthday = [episode(date(2024, 6, 2), date(2025, 4, 1))]
    assert found("8775Q", kid(born=date(2000, 2, 29), episodes=by_birthday)) == []
    assert found("8775Q", kid(born=date(2000, 2, 29), episodes=after_birthday)) != []


# --- ethnicity and disabilities --------------------------------------------------------------


def test_4220_ethnicity_code() -> None:
    assert found("4220", kid(ethnicity="ZZZZ")) != []
    assert found("4220", kid(ethnicity="")) != []
    assert found("4220", kid(ethnicity="wbri")) != []
    assert found("4220", kid(ethnicity="REFU")) == []


def test_8540_disability_missing_or_invalid() -> None:
    assert found("8540", kid(disabilities=[])) != []
    assert found("8540", kid(disabilities=["AUT", "XYZ"])) != []
    assert found("8540", kid(disabilities=["AUT", "LD"])) == []


def test_8540_not_asked_of_the_unborn_or_nfa_only() -> None:
    assert found("8540", kid(born=None, expected=date(2026, 6, 1), disabilities=[])) == []
    nfa = [episode(date(2025, 6, 2), date(2025, 6, 3), nfa=True)]
    assert found("8540", kid(disabilities=[], episodes=nfa)) == []


def test_8790_none_beside_other_codes() -> None:
    assert found("8790", kid(disabilities=["NONE", "AUT"])) != []
    assert found("8790", kid(disabilities=["none", "AUT"])) != []
    assert found("8790", kid(disabilities=["NONE"])) == []
    assert found("8790", kid(disabilities=["AUT", "LD"])) == []


def test_8794_same_code_twice() -> None:
    assert found("8794", kid(disabilities=["AUT", "LD", "AUT"])) != []
    assert found("8794", kid(disabilities=["AUT", "LD"])) == []


def test_2887q_fewer_than_8_codes_besides_none() -> None:
    seven = kid(disabilities=["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR"])
    assert found_in_return("2887Q", seven, kid("ID2", disabilities=["NONE"], pk=2)) == [None]
    assert found_in_return("2887Q", seven, kid("ID2", disabilities=["VIS"], pk=2)) == []
    # However many children say NONE.
    nones = [kid(f"ID{n}", disabilities=["NONE"], pk=n) for n in range(2, 12)]
    assert found_in_return("2887Q", seven, *nones) == [None]


def test_2888q_nobody_with_more_than_one_disability() -> None:
    single = [kid("ID1", disabilities=["AUT"]), kid("ID2", disabilities=["LD", "NONE"], pk=2)]
    assert found_in_return("2888Q", *single) == [None]
    assert found_in_return("2888Q", *single, kid("ID3", disabilities=["AUT", "LD"], pk=3)) == []
    # No child with a disability: nothing to ask.
    assert found_in_return("2888Q", kid("ID1", disabilities=["NONE"])) == []
