"""The CIN census export: hand-built records for census year 2026 (1 April 2025 to 31 March
2026) written out and compared, element by element, with XML written by hand from the
records; the file checked against the schema copied into `frontdoor/returns/schema/`; and
the bad input (an empty year, an unknown LA, a failure half-way) leaving a sound file or
none at all.

The records are made with the ORM rather than the services, because the services date
everything from "now" and these need dates across a whole year; each is as the services
would leave it (a conference for every plan, a strategy discussion for every enquiry).
"""

from __future__ import annotations

import os
import sys
import types
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import make_user
from frontdoor.casework.models import CinPlan
from frontdoor.returns import cin_census
from frontdoor.returns.cin_census import CensusError, write_cin_census
from frontdoor.returns.schema import SEX_PATCHED, census_schema_document, schema_errors
from frontdoor.returns.tests.records import assessment, child, conference, referral, section47
from frontdoor.safeguarding.models import (
    CpPlan,
    CpReview,
)

pytestmark = pytest.mark.django_db

MADE_AT = datetime(2026, 4, 20, 9, 0, 0)


# --- the records ---------------------------------------------------------------------------


@pytest.fixture
def records() -> dict[str, Any]:
    worker = make_user(Role.CSW)

    # CHILD001: referral, assessment, section 47, conference and a CP plan still open on
    # 31 March 2026; a review after the reference date changed the category to PHY.
    one = child(
        "CHILD001",
        date_of_birth=date(2016, 5, 10),
        sex="F",
        ethnicity="WBRI",
        upn="F845100116001",
        disabilities=["NONE"],
    )
    episode = referral(one, worker, date(2025, 6, 2), source="6", primary_need="N1")
    assessment(
        episode,
        worker,
        date(2025, 6, 3),
        status="authorised",
        authorised_on=date(2025, 7, 15),
        factors=["3A", "16A"],
    )
    s47 = section47(
        episode,
        worker,
        date(2025, 6, 10),
        conference_due_on=date(2025, 7, 1),
        outcome="icpc",
        outcome_on=date(2025, 6, 27),
    )
    plan = CpPlan.objects.create(
        person=one,
        referral=episode,
        conference=conference(s47, worker, date(2025, 6, 30)),
        start_date=date(2025, 6, 30),
        initial_category="NEG",
        latest_category="PHY",
        previous_plans=0,
        started_by=worker,
    )
    for held_on, category in (
        (date(2025, 9, 29), "NEG"),
        (date(2026, 3, 23), "NEG"),
        (date(2026, 4, 20), "PHY"),
    ):
        CpReview.objects.create(plan=plan, held_on=held_on, category=category, recorded_by=worker)

    # CHILD002: an episode closed in the year after an assessment and a CIN plan, and an
    # older episode closed before the year began (not returned).
    two = child(
        "CHILD002",
        date_of_birth=date(2012, 9, 1),
        sex="M",
        ethnicity="ABAN",
        upn="F845100117002",
        disabilities=["AUT", "LD"],
    )
    referral(
        two,
        worker,
        date(2024, 1, 10),
        source="1A",
        primary_need="N4",
        closed_on=date(2024, 3, 1),
        closure_reason="RC7",
    )
    episode = referral(
        two,
        worker,
        date(2025, 4, 14),
        source="2A",
        primary_need="N2",
        closed_on=date(2026, 1, 16),
        closure_reason="RC7",
    )
    assessment(
        episode,
        worker,
        date(2025, 4, 15),
        status="authorised",
        authorised_on=date(2025, 5, 30),
        factors=["4A", "5A"],
    )
    CinPlan.objects.create(
        referral=episode,
        start_date=date(2025, 6, 2),
        end_date=date(2025, 12, 19),
        started_by=worker,
    )

    # CHILD003: closed the next day with no further action at referral stage.
    three = child(
        "CHILD003",
        date_of_birth=date(2019, 2, 14),
        sex="F",
        ethnicity="MWBC",
        disabilities=["NONE"],
    )
    referral(
        three,
        worker,
        date(2025, 11, 3),
        source="3A",
        closed_on=date(2025, 11, 4),
        closure_reason="RC7",
    )

    # CHILD004: referred before birth; born, assessed and closed after the reference date.
    four = child(
        "CHILD004", date_of_birth=date(2026, 5, 20), sex="F", ethnicity="NOBT", disabilities=[]
    )
    episode = referral(
        four,
        worker,
        date(2026, 2, 10),
        source="3B",
        primary_need="N3",
        closed_on=date(2026, 6, 1),
        closure_reason="RC8",
    )
    assessment(
        episode,
        worker,
        date(2026, 2, 11),
        status="authorised",
        authorised_on=date(2026, 4, 15),
        factors=["21"],
    )

    # CHILD005: an episode from before the year, still open, with an assessment and a
    # section 47 enquiry finished before the year (not returned), a CIN plan running through
    # it, a second enquiry ending in no further action in the year, and a third started on
    # the reference date whose outcome came after it.
    five = child(
        "CHILD005",
        date_of_birth=date(2010, 1, 2),
        sex="M",
        ethnicity="WOTH",
        disabilities=["NONE"],
    )
    episode = referral(five, worker, date(2024, 12, 2), source="5C", primary_need="N5")
    assessment(
        episode,
        worker,
        date(2024, 12, 3),
        status="authorised",
        authorised_on=date(2025, 2, 3),
        factors=["2B"],
    )
    section47(
        episode,
        worker,
        date(2025, 1, 10),
        conference_due_on=date(2025, 1, 31),
        outcome="nfa",
        outcome_on=date(2025, 1, 30),
    )
    CinPlan.objects.create(referral=episode, start_date=date(2025, 2, 10), started_by=worker)
    section47(
        episode,
        worker,
        date(2025, 5, 5),
        conference_due_on=date(2025, 5, 27),
        outcome="nfa",
        outcome_on=date(2025, 5, 20),
    )
    section47(
        episode,
        worker,
        date(2026, 3, 31),
        conference_due_on=date(2026, 4, 22),
        outcome="nfa",
        outcome_on=date(2026, 4, 10),
    )

    # CHILD006: referred after the reference date: not in the 2026 return.
    six = child("CHILD006", date_of_birth=date(2014, 6, 6), sex="M", disabilities=["NONE"])
    referral(six, worker, date(2026, 4, 5), source="2A")
    return {"worker": worker}


