"""CIN census rules on who the child is: the header, identifiers, characteristics and
disabilities, and the rules that compare or count children over the whole return.

Each rule follows the DfE's published wording for 2025/26 as the DfE's own code
(csc-validator-be-cin 0.1.13) reads it: which dates count, whether a boundary day counts,
how blanks are treated, and whether a fault is the child's or the return's. Where that code
is plainly wrong the wording wins, and the rule says so (1510, 1560Q, 2887Q, 8530Q). The
DfE code never reports 8540 at all (its report names a row column ROW_ID_x, which makes the
report empty): 8540 here does what that code's own filter means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

from frontdoor.core.codes import Disability, UpnUnknown
from frontdoor.core.validators import UPN_CHECK_LETTERS, upn_check_letter
from frontdoor.returns.census_data import CensusChild, CensusEpisode, CensusReturn, CensusYear
from frontdoor.returns.cin_census import ETHNICITIES, KNOWN_LA_CODES, SEXES

from .registry import child_rule, return_rule

NO_DISABILITY = Disability.NONE.value
DISABILITIES = frozenset(Disability.values)
# Character 13 of a UPN: a digit, or a letter of the check-letter alphabet (a temporary UPN).
UPN_LAST_CHARACTERS = frozenset(UPN_CHECK_LETTERS + "0123456789")
# Reasons a UPN is missing that excuse a child of school age (UN1, "over compulsory school
# age", does not: rule 8770Q).
UPN_UNKNOWN_EXCUSES = frozenset(UpnUnknown.values) - {UpnUnknown.UN1.value}
REFERRAL_NFA_UPN_UNKNOWN = UpnUnknown.UN7.value
FORTY_WEEKS = timedelta(weeks=40)


def _numeric(text: str) -> bool:
    """All ASCII digits, and not empty."""
    return text != "" and all(character in "0123456789" for character in text)


def _years_after(day: date, years: int) -> date:
    """`day` moved by whole years (back, if negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _goes_on_to_further_action(child: CensusChild) -> bool:
    """At least one of the child's episodes is not a referral with no further action."""
    return any(not episode.referral_nfa for episode in child.episodes)


# --- the header ------------------------------------------------------------------------------


@return_rule("100")
def reference_date_wrong(returned: CensusReturn) -> Iterator[None]:
    """The reference date must be 31 March of the census year (the writer always makes it
    so: this guards the census year itself)."""
    if returned.census.end != date(returned.census.year, 3, 31):
        yield None


# --- identifiers -----------------------------------------------------------------------------


@child_rule("1510")
def upn_check_letter_wrong(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """A 13-character UPN whose first letter is not the check letter of the rest. A temporary
    UPN (a letter at 13) is checked too, with that letter counting as its place in the
    check-letter alphabet (the DfE's UPN guide): the DfE code skips temporary UPNs."""
    upn = child.upn
    if len(upn) != 13:
        return
    expected = upn_check_letter(upn[1:])
    if expected is not None and upn[0] != expected:
        yield child


@return_rule("1520")
def upn_repeated(returned: CensusReturn) -> Iterator[CensusChild]:
    counts = Counter(child.upn for child in returned.children if child.upn)
    yield from (child for child in returned.children if child.upn and counts[child.upn] > 1)


@child_rule("1530")
def upn_la_code_unknown(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if len(child.upn) == 13 and child.upn[1:4] not in KNOWN_LA_CODES:
        yield child


@child_rule("1540")
def upn_serial_not_numeric(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """Characters 5-12 must be digits: any UPN given, whatever its length."""
    if child.upn and not _numeric(child.upn[4:12]):
        yield child


@child_rule("1550")
def upn_last_character_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if len(child.upn) == 13 and child.upn[12] not in UPN_LAST_CHARACTERS:
        yield child


@child_rule("1560Q")
def former_upn_badly_formed(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """A former UPN must look like a UPN: 13 characters, a letter, eleven digits, then a
    digit or (a temporary UPN, the usual former UPN) a check-alphabet letter. The DfE code
    queries every temporary UPN given as a former UPN."""
    former = child.former_upn
    if not former:
        return
    if not (
        len(former) == 13
        and former[0].isalpha()
        and _numeric(former[1:12])
        and former[12] in UPN_LAST_CHARACTERS
    ):
        yield child


@child_rule("1570")
def la_child_id_too_long(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if len(child.la_child_id) > 20:
        yield child


@child_rule("1580")
def la_child_id_not_alphanumeric(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """A blank ID is 8500's to report, not this rule's."""
    if child.la_child_id and not child.la_child_id.isalnum():
        yield child


@child_rule("8500")
def la_child_id_missing(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if not child.la_child_id:  # the DfE reads an ID of spaces as given (rule 1580 then)
        yield child


@return_rule("8510")
def la_child_id_repeated(returned: CensusReturn) -> Iterator[CensusChild]:
    counts = Counter(child.la_child_id for child in returned.children)
    yield from (child for child in returned.children if counts[child.la_child_id] > 1)


@child_rule("8770Q")
def upn_missing_at_school_age(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """A child of school age (born by 31 August six years before the reference date's year,
    so in reception or above that school year) going on to further action needs a UPN or a
    reason for its absence other than UN1."""
    school_age_born_by = date(census.year - 6, 8, 31)
    if (
        child.birth_date is not None
        and child.birth_date <= school_age_born_by
        and _goes_on_to_further_action(child)
        and not child.upn
        and child.upn_unknown.upper() not in UPN_UNKNOWN_EXCUSES
    ):
        yield child


@child_rule("8772")
def upn_unknown_nfa_with_further_action(
    child: CensusChild, census: CensusYear
) -> Iterator[CensusChild]:
    if child.upn_unknown == REFERRAL_NFA_UPN_UNKNOWN and _goes_on_to_further_action(child):
        yield child


# --- birth, sex and death --------------------------------------------------------------------


@child_rule("4180")
def sex_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if child.sex not in SEXES:
        yield child


@child_rule("8750")
def unborn_sex_not_unknown(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if child.birth_date is None and child.expected_birth_date is not None and child.sex != "U":
        yield child


@return_rule("2886Q")
def too_many_without_sex(returned: CensusReturn) -> Iterator[None]:
    """More than 2% of the children in the return (all of them, unborn or not) have no sex
    recorded (blank or U) while not unborn (no expected date of birth)."""
    children = returned.children
    unsexed = [
        child for child in children if child.sex in ("", "U") and child.expected_birth_date is None
    ]
    if children and len(unsexed) * 50 > len(children):  # unsexed / children > 2 / 100
        yield None


@child_rule("8520")
def born_after_reference_date(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if child.birth_date is not None and child.birth_date > census.end:
        yield child


@child_rule("8525Q")
def birth_and_expected_birth(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """Exactly one of the date of birth and the expected date of birth."""
    if (child.birth_date is None) == (child.expected_birth_date is None):
        yield child


@child_rule("8530Q")
def expected_birth_out_of_range(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """Expected from 30 days before the reference date (1 March) to nine months after it
    (31 December), both days included, as the wording's "March to December" says: the DfE
    code queries those two days themselves."""
    expected = child.expected_birth_date
    earliest = census.end - timedelta(days=30)
    latest = date(census.year, 12, 31)  # 31 March + 9 months
    if expected is not None and not earliest <= expected <= latest:
        yield child


@child_rule("8535Q")
def died_before_born(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """A date of death with no date of birth (an unborn child) is queried too."""
    died = child.death_date
    if died is not None and (child.birth_date is None or child.birth_date > died):
        yield child


@child_rule("8545Q")
def died_outside_year(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if child.death_date is not None and not census.within(child.death_date):
        yield child


@child_rule("8555Q")
def referred_after_death(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    died = child.death_date
    if died is not None:
        yield from (episode for episode in child.episodes if episode.referral_date > died)


@child_rule("8606")
def referred_long_before_birth(child: CensusChild, census: CensusYear) -> Iterator[CensusEpisode]:
    """Referred more than 40 weeks (280 days) before the date of birth or the expected one."""
    births = [day for day in (child.birth_date, child.expected_birth_date) if day is not None]
    for episode in child.episodes:
        if any(episode.referral_date < born - FORTY_WEEKS for born in births):
            yield episode


@child_rule("8775Q")
def over_25(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """25 or more on the reference date (born before that day 25 years earlier) with an
    episode open, or closed after their 25th birthday."""
    born = child.birth_date
    if born is None or born >= _years_after(census.end, -25):
        return
    twenty_five = _years_after(born, 25)
    if any(
        episode.closure_date is None or episode.closure_date > twenty_five
        for episode in child.episodes
    ):
        yield child


@child_rule("8590")
def no_episode(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if not child.episodes:
        yield child


# --- ethnicity and disabilities --------------------------------------------------------------


@child_rule("4220")
def ethnicity_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if child.ethnicity not in ETHNICITIES:
        yield child


@child_rule("8540")
def disability_missing_or_invalid(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    """Asked of a born child going on to further action: at least one disability code, all
    of them census codes."""
    if child.birth_date is None or not _goes_on_to_further_action(child):
        return
    if not child.disabilities or any(code not in DISABILITIES for code in child.disabilities):
        yield child


@child_rule("8790")
def none_beside_disability(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    codes = {code.upper() for code in child.disabilities}
    if NO_DISABILITY in codes and len(codes) > 1:
        yield child


@child_rule("8794")
def disability_repeated(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if any(count > 1 for count in Counter(child.disabilities).values()):
        yield child


@return_rule("2887Q")
def few_disability_codes(returned: CensusReturn) -> Iterator[None]:
    """Fewer than 8 different disability codes (NONE aside) used over the return. The DfE
    code counts the children's NONE entries instead (fewer than 8 of them), keeping what it
    means to leave out."""
    used = {
        code
        for child in returned.children
        for code in child.disabilities
        if code in DISABILITIES and code != NO_DISABILITY
    }
    if len(used) < 8:
        yield None


@return_rule("2888Q")
def one_disability_each(returned: CensusReturn) -> Iterator[None]:
    """Every child with a disability has just one (different) code: nothing is asked of a
    return in which no child has a disability."""
    counts = [
        len({code for code in child.disabilities if code != NO_DISABILITY})
        for child in returned.children
    ]
    disabled = [count for count in counts if count]
    if disabled and max(disabled) == 1:
        yield None
