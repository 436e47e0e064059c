"""Annex A from a small hand-built council, as at Friday 20 November 2026.

The six-month window runs from Wednesday 20 May 2026 to 20 November 2026, the twelve-month
one from 20 November 2025; both ends are in. Every expected cell is written out by hand.
"""

from __future__ import annotations

import os
import zipfile
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from openpyxl import load_workbook

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    london,
    make_user,
)
from frontdoor.casework.models import CinPlan, EarlyHelpEpisode, Referral
from frontdoor.casework.tests.factories import locality_team, pathway_advisor, social_worker
from frontdoor.contacts.models import Contact
from frontdoor.people.services import la_child_id_for
from frontdoor.returns import annex_a
from frontdoor.returns.annex_a import annex_a_rows, months_before
from frontdoor.returns.annex_a_codes import HEADERS
from frontdoor.returns.annex_a_workbook import write_annex_a
from frontdoor.returns.tests import records
from frontdoor.safeguarding.models import (
    Conference,
    CpReview,
    CpVisit,
    ImmediateProtection,
)

pytestmark = pytest.mark.django_db

AS_AT = date(2026, 11, 20)
TEAM = "Locality: Norwich"
SAM = "Sam Ward"
NONE = "Unallocated"


# --- the council -------------------------------------------------------------------------------


def _referral(c: SimpleNamespace, person: Any, on: date, **fields: Any) -> Referral:
    fields.setdefault("source", "2A")
    return records.referral(person, c.opener, on, **fields)


def _assessment(c: SimpleNamespace, referral: Referral, started_on: date, **fields: Any) -> None:
    records.assessment(referral, c.sam, started_on, **fields)


def _early_help(c: SimpleNamespace, person: Any, opened_on: date, **fields: Any) -> None:
    EarlyHelpEpisode.objects.create(
        person=person,
        opened_on=opened_on,
        allocation_due_on=opened_on,
        assessment_due_on=opened_on,
        opened_by=c.opener,
        **fields,
    )


def _section47(c: SimpleNamespace, referral: Referral, started_on: date, **fields: Any) -> Any:
    fields.setdefault("conference_due_on", started_on)
    return records.section47(referral, c.sam, started_on, **fields)


def _plan(c: SimpleNamespace, referral: Referral, start: date, category: str, **fields: Any) -> Any:
    return records.cp_plan(referral, c.sam, start, initial_category=category, **fields)


def _protection(c: SimpleNamespace, person: Any, started_at: datetime) -> None:
    ImmediateProtection.objects.create(
        person=person,
        kind="police_protection",
        started_at=started_at,
        authority="PC Lowe",
        recorded_by=c.sam,
        recorded_at=started_at,
    )