EXPECTED_HEADER = """
<Header>
  <CollectionDetails>
    <Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2026-03-31</ReferenceDate>
  </CollectionDetails>
  <Source>
    <SourceLevel>L</SourceLevel><LEA>845</LEA><SoftwareCode>Frontdoor</SoftwareCode>
    <Release>{release}</Release><SerialNo>007</SerialNo><DateTime>2026-04-20T09:00:00</DateTime>
  </Source>
</Header>
"""

EXPECTED_CHILDREN = """
<Children>
  <Child>
    <ChildIdentifiers>
      <LAchildID>CHILD001</LAchildID><UPN>F845100116001</UPN>
      <PersonBirthDate>2016-05-10</PersonBirthDate><Sex>F</Sex>
    </ChildIdentifiers>
    <ChildCharacteristics>
      <Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
    </ChildCharacteristics>
    <CINdetails>
      <CINreferralDate>2025-06-02</CINreferralDate><ReferralSource>6</ReferralSource>
      <PrimaryNeedCode>N1</PrimaryNeedCode>
      <Assessments>
        <AssessmentActualStartDate>2025-06-03</AssessmentActualStartDate>
        <AssessmentAuthorisationDate>2025-07-15</AssessmentAuthorisationDate>
        <FactorsIdentifiedAtAssessment>
          <AssessmentFactors>3A</AssessmentFactors><AssessmentFactors>16A</AssessmentFactors>
        </FactorsIdentifiedAtAssessment>
      </Assessments>
      <Section47>
        <S47ActualStartDate>2025-06-10</S47ActualStartDate>
        <InitialCPCtarget>2025-07-01</InitialCPCtarget>
        <DateOfInitialCPC>2025-06-30</DateOfInitialCPC>
        <ICPCnotRequired>0</ICPCnotRequired>
      </Section47>
      <ReferralNFA>0</ReferralNFA>
      <ChildProtectionPlans>
        <CPPstartDate>2025-06-30</CPPstartDate>
        <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
        <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
        <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
        <Reviews><CPPreviewDate>2025-09-29</CPPreviewDate><CPPreviewDate>2026-03-23</CPPreviewDate></Reviews>
      </ChildProtectionPlans>
    </CINdetails>
  </Child>
  <Child>
    <ChildIdentifiers>
      <LAchildID>CHILD002</LAchildID><UPN>F845100117002</UPN>
      <PersonBirthDate>2012-09-01</PersonBirthDate><Sex>M</Sex>
    </ChildIdentifiers>
    <ChildCharacteristics>
      <Ethnicity>ABAN</Ethnicity>
      <Disabilities><Disability>AUT</Disability><Disability>LD</Disability></Disabilities>
    </ChildCharacteristics>
    <CINdetails>
      <CINreferralDate>2025-04-14</CINreferralDate><ReferralSource>2A</ReferralSource>
      <PrimaryNeedCode>N2</PrimaryNeedCode>
      <CINclosureDate>2026-01-16</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>
      <Assessments>
        <AssessmentActualStartDate>2025-04-15</AssessmentActualStartDate>
        <AssessmentAuthorisationDate>2025-05-30</AssessmentAuthorisationDate>
        <FactorsIdentifiedAtAssessment>
          <AssessmentFactors>4A</AssessmentFactors><AssessmentFactors>5A</AssessmentFactors>
        </FactorsIdentifiedAtAssessment>
      </Assessments>
      <CINPlanDates>
        <CINPlanStartDate>2025-06-02</CINPlanStartDate><CINPlanEndDate>2025-12-19</CINPlanEndDate>
      </CINPlanDates>
      <ReferralNFA>0</ReferralNFA>
    </CINdetails>
  </Child>
  <Child>
    <ChildIdentifiers>
      <LAchildID>CHILD003</LAchildID><PersonBirthDate>2019-02-14</PersonBirthDate><Sex>F</Sex>
    </ChildIdentifiers>
    <ChildCharacteristics>
      <Ethnicity>MWBC</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
    </ChildCharacteristics>
    <CINdetails>
      <CINreferralDate>2025-11-03</CINreferralDate><ReferralSource>3A</ReferralSource>
      <CINclosureDate>2025-11-04</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>
      <ReferralNFA>1</ReferralNFA>
    </CINdetails>
  </Child>
  <Child>
    <ChildIdentifiers>
      <LAchildID>CHILD004</LAchildID><ExpectedPersonBirthDate>2026-05-20</ExpectedPersonBirthDate>
      <Sex>U</Sex>
    </ChildIdentifiers>
    <ChildCharacteristics><Ethnicity>NOBT</Ethnicity></ChildCharacteristics>
    <CINdetails>
      <CINreferralDate>2026-02-10</CINreferralDate><ReferralSource>3B</ReferralSource>
      <PrimaryNeedCode>N3</PrimaryNeedCode>
      <Assessments><AssessmentActualStartDate>2026-02-11</AssessmentActualStartDate></Assessments>
      <ReferralNFA>0</ReferralNFA>
    </CINdetails>
  </Child>
  <Child>
    <ChildIdentifiers>
      <LAchildID>CHILD005</LAchildID><PersonBirthDate>2010-01-02</PersonBirthDate><Sex>M</Sex>
    </ChildIdentifiers>
    <ChildCharacteristics>
      <Ethnicity>WOTH</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>
    </ChildCharacteristics>
    <CINdetails>
      <CINreferralDate>2024-12-02</CINreferralDate><ReferralSource>5C</ReferralSource>
      <PrimaryNeedCode>N5</PrimaryNeedCode>
      <CINPlanDates><CINPlanStartDate>2025-02-10</CINPlanStartDate></CINPlanDates>
      <Section47>
        <S47ActualStartDate>2025-05-05</S47ActualStartDate>
        <InitialCPCtarget>2025-05-27</InitialCPCtarget>
        <ICPCnotRequired>1</ICPCnotRequired>
      </Section47>
      <Section47>
        <S47ActualStartDate>2026-03-31</S47ActualStartDate>
        <InitialCPCtarget>2026-04-22</InitialCPCtarget>
        <ICPCnotRequired>0</ICPCnotRequired>
      </Section47>
      <ReferralNFA>0</ReferralNFA>
    </CINdetails>
  </Child>
</Children>
"""


