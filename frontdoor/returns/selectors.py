"""What the returns page and a child's record show of the census checks.

`census_checks` runs every rule over a year's return and arranges what they find for the
page: by rule, then by child (one row per child and rule, linking to each record at fault),
with the queries an analyst has explained set apart. `census_notices` is the same for one
child, for their person and referral pages (registered with `core.record_checks`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from frontdoor.casework.models import CinPlan
from frontdoor.core.record_checks import RecordNotice
from frontdoor.people.models import Person

from .census_data import CensusReturn, CensusSoFar, CensusYear, census_return
from .cin_census import CensusError, check_la_code, schema_warnings
from .models import ExplainedQuery
from .rules import Finding, check_person, check_return
from .worker_words import WORKER_WORDS

# What a link to each kind of record says, and the page it opens. A child in need plan has no
# page of its own: it is put right on its referral's page.
RECORD_LABELS = {
    "person": "Person record",
    "referral": "Referral",
    "assessment": "Assessment",
    "cin_plan": "Child in need plan (on its referral)",
    "section47": "Section 47 enquiry",
    "cp_plan": "Child protection plan",
}
_RECORD_URLS = {
    "person": ("people:detail", "person_id"),
    "referral": ("casework:referral", "referral_id"),
    "assessment": ("casework:assessment", "assessment_id"),
    "section47": ("safeguarding:section47", "section47_id"),
    "cp_plan": ("safeguarding:cp_plan", "plan_id"),
}
WHOLE_RETURN = "The return as a whole"


@dataclass(frozen=True)
class RecordLink:
    label: str
    url: str


def _plan_referrals(findings: Iterable[Finding]) -> dict[int, int]:
    """{child in need plan id: its referral id} for the plans among `findings` (one query)."""
    ids = {f.record[1] for f in findings if f.record and f.record[0] == "cin_plan"}
    if not ids:
        return {}
    return dict(CinPlan.objects.filter(pk__in=ids).values_list("pk", "referral_id"))


def record_link(finding: Finding, plan_referrals: dict[int, int]) -> RecordLink | None:
    """Where the finding is put right: the record at fault, else the child's person record."""
    kind, pk = finding.record or ("person", finding.person_id)
    if pk is None:
        return None
    if kind == "cin_plan":
        referral_id = plan_referrals.get(pk)
        if referral_id is None:
            return None
        url = reverse("casework:referral", kwargs={"referral_id": referral_id})
    else:
        name, argument = _RECORD_URLS[kind]
        url = reverse(name, kwargs={argument: pk})
    return RecordLink(RECORD_LABELS[kind], url)


# --- The whole return ------------------------------------------------------------------------


@dataclass
class ChildRow:
    """One child's findings for one rule (a rule can fault several of their records)."""

    code: str
    message: str
    kind: str
    person_id: int | None
    la_child_id: str
    name: str
    records: list[RecordLink] = field(default_factory=list)
    explanation: ExplainedQuery | None = None

    @property
    def is_query(self) -> bool:
        return self.kind == "query"

    @property
    def key(self) -> str:
        """Names this row's explain form on the page."""
        return f"{self.code}-{self.person_id or 0}"


@dataclass
class RuleGroup:
    code: str
    message: str
    kind: str
    rows: list[ChildRow] = field(default_factory=list)

    @property
    def is_query(self) -> bool:
        return self.kind == "query"

    @property
    def children(self) -> int:
        return len({row.person_id for row in self.rows if row.person_id is not None})


@dataclass
class CensusChecks:
    census: CensusYear
    la: str
    children: int
    episodes: int
    findings: list[Finding]
    rows: list[ChildRow]
    warnings: list[str]

    @property
    def outstanding(self) -> list[RuleGroup]:
        """Errors and the queries nobody has explained, by rule: errors first."""
        groups: dict[str, RuleGroup] = {}
        for row in self.rows:
            if row.explanation is None:
                group = groups.setdefault(row.code, RuleGroup(row.code, row.message, row.kind))
                group.rows.append(row)
        return sorted(groups.values(), key=lambda g: (g.is_query, g.code))

    @property
    def explained(self) -> list[ChildRow]:
        return [row for row in self.rows if row.explanation is not None]

    @property
    def errors(self) -> int:
        return sum(1 for row in self.rows if not row.is_query)

    @property
    def queries(self) -> int:
        return sum(1 for row in self.rows if row.is_query and row.explanation is None)

    @property
    def explained_count(self) -> int:
        return len(self.explained)

    @property
    def person_ids(self) -> list[int]:
        """The children the findings name, for the audit trail."""
        return sorted({row.person_id for row in self.rows if row.person_id is not None})

    def row(self, code: str, person_id: int) -> ChildRow | None:
        return next((r for r in self.rows if r.code == code and r.person_id == person_id), None)


