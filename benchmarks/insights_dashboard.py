"""Insights measures at national scale on PostgreSQL and at one council's scale on SQLite
(issue 6).

Builds 5 years of synthetic front door records in SQL (a numbers table and INSERT ... SELECT,
deterministic: every choice is a hash of the row's number), refreshes the daily rollups with
`insights_refresh --full`, then times, median of several runs:

(a) the dashboard's default page's queries: every headline measure's compare() for the last
    12 whole weeks (the page's default window), its weekly series, and the contacts hour x
    weekday heat map; and the same for the 12 weeks to today (today read live);
(b) each single measure with comparisons (compare() for the last 12 weeks);
(c) the same with one filter (locality) and with two (source and age band);
(d) the real page through Django's test Client, when the dashboard view exists.

Goals: (a) under 1 s and each (b) under 300 ms on PostgreSQL, 2 cores, 2,500,000 contacts a
year. The records: contacts with one child each, settled decisions, referrals (with
allocation, closure and re-referral flag), assessments, MASH enquiries with two agency checks,
strategy discussions, section 47 enquiries and initial conferences; 150 locality teams.

    .venv/bin/python benchmarks/insights_dashboard.py --database-url \\
        postgres://postgres@127.0.0.1:5432/fd_insights_bench --contacts-per-year 2500000
    .venv/bin/python benchmarks/insights_dashboard.py --sqlite /tmp/fd_insights_bench.sqlite3 \\
        --contacts-per-year 50000

The database is built once and reused (`--rebuild` to start again). Results:
benchmarks/results/insights_dashboard.json (one entry per database and scale, merged).
"""

# ruff: noqa: E501  (SQL built in long lines, kept as written)
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results" / "insights_dashboard.json"

YEARS = 5
LOCALITIES = 150
CADS_TEAMS = 10
CSWS = 1000
WORKERS_PER_TEAM = 20
ADVISORS = 500


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    import django

    django.setup()


# --- SQL that reads the same on both databases -------------------------------------------------


class Dialect:
    def __init__(self, vendor: str, today: date) -> None:
        self.pg = vendor == "postgresql"
        self.today = today
        self.start = today - timedelta(days=YEARS * 365 + 1)

    def h(self, expr: str, salt: int) -> str:
        """A deterministic pseudo-random non-negative integer from `expr`."""
        # A different multiplier per salt, so that choices made with different salts are not
        # shifted copies of each other (which would tie, say, the channel to the outcome).
        return f"((({expr}) * {2654435761 + salt * 97654321} + {salt * 40503 + 7}) % 1000003)"

    def ts(self, seconds: str) -> str:
        """The UTC timestamp `seconds` after the first day's midnight."""
        if self.pg:
            return f"(TIMESTAMPTZ '{self.start} 00:00:00+00' + ({seconds}) * INTERVAL '1 second')"
        return f"datetime('{self.start} 00:00:00', '+' || ({seconds}) || ' seconds')"

    def add_days(self, day: str, days: str) -> str:
        if self.pg:
            return f"(({day}) + ({days})::int)"
        return f"date({day}, '+' || ({days}) || ' days')"

    def date_of(self, timestamp: str) -> str:
        if self.pg:
            return f"(({timestamp}) AT TIME ZONE 'Europe/London')::date"
        return f"date({timestamp})"

    def literal_date(self, day: date) -> str:
        return f"DATE '{day}'" if self.pg else f"'{day}'"

    def true(self) -> str:
        return "TRUE" if self.pg else "1"

    def false(self) -> str:
        return "FALSE" if self.pg else "0"