def canonical(xml: str | etree._Element) -> list[tuple[str, str]]:
    """(path, text) for every element, in document order: whitespace between tags ignored."""
    root = etree.fromstring(xml) if isinstance(xml, str) else xml
    tree = root.getroottree()
    return [(tree.getpath(e), (e.text or "").strip()) for e in root.iter()]


def exported(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


@pytest.fixture
def census_file(records: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "cin-2026.xml"
    result = write_cin_census(2026, "845", path, serial_no="007", made_at=MADE_AT)
    assert (result.children, result.episodes, result.warnings) == (5, 5, [])
    return path


def test_children_are_written_element_by_element_as_recorded(census_file: Path) -> None:
    root = exported(census_file)
    children = root.find("Children")
    assert children is not None
    # Compare with the expectation's own paths: the two lists line up element by element.
    expected = [
        (path.replace("/Children", "/Message/Children", 1), text)
        for path, text in canonical(EXPECTED_CHILDREN.strip())
    ]
    actual = canonical(root)
    actual_children = [(p, t) for p, t in actual if p.startswith("/Message/Children")]
    for position, (want, got) in enumerate(zip(expected, actual_children, strict=True)):
        assert got == want, f"element {position}: expected {want}, got {got}"


def test_header_says_what_return_this_is(census_file: Path) -> None:
    root = exported(census_file)
    assert root.tag == "Message" and root.nsmap == {} and root[0].tag == "Header"
    expected = EXPECTED_HEADER.format(release=cin_census._release()).strip()
    assert canonical(root[0]) == [
        (p.replace("/Header", "/Message/Header", 1), t) for p, t in canonical(expected)
    ]


def test_the_file_is_valid_against_the_schema(census_file: Path) -> None:
    assert schema_errors(census_file) == []
    assert census_file.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<Message>")


def test_schema_copy_allows_no_previous_plans_and_nothing_else_changes() -> None:
    def types(document: etree._ElementTree) -> dict[str, str | None]:
        tag = "{http://www.w3.org/2001/XMLSchema}element"
        return {str(e.get("name")): e.get("type") for e in document.iter(tag)}

    as_copied, as_loaded = types(etree.parse(str(SEX_PATCHED))), types(census_schema_document())
    assert as_copied.pop("NumberOfPreviousCPP") == "xs:positiveInteger"
    assert as_loaded.pop("NumberOfPreviousCPP") == "xs:nonNegativeInteger"
    assert as_copied == as_loaded


def test_the_export_reads_a_fixed_number_of_queries(
    records: dict[str, Any], tmp_path: Path
) -> None:
    with CaptureQueriesContext(connection) as few:
        write_cin_census(2026, "845", tmp_path / "a.xml")
    for n in range(5):  # more children with the same activity: no more queries
        person = child(f"MORE{n}", sex="F", disabilities=["NONE"])
        episode = referral(person, records["worker"], date(2025, 5, 1), source="2A")
        assessment(episode, records["worker"], date(2025, 5, 2))
    with CaptureQueriesContext(connection) as more:
        result = write_cin_census(2026, "845", tmp_path / "b.xml")
    assert result.children == 10
    assert len(more) == len(few) <= 7


def test_a_blank_sex_is_returned_as_not_known_and_a_bad_code_as_recorded(
    tmp_path: Path,
) -> None:
    worker = make_user(Role.CSW)
    person = child("CHILD009", sex="", ethnicity="", disabilities=["NONE"])
    referral(person, worker, date(2025, 9, 1), source="8")
    other = child("CHILD010", sex="X", ethnicity="WBRI", disabilities=["NONE"])
    referral(other, worker, date(2025, 9, 1), source="8")
    path = tmp_path / "cin.xml"
    result = write_cin_census(2026, "845", path)
    assert result.warnings == [
        "CHILD009: ethnicity '' is not a census code (rule 4220)",
        "CHILD010: sex 'X' is not M, F or U (rule 4180)",
    ]
    root = exported(path)
    assert [c.findtext(".//Sex") for c in root.iter("Child")] == ["U", "X"]
    assert [c.findtext(".//Ethnicity") for c in root.iter("Child")] == ["", "WBRI"]
    errors = schema_errors(path)  # the file says what was recorded; the rules name it
    assert [error.split(":")[0] for error in errors] == ["line 26", "line 26", "line 41"]


def test_a_year_with_no_data_still_writes_the_return_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    result = write_cin_census(2020, "845", path, made_at=MADE_AT)
    assert (result.children, result.episodes) == (0, 0)
    assert result.warnings == [
        "No child in need episode was open between 1 April 2019 and 31 March 2020: the "
        "return has no children (the schema asks for at least one, so the DfE will refuse it)"
    ]
    root = exported(path)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2020-03-31"
    assert root.find("Children") is not None and len(root.find("Children")) == 0  # type: ignore[arg-type]
    # The only thing the schema finds is the missing child.
    assert len(errors := schema_errors(path)) == 1 and "Missing child element" in errors[0]


def test_an_unknown_la_code_is_written_with_a_warning(
    records: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "cin.xml"
    result = write_cin_census(2026, "999", path)
    assert result.warnings == [
        "LA code 999 is not a known English local authority code: the return is written "
        "with it, but the DfE will refuse it"
    ]
    assert exported(path).findtext("Header/Source/LEA") == "999"
    assert schema_errors(path) == []


@pytest.mark.parametrize("la", ["84", "8450", "ABC", ""])
def test_a_malformed_la_code_is_refused_before_anything_is_written(tmp_path: Path, la: str) -> None:
    with pytest.raises(CensusError, match="three digits"):
        write_cin_census(2026, la, tmp_path / "cin.xml")
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_no_partial_file(
    records: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cin.xml"
    path.write_text("last week's return")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cin_census.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_cin_census(2026, "845", path)
    assert [p.name for p in tmp_path.iterdir()] == ["cin.xml"]
    assert path.read_text() == "last week's return"


def test_a_failure_while_reading_leaves_no_file(
    records: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(cin_census, "episode_element", broken)
    with pytest.raises(RuntimeError):
        write_cin_census(2026, "845", tmp_path / "cin.xml")
    assert list(tmp_path.iterdir()) == []


def test_the_command_writes_the_return_and_warns_on_stderr(
    records: dict[str, Any], tmp_path: Path
) -> None:
    path, out, err = tmp_path / "cin.xml", StringIO(), StringIO()
    call_command(
        "returns", "cin-census", "--year", "2026", "--la", "998", "-o", str(path),
        stdout=out, stderr=err,
    )  # fmt: skip
    assert out.getvalue() == (
        f"Wrote the 2026 CIN census for LA 998 to {path}: 5 children, 5 episodes\n"
    )
    assert "LA code 998 is not a known English local authority code" in err.getvalue()
    assert schema_errors(path) == []


def test_the_command_refuses_a_malformed_la_code(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="three digits"):
        call_command("returns", "cin-census", "--year", "2026", "--la", "x", "-o", "f.xml")


def test_the_command_refuses_a_folder_that_is_not_there(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "cin.xml"
    with pytest.raises(CommandError):
        call_command("returns", "cin-census", "--year", "2026", "--la", "845", "-o", str(target))
    assert not os.path.exists(target.parent)


def test_the_annex_a_subcommand_hands_over_to_write_annex_a(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[date, str]] = []
    module = types.ModuleType("frontdoor.returns.annex_a_workbook")
    module.write_annex_a = lambda as_at, path: calls.append((as_at, path))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "frontdoor.returns.annex_a_workbook", module)
    out = StringIO()
    target = str(tmp_path / "annex-a.xlsx")
    call_command("returns", "annex-a", "--as-at", "2026-11-23", "-o", target, stdout=out)
    assert calls == [(date(2026, 11, 23), target)]
    assert out.getvalue() == f"Wrote Annex A as at 23 November 2026 to {target}\n"
