"""CIN census export and full rule check at a large council's scale, beside the DfE's own
validator (issue 7).

Builds a fresh, migrated database, bulk-loads a synthetic council with a fixed seed (15,000
children in the 2026 return, 1 April 2025 to 31 March 2026, and 60,000 child in need
episodes overall: the older, closed episodes of the same and other children go back to
2015), then times in-process:

(a) `write_cin_census(2026, ...)`: reading the return and writing the XML;
(b) `check_return(census_return(...))`: every registered rule over the return, reading
    included;
(c) the reference validator (csc-validator-be-cin, `tools/cin_reference_run.py` in
    .venv-cin-reference) on the file (a) wrote, once;
(d) `check_person` (the check on save) for 200 random children in the return.

(a) and (b) are the median of 3 runs. Goals: (a) and (b) under 10 s on 2 cores, at least 20
times faster than (c); (d) under 50 ms.

    .venv/bin/python benchmarks/cin_census_speed.py [--skip-reference] [--profile]
    .venv/bin/python benchmarks/cin_census_speed.py \\
        --database-url postgres://postgres@127.0.0.1:5432/fd_census_bench

The synthetic records are plausible casework (assessments with factors, child in need
plans, section 47 enquiries after strategy discussions, conferences, child protection plans
with reviews, re-referrals), dated as they stand on 20 November 2026. About 1 % of the
children in the return carry one deliberate fault each (10 kinds, listed in the results),
so the rules have something to find. Names are made up. Ids are fixed, and the export is
written with a fixed header time, so SQLite and PostgreSQL write byte-identical files (the
results give the file's SHA-256).

Results: benchmarks/results/cin_census_speed-<sqlite|postgresql>.json.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"
REFERENCE_PYTHON = ROOT / ".venv-cin-reference" / "bin" / "python"
RUNNER = ROOT / "tools" / "cin_reference_run.py"
SETTINGS = "config.settings.base"  # DEBUG off, as in production

YEAR = 2026
LA = "845"
YEAR_START, REFERENCE_DATE = date(YEAR - 1, 4, 1), date(YEAR, 3, 31)
NOW = date(2026, 11, 20)  # the records stand as on this day
MADE_AT = datetime(2026, 11, 20, 9, 0, 0)
ONE_DAY = timedelta(days=1)

# --- the synthetic council, planned in plain Python -------------------------------------------

_FIRST_NAMES = (
    "Amara Ben Cara Dylan Esme Finn Gracie Harvey Isla Jayden Kai Lola Mason Nia Oscar Poppy "
    "Quinn Riley Sienna Theo Umar Violet Wren Xander Yasmin Zach Alfie Bella Callum Daisy "
    "Elliot Freya George Hana Idris Jasmine Kian Layla Milo Noor Ollie Phoebe Reuben Sofia "
    "Toby Ava Leo Maya Noah Ruby Ezra Iris Jude Mila Rory Tilly Arlo Evie Luca Zara"
)
_SURNAMES = (
    "Ashdown Brackley Carrow Denholm Elsworth Fenwick Garside Holloway Ingleby Jessop "
    "Kettering Langridge Mottram Netherby Oakridge Penhallow Quarrie Rowntree Saltash "
    "Tarrant Underhill Varley Whitcombe Yarwood Abbot Birtles Cheadle Dunmore Eastwood "
    "Fairbrook Gosling Hartwell Ivesley Jolliffe Kimber Lathom Merriman Northcott Ormsby "
    "Pendle Redfern Stainton Thackray Upton Vickery Wardle Yelland Alsop Brightwell Cawley"
)
FIRST_NAMES, SURNAMES = _FIRST_NAMES.split(), _SURNAMES.split()
ETHNICITIES = [("WBRI", 68), ("WOTH", 5), ("WIRI", 1), ("WROM", 1), ("MWBC", 3), ("MWBA", 1),
               ("MWAS", 2), ("MOTH", 3), ("AIND", 2), ("APKN", 4), ("ABAN", 1), ("AOTH", 1),
               ("BCRB", 1), ("BAFR", 3), ("BOTH", 1), ("CHNE", 0.5), ("OOTH", 1.5),
               ("REFU", 0.5), ("NOBT", 0.5)]  # fmt: skip
DISABILITIES = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT",
                "DDA"]  # fmt: skip
SOURCES = [("6", 30), ("2A", 18), ("3A", 3), ("3B", 3), ("3C", 2), ("3D", 3), ("3E", 3),
           ("3F", 3), ("1A", 5), ("1B", 1), ("1C", 1), ("1D", 1), ("5A", 5), ("5B", 3),
           ("5C", 3), ("5D", 6), ("4", 3), ("7", 2), ("8", 3), ("9", 1), ("2B", 1)]  # fmt: skip
NEEDS = [("N1", 55), ("N2", 4), ("N3", 4), ("N4", 9), ("N5", 17), ("N6", 3), ("N7", 1),
         ("N8", 4), ("N9", 3)]  # fmt: skip
FACTORS = ["1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B",
           "6A", "6B", "7A", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A",
           "18B", "18C", "19B", "19C", "20", "22A", "23A", "24A"]  # fmt: skip
FACTOR_WEIGHTS = [2, 6, 1, 2, 6, 1, 3, 18, 2, 6, 16, 1, 2, 2, 2, 3, 2, 0.5, 3, 2, 0.5, 1, 4,
                  3, 7, 8, 1, 3, 0.5, 1, 3, 0.1, 0.3, 2]  # fmt: skip
CATEGORIES = [("NEG", 50), ("EMO", 36), ("PHY", 7), ("SAB", 4), ("MUL", 3)]
CLOSE_AFTER_PLAN = [("RC7", 80), ("RC3", 5), ("RC4", 4), ("RC5", 8), ("RC6", 3)]
FAULTS = {  # kind: the rule it should break
    "ethnicity_blank": "4220",
    "upn_check_letter": "1510",
    "disability_twice": "8794",
    "closed_without_reason": "8805",
    "primary_need_missing": "8610",
    "cin_plan_before_referral": "4015",
    "authorised_without_factors": "8897Q",
    "factor_21_with_others": "8869",
    "cp_plan_not_on_conference_day": "2885",
    "conference_on_weekend": "8875",
}


def weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([code for code, _ in pairs], [w for _, w in pairs])[0]


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += ONE_DAY
    return day


def add_working_days(day: date, count: int) -> date:
    while count > 0:
        day += ONE_DAY
        if day.weekday() < 5:
            count -= 1
    return day


@dataclass
class PlannedAssessment:
    started: date
    authorised: date | None
    factors: list[str]


@dataclass
class PlannedSection47:
    started: date
    due: date
    outcome: str
    outcome_on: date | None
    held: date | None = None  # the initial conference
    conference_outcome: str = ""


@dataclass
class PlannedCpPlan:
    start: date
    end: date | None
    initial: str
    reviews: list[tuple[date, str]]
    section47: int | None  # index in the episode's section47s of its conference
    previous: int = 0

    @property
    def latest(self) -> str:
        return self.reviews[-1][1] if self.reviews else self.initial


@dataclass
class PlannedCinPlan:
    start: date
    end: date | None


@dataclass
class PlannedEpisode:
    referral_date: date
    source: str
    primary_need: str
    closed_on: date | None = None
    reason: str = ""
    re_referral: bool = False
    assessments: list[PlannedAssessment] = field(default_factory=list)
    section47s: list[PlannedSection47] = field(default_factory=list)
    cp_plans: list[PlannedCpPlan] = field(default_factory=list)
    cin_plans: list[PlannedCinPlan] = field(default_factory=list)
    strategy_without_s47: date | None = None

    @property
    def has_activity(self) -> bool:
        return bool(self.assessments or self.section47s or self.cp_plans or self.cin_plans)


@dataclass
class PlannedChild:
    pk: int
    born: date
    sex: str
    ethnicity: str
    upn: str = ""
    upn_unknown: str = ""
    disabilities: list[str] = field(default_factory=list)
    episodes: list[PlannedEpisode] = field(default_factory=list)  # in date order
    in_return: bool = False
    fault: str = ""


def as_it_stands(episode: PlannedEpisode) -> PlannedEpisode:
    """Leave out whatever would happen after NOW: the records as they stand today."""
    if episode.closed_on is not None and episode.closed_on > NOW:
        episode.closed_on, episode.reason = None, ""
    episode.assessments = [a for a in episode.assessments if a.started <= NOW]
    for assessment in episode.assessments:
        if assessment.authorised is not None and assessment.authorised > NOW:
            assessment.authorised = None
    for s47 in episode.section47s:
        if s47.outcome_on is not None and s47.outcome_on > NOW:
            s47.outcome, s47.outcome_on = "", None
        if s47.held is not None and s47.held > NOW:
            s47.held, s47.conference_outcome = None, ""
    episode.cp_plans = [p for p in episode.cp_plans if p.start <= NOW]
    for plan in episode.cp_plans:
        plan.reviews = [r for r in plan.reviews if r[0] <= NOW]
        if plan.end is not None and plan.end > NOW:
            plan.end = None
    episode.cin_plans = [p for p in episode.cin_plans if p.start <= NOW]
    for cin_plan in episode.cin_plans:
        if cin_plan.end is not None and cin_plan.end > NOW:
            cin_plan.end = None
    return episode


class Council:
    """Plans the children and their episodes; no database."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.upns = 0

    def factors(self) -> list[str]:
        count = self.rng.choices([1, 2, 3, 4], [30, 35, 22, 13])[0]
        chosen: list[str] = []
        while len(chosen) < count:
            code = self.rng.choices(FACTORS, FACTOR_WEIGHTS)[0]
            if code not in chosen:
                chosen.append(code)
        return chosen

    def episode(self, start: date, *, nfa: float = 0.08, plans: bool = False) -> PlannedEpisode:
        """One child in need episode from referral to closure (if it has closed by NOW)."""
        rng = self.rng
        episode = PlannedEpisode(start, weighted(rng, SOURCES), weighted(rng, NEEDS))
        if rng.random() < nfa:  # no further action at referral
            episode.closed_on = start + timedelta(days=rng.randint(0, 7))
            episode.reason = "RC7"
            return as_it_stands(episode)
        started = start + timedelta(days=rng.randint(0, 4))
        days = rng.randint(10, 44) if rng.random() < 0.88 else rng.randint(45, 70)
        authorised = add_working_days(started, days)
        episode.assessments.append(PlannedAssessment(started, authorised, self.factors()))
        until, next_plan = authorised, None
        if rng.random() < (0.45 if plans else 0.22):
            s47_start = weekday_on_or_after(start + timedelta(days=rng.randint(0, 3)))
            due = add_working_days(s47_start, 15)
            if rng.random() < 0.42:
                held = add_working_days(s47_start, rng.randint(7, 15))
                outcome = weighted(rng, [("cp_plan", 85), ("cin_plan", 10), ("nfa", 5)])
                episode.section47s.append(
                    PlannedSection47(s47_start, due, "icpc", held, held, outcome)
                )
                until = max(until, held)
                next_plan = {"cp_plan": "cp", "cin_plan": "cin"}.get(outcome)
            else:
                decided = add_working_days(s47_start, rng.randint(3, 12))
                outcome = weighted(rng, [("nfa", 5), ("cin_plan", 3), ("continue_assessment", 2)])
                episode.section47s.append(PlannedSection47(s47_start, due, outcome, decided))
                until = max(until, decided)
                next_plan = "cin" if outcome == "cin_plan" else None
        else:
            if rng.random() < 0.12:
                episode.strategy_without_s47 = weekday_on_or_after(start + ONE_DAY)
            if rng.random() < (0.6 if plans else 0.3):
                next_plan = "cin"
        if next_plan == "cp":
            plan_start = episode.section47s[-1].held
            assert plan_start is not None
            initial = category = weighted(rng, CATEGORIES)
            reviews = []
            review = weekday_on_or_after(plan_start + timedelta(days=rng.randint(75, 90)))
            for _ in range(rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0]):
                if rng.random() < 0.08:
                    category = weighted(rng, CATEGORIES)
                reviews.append((review, category))
                review = weekday_on_or_after(review + timedelta(days=rng.randint(165, 182)))
            plan_end = reviews[-1][0]
            conference = len(episode.section47s) - 1
            plan = PlannedCpPlan(plan_start, plan_end, initial, reviews, conference)
            episode.cp_plans.append(plan)
            until = plan_end
            if rng.random() < 0.5:  # stepped down to a child in need plan
                cin_end = plan_end + timedelta(days=rng.randint(90, 270))
                episode.cin_plans.append(PlannedCinPlan(plan_end + ONE_DAY, cin_end))
                until = cin_end
        elif next_plan == "cin":
            cin_start = until + timedelta(days=rng.randint(1, 10))
            cin_end = cin_start + timedelta(days=rng.randint(90, 400))
            episode.cin_plans.append(PlannedCinPlan(cin_start, cin_end))
            until = cin_end
        if next_plan and rng.random() < 0.15:  # a second assessment during the plan
            again = authorised + timedelta(days=rng.randint(60, 200))
            done = add_working_days(again, rng.randint(15, 40))
            if done < until:
                episode.assessments.append(PlannedAssessment(again, done, self.factors()))
        episode.closed_on = until + timedelta(days=rng.randint(0, 14))
        if episode.section47s or episode.cin_plans or episode.cp_plans:
            episode.reason = weighted(rng, CLOSE_AFTER_PLAN)
        else:
            episode.reason = "RC8" if rng.random() < 0.8 else "RC9"
        return as_it_stands(episode)

    def episode_before(self, limit: date, born: date) -> PlannedEpisode | None:
        """A closed episode that ended before `limit` (a later episode's referral)."""
        for _ in range(12):
            start = limit - timedelta(days=self.rng.randint(30, 900))
            if start < born - timedelta(days=150):
                continue
            episode = self.episode(start)
            if episode.closed_on is not None and episode.closed_on < limit:
                return episode
        return None

    def child(self, pk: int, first_referral: date) -> PlannedChild:
        rng = self.rng
        if rng.random() < 0.02:  # referred before birth
            born = first_referral + timedelta(days=rng.randint(20, 200))
        else:
            age = rng.choices(range(18), [6, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 6, 7, 8, 8, 8, 7, 5])[0]
            born = first_referral - timedelta(days=365 * age + rng.randint(0, 364))
        child = PlannedChild(
            pk, born, rng.choice("MF"), weighted(rng, ETHNICITIES), disabilities=self.disabled()
        )
        school = date(born.year + (5 if born.month >= 9 else 4), 9, 1)
        if school <= REFERENCE_DATE and rng.random() < 0.98:
            self.upns += 1
            school_no, serial = 2000 + self.upns // 1000, self.upns % 1000
            rest = f"{LA}{school_no:04d}{school.year % 100:02d}{serial:03d}"
            child.upn = upn_check_letter(rest) + rest
        elif school <= REFERENCE_DATE:
            child.upn_unknown = "UN2"
        else:
            child.upn_unknown = "UN6" if born > REFERENCE_DATE else "UN4"
        return child

    def disabled(self) -> list[str]:
        if self.rng.random() >= 0.09:  # NONE, as the DfE's guide asks, but from a few
            return [] if self.rng.random() < 0.01 else ["NONE"]
        return sorted(self.rng.sample(DISABILITIES, self.rng.choices([1, 2, 3], [60, 30, 10])[0]))

    def in_return(self, pk: int) -> PlannedChild:
        rng = self.rng
        episode = None
        if rng.random() < 0.3:  # referred before the year, still open on 1 April 2025
            for _ in range(30):
                start = YEAR_START - timedelta(days=rng.randint(1, 500))
                candidate = self.episode(start, nfa=0, plans=True)
                if candidate.closed_on is None or candidate.closed_on >= YEAR_START:
                    episode = candidate
                    break
        if episode is None:
            start = YEAR_START + timedelta(days=rng.randint(0, (REFERENCE_DATE - YEAR_START).days))
            episode = self.episode(start)
        episodes = [episode]
        closed = episode.closed_on
        if closed is not None and closed <= date(YEAR, 2, 15) and rng.random() < 0.2:
            again = closed + timedelta(days=rng.randint(7, 120))
            if again <= REFERENCE_DATE:
                episodes.append(self.episode(again))
        child = self.child(pk, episodes[0].referral_date)
        child.in_return = True
        if rng.random() < 0.35:  # known before
            limit = episodes[0].referral_date
            for _ in range(rng.choices([1, 2, 3], [60, 30, 10])[0]):
                before = limit - timedelta(days=rng.randint(1, 60))
                earlier = self.episode_before(before, child.born)
                if earlier is None:
                    break
                episodes.insert(0, earlier)
                limit = earlier.referral_date
        child.episodes = episodes
        return child

    def history_only(self, pk: int) -> PlannedChild:
        rng = self.rng
        first_day = date(2018, 6, 1)
        last = first_day + timedelta(days=rng.randint(0, (YEAR_START - first_day).days))
        episodes: list[PlannedEpisode] = []
        child = None
        for _ in range(rng.choices([1, 2, 3], [70, 22, 8])[0]):
            if child is None:
                first = self.episode_before(last, last - timedelta(days=365 * 18))
                if first is None:
                    continue
                child = self.child(pk, first.referral_date)
                episodes.append(first)
            else:
                earlier = self.episode_before(
                    episodes[0].referral_date - timedelta(days=rng.randint(1, 60)), child.born
                )
                if earlier is None:
                    break
                episodes.insert(0, earlier)
        if child is None:
            return self.history_only(pk)
        child.episodes = episodes
        return child

    def plan(self, children: int, episodes: int) -> list[PlannedChild]:
        planned = [self.in_return(pk) for pk in range(1, children + 1)]
        total = sum(len(child.episodes) for child in planned)
        pk = children
        while total < episodes:
            pk += 1
            child = self.history_only(pk)
            child.episodes = child.episodes[-(episodes - total) :]
            total += len(child.episodes)
            planned.append(child)
        for child in planned:
            plans_before, previous_referral = 0, None
            for episode in child.episodes:
                if previous_referral is not None:
                    episode.re_referral = (episode.referral_date - previous_referral).days <= 365
                previous_referral = episode.referral_date
                for plan in episode.cp_plans:
                    plan.previous = plans_before
                    plans_before += 1
        self.plant_faults([child for child in planned if child.in_return])
        return planned

    def plant_faults(self, children: list[PlannedChild]) -> None:
        """One fault in each of about 1 % of the children in the return, as many of each kind
        (each in a child whose records allow it)."""
        each = max(1, len(children) // 100 // len(FAULTS))
        candidates = self.rng.sample(children, len(children))
        for kind in FAULTS:
            planted = 0
            for child in candidates:
                if planted == each:
                    break
                if not child.fault and self.fault(child, kind):
                    child.fault = kind
                    planted += 1

    def fault(self, child: PlannedChild, kind: str) -> bool:  # noqa: C901 - one branch a kind
        year = [e for e in child.episodes if e.closed_on is None or e.closed_on >= YEAR_START]
        within = lambda day: day is not None and YEAR_START <= day <= REFERENCE_DATE  # noqa: E731
        if kind == "ethnicity_blank":
            child.ethnicity = ""
            return True
        if kind == "upn_check_letter" and child.upn:
            letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
            child.upn = letters[(letters.index(child.upn[0]) + 1) % 23] + child.upn[1:]
            return True
        if kind == "disability_twice":
            child.disabilities = ["MOB", "MOB"]
            return True
        for episode in year:
            if kind == "closed_without_reason" and within(episode.closed_on):
                episode.reason = ""
                return True
            if kind == "primary_need_missing" and episode.has_activity:
                episode.primary_need = ""
                return True
            if kind == "cin_plan_before_referral" and within(episode.referral_date):
                for cin_plan in episode.cin_plans:
                    if within(cin_plan.start):
                        cin_plan.start = episode.referral_date - timedelta(days=3)
                        return True
            for assessment in episode.assessments:
                if within(assessment.authorised):
                    if kind == "authorised_without_factors":
                        assessment.factors = []
                        return True
                    if kind == "factor_21_with_others":
                        assessment.factors = ["21", *assessment.factors[:1]]
                        return True
            for plan in episode.cp_plans:
                s47 = episode.section47s[plan.section47] if plan.section47 is not None else None
                if s47 is None or not within(s47.held) or not within(plan.start):
                    continue
                if kind == "cp_plan_not_on_conference_day":
                    plan.start += ONE_DAY
                    return True
                if kind == "conference_on_weekend":
                    assert s47.held is not None
                    saturday = s47.held + timedelta(days=5 - s47.held.weekday())
                    if saturday <= REFERENCE_DATE and all(r[0] > saturday for r in plan.reviews):
                        s47.held = plan.start = saturday
                        return True
        return False


def upn_check_letter(rest: str) -> str:
    from frontdoor.core.validators import upn_check_letter as check_letter

    letter = check_letter(rest)
    assert letter is not None
    return letter


# --- writing it to the database ------------------------------------------------------------


def load(planned: list[PlannedChild], batch: int = 2000) -> dict[str, int]:
    """bulk_create everything, with fixed ids, in one transaction."""
    from django.db import transaction

    from frontdoor.accounts.models import Role, User
    from frontdoor.casework.models import Assessment, CinPlan, Referral
    from frontdoor.people.models import Person
    from frontdoor.safeguarding.models import (
        Conference,
        CpPlan,
        CpReview,
        Section47,
        StrategyChild,
        StrategyDiscussion,
    )

    rng = random.Random(7)
    users = [
        User(
            id=n,
            username=f"worker{n}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(SURNAMES),
            role=Role.CSW,
            password="!",
        )
        for n in range(1, 61)
    ]
    worker = lambda: users[rng.randrange(len(users))].id  # noqa: E731
    rows: dict[str, list[Any]] = {name: [] for name in (
        "people", "referrals", "assessments", "cin_plans", "discussions", "strategy_children",
        "section47s", "conferences", "cp_plans", "cp_reviews",
    )}  # fmt: skip
    ids = Counter[str]()

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, clock(hour), tzinfo=UTC)

    for child in planned:
        rows["people"].append(
            Person(
                id=child.pk,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(SURNAMES),
                date_of_birth=child.born if child.born <= NOW else None,
                expected_date_of_birth=child.born if child.born > NOW else None,
                sex=child.sex,
                ethnicity=child.ethnicity,
                upn=child.upn,
                upn_unknown=child.upn_unknown,
                disabilities=child.disabilities,
                la_child_id=f"C{child.pk:07d}",
            )
        )
        for episode in child.episodes:
            referral_id = next_id("referral")
            by = worker()
            rows["referrals"].append(
                Referral(
                    id=referral_id,
                    person_id=child.pk,
                    referral_date=episode.referral_date,
                    source=episode.source,
                    is_re_referral=episode.re_referral,
                    primary_need=episode.primary_need,
                    worker_id=by,
                    allocation_due_on=episode.referral_date,
                    child_seen_due_on=episode.referral_date + timedelta(days=5),
                    closed_on=episode.closed_on,
                    closure_reason=episode.reason,
                    opened_by_id=by,
                )  # fmt: skip
            )
            for a in episode.assessments:
                rows["assessments"].append(
                    Assessment(
                        id=next_id("assessment"),
                        referral_id=referral_id,
                        started_on=a.started,
                        due_on=add_working_days(a.started, 45),
                        worker_id=by,
                        status="authorised" if a.authorised else "in_progress",
                        factors=a.factors,
                        authorised_on=a.authorised,
                        authorised_by_id=worker() if a.authorised else None,
                        outcome="cin_plan" if episode.cin_plans else "",
                    )  # fmt: skip
                )
            for cin_plan in episode.cin_plans:
                rows["cin_plans"].append(
                    CinPlan(id=next_id("cin_plan"), referral_id=referral_id,
                            start_date=cin_plan.start, end_date=cin_plan.end, started_by_id=by)
                )  # fmt: skip
            discussions = [(s.started, True) for s in episode.section47s]
            if episode.strategy_without_s47 and episode.strategy_without_s47 <= NOW:
                discussions.append((episode.strategy_without_s47, False))
            conference_ids: list[int | None] = []
            for (day, starts), s47 in zip(discussions, [*episode.section47s, None], strict=False):
                discussion_id = next_id("discussion")
                rows["discussions"].append(
                    StrategyDiscussion(
                        id=discussion_id,
                        held_at=at(day, 10),
                        chair_id=worker(),
                        information_shared="Police, health and school checks shared.",
                        next_steps="Section 47 enquiry." if starts else "Single assessment.",
                        recorded_by_id=by,
                        recorded_at=at(day, 12),
                    )  # fmt: skip
                )
                decided_id = next_id("strategy_child")
                rows["strategy_children"].append(
                    StrategyChild(
                        id=decided_id,
                        discussion_id=discussion_id,
                        person_id=child.pk,
                        referral_id=referral_id,
                        start_section_47=starts,
                        rationale="Reasonable cause to suspect significant harm."
                        if starts
                        else "Threshold for section 47 not met.",
                    )  # fmt: skip
                )
                if s47 is None:
                    continue
                s47_id = next_id("section47")
                rows["section47s"].append(
                    Section47(
                        id=s47_id,
                        person_id=child.pk,
                        referral_id=referral_id,
                        strategy_child_id=decided_id,
                        started_on=s47.started,
                        conference_due_on=s47.due,
                        outcome=s47.outcome,
                        outcome_on=s47.outcome_on,
                        outcome_by_id=by if s47.outcome else None,
                    )  # fmt: skip
                )
                conference_id = None
                if s47.held is not None:
                    conference_id = next_id("conference")
                    rows["conferences"].append(
                        Conference(
                            id=conference_id,
                            section47_id=s47_id,
                            held_on=s47.held,
                            outcome=s47.conference_outcome,
                            chair="Independent chair",
                            recorded_by_id=by,
                            recorded_at=at(s47.held, 15),
                        )  # fmt: skip
                    )
                conference_ids.append(conference_id)
            for plan in episode.cp_plans:
                plan_id = next_id("cp_plan")
                rows["cp_plans"].append(
                    CpPlan(
                        id=plan_id,
                        person_id=child.pk,
                        referral_id=referral_id,
                        conference_id=conference_ids[plan.section47]
                        if plan.section47 is not None
                        else None,
                        start_date=plan.start,
                        end_date=plan.end,
                        initial_category=plan.initial,
                        latest_category=plan.latest,
                        previous_plans=plan.previous,
                        started_by_id=by,
                        end_reason="Risk reduced: no longer at risk of significant harm"
                        if plan.end
                        else "",
                    )  # fmt: skip
                )
                for held, category in plan.reviews:
                    rows["cp_reviews"].append(
                        CpReview(id=next_id("cp_review"), plan_id=plan_id, held_on=held,
                                 category=category, recorded_by_id=by)
                    )  # fmt: skip
    models: dict[str, Any] = {
        "people": Person, "referrals": Referral, "assessments": Assessment,
        "cin_plans": CinPlan, "discussions": StrategyDiscussion,
        "strategy_children": StrategyChild, "section47s": Section47,
        "conferences": Conference, "cp_plans": CpPlan, "cp_reviews": CpReview,
    }  # fmt: skip
    with transaction.atomic():
        User.objects.bulk_create(users)
        for name, model in models.items():
            model.objects.bulk_create(rows[name], batch_size=batch)
    reset_sequences([User, *models.values()])
    return {"users": len(users)} | {name: len(found) for name, found in rows.items()}


