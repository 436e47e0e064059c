"""How the insights pages say their figures: values in each measure's unit, changes with an
arrow and words (never colour alone), the default change date, and the CSV files.

Everything here works on the selectors' results (counts and rates): no child is ever named.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from frontdoor.core.models import AuditEvent
from frontdoor.core.spreadsheets import csv_cell

from .catalogue import Measure
from .selectors import BeforeAfter, Comparison, Value, change_of, change_unit

# The seed review's table (CADS three-month review, section 2.1), in its order: the measures
# the service review shows before and after a change.
REVIEW_KEYS = (
    "contacts",
    "contacts_police",
    "contacts_telephone",
    "contacts_email",
    "referrals",
    "strategy_discussions",
    "section_47s",
    "assessments_started",
    "assessments_completed",
    "assessments_nfa_share",
    "assessments_service_share",
    "police_contacts_nfa_share",
)


def default_change_date(today: date | None = None) -> date:
    """The go-live to review: FRONTDOOR_GO_LIVE if set, else the demo data's recorded go-live,
    else a year ago (the demo's own default)."""
    configured = getattr(settings, "FRONTDOOR_GO_LIVE", None)
    if configured:
        return configured if isinstance(configured, date) else date.fromisoformat(configured)
    event = AuditEvent.objects.filter(action="demo.generate").order_by("-at", "-id").first()
    if event is not None:
        try:
            return date.fromisoformat(str(event.changes.get("go_live")))
        except ValueError:
            pass
    return (today or timezone.localdate()) - timedelta(days=365)


# --- Saying a figure ------------------------------------------------------------------------


def is_percent(m: Measure) -> bool:
    return m.unit == "percent"


def value_text(m: Measure, v: Value | None) -> str:
    if v is None or v.value is None:
        return "No data"
    if m.unit == "count":
        return f"{v.numerator:,}"
    if is_percent(m):
        return f"{v.value:.1f}%"
    return f"{v.value:,.1f}"


def value_detail(m: Measure, v: Value | None) -> str:
    """The numerator and denominator behind a rate, for the tables: "312 of 640"."""
    if v is None or v.denominator is None:
        return ""
    if m.unit == "score":  # the numerator is the scores added up, not a count of records
        return f"{v.denominator:,} score{'' if v.denominator == 1 else 's'}"
    return f"{v.numerator:,} of {v.denominator:,}"


def raw(v: Value | None) -> float | None:
    """A value for a CSV cell: unrounded, empty when there is none."""
    if v is None or v.value is None:
        return None
    return round(v.value, 6)


@dataclass(frozen=True)
class Change:
    arrow: str  # ▲ ▼ or ▶ (shown with words, never alone)
    words: str  # "Up 15.7%", "Down 3.2 percentage points", "No change", "No figure to compare"
    verdict: str  # "better", "worse" or "" (neutral measures, no change)
    tag: str  # GOV.UK tag colour class for the verdict: same words in any colour

    @property
    def text(self) -> str:
        return f"{self.words} ({self.verdict})" if self.verdict else self.words


def change(m: Measure, before: Value | None, after: Value | None) -> Change:
    """How `after` differs from `before`: a percentage for counts and rates of things, the
    difference in percentage points for percentages (a share up from 20% to 30% is "up 10
    percentage points", not "up 50%")."""
    if before is None or after is None or before.value is None or after.value is None:
        return Change("", "No figure to compare", "", "")
    difference = after.value - before.value
    if abs(difference) < 1e-9:
        return Change("▶", "No change", "", "govuk-tag--grey")
    up = difference > 0
    moved = change_of(m.key, after.value, before.value)
    if moved is None:
        size = "from none"
    else:
        size = f"{abs(moved):.1f}{' percentage points' if is_percent(m) else '%'}"
    verdict = ""
    if m.higher_is in ("better", "worse"):
        better = up == (m.higher_is == "better")
        verdict = "better" if better else "worse"
    tag = {"better": "govuk-tag--green", "worse": "govuk-tag--red"}.get(verdict, "govuk-tag--grey")
    return Change("▲" if up else "▼", f"{'Up' if up else 'Down'} {size}", verdict, tag)


def relative_change(before: Value | None, after: Value | None) -> float | None:
    """(after - before) / before, for the CSV; None when it cannot be said."""
    if before is None or after is None or before.value is None or after.value is None:
        return None
    if not before.value:
        return None
    return (after.value - before.value) / before.value


def difference(before: Value | None, after: Value | None) -> float | None:
    if before is None or after is None or before.value is None or after.value is None:
        return None
    return after.value - before.value


def sentence(m: Measure, weeks: int, before: Value, after: Value, year_ago: Value | None) -> str:
    """The seed review's way of saying it: "In the 12 weeks after the change there was a
    20.8% reduction in referrals compared with the 12 weeks before."""
    if before.value is None or after.value is None:
        return f"{m.name}: no figures for the {weeks} weeks before or after the change."
    name = m.name[0].lower() + m.name[1:] if not m.name[:2].isupper() else m.name
    span = f"{weeks} week{'s' if weeks != 1 else ''}"
    if is_percent(m):
        text = (
            f"{m.name} went from {value_text(m, before)} in the {span} before the change to "
            f"{value_text(m, after)} in the {span} after."
        )
    else:
        moved = difference(before, after) or 0.0
        if not moved:
            text = f"In the {span} after the change there were as many {name} as before."
        elif before.value:
            kind = "increase" if moved > 0 else "reduction"
            text = (
                f"In the {span} after the change there was a {abs(moved) / before.value:.1%} "
                f"{kind} in {name} compared with the {span} before."
            )
        else:
            text = (
                f"In the {span} after the change there were {value_text(m, after)} {name}, "
                "none before."
            )
    if year_ago is not None and year_ago.value is not None:
        if m.unit != "count":
            text += f" In the same {span} a year earlier it was {value_text(m, year_ago)}."
        else:
            text += (
                f" In the same {span} a year earlier there were {value_text(m, year_ago)} {name}."
            )
    return text


# --- CSV ----------------------------------------------------------------------------------


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else csv_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- What the pages show ------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    """A headline figure: this window, and how it moved on the previous one and a year ago."""

    measure: Measure
    comparison: Comparison
    not_filtered: list[str]

    @property
    def value(self) -> str:
        return value_text(self.measure, self.comparison.current)

    @property
    def detail(self) -> str:
        return value_detail(self.measure, self.comparison.current)

    @property
    def previous(self) -> str:
        return value_text(self.measure, self.comparison.previous)

    @property
    def year_ago(self) -> str:
        return value_text(self.measure, self.comparison.year_ago)

    @property
    def on_previous(self) -> Change:
        return change(self.measure, self.comparison.previous, self.comparison.current)

    @property
    def on_year(self) -> Change:
        return change(self.measure, self.comparison.year_ago, self.comparison.current)

    CSV_HEADER = (
        "measure", "name", "unit", "start", "end", "value", "numerator", "denominator",
        "previous_value", "year_ago_value", "change_on_previous", "change_on_year", "change_unit",
    )  # fmt: skip

    def csv_row(self) -> list[object]:
        c = self.comparison
        return [
            self.measure.key, self.measure.name, self.measure.unit, c.start, c.end,
            raw(c.current), c.current.numerator, c.current.denominator, raw(c.previous),
            raw(c.year_ago), rounded(c.change_on_previous), rounded(c.change_on_year),
            change_unit(self.measure.key),
        ]  # fmt: skip


@dataclass(frozen=True)
class ReviewRow:
    """One line of the service review: N weeks before and after a change, and a year before."""

    measure: Measure
    result: BeforeAfter
    year_ago_value: Value
    not_filtered: list[str]

    @property
    def before(self) -> str:
        return value_text(self.measure, self.result.before)

    @property
    def before_detail(self) -> str:
        return value_detail(self.measure, self.result.before)

    @property
    def after(self) -> str:
        return value_text(self.measure, self.result.after)

    @property
    def after_detail(self) -> str:
        return value_detail(self.measure, self.result.after)

    @property
    def year_ago(self) -> str:
        return value_text(self.measure, self.year_ago_value)

    @property
    def difference(self) -> str:
        moved = difference(self.result.before, self.result.after)
        if moved is None:
            return ""
        if self.measure.unit == "count":
            return f"{moved:+,.0f}"
        if is_percent(self.measure):
            return f"{moved:+.1f} points"
        return f"{moved:+,.1f}"

    @property
    def change(self) -> Change:
        return change(self.measure, self.result.before, self.result.after)

    @property
    def change_on_year(self) -> Change:
        return change(self.measure, self.year_ago_value, self.result.after)

    @property
    def sentence(self) -> str:
        r = self.result
        return sentence(self.measure, r.weeks, r.before, r.after, self.year_ago_value)

    def weekly_value(self, monday: date) -> Value | None:
        return dict(self.result.weekly).get(monday)

    CSV_HEADER = (
        "measure", "name", "unit", "before_start", "before_end", "before", "after_start",
        "after_end", "after", "difference", "change", "year_before_after_period",
        "change_on_year", "change_unit",
    )  # fmt: skip

    def csv_row(self) -> list[object]:
        r, span = self.result, timedelta(weeks=self.result.weeks)
        return [
            self.measure.key, self.measure.name, self.measure.unit,
            r.change_date - span, r.change_date - timedelta(days=1), raw(r.before),
            r.change_date, r.change_date + span - timedelta(days=1), raw(r.after),
            rounded(difference(r.before, r.after)), rounded(r.change), raw(self.year_ago_value),
            rounded(change_of(self.measure.key, r.after.value, self.year_ago_value.value)),
            change_unit(self.measure.key),
        ]  # fmt: skip


def rounded(number: float | None) -> float | None:
    return None if number is None else round(number, 4)
