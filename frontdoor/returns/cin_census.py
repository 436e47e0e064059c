"""The DfE Children in Need census written as XML: what the return holds
(`census_data.census_return`, whose docstring says what goes in and how) written in the
schema's element order (`schema/`), with no XML namespace.

Yes/no values are written 1/0, which the schema allows and which all of the DfE's published
rule code reads (rules 2885 and 8740 in csc-validator-be-cin only understand 1 and 0). A
plan's reviews are written in one `<Reviews>` element, as the schema says (at most one);
csc-validator-be-cin reads only its first date, so its review rules miss later reviews.

A value that is not a census code (a blank ethnicity from an old import, say) is written as
recorded: the file then fails the schema for that child, the warnings say so, and the
census rules name the child and the rule (4180, 4220) so it can be put right at the record.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.utils import timezone
from lxml import etree

from frontdoor.core.codes import Ethnicity, Sex
from frontdoor.returns.census_data import (
    CensusChild,
    CensusEpisode,
    CensusReturn,
    CensusYear,
    census_return,
)

SOFTWARE_CODE = "Frontdoor"

# Post-April 1998 LA codes and the DfE's recognised pseudo-LA codes (CIN census rule 1530).
_LA_RANGES = (
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
    (380, 384), (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808),
    (810, 813), (815, 816), (820, 823), (825, 826), (830, 831), (835, 841), (845, 846),
    (850, 852), (855, 857), (860, 861), (865, 896), (908, 909), (916, 916), (919, 919),
    (921, 921), (925, 926), (928, 929), (931, 931), (933, 933), (935, 938), (940, 943),
)  # fmt: skip
KNOWN_LA_CODES = frozenset(f"{n:03d}" for low, high in _LA_RANGES for n in range(low, high + 1))


class CensusError(ValueError):
    """The return cannot be written as asked (a malformed LA code, a bad year)."""


@dataclass
class ExportResult:
    path: str
    children: int = 0
    episodes: int = 0
    warnings: list[str] = field(default_factory=list)


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


def identifiers_element(parent: etree._Element, child: CensusChild) -> None:
    ids = _sub(parent, "ChildIdentifiers")
    _sub(ids, "LAchildID", child.la_child_id)
    _optional(ids, "UPN", child.upn)
    _optional(ids, "FormerUPN", child.former_upn)
    _optional(ids, "UPNunknown", child.upn_unknown)
    _optional(ids, "PersonBirthDate", child.birth_date)
    _optional(ids, "ExpectedPersonBirthDate", child.expected_birth_date)
    _sub(ids, "Sex", child.sex)
    _optional(ids, "PersonDeathDate", child.death_date)


def characteristics_element(parent: etree._Element, child: CensusChild) -> None:
    characteristics = _sub(parent, "ChildCharacteristics")
    _sub(characteristics, "Ethnicity", child.ethnicity)
    if child.disabilities:
        listed = _sub(characteristics, "Disabilities")
        for code in child.disabilities:
            _sub(listed, "Disability", code)


def episode_element(parent: etree._Element, episode: CensusEpisode) -> None:
    details = _sub(parent, "CINdetails")
    _sub(details, "CINreferralDate", episode.referral_date)
    _sub(details, "ReferralSource", episode.source)
    _optional(details, "PrimaryNeedCode", episode.primary_need)
    _optional(details, "CINclosureDate", episode.closure_date)
    _optional(details, "ReasonForClosure", episode.closure_reason)
    _optional(details, "DateOfInitialCPC", episode.icpc_date)
    for assessment in episode.assessments:
        element = _sub(details, "Assessments")
        _sub(element, "AssessmentActualStartDate", assessment.start)
        _optional(element, "AssessmentAuthorisationDate", assessment.authorised)
        if assessment.factors:
            listed = _sub(element, "FactorsIdentifiedAtAssessment")
            for code in assessment.factors:
                _sub(listed, "AssessmentFactors", code)
    for cin_plan in episode.cin_plans:
        element = _sub(details, "CINPlanDates")
        _sub(element, "CINPlanStartDate", cin_plan.start)
        _optional(element, "CINPlanEndDate", cin_plan.end)
    for s47 in episode.section47s:
        element = _sub(details, "Section47")
        _sub(element, "S47ActualStartDate", s47.start)
        _optional(element, "InitialCPCtarget", s47.icpc_target)
        _optional(element, "DateOfInitialCPC", s47.icpc_date)
        _sub(element, "ICPCnotRequired", _flag(s47.icpc_not_required))
    _sub(details, "ReferralNFA", _flag(episode.referral_nfa))
    for plan in episode.cp_plans:
        element = _sub(details, "ChildProtectionPlans")
        _sub(element, "CPPstartDate", plan.start)
        _optional(element, "CPPendDate", plan.end)
        _sub(element, "InitialCategoryOfAbuse", plan.initial_category)
        _sub(element, "LatestCategoryOfAbuse", plan.latest_category)
        _optional(element, "NumberOfPreviousCPP", plan.previous_plans)
        if plan.reviews:
            listed = _sub(element, "Reviews")
            for day in plan.reviews:
                _sub(listed, "CPPreviewDate", day)


def child_element(parent: etree._Element, child: CensusChild) -> None:
    element = _sub(parent, "Child")
    identifiers_element(element, child)
    characteristics_element(element, child)
    for episode in child.episodes:
        episode_element(element, episode)


SEXES = frozenset(Sex.values)
ETHNICITIES = frozenset(Ethnicity.values)


def schema_warnings(child: CensusChild) -> list[str]:
    """What in this child's record the schema will refuse (the rules say more)."""
    found = []
    if child.sex not in SEXES:
        found.append(f"{child.la_child_id}: sex {child.sex!r} is not M, F or U (rule 4180)")
    if child.ethnicity not in ETHNICITIES:
        found.append(
            f"{child.la_child_id}: ethnicity {child.ethnicity!r} is not a census code (rule 4220)"
        )
    return found


def census_message(
    returned: CensusReturn,
    *,
    serial_no: str = "001",
    made_at: datetime | None = None,
    warnings: list[str] | None = None,
) -> etree._Element:
    """The `<Message>` element of the return."""
    warnings = warnings if warnings is not None else []
    made_at = made_at or timezone.localtime()
    message = etree.Element("Message")
    header_element(message, returned.census, returned.la, serial_no, made_at)
    children = _sub(message, "Children")
    for child in returned.children:
        warnings.extend(schema_warnings(child))
        child_element(children, child)
    return message


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
    returned = census_return(census, la)
    result.children, result.episodes = len(returned.children), returned.episode_count
    message = census_message(
        returned, serial_no=serial_no, made_at=made_at, warnings=result.warnings
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