def reset_sequences(models: list[type]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- timing --------------------------------------------------------------------------------


def timed(function: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    """Wall-clock and CPU seconds of each run (CPU: this process, which runs the queries'
    SQLite in-process but not PostgreSQL's server)."""
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return wall, cpu, result


def summary_of(wall: list[float], cpu: list[float]) -> dict[str, Any]:
    return {
        "median_seconds": round(statistics.median(wall), 3),
        "runs_seconds": [round(s, 3) for s in wall],
        "median_cpu_seconds": round(statistics.median(cpu), 3),
        "runs_cpu_seconds": [round(s, 3) for s in cpu],
    }


def rule_costs(returned: Any, top: int = 12) -> dict[str, Any]:
    """CPU seconds of each rule over the whole return, the costliest first."""
    import inspect

    from frontdoor.returns.rules import RULES

    costs = {}
    for code, rule in RULES.items():
        started = time.process_time()
        if rule.scope == "child":
            for child in returned.children:
                list(rule.check(child, returned.census))
        else:
            list(rule.check(returned))
        costs[code] = time.process_time() - started
    total = sum(costs.values())
    ranked = sorted(costs.items(), key=lambda item: -item[1])[:top]
    return {
        "all_rules_cpu_seconds": round(total, 3),
        "costliest": [
            {
                "rule": code,
                "cpu_seconds": round(seconds, 3),
                "share": round(seconds / total, 3) if total else 0,
                "function": f"{Path(inspect.getsourcefile(RULES[code].check) or '').name}:"
                f"{RULES[code].check.__name__}",
            }
            for code, seconds in ranked
        ],
    }


def reference_run(xml: Path, out: Path) -> dict[str, Any]:
    if not REFERENCE_PYTHON.exists():
        raise SystemExit(f"{REFERENCE_PYTHON} is missing: run `make cin-reference`")
    print("reference validator: running (a few minutes)...", flush=True)
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [str(REFERENCE_PYTHON), str(RUNNER), str(xml), "--json", str(out)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1, 2) or not out.exists():
        sys.stderr.write(done.stdout[-5000:] + done.stderr[-5000:])
        raise SystemExit("the reference validator did not run")
    first = done.stdout.splitlines()[0] if done.stdout else ""
    inner = next((p.split("=")[1] for p in first.split() if p.startswith("seconds=")), None)
    found = json.loads(out.read_text())
    children: dict[str, set[str]] = {}
    for issue in found["issues"]:
        children.setdefault(str(issue["rule_code"]), set()).add(str(issue["LAchildID"]))
    for issue in found["return_level"]:
        children.setdefault(str(issue["rule_code"]), set())
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "seconds_inside_runner": float(inner) if inner else None,
        "summary_line": first,
        "exit_code": done.returncode,
        "crashes": found["crashes"],
        "children_by_rule": {code: len(ids) for code, ids in sorted(children.items())},
    }


def profile(function: Callable[[], Any], top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    function()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def measure(options: argparse.Namespace, database: str, folder: Path) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from frontdoor.returns.census_data import CensusYear, census_return
    from frontdoor.returns.cin_census import write_cin_census
    from frontdoor.returns.rules import RULES, check_person, check_return

    load_average = [os.getloadavg()[0]]
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.perf_counter() - started

    started = time.perf_counter()
    planned = Council(options.seed).plan(options.children, options.episodes)
    plan_seconds = time.perf_counter() - started
    started = time.perf_counter()
    rows = load(planned)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_seconds = time.perf_counter() - started
    print(
        f"{database}: built {rows['people']:,} people, {rows['referrals']:,} episodes "
        f"({plan_seconds:.1f} s planning, {load_seconds:.1f} s writing)",
        flush=True,
    )
    census = CensusYear(YEAR)
    returned = census_return(census, LA)
    print(
        f"{database}: return has {len(returned.children):,} children, "
        f"{returned.episode_count:,} episodes; {len(RULES)} rules registered",
        flush=True,
    )

    xml = folder / f"cin-census-{YEAR}.xml"
    export_runs, export_cpu, exported = timed(
        lambda: write_cin_census(YEAR, LA, xml, made_at=MADE_AT), options.repeat
    )
    digest = hashlib.sha256(xml.read_bytes()).hexdigest()
    print(
        f"{database}: export {statistics.median(export_runs):.2f} s "
        f"(CPU {statistics.median(export_cpu):.2f} s)",
        flush=True,
    )
    load_average.append(os.getloadavg()[0])

    read = timed(lambda: census_return(census, LA), options.repeat)
    check = timed(lambda: check_return(census_return(census, LA)), options.repeat)
    rules_only = timed(lambda: check_return(returned), options.repeat)
    findings = check[2]
    print(
        f"{database}: full rule check {statistics.median(check[0]):.2f} s "
        f"(CPU {statistics.median(check[1]):.2f} s; reading "
        f"{statistics.median(read[0]):.2f} s, rules {statistics.median(rules_only[0]):.2f} s)",
        flush=True,
    )
    load_average.append(os.getloadavg()[0])

    rng = random.Random(options.seed + 1)
    in_return = [child.person_id for child in returned.children]
    for person_id in rng.sample(in_return, 5):  # warm up
        check_person(person_id, census)
    person_ms, person_cpu_ms = [], []
    for person_id in rng.sample(in_return, options.person_checks):
        started, started_cpu = time.perf_counter(), time.process_time()
        check_person(person_id, census)
        person_ms.append((time.perf_counter() - started) * 1000)
        person_cpu_ms.append((time.process_time() - started_cpu) * 1000)
    person_ms.sort()
    p95 = person_ms[min(len(person_ms) - 1, round(0.95 * len(person_ms)) - 1)]
    print(
        f"{database}: check_person median {statistics.median(person_ms):.1f} ms, p95 {p95:.1f} ms",
        flush=True,
    )
    load_average.append(os.getloadavg()[0])

    by_rule = Counter(f.code for f in findings)
    by_kind = Counter(f.kind for f in findings)
    children_by_rule: dict[str, set[int | None]] = {}
    for finding in findings:
        children_by_rule.setdefault(finding.code, set()).add(finding.person_id)
    faults = Counter(child.fault for child in planned if child.fault)
    result: dict[str, Any] = {
        "benchmark": "cin_census_speed",
        "date": date.today().isoformat(),
        "database": database,
        "database_version": database_version(connection),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "seed": options.seed,
        "year": YEAR,
        "rules_registered": len(RULES),
        "rows": rows,
        "episodes_in_database": rows["referrals"],
        "children_in_return": len(returned.children),
        "episodes_in_return": returned.episode_count,
        "build_seconds": {
            "migrate": round(migrate_seconds, 2),
            "plan": round(plan_seconds, 2),
            "write": round(load_seconds, 2),
        },
        "export": summary_of(export_runs, export_cpu)
        | {"bytes": xml.stat().st_size, "sha256": digest, "warnings": len(exported.warnings)},
        "read_return": summary_of(*read[:2]),
        "check_return": summary_of(*check[:2]),
        "rules_on_read_return": summary_of(*rules_only[:2]),
        "rule_costs": rule_costs(returned),
        "check_person_ms": {
            "children": len(person_ms),
            "median": round(statistics.median(person_ms), 2),
            "p95": round(p95, 2),
            "max": round(person_ms[-1], 2),
            "median_cpu": round(statistics.median(person_cpu_ms), 2),
        },
        "findings": {
            "total": len(findings),
            "by_kind": dict(sorted(by_kind.items())),
            "by_rule": dict(sorted(by_rule.items())),
            "children_by_rule": {c: len(p) for c, p in sorted(children_by_rule.items())},
        },
        "faults_planted": {kind: [FAULTS[kind], n] for kind, n in sorted(faults.items())},
        "load_average_1min": [round(x, 2) for x in load_average],
        "goals": {"export_seconds": 10, "check_return_seconds": 10, "check_person_ms": 50,
                  "times_faster_than_reference": 20},
    }  # fmt: skip
    if options.profile:
        text = profile(lambda: check_return(census_return(census, LA)))
        (folder / "profile.txt").write_text(text)
        print(text[:6000])
    if not options.skip_reference:
        reference = reference_run(xml, folder / "reference.json")
        result["reference"] = reference
        export_s = result["export"]["median_seconds"]
        check_s = result["check_return"]["median_seconds"]
        result["times_faster_than_reference"] = {
            "export": round(reference["seconds"] / export_s, 1),
            "check_return": round(reference["seconds"] / check_s, 1),
        }
        print(f"reference: {reference['seconds']:.1f} s ({reference['summary_line']})")
    load_average.append(os.getloadavg()[0])
    result["load_average_1min"] = [round(x, 2) for x in load_average]
    return result


def database_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        return str(connection.Database.sqlite_version)
    return ".".join(str(n) for n in divmod(connection.pg_version, 10000))


# --- databases -----------------------------------------------------------------------------


def create_postgres(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    psql = ["psql", admin, "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    return admin


def drop_postgres(url: str, admin: str) -> None:
    from django.db import connections

    connections.close_all()
    name = urlsplit(url).path.lstrip("/")
    subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL (made afresh, dropped after)")
    parser.add_argument("--children", type=int, default=15_000)
    parser.add_argument("--episodes", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--person-checks", type=int, default=200)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile the full rule check")
    parser.add_argument("--keep", help="keep the database and files in this folder")
    parser.add_argument("--label", default="", help="added to the results file's name")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(options.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        admin = None
        if options.database_url:
            admin = create_postgres(options.database_url)
            url, database = options.database_url, "postgresql"
        else:
            sqlite = folder / "census-bench.sqlite3"
            for stale in folder.glob("census-bench.sqlite3*"):
                stale.unlink()
            url, database = f"sqlite:///{sqlite}", "sqlite"
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        try:
            result = measure(options, database, folder)
        finally:
            if admin and not options.keep:
                drop_postgres(options.database_url, admin)
    RESULTS.mkdir(parents=True, exist_ok=True)
    label = f"-{options.label}" if options.label else ""
    out = RESULTS / f"cin_census_speed-{database}{label}.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k not in ("findings",)}, indent=1))
    print(f"findings: {result['findings']['total']} {result['findings']['by_kind']}")
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