@pytest.fixture
def council() -> SimpleNamespace:
    c = SimpleNamespace()
    c.opener = make_user(Role.CSW)
    c.team = locality_team(TEAM)
    c.sam = social_worker(c.team, first_name="Sam", last_name="Ward")
    # A: 11 on the day, no disability. B: 15 (16 the day after), autistic, no LA child ID.
    # C: unborn, nothing recorded.
    c.a = PersonFactory(
        la_child_id="A0001",
        sex="F",
        ethnicity="WBRI",
        date_of_birth=date(2015, 3, 27),
        disabilities=["NONE"],
    )
    c.b = PersonFactory(
        sex="M", ethnicity="APKN", date_of_birth=date(2010, 11, 21), disabilities=["AUT"]
    )
    c.c = PersonFactory(
        la_child_id="C0003",
        sex="U",
        ethnicity="NOBT",
        date_of_birth=None,
        expected_date_of_birth=date(2027, 1, 10),
    )
    c.A = ["A0001", "b) Female", "a) WBRI", date(2015, 3, 27), 11]
    c.B = [la_child_id_for(c.b.pk), "a) Male", "k) APKN", date(2010, 11, 21), 15]
    c.C = ["C0003", "c) Not stated/recorded", "s) NOBT", None, None]

    # List 1: contacts. BST: 20 May 09:00 in London is 08:00 UTC.
    ContactFactory(received_at=london(2026, 5, 20, 9, 0), referral_source="6", child__person=c.a)
    ContactFactory(received_at=london(2026, 5, 19, 23, 30), child__person=c.b)  # a day early
    ContactFactory(received_at=london(2026, 9, 1, 10), referral_source="", child__person=c.c)
    ContactFactory(
        received_at=london(2026, 10, 1, 10), status=Contact.Status.DRAFT, child__person=c.a
    )
    ContactFactory(
        received_at=london(2026, 11, 20, 23, 59), referral_source="5D", child__person=c.b
    )
    ContactFactory(received_at=london(2026, 11, 21, 0, 5), child__person=c.a)  # after

    # Referrals. A has five: one a day before the 12 months, one on its first day, one before
    # the six months (closed on its first day), two in it.
    _referral(c, c.a, date(2025, 11, 19), closed_on=date(2025, 12, 1), closure_reason="RC7")
    a_old = _referral(c, c.a, date(2025, 11, 20), closed_on=date(2026, 5, 19), closure_reason="RC7")
    _referral(c, c.a, date(2026, 5, 1), closed_on=date(2026, 5, 20), closure_reason="RC7")
    c.a_nfa = _referral(
        c,
        c.a,
        date(2026, 6, 1),
        source="1A",
        closed_on=date(2026, 7, 1),
        closure_reason="RC8",
        primary_need="N4",
        team=c.team,
        worker=c.sam,
    )
    a_open = _referral(  # closed after the day: open as at it
        c,
        c.a,
        date(2026, 8, 1),
        closed_on=date(2026, 11, 25),
        closure_reason="RC8",
        primary_need="N1",
        team=c.team,
        worker=c.sam,
    )
    b_open = _referral(c, c.b, date(2026, 5, 19))  # a day early for List 3, unallocated
    c_open = _referral(c, c.c, date(2026, 11, 20), source="6", team=c.team)

    # Assessments.
    _assessment(
        c,
        c.a_nfa,
        date(2026, 6, 2),
        child_seen_on=date(2026, 6, 5),
        authorised_on=date(2026, 6, 20),
        requires_support=False,
        status="authorised",
    )
    _assessment(c, a_open, date(2026, 8, 2))
    _assessment(c, b_open, date(2026, 5, 19), child_seen_on=date(2026, 5, 20))  # a day early
    _assessment(
        c,
        c_open,
        date(2026, 11, 20),
        child_seen_on=date(2026, 11, 20),
        authorised_on=date(2026, 11, 23),  # after the day
        requires_support=True,
    )
    CinPlan.objects.create(
        referral=a_open, start_date=date(2026, 9, 1), end_date=date(2026, 11, 24), started_by=c.sam
    )

    # Early help.
    advisor = pathway_advisor()
    _early_help(  # all before the window
        c,
        c.a,
        date(2026, 3, 1),
        assessment_started_on=date(2026, 3, 5),
        assessment_completed_on=date(2026, 4, 1),
        closed_on=date(2026, 5, 1),
    )
    _early_help(  # assessment still open when the episode closed in the window
        c,
        c.a,
        date(2026, 4, 1),
        assessment_started_on=date(2026, 4, 10),
        closed_on=date(2026, 6, 1),
        lead_organisation="Northshire Primary School",
    )
    _early_help(  # open; completed after the day
        c,
        c.b,
        date(2026, 5, 1),
        assessment_started_on=date(2026, 5, 25),
        assessment_completed_on=date(2026, 12, 1),
        advisor=advisor,
    )
    _early_help(  # closed before the window with its assessment never completed
        c,
        c.c,
        date(2025, 1, 1),
        assessment_started_on=date(2025, 1, 5),
        closed_on=date(2025, 6, 1),
    )
    _early_help(c, c.c, date(2026, 10, 1))  # open, not assessed

    # Section 47 enquiries: B's earlier one counts in the 12 months only.
    _section47(c, b_open, date(2025, 12, 1), outcome="nfa", outcome_on=date(2025, 12, 5))
    b_s47 = _section47(c, b_open, date(2026, 6, 10), outcome="icpc", outcome_on=date(2026, 6, 20))
    conference = Conference.objects.create(
        section47=b_s47,
        held_on=date(2026, 6, 24),
        outcome="cp_plan",
        chair="Robin Ash",
        recorded_by=c.sam,
        recorded_at=london(2026, 6, 24, 12),
    )
    _section47(c, c_open, date(2026, 11, 20))  # not concluded

    # Child protection plans.
    _plan(c, a_old, date(2025, 11, 21), "NEG", end_date=date(2026, 5, 19))  # ended a day early
    _plan(c, a_old, date(2025, 12, 1), "MUL", end_date=date(2026, 5, 20))
    b_plan = _plan(
        c,
        b_open,
        date(2026, 6, 24),
        "NEG",
        latest_category="SAB",
        previous_plans=1,
        conference=conference,
    )
    for held_on, category in ((date(2026, 9, 1), "PHY"), (date(2026, 11, 21), "SAB")):
        CpReview.objects.create(plan=b_plan, held_on=held_on, category=category, recorded_by=c.sam)
    for visited_on, seen, alone in (
        (date(2026, 10, 10), True, True),
        (date(2026, 11, 1), False, False),
        (date(2026, 11, 21), True, True),  # after the day
    ):
        CpVisit.objects.create(
            plan=b_plan, visited_on=visited_on, child_seen=seen, seen_alone=alone, recorded_by=c.sam
        )
    _protection(c, c.b, london(2026, 5, 20, 10))
    _protection(c, c.a, london(2026, 5, 19, 23, 30))  # a day early
    return c