def census_warnings(returned: CensusReturn) -> list[str]:
    """What would make the DfE refuse the census file, as `write_cin_census` warns of it."""
    warnings: list[str] = []
    try:
        check_la_code(returned.la, warnings)
    except CensusError as error:
        warnings.append(str(error))
    for child in returned.children:
        warnings.extend(schema_warnings(child))
    if not returned.children:
        census = returned.census
        warnings.append(
            f"No child in need episode was open between {census.start:%-d %B %Y} and "
            f"{census.end:%-d %B %Y}: the return has no children, and the DfE will refuse it"
        )
    return warnings


def finding_rows(findings: list[Finding], census: CensusYear) -> list[ChildRow]:
    """One row per child and rule, with their name, the records to put right and any
    explanation kept for the year, ordered by rule then LA child ID."""
    person_ids = {f.person_id for f in findings if f.person_id is not None}
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=person_ids).only(
            "first_name", "middle_names", "last_name"
        )
    }
    explained = {
        (e.code, e.person_id): e
        for e in ExplainedQuery.objects.filter(year=census.year)
        .filter(Q(person_id__in=person_ids) | Q(person__isnull=True))
        .select_related("explained_by")
        .order_by()
    }
    plan_referrals = _plan_referrals(findings)
    rows: dict[tuple[str, int | None], ChildRow] = {}
    for finding in findings:
        key = (finding.code, finding.person_id)
        row = rows.get(key)
        if row is None:
            person = people.get(finding.person_id) if finding.person_id else None
            row = rows[key] = ChildRow(
                code=finding.code,
                message=finding.message,
                kind=finding.kind,
                person_id=finding.person_id,
                la_child_id=finding.la_child_id or "",
                name=person.full_name if person else WHOLE_RETURN,
                explanation=explained.get(key) if finding.is_query else None,  # type: ignore[arg-type]
            )
        link = record_link(finding, plan_referrals)
        if link is not None and link not in row.records:
            row.records.append(link)
    return sorted(rows.values(), key=lambda r: (r.code, r.la_child_id, r.person_id or 0))


def census_checks(year: int, la: str) -> CensusChecks:
    """Every census rule over the year's return, arranged for the returns page."""
    census = CensusYear(year)
    returned = census_return(census, la)
    findings = check_return(returned)
    return CensusChecks(
        census=census,
        la=la,
        children=len(returned.children),
        episodes=returned.episode_count,
        findings=findings,
        rows=finding_rows(findings, census),
        warnings=census_warnings(returned),
    )


# --- One child, on their record --------------------------------------------------------------


def census_notices(person_id: int) -> list[RecordNotice]:
    """This year's census checks on one child as they would stand if the return were made
    today, in the worker's words, for their person and referral pages."""
    census = CensusYear.current()
    findings = check_person(person_id, CensusSoFar(census.year, as_at=timezone.localdate()))
    if not findings:
        return []
    explained = dict(
        ExplainedQuery.objects.filter(year=census.year, person_id=person_id).values_list(
            "code", "reason"
        )
    )
    plan_referrals = _plan_referrals(findings)
    notices = []
    for finding in findings:
        link = record_link(finding, plan_referrals)
        notices.append(
            RecordNotice(
                check=f"the {census.year} census checks",
                code=finding.code,
                message=WORKER_WORDS.get(finding.code, finding.message),
                kind=finding.kind,
                url=link.url if link else "",
                record=link.label if link else "",
                explained=explained.get(finding.code, "") if finding.is_query else "",
                census_message=finding.message,
            )
        )
    return notices
