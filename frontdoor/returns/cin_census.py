"""The DfE Children in Need census: a census year's children read from the records and the
XML return written in the schema's element order (`schema/`), with no XML namespace.

Year 2026 is 1 April 2025 to 31 March 2026 (the reference date). The return holds every
child in need episode (referral) open at any point in the year: referred on or before the
reference date and not closed before the year began. Each episode is shown as it stood on
the reference date, so a return made later in the year says the same as one made on the
day:

- anything recorded as happening after the reference date is left out (a closure, an
  authorisation, a plan's end, a conference, a review, a death), and an activity starting
  after it is not returned at all;
- assessments: those started by the reference date and not authorised before the year
  began; factors are returned only for an assessment authorised by the reference date
  (rule 8614);
- child in need plans and child protection plans: those running at some point in the year;
- section 47 enquiries: those started in the year or whose initial conference was held in
  it (rules 8715, 8740). `ICPCnotRequired` is 1 when the enquiry's outcome, decided by the
  reference date, was anything but an initial conference;
- `DateOfInitialCPC` is given on the section 47 enquiry; on the episode itself only for a
  child protection plan starting in the year whose conference's enquiry is not in the
  episode (rules 2884, 2885);
- reviews of a child protection plan: those held in the year; the latest category of
  abuse is the one set at the last review held by the reference date;
- a child born after the reference date was unborn on it: their date of birth is returned
  as the expected date of birth. An unborn child's sex is returned as U whatever a scan
  said (rule 8750);
- a sex or ethnicity that is not a census code (a blank from an old import) is returned as
  U or NOBT, and named in the warnings, so the file stays valid; the checks on the record
  still name the child.

`ReferralNFA` (referral, no further action) is 1 for an episode closed by the reference date
with reason RC7 and no assessment, section 47 enquiry, child in need plan or child
protection plan at all: the front door's "no further action" at referral stage. Any other
closure reason (a child who died, moved away or was adopted before assessment) or any
activity makes it 0. Yes/no values are written 1/0, which the schema allows and which all of
the DfE's published rule code reads (rules 2885 and 8740 in csc-validator-be-cin only
understand 1 and 0).

LAchildID is the person's LA child ID (FD and the record number, as `la_child_id_for` makes
it, when none is stored). The return is read in six queries (episodes with their people,
then one per kind of activity), however many children there are.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from lxml import etree

from frontdoor.casework.models import Assessment, CinPlan, Referral
from frontdoor.core.codes import ClosureReason, Ethnicity, Sex
from frontdoor.people.models import Person
from frontdoor.people.services import la_child_id_for
from frontdoor.safeguarding.models import CpPlan, CpReview, Section47, Section47Outcome

SOFTWARE_CODE = "Frontdoor"

# Post-April 1998 LA codes and the DfE's recognised pseudo-LA codes (CIN census rule 1530).
_LA_RANGES = (
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
    (380, 384), (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808),
    (810, 813), (815, 816), (820, 823), (825, 826), (830, 831), (835, 841), (845, 846),
    (850, 852), (855, 857), (860, 861), (865, 896), (908, 909), (916, 916), (919, 919),
    (921, 921), (925, 926), (928, 929), (931, 931), (933, 933), (935, 938), (940, 941),
)  # fmt: skip
KNOWN_LA_CODES = frozenset(f"{n:03d}" for low, high in _LA_RANGES for n in range(low, high + 1))


class CensusError(ValueError):
    """The return cannot be written as asked (a malformed LA code, a bad year)."""


@dataclass(frozen=True)
class CensusYear:
    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        """The reference date, 31 March of the year."""
        return date(self.year, 3, 31)

    def within(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def by_end(self, day: date | None) -> date | None:
        """`day` if it had happened by the reference date, otherwise None."""
        return day if day is not None and day <= self.end else None


@dataclass
class ExportResult:
    path: str
    children: int = 0
    episodes: int = 0
    warnings: list[str] = field(default_factory=list)


# --- reading the records -------------------------------------------------------------------


# Only what the return needs is read: the records' long text fields stay in the database.
PERSON_FIELDS = (
    "la_child_id", "upn", "date_of_birth", "expected_date_of_birth", "sex", "ethnicity",
    "disabilities", "date_of_death",
)  # fmt: skip
EPISODE_FIELDS = (
    "person_id", "referral_date", "source", "primary_need", "closed_on", "closure_reason",
)  # fmt: skip
ASSESSMENT_FIELDS = ("referral_id", "started_on", "authorised_on", "factors")
CIN_PLAN_FIELDS = ("referral_id", "start_date", "end_date")
SECTION47_FIELDS = ("referral_id", "started_on", "conference_due_on", "outcome", "outcome_on")
CP_PLAN_FIELDS = (
    "referral_id", "conference_id", "start_date", "end_date", "initial_category",
    "latest_category", "previous_plans",
)  # fmt: skip


@dataclass
class Episode:
    """A referral with all its activity, read in bulk."""

    referral: Referral
    assessments: list[Assessment] = field(default_factory=list)
    cin_plans: list[CinPlan] = field(default_factory=list)
    section47s: list[Section47] = field(default_factory=list)
    cp_plans: list[CpPlan] = field(default_factory=list)
    reviews: dict[int, list[CpReview]] = field(default_factory=dict)  # by plan id

    @property
    def has_activity(self) -> bool:
        return bool(self.assessments or self.cin_plans or self.section47s or self.cp_plans)


def census_episodes(census: CensusYear) -> list[Episode]:
    """The year's episodes with all their activity, ordered by child and referral date, in
    six queries. Activity is filtered by date in `episode_element`, which needs the whole
    episode to decide `ReferralNFA`. (Grouped here rather than with prefetch_related, which
    costs a queryset per episode: three times slower for 13,000 episodes.)"""
    in_return = Referral.objects.filter(referral_date__lte=census.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=census.start)
    )
    ids = in_return.values("pk")
    episodes = {
        referral.pk: Episode(referral)
        for referral in in_return.select_related("person")
        .only(*EPISODE_FIELDS, *(f"person__{name}" for name in PERSON_FIELDS))
        .order_by("person_id", "referral_date", "id")
    }
    for assessment in (
        Assessment.objects.filter(referral__in=ids)
        .only(*ASSESSMENT_FIELDS)
        .order_by("started_on", "id")
    ):
        episodes[assessment.referral_id].assessments.append(assessment)
    for cin_plan in (
        CinPlan.objects.filter(referral__in=ids).only(*CIN_PLAN_FIELDS).order_by("start_date", "id")
    ):
        episodes[cin_plan.referral_id].cin_plans.append(cin_plan)
    for s47 in (
        Section47.objects.filter(referral__in=ids)
        .select_related("conference")
        .only(*SECTION47_FIELDS, "conference__section47_id", "conference__held_on")
        .order_by("started_on", "id")
    ):
        episodes[s47.referral_id].section47s.append(s47)
    for plan in (
        CpPlan.objects.filter(referral__in=ids)
        .select_related("conference")
        .only(*CP_PLAN_FIELDS, "conference__section47_id", "conference__held_on")
        .order_by("start_date", "id")
    ):
        episodes[plan.referral_id].cp_plans.append(plan)
    for review in (
        CpReview.objects.filter(plan__referral__in=ids)
        .only("plan_id", "plan__referral_id", "held_on", "category")
        .select_related("plan")
        .order_by("held_on", "id")
    ):
        episodes[review.plan.referral_id].reviews.setdefault(review.plan_id, []).append(review)
    return list(episodes.values())


# --- writing the XML -------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: object | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text.isoformat() if isinstance(text, date) else str(text)
    return element


def _optional(parent: etree._Element, tag: str, value: object | None) -> None:
    if value not in (None, ""):
        _sub(parent, tag, value)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _release() -> str:
    try:
        return version("frontdoor")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def header_element(
    parent: etree._Element, census: CensusYear, la: str, serial_no: str, made_at: datetime
) -> None:
    header = _sub(parent, "Header")
    details = _sub(header, "CollectionDetails")
    _sub(details, "Collection", "CIN")
    _sub(details, "Year", census.year)
    _sub(details, "ReferenceDate", census.end)
    source = _sub(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", la)
    _sub(source, "SoftwareCode", SOFTWARE_CODE)
    _sub(source, "Release", _release())
    _sub(source, "SerialNo", serial_no)
    _sub(source, "DateTime", made_at.replace(microsecond=0, tzinfo=None).isoformat())


def la_child_id(person: Person) -> str:
    return person.la_child_id or la_child_id_for(person.pk)


def identifiers_element(
    parent: etree._Element, person: Person, census: CensusYear, warnings: list[str]
) -> None:
    ids = _sub(parent, "ChildIdentifiers")
    child_id = la_child_id(person)
    _sub(ids, "LAchildID", child_id)
    _optional(ids, "UPN", person.upn)
    born, expected = person.date_of_birth, person.expected_date_of_birth
    if born is not None and born > census.end:  # unborn on the reference date
        born, expected = None, born
    sex = person.sex
    if sex not in Sex.values:
        warnings.append(f"{child_id}: sex {sex!r} is not M, F or U; returned as U")
        sex = Sex.UNKNOWN
    if born is None and expected is not None:
        sex = Sex.UNKNOWN
    _optional(ids, "PersonBirthDate", born)
    _optional(ids, "ExpectedPersonBirthDate", expected)
    _sub(ids, "Sex", sex)
    _optional(ids, "PersonDeathDate", census.by_end(person.date_of_death))


def characteristics_element(parent: etree._Element, person: Person, warnings: list[str]) -> None:
    characteristics = _sub(parent, "ChildCharacteristics")
    ethnicity = person.ethnicity
    if ethnicity not in Ethnicity.values:
        warnings.append(
            f"{la_child_id(person)}: ethnicity {ethnicity!r} is not a census code; returned as NOBT"
        )
        ethnicity = Ethnicity.NOBT
    _sub(characteristics, "Ethnicity", ethnicity)
    disabilities = [code for code in (person.disabilities or []) if code]
    if disabilities:
        listed = _sub(characteristics, "Disabilities")
        for code in disabilities:
            _sub(listed, "Disability", code)


def is_referral_nfa(episode: Episode, census: CensusYear) -> bool:
    """Closed by the reference date, at referral stage, with no further action (RC7) and no
    activity of any kind."""
    referral = episode.referral
    return (
        census.by_end(referral.closed_on) is not None
        and referral.closure_reason == ClosureReason.RC7
        and not episode.has_activity
    )


def _section47_in_return(s47: Section47, census: CensusYear) -> bool:
    conference = getattr(s47, "conference", None)
    held = census.by_end(conference.held_on) if conference is not None else None
    return s47.started_on <= census.end and (census.within(s47.started_on) or census.within(held))


def _running_in_year(start: date, end: date | None, census: CensusYear) -> bool:
    return start <= census.end and (end is None or end >= census.start)


def episode_element(parent: etree._Element, episode: Episode, census: CensusYear) -> None:
    end, referral = census.end, episode.referral
    details = _sub(parent, "CINdetails")
    _sub(details, "CINreferralDate", referral.referral_date)
    _sub(details, "ReferralSource", referral.source)
    _optional(details, "PrimaryNeedCode", referral.primary_need)
    closed_on = census.by_end(referral.closed_on)
    if closed_on is not None:
        _sub(details, "CINclosureDate", closed_on)
        _optional(details, "ReasonForClosure", referral.closure_reason)

    section47s = [s for s in episode.section47s if _section47_in_return(s, census)]
    cp_plans = [p for p in episode.cp_plans if _running_in_year(p.start_date, p.end_date, census)]
    returned_s47_ids = {s.pk for s in section47s}
    episode_icpc = next(
        (
            plan.conference.held_on
            for plan in cp_plans
            if census.within(plan.start_date)
            and plan.conference is not None
            and plan.conference.section47_id not in returned_s47_ids
            and census.within(plan.conference.held_on)
        ),
        None,
    )
    _optional(details, "DateOfInitialCPC", episode_icpc)

    for assessment in episode.assessments:
        authorised_on = census.by_end(assessment.authorised_on)
        if assessment.started_on > end or (
            assessment.authorised_on is not None and assessment.authorised_on < census.start
        ):
            continue
        element = _sub(details, "Assessments")
        _sub(element, "AssessmentActualStartDate", assessment.started_on)
        if authorised_on is not None:
            _sub(element, "AssessmentAuthorisationDate", authorised_on)
            factors = [code for code in (assessment.factors or []) if code]
            if factors:
                listed = _sub(element, "FactorsIdentifiedAtAssessment")
                for code in factors:
                    _sub(listed, "AssessmentFactors", code)

    for cin_plan in episode.cin_plans:
        if not _running_in_year(cin_plan.start_date, cin_plan.end_date, census):
            continue
        element = _sub(details, "CINPlanDates")
        _sub(element, "CINPlanStartDate", cin_plan.start_date)
        _optional(element, "CINPlanEndDate", census.by_end(cin_plan.end_date))

    for s47 in section47s:
        element = _sub(details, "Section47")
        _sub(element, "S47ActualStartDate", s47.started_on)
        _sub(element, "InitialCPCtarget", s47.conference_due_on)
        conference = getattr(s47, "conference", None)
        _optional(
            element,
            "DateOfInitialCPC",
            census.by_end(conference.held_on) if conference is not None else None,
        )
        decided = bool(s47.outcome) and census.by_end(s47.outcome_on) is not None
        _sub(element, "ICPCnotRequired", _flag(decided and s47.outcome != Section47Outcome.ICPC))

    _sub(details, "ReferralNFA", _flag(is_referral_nfa(episode, census)))

    for plan in cp_plans:
        element = _sub(details, "ChildProtectionPlans")
        _sub(element, "CPPstartDate", plan.start_date)
        _optional(element, "CPPendDate", census.by_end(plan.end_date))
        reviews = episode.reviews.get(plan.pk, [])
        held = [r for r in reviews if r.held_on <= end]
        latest = plan.latest_category
        if len(held) < len(reviews):  # the category changed after the reference date
            latest = held[-1].category if held else plan.initial_category
        _sub(element, "InitialCategoryOfAbuse", plan.initial_category)
        _sub(element, "LatestCategoryOfAbuse", latest)
        _sub(element, "NumberOfPreviousCPP", plan.previous_plans)
        in_year = [r.held_on for r in held if r.held_on >= census.start]
        if in_year:
            listed = _sub(element, "Reviews")
            for day in in_year:
                _sub(listed, "CPPreviewDate", day)


def child_element(
    parent: etree._Element,
    person: Person,
    episodes: Iterable[Episode],
    census: CensusYear,
    warnings: list[str],
) -> None:
    child = _sub(parent, "Child")
    identifiers_element(child, person, census, warnings)
    characteristics_element(child, person, warnings)
    for episode in episodes:
        episode_element(child, episode, census)


def census_message(
    census: CensusYear,
    la: str,
    *,
    serial_no: str = "001",
    made_at: datetime | None = None,
    warnings: list[str] | None = None,
) -> tuple[etree._Element, int, int]:
    """The `<Message>` element for the year, with the number of children and episodes."""
    warnings = warnings if warnings is not None else []
    made_at = made_at or timezone.localtime()
    message = etree.Element("Message")
    header_element(message, census, la, serial_no, made_at)
    children = _sub(message, "Children")
    episodes = census_episodes(census)
    by_child: dict[int, list[Episode]] = {}
    for episode in episodes:
        by_child.setdefault(episode.referral.person_id, []).append(episode)
    for person_episodes in by_child.values():
        person = person_episodes[0].referral.person
        child_element(children, person, person_episodes, census, warnings)
    return message, len(by_child), len(episodes)


def check_la_code(la: str, warnings: list[str]) -> str:
    la = la.strip()
    if not re.fullmatch(r"\d{3}", la):
        raise CensusError(f"The LA code must be three digits (like 845), not {la!r}")
    if la not in KNOWN_LA_CODES:
        warnings.append(
            f"LA code {la} is not a known English local authority code: the return is "
            "written with it, but the DfE will refuse it"
        )
    return la


def write_cin_census(
    year: int,
    la: str,
    path: str | os.PathLike[str],
    *,
    serial_no: str = "001",
    made_at: datetime | None = None,
) -> ExportResult:
    """Write the year's return to `path`. It is written to a temporary file beside `path`
    and renamed at the end, so a failure leaves no partial file (and an older file at
    `path` untouched). Problems that do not stop the return are listed in `warnings`."""
    if not 2000 <= year <= 2100:
        raise CensusError(f"The census year must be like 2026, not {year}")
    if not re.fullmatch(r"\d{3}\d*", serial_no):
        raise CensusError(f"The serial number must be three or more digits, not {serial_no!r}")
    result = ExportResult(path=str(path))
    la = check_la_code(la, result.warnings)
    census = CensusYear(year)
    message, result.children, result.episodes = census_message(
        census, la, serial_no=serial_no, made_at=made_at, warnings=result.warnings
    )
    if result.children == 0:
        result.warnings.append(
            f"No child in need episode was open between {census.start:%-d %B %Y} and "
            f"{census.end:%-d %B %Y}: the return has no children (the schema asks for at "
            "least one, so the DfE will refuse it)"
        )
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            etree.ElementTree(message).write(
                out, xml_declaration=True, encoding="utf-8", pretty_print=True
            )
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return result