# --- the lists ---------------------------------------------------------------------------------


def test_months_before_clamps_to_the_end_of_a_shorter_month() -> None:
    assert months_before(AS_AT, 6) == date(2026, 5, 20)
    assert months_before(AS_AT, 12) == date(2025, 11, 20)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)


def test_list_1_contacts_in_the_six_months_by_london_date(council: SimpleNamespace) -> None:
    c = council
    assert annex_a_rows(AS_AT)["List 1"] == [
        [*c.A, date(2026, 5, 20), "q) 6: Police"],
        [*c.C, date(2026, 9, 1), "u) 10: Unknown"],
        [*c.B, date(2026, 11, 20), "o) 5B: LA services"],
    ]


def test_list_2_early_help_assessments_in_the_window_or_open(council: SimpleNamespace) -> None:
    c = council
    assert annex_a_rows(AS_AT)["List 2"] == [
        [*c.A, date(2026, 4, 10), None, "Northshire Primary School"],
        [*c.B, date(2026, 5, 25), None, "Early Help"],
    ]


def test_list_3_referrals_with_the_12_month_count(council: SimpleNamespace) -> None:
    c = council
    assert annex_a_rows(AS_AT)["List 3"] == [
        [*c.A, date(2026, 6, 1), "a) 1A: Individual", "a) Yes", 4, TEAM, SAM],
        [*c.A, date(2026, 8, 1), "e) 2A: Schools", "b) No", 4, TEAM, SAM],
        [*c.C, date(2026, 11, 20), "q) 6: Police", "b) No", 1, TEAM, NONE],
    ]


def test_list_4_assessments_started_in_the_window(council: SimpleNamespace) -> None:
    c = council
    assert annex_a_rows(AS_AT)["List 4"] == [
        [*c.A, "b) No", date(2026, 6, 2), "a) Yes", date(2026, 6, 20), "b) No", TEAM, SAM],
        [*c.A, "b) No", date(2026, 8, 2), "b) No", None, None, TEAM, SAM],
        [*c.C, "c) Unknown", date(2026, 11, 20), "a) Yes", None, None, TEAM, NONE],
    ]


def test_list_5_a_row_per_enquiry_with_12_month_counts(council: SimpleNamespace) -> None:
    c = council
    assert annex_a_rows(AS_AT)["List 5"] == [
        [*c.B, "a) Yes", date(2026, 6, 10), "b) No", date(2026, 6, 24), "a) Yes", 2, 1, NONE, NONE],
        [*c.C, "c) Unknown", date(2026, 11, 20), None, None, None, 1, 0, TEAM, NONE],
    ]


def test_list_6_children_in_need_open_or_closed_in_the_window(council: SimpleNamespace) -> None:
    c = council
    rc7 = "RC7 - Services ceased for any other reason, including child no longer in need"
    rc8 = "RC8 - Case closed after assessment, no further action"
    closed, cp, cin, assessing = (
        "e) Closed episode",
        "b) Child Protection plan",
        "c) Child in need plan",
        "d) Open assessment",
    )
    assert annex_a_rows(AS_AT)["List 6"] == [
        [*c.A, "b) No", date(2026, 5, 1), "N0 - Not stated", None, date(2026, 5, 20), rc7]
        + [closed, NONE, NONE],
        [*c.B, "a) Yes", date(2026, 5, 19), "N0 - Not stated", date(2026, 10, 10), None, None]
        + [cp, NONE, NONE],
        [*c.A, "b) No", date(2026, 6, 1), "N4 - Family in acute stress", date(2026, 6, 5)]
        + [date(2026, 7, 1), rc8, closed, TEAM, SAM],
        [*c.A, "b) No", date(2026, 8, 1), "N1 - Abuse or neglect", None, None, None]
        + [cin, TEAM, SAM],
        [*c.C, "c) Unknown", date(2026, 11, 20), "N0 - Not stated", date(2026, 11, 20), None]
        + [None, assessing, TEAM, NONE],
    ]


