"""Agreement with the DfE's own code: every case of the broken-returns corpus is written as a
census and checked by Frontdoor's rules (on the records) and by csc-validator-be-cin 0.1.13
(on the file). Both must find the same rules for the same children, except where a case
names the DfE code as known to be wrong, with its reason; the test then checks the
difference is really there, so a stale exception is noticed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user
from frontdoor.returns.census_data import CensusYear, census_return
from frontdoor.returns.cin_census import write_cin_census
from frontdoor.returns.rules import check_return
from frontdoor.returns.tests.corpus import Case, all_cases
from frontdoor.returns.tests.corpus.baseline import clean_council
from frontdoor.returns.tests.reference import ReferenceRules

pytestmark = pytest.mark.django_db

YEAR = 2026
# What any return as small as the corpus's raises: fewer than 8 disability codes in use.
SMALL_RETURN = {("2887Q", None)}


def findings_of(case: Case | None, tmp_path: Path, reference: ReferenceRules) -> tuple[set, set]:
    worker = make_user(Role.CSW)
    clean_council(worker)
    if case is not None:
        case.build(worker)
    path = tmp_path / "cin.xml"
    write_cin_census(YEAR, "845", path, made_at=datetime(2026, 4, 20, 9, 0))
    ours = {(f.code, f.la_child_id) for f in check_return(census_return(CensusYear(YEAR), "845"))}
    found = reference.check(path)
    assert found.crashes == () or case is not None and case.reference_wrong, found.crashes
    return ours, set(found.issues)


def test_the_clean_council_breaks_no_rule(tmp_path: Path, reference_rules: ReferenceRules) -> None:
    ours, theirs = findings_of(None, tmp_path, reference_rules)
    assert theirs == SMALL_RETURN
    assert ours == SMALL_RETURN


def test_the_corpus_is_big_enough() -> None:
    assert len(all_cases()) >= 40


@pytest.mark.parametrize("case", all_cases(), ids=lambda case: case.name)
def test_frontdoor_finds_what_the_dfe_rules_find(
    case: Case, tmp_path: Path, reference_rules: ReferenceRules
) -> None:
    ours, theirs = findings_of(case, tmp_path, reference_rules)
    assert case.breaks <= {code for code, _ in ours}, "the case does not break what it says"
    wrong = set(case.reference_wrong)
    assert {f for f in ours if f[0] not in wrong} == {f for f in theirs if f[0] not in wrong}
    for code in wrong:
        assert {f for f in ours if f[0] == code} != {f for f in theirs if f[0] == code}, (
            f"the DfE code now agrees on {code}: drop the exception"
        )