def insert(model: Any, values: dict[str, str], source: str) -> str:
    """INSERT INTO the model's table: `values` by field name, every other column its default."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED

    quote = connection.ops.quote_name
    columns, exprs = [], []
    for f in model._meta.concrete_fields:
        name = f.name if f.name in values else f.attname
        if name in values:
            expr = values[name]
        elif f.null:
            expr = "NULL"
        elif f.default is not NOT_PROVIDED and not callable(f.default):
            default = f.default
            if isinstance(default, bool):
                expr = (
                    ("TRUE" if default else "FALSE")
                    if connection.vendor == "postgresql"
                    else str(int(default))
                )
            elif isinstance(default, int):
                expr = str(default)
            else:
                expr = "'" + str(default).replace("'", "''") + "'"
        elif f.get_internal_type() in ("CharField", "TextField", "EmailField"):
            expr = "''"
        elif f.get_internal_type() == "JSONField":
            expr = "'[]'"
        elif f.get_internal_type() == "DateTimeField":
            expr = "CURRENT_TIMESTAMP"
        else:
            raise ValueError(f"{model.__name__}.{f.name} needs a value")
        columns.append(quote(f.column))
        exprs.append(expr)
    return f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(exprs)} {source}"


def build(contacts_per_year: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from frontdoor.accounts.models import Team, User
    from frontdoor.casework.models import Assessment, Referral
    from frontdoor.contacts.models import Contact, ContactChild, Decision
    from frontdoor.people.models import Address, Person
    from frontdoor.safeguarding.models import (
        AgencyCheck,
        Conference,
        MashEnquiry,
        Section47,
        StrategyChild,
        StrategyDiscussion,
    )

    today = date.today()
    d = Dialect(connection.vendor, today)
    days = (today - d.start).days  # up to yesterday
    n = contacts_per_year * YEARS
    people = n // 4
    t, f = d.true(), d.false()
    timings: dict[str, float] = {}

    def run(label: str, sql: str) -> None:
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql)
        timings[label] = round(time.perf_counter() - began, 1)
        print(f"  {label}: {timings[label]} s", flush=True)

    with transaction.atomic():
        if d.pg:
            run("replication role", "SET LOCAL session_replication_role = replica")
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_n")
            cursor.execute("CREATE TABLE bench_n (i bigint PRIMARY KEY)")
        if d.pg:
            run("numbers", f"INSERT INTO bench_n SELECT generate_series(1, {n})")
        else:
            run(
                "numbers",
                f"INSERT INTO bench_n WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                f"FROM g WHERE i < {n}) SELECT i FROM g",
            )
        src = "FROM bench_n WHERE i <= {}"
        # Teams: 1..150 locality, 151..160 CADS, 161 early help.
        run("teams", insert(Team, {
            "id": "i", "name": "'Locality: L' || i", "kind": "'locality'", "locality": "'L' || i",
            "postcode_districts": "'D' || (2 * i) || ' D' || (2 * i + 1)",
        }, src.format(LOCALITIES)))  # fmt: skip
        run("cads teams", insert(Team, {
            "id": f"{LOCALITIES} + i", "name": "'CADS ' || i", "kind": "'cads'",
        }, src.format(CADS_TEAMS)))  # fmt: skip
        eh_team = LOCALITIES + CADS_TEAMS + 1
        run("early help team", insert(Team, {
            "id": str(eh_team), "name": "'Early Help'", "kind": "'early_help'"}, src.format(1)))  # fmt: skip
        # Users: 1..1000 CSWs, then 20 social workers per locality team, then advisors.
        sw_base = CSWS
        adv_base = CSWS + LOCALITIES * WORKERS_PER_TEAM
        user = {"password": "''", "is_superuser": f, "is_staff": f, "is_active": t,
                "date_joined": "CURRENT_TIMESTAMP", "last_name": "'Bench'"}  # fmt: skip
        run("csws", insert(User, {**user, "id": "i", "username": "'csw' || i",
            "first_name": "'CSW' || i", "role": "'csw'", "team": f"{LOCALITIES} + 1 + (i % {CADS_TEAMS})",
            "swe_registration": "'SW1'"}, src.format(CSWS)))  # fmt: skip
        run("social workers", insert(User, {**user, "id": f"{sw_base} + i", "username": "'sw' || i",
            "first_name": "'SW' || i", "role": "'locality_social_worker'",
            "team": f"1 + (i - 1) / {WORKERS_PER_TEAM}", "swe_registration": "'SW2'"},
            src.format(LOCALITIES * WORKERS_PER_TEAM)))  # fmt: skip
        run("advisors", insert(User, {**user, "id": f"{adv_base} + i", "username": "'pa' || i",
            "first_name": "'PA' || i", "role": "'pathway_advisor'", "team": str(eh_team)},
            src.format(ADVISORS)))  # fmt: skip

        # People: born up to 18 years before the first day, or during the five years.
        ethnic = "CASE WHEN {r} < 75 THEN 'WBRI' WHEN {r} < 80 THEN 'WOTH' WHEN {r} < 84 THEN 'MWBC' WHEN {r} < 88 THEN 'AIND' WHEN {r} < 91 THEN 'BAFR' WHEN {r} < 94 THEN 'APKN' WHEN {r} < 96 THEN 'CHNE' ELSE 'NOBT' END"  # noqa: E501
        run("people", insert(Person, {
            "id": "i", "kind": "'child'", "first_name": "'Child' || i", "last_name": "'Bench'",
            "date_of_birth": d.add_days(d.literal_date(d.start - timedelta(days=18 * 365)),
                                        f"{d.h('i', 7)} % {23 * 365}"),
            "ethnicity": ethnic.format(r=f"({d.h('i', 8)} % 100)"), "sex": "'U'",
        }, src.format(people)))  # fmt: skip
        run("addresses", insert(Address, {
            "id": "i", "person": "i", "address": "'1 Bench Street'",
            "postcode": f"'D' || ({d.h('i', 9)} % {2 * LOCALITIES}) || ' 1AA'",
        }, src.format(people)))  # fmt: skip

        # Contacts: spread evenly over the days, mostly in office hours.
        day = f"((i - 1) * {days} / {n})"
        hour = f"(CASE WHEN {d.h('i', 1)} % 100 < 85 THEN 8 + {d.h('i', 2)} % 10 ELSE {d.h('i', 2)} % 24 END)"
        seconds = f"({day} * 86400 + {hour} * 3600 + {d.h('i', 3)} % 3600)"
        received = d.ts(seconds)
        ch = f"({d.h('i', 4)} % 100)"
        channel = (f"CASE WHEN {ch} < 45 THEN 'professional_line' WHEN {ch} < 55 THEN 'contact_centre' "
                   f"WHEN {ch} < 70 THEN 'email' WHEN {ch} < 93 THEN 'police_notification' "
                   f"WHEN {ch} < 97 THEN 'online' ELSE 'out_of_hours' END")  # fmt: skip
        so = f"({d.h('i', 5)} % 10)"
        source = (f"CASE WHEN {ch} >= 70 AND {ch} < 93 THEN '6' WHEN {so} < 3 THEN '2A' WHEN {so} < 4 "
                  f"THEN '3A' WHEN {so} < 5 THEN '3B' WHEN {so} < 6 THEN '1A' WHEN {so} < 7 THEN '5A' "
                  f"WHEN {so} < 8 THEN '6' WHEN {so} < 9 THEN '8' ELSE '1C' END")  # fmt: skip
        csw = f"(1 + {d.h('i', 6)} % {CSWS})"
        run("contacts", insert(Contact, {
            "id": "i", "status": "'recorded'", "channel": channel, "received_at": received,
            "decision_due_at": d.ts(f"{seconds} + 86400"), "referral_source": source,
            "csw": csw, "recorded_by": csw, "call_started_at": received,
            "created_at": received, "updated_at": received,
        }, src.format(n)))  # fmt: skip
        person = f"(1 + {d.h('i', 10)} % {people})"
        run("contact children", insert(ContactChild, {
            "id": "i", "contact": "i", "person": person, "added_at": received,
        }, src.format(n)))  # fmt: skip
        oc = f"({d.h('i', 11)} % 100)"
        outcome = (f"CASE WHEN {oc} < 33 THEN 'advice' WHEN {oc} < 43 THEN 'universal' WHEN {oc} < 68 "
                   f"THEN 'early_help' WHEN {oc} < 88 THEN 'social_work_assessment' WHEN {oc} < 95 "
                   f"THEN 'mash_enquiry' WHEN {oc} < 98 THEN 'strategy_discussion' "
                   f"ELSE 'immediate_protection' END")  # fmt: skip
        decided = d.ts(f"{seconds} + {d.h('i', 12)} % 108000")
        run("decisions", insert(Decision, {
            "id": "i", "contact_child": "i", "status": "'final'", "outcome": outcome,
            "need_level": "'targeted'", "rationale": "'Bench.'", "best_placed": "'Bench.'",
            "decided_by": csw, "decided_at": decided,
        }, src.format(n)))  # fmt: skip

        # Referrals from the decisions that accept a contact for social work.
        q = connection.ops.quote_name
        ref_day = d.add_days(d.date_of("c.received_at"), f"{d.h('c.id', 13)} % 2")
        district = f"({d.h('cc.person_id', 9)} % {2 * LOCALITIES})"
        team = f"(1 + {district} / 2)"
        worker = f"({sw_base} + ({team} - 1) * {WORKERS_PER_TEAM} + 1 + {d.h('c.id', 14)} % {WORKERS_PER_TEAM})"
        allocated = f"{d.h('c.id', 15)} % 100 < 92"
        closed = d.add_days(ref_day, f"30 + {d.h('c.id', 16)} % 200")
        ref_src = (f"FROM {q('contacts_contact')} c JOIN {q('contacts_contactchild')} cc ON cc.id = c.id "
                   f"JOIN {q('contacts_decision')} dd ON dd.id = c.id WHERE dd.outcome IN "
                   f"('social_work_assessment', 'strategy_discussion', 'immediate_protection')")  # fmt: skip
        with connection.cursor() as cursor:
            for name in ("one_open_referral",):
                cursor.execute(f"DROP INDEX IF EXISTS {q(name)}")
        run("referrals", insert(Referral, {
            "id": "c.id", "person": "cc.person_id", "origin": "c.id", "referral_date": ref_day,
            "source": "c.referral_source", "is_re_referral": f"{d.h('c.id', 17)} % 100 < 22",
            "team": team, "worker": f"CASE WHEN {allocated} THEN {worker} END",
            "allocated_at": f"CASE WHEN {allocated} THEN {d.ts(f'((c.id - 1) * {days} / {n}) * 86400 + 2 * 86400')} END",
            "allocation_due_on": d.add_days(ref_day, "1"), "child_seen_due_on": d.add_days(ref_day, "7"),
            "closed_on": f"CASE WHEN {closed} < {d.literal_date(today)} THEN {closed} END",
            "closure_reason": f"CASE WHEN {closed} < {d.literal_date(today)} THEN 'RC8' ELSE '' END",
            "opened_by": "c.csw_id", "created_at": "c.received_at",
        }, ref_src))  # fmt: skip
        run(
            "one open referral each",
            f"""UPDATE {q("casework_referral")} SET closed_on = referral_date,
            closure_reason = 'RC7' WHERE closed_on IS NULL AND id NOT IN (SELECT MAX(id) FROM
            {q("casework_referral")} WHERE closed_on IS NULL GROUP BY person_id)""",
        )
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE UNIQUE INDEX {q('one_open_referral')} ON "
                           f"{q('casework_referral')} (person_id) WHERE closed_on IS NULL")  # fmt: skip

        # Assessments for 90% of referrals.
        started = d.add_days("r.referral_date", f"{d.h('r.id', 18)} % 5")
        authorised = d.add_days(started, f"10 + {d.h('r.id', 19)} % 50")
        done = f"{authorised} < {d.literal_date(today)}"
        ao = f"({d.h('r.id', 20)} % 100)"
        a_outcome = (f"CASE WHEN NOT ({done}) THEN '' WHEN {ao} < 35 THEN 'nfa' WHEN {ao} < 65 THEN 'cin_plan' "
                     f"WHEN {ao} < 85 THEN 'step_down' WHEN {ao} < 92 THEN 'section_47' ELSE 'other' END")  # fmt: skip
        run("assessments", insert(Assessment, {
            "id": "r.id", "referral": "r.id",
            "status": f"CASE WHEN {done} THEN 'authorised' ELSE 'in_progress' END",
            "started_on": started, "due_on": d.add_days("r.referral_date", "63"),
            "worker": f"COALESCE(r.worker_id, {sw_base} + 1)",
            "child_seen_on": d.add_days(started, f"{d.h('r.id', 21)} % 8"),
            "outcome": a_outcome, "requires_support": f"CASE WHEN {done} THEN {ao} >= 35 AND {ao} < 65 OR {ao} >= 85 AND {ao} < 92 END",
            "authorised_on": f"CASE WHEN {done} THEN {authorised} END", "created_at": "r.created_at",
        }, f"FROM {q('casework_referral')} r WHERE {d.h('r.id', 22)} % 100 < 90"))  # fmt: skip

        # Strategy discussions, section 47s and conferences for the strategy decisions' referrals.
        strat_src = (f"FROM {q('casework_referral')} r JOIN {q('contacts_decision')} dd ON dd.id = r.origin_id "
                     f"JOIN {q('contacts_contact')} c ON c.id = r.origin_id WHERE dd.outcome = 'strategy_discussion'")  # fmt: skip
        held = "c.decision_due_at"
        run("strategy discussions", insert(StrategyDiscussion, {
            "id": "r.id", "held_at": held, "chair": "c.csw_id", "information_shared": "'Bench.'",
            "next_steps": "'Bench.'", "recorded_by": "c.csw_id", "recorded_at": held,
        }, strat_src))  # fmt: skip
        run("strategy children", insert(StrategyChild, {
            "id": "r.id", "discussion": "r.id", "person": "r.person_id", "referral": "r.id",
            "start_section_47": f"{d.h('r.id', 23)} % 100 < 80", "rationale": "'Bench.'",
        }, strat_src))  # fmt: skip
        s47_day = d.date_of("sd.held_at")
        run("section 47s", insert(Section47, {
            "id": "s.id", "person": "s.person_id", "referral": "s.referral_id", "strategy_child": "s.id",
            "started_on": s47_day, "conference_due_on": d.add_days(s47_day, "21"),
        }, f"FROM {q('safeguarding_strategychild')} s JOIN {q('safeguarding_strategydiscussion')} sd "
           f"ON sd.id = s.discussion_id WHERE s.start_section_47"))  # fmt: skip
        conf_day = d.add_days("s.started_on", f"10 + {d.h('s.id', 24)} % 16")
        run("conferences", insert(Conference, {
            "id": "s.id", "section47": "s.id", "held_on": conf_day, "outcome": "'cp_plan'",
            "chair": "'Chair'", "recorded_by": "1", "recorded_at": "CURRENT_TIMESTAMP",
        }, f"FROM {q('safeguarding_section47')} s WHERE {d.h('s.id', 25)} % 100 < 40 "
           f"AND {conf_day} < {d.literal_date(today)}"))  # fmt: skip

        # MASH enquiries with two checks each.
        rag = f"CASE WHEN {d.h('c.id', 26)} % 10 < 2 THEN 'red' WHEN {d.h('c.id', 26)} % 10 < 7 THEN 'amber' ELSE 'green' END"
        mash_src = (f"FROM {q('contacts_contact')} c JOIN {q('contacts_contactchild')} cc ON cc.id = c.id "
                    f"JOIN {q('contacts_decision')} dd ON dd.id = c.id WHERE dd.outcome = 'mash_enquiry'")  # fmt: skip
        run("mash enquiries", insert(MashEnquiry, {
            "id": "c.id", "person": "cc.person_id", "origin": "c.id", "rag": rag,
            "rated_at": "dd.decided_at", "due_at": "c.decision_due_at", "opened_by": "c.csw_id",
            "opened_at": "dd.decided_at",
        }, mash_src))  # fmt: skip
        for k in (0, 1):
            answered = d.ts(
                f"(CAST(m.id AS bigint) - 1) * {days} / {n} * 86400 + 86400 + {d.h('m.id', 27 + k)} % 172800"
            )
            run(f"agency checks {k + 1}", insert(AgencyCheck, {
                "id": f"2 * m.id + {k}", "enquiry": "m.id", "agency": "'police'" if k == 0 else "'health_gp'",
                "question": "'Known?'", "requested_by": "m.opened_by_id", "requested_at": "m.opened_at",
                "due_at": "m.due_at", "answered_at": answered,
            }, f"FROM {q('safeguarding_mashenquiry')} m"))  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_n")
    if d.pg:
        with connection.cursor() as cursor:
            for model in (Team, User, Person, Address, Contact, ContactChild, Decision, Referral,
                          Assessment, StrategyDiscussion, StrategyChild, Section47, Conference,
                          MashEnquiry, AgencyCheck):  # fmt: skip
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT COALESCE(MAX(id), 1) FROM {q(table)}))")  # fmt: skip
    return {"seconds": timings, "contacts": n, "people": people, "first_day": str(d.start)}


def analyze() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        old = connection.connection.autocommit
        connection.connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connection.connection.autocommit = old
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def counts() -> dict[str, int]:
    from frontdoor.casework.models import Assessment, Referral
    from frontdoor.contacts.models import Contact
    from frontdoor.insights.models import DailyCount, Fact
    from frontdoor.safeguarding.models import (
        AgencyCheck,
        MashEnquiry,
        Section47,
        StrategyDiscussion,
    )

    return {m.__name__: m.objects.count() for m in (Contact, Referral, Assessment, StrategyDiscussion,
            Section47, MashEnquiry, AgencyCheck, Fact, DailyCount)}  # fmt: skip


# --- timing --------------------------------------------------------------------------------------


def median_ms(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    fn()  # warm
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "min_ms": round(min(times), 1),
            "max_ms": round(max(times), 1)}  # fmt: skip


def dashboard_queries(end: date) -> None:
    from frontdoor.insights import selectors
    from frontdoor.insights.catalogue import HEADLINE

    start = end - timedelta(days=83)
    for key in HEADLINE:
        selectors.compare(key, start, end)
        selectors.weekly_series(key, start, end)
    selectors.contacts_by_hour_and_weekday(start, end)


def time_all(runs: int) -> dict[str, Any]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from frontdoor.insights import selectors
    from frontdoor.insights.catalogue import MEASURES
    from frontdoor.insights.selectors import Filters

    today = date.today()
    end = today - timedelta(days=today.weekday() + 1)  # the page's default: 12 whole weeks
    start = end - timedelta(days=83)
    localities = selectors.filter_choices()["locality"]
    one = Filters(locality=localities[0][0]) if localities else Filters()
    two = Filters(source="6", age_band="10_15")
    out: dict[str, Any] = {"window": [str(start), str(end)]}
    out["dashboard_queries"] = median_ms(lambda: dashboard_queries(end), runs)
    print("dashboard", out["dashboard_queries"], flush=True)
    out["dashboard_queries_to_today"] = median_ms(lambda: dashboard_queries(today), runs)
    print("dashboard to today", out["dashboard_queries_to_today"], flush=True)
    out["measures"] = {}
    for key in MEASURES:
        out["measures"][key] = {
            "compare": median_ms(lambda k=key: selectors.compare(k, start, end), runs),
            "compare_one_filter": median_ms(
                lambda k=key: selectors.compare(k, start, end, one), runs
            ),
            "compare_two_filters": median_ms(
                lambda k=key: selectors.compare(k, start, end, two), runs
            ),
        }
        print(key, {k: v["median_ms"] for k, v in out["measures"][key].items()}, flush=True)
    try:
        url = reverse("insights:dashboard")
    except NoReverseMatch:
        url = None
    if url:
        from django.conf import settings

        from frontdoor.accounts.models import Role, User

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.STORAGES = {  # as in test settings: no collectstatic manifest needed
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }

        viewer = User.objects.filter(role=Role.HEAD_OF_SERVICE).first() or User.objects.create(
            username="bench-head", role=Role.HEAD_OF_SERVICE, is_superuser=True, is_staff=True
        )
        client = Client()
        client.force_login(viewer)
        status = client.get(url).status_code
        out["page"] = {"url": url, "status": status, **median_ms(lambda: client.get(url), runs)}
        print("page", out["page"], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--sqlite")
    parser.add_argument("--contacts-per-year", type=int, default=2_500_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--only-time", action="store_true")
    parser.add_argument("--chunk-days", type=int, default=183, help="Days per refresh transaction")
    parser.add_argument("--jobs", type=int, default=1, help="Chunks refreshed at once (PostgreSQL)")
    parser.add_argument("--label", default="", help="Suffix for the results' key")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{args.sqlite or '/tmp/fd_insights_bench.sqlite3'}"
    setup_django(url)
    logging.basicConfig(format="%(asctime)s %(message)s")
    logging.getLogger("frontdoor.insights.rollup_build").setLevel(logging.INFO)
    from django.core.management import call_command
    from django.db import connection

    from frontdoor.contacts.models import Contact
    from frontdoor.insights.rollup_build import refresh

    result: dict[str, Any] = {
        "date": str(date.today()), "database": connection.vendor,
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        "contacts_per_year": args.contacts_per_year, "years": YEARS,
    }  # fmt: skip
    if not args.only_time:
        call_command("migrate", verbosity=0)
        if args.rebuild or not Contact.objects.exists():
            if Contact.objects.exists():
                raise SystemExit("--rebuild: drop the database first (this script never deletes)")
            print("building", flush=True)
            began = time.perf_counter()
            result["build"] = build(args.contacts_per_year)
            result["build"]["total_seconds"] = round(time.perf_counter() - began, 1)
            analyze()
        if not args.skip_refresh:
            print("refreshing rollups", flush=True)
            began = time.perf_counter()
            done = refresh(full=True, chunk_days=args.chunk_days, jobs=args.jobs)
            result["refresh"] = {
                **done, "seconds": round(time.perf_counter() - began, 1),
                "chunk_days": args.chunk_days, "jobs": args.jobs, "load_average": os.getloadavg(),
            }  # fmt: skip
            print(result["refresh"], flush=True)
            analyze()
            began = time.perf_counter()
            result["refresh_incremental"] = refresh(
                jobs=args.jobs, chunk_days=min(args.chunk_days, 30)
            )
            result["refresh_incremental"]["seconds"] = round(time.perf_counter() - began, 1)
            print(result["refresh_incremental"], flush=True)
    result["rows"] = counts()
    print(result["rows"], flush=True)
    result["timings"] = time_all(args.runs)
    everything = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    key = f"{connection.vendor}-{args.contacts_per_year}-a-year"
    everything[f"{key}-{args.label}" if args.label else key] = result
    RESULTS.write_text(json.dumps(everything, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