def test_list_7_child_protection_open_or_ended_in_the_window(council: SimpleNamespace) -> None:
    c = council
    multiple = "e) Multiple/not recommended"
    assert annex_a_rows(AS_AT)["List 7"] == [
        [*c.A, "b) No", date(2025, 12, 1), multiple, multiple, None, None, None]
        + [date(2026, 5, 20), "b) No", 0, NONE, NONE],
        [*c.B, "a) Yes", date(2026, 6, 24), "a) Neglect", "b) Physical abuse"]
        + [date(2026, 11, 1), "b) No", date(2026, 9, 1), None, "a) Yes", 1, NONE, NONE],
    ]


def test_lists_8_to_11_are_empty(council: SimpleNamespace) -> None:
    rows = annex_a_rows(AS_AT)
    assert [rows[f"List {n}"] for n in (8, 9, 10, 11)] == [[], [], [], []]


# --- the workbook ------------------------------------------------------------------------------


def test_workbook_has_ofsteds_sheets_headers_and_real_dates(
    council: SimpleNamespace, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    path = tmp_path / "annex-a.xlsx"
    with django_assert_num_queries(7):  # one per list
        write_annex_a(AS_AT, str(path))
    book = load_workbook(path)
    assert book.sheetnames == [f"List {n}" for n in range(1, 12)]
    assert next(book["List 3"].iter_rows(max_row=1, values_only=True)) == (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    )
    for name, headers in HEADERS.items():
        assert next(book[name].iter_rows(max_row=1, values_only=True)) == headers
    assert [book[f"List {n}"].max_row for n in range(1, 12)] == [4, 3, 4, 4, 3, 6, 3, 1, 1, 1, 1]
    born, age, contacted = book["List 1"]["D2"], book["List 1"]["E2"], book["List 1"]["F2"]
    assert (born.value, born.number_format) == (datetime(2015, 3, 27), "mm-dd-yy")
    assert (age.value, age.data_type) == (11, "n")
    assert (contacted.value, contacted.is_date) == (datetime(2026, 5, 20), True)
    assert [cell.value for cell in book["List 3"][2]] == [
        "A0001",
        "b) Female",
        "a) WBRI",
        datetime(2015, 3, 27),
        11,
        datetime(2026, 6, 1),
        "a) 1A: Individual",
        "a) Yes",
        4,
        TEAM,
        SAM,
    ]
    assert book["List 3"]["I2"].data_type == "n"


def test_typed_text_is_never_a_live_formula_in_the_workbook(
    council: SimpleNamespace, tmp_path: Path
) -> None:
    """A team or worker name that starts with "=" is kept as typed, as text, not run."""
    council.team.name = '=HYPERLINK("http://example.test","Click")'
    council.team.save()
    council.sam.first_name = "=1+1"
    council.sam.save()
    path = tmp_path / "annex-a.xlsx"
    write_annex_a(AS_AT, str(path))
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 11
        assert not any(b"<f>" in archive.read(name) for name in sheets)
    team, worker = list(load_workbook(path)["List 3"][2])[-2:]
    assert (team.value, team.data_type) == ('=HYPERLINK("http://example.test","Click")', "s")
    assert (worker.value, worker.data_type) == ("=1+1 Ward", "s")


def test_empty_database_gives_every_sheet_with_headers_only(tmp_path: Path) -> None:
    path = tmp_path / "annex-a.xlsx"
    write_annex_a(AS_AT, str(path))
    book = load_workbook(path)
    assert [book[name].max_row for name in HEADERS] == [1] * 11


def test_a_failed_save_leaves_the_old_file_and_no_partial_one(
    council: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "annex-a.xlsx"
    path.write_bytes(b"yesterday's export")

    def save_half(self: Any, filename: str) -> None:
        Path(filename).write_bytes(b"PK half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", save_half)
    with pytest.raises(OSError, match="disk full"):
        write_annex_a(AS_AT, str(path))
    assert path.read_bytes() == b"yesterday's export"
    assert os.listdir(tmp_path) == ["annex-a.xlsx"]


def test_a_failed_query_writes_nothing(
    council: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(windows: Any) -> list[Any]:
        raise RuntimeError("database went away")

    monkeypatch.setitem(annex_a.LISTS, "List 5", broken)
    with pytest.raises(RuntimeError):
        write_annex_a(AS_AT, str(tmp_path / "annex-a.xlsx"))
    assert os.listdir(tmp_path) == []
