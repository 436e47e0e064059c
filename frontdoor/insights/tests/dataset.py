"""A small hand-built front door, for the measures' tests: every record below is written out,
and each test works its expected figures out by hand from this list.

THE WINDOW is the 12 weeks Monday 3 August 2026 to Sunday 25 October 2026 (84 days). The
previous window is 11 May to 2 August 2026; the year-ago window (52 weeks earlier) is
4 August to 26 October 2025. Clocks went back at 02:00 on Sunday 25 October 2026.

Teams: "Locality: Norwich" (locality Norwich, NR1 NR2 NR3) and "Locality: West" (locality
West, PE30). Contacts are taken by CSWs in the "CADS" team.

Contacts (received, London time; channel; source; first child's age band, ethnicity, area):
  c8  Mon  3 Aug 2026 00:00  professional line  6 (police)  5_9    WBRI  Norwich (child I)
  c1  Tue  4 Aug 2026 10:15  professional line  2A          5_9    WBRI  Norwich (child A)
  c2  Wed  5 Aug 2026 09:30  email              3A          1_4    AIND  West    (child J)
  c3  Fri  7 Aug 2026 23:30  police notif.      6           10_15  WBRI  Norwich (child K)
  c9  Wed 12 Aug 2026 14:00  police notif.      6           1_4    BAFR  West    (child L,
                                                       5 the day after)
  c4  Mon 19 Oct 2026 08:00  contact centre     1A          under_1 WBRI Norwich (child M;
                                                       second child N aged 17 not counted)
  c5  Sun 25 Oct 2026 23:30  police notif.      6           16_plus WBRI West    (child O)
  c6  Mon 26 Oct 2026 00:10  email (after the window)
  c7  Tue 11 Aug 2026 draft (never counted)
  p1  Sun  2 Aug 2026 23:59  email 2A (previous window)
  p2  Mon  1 Jun 2026 12:00  email 2A (previous window)
  y1..y4 4 Aug, 5 Aug, 1 Sep, 26 Oct 2025: professional line, email, email, police notif.

Decisions (one per contact child):
  c8/I  3 Aug 12:00  universal        final        (due Tue 4 Aug 00:00: in time)
  c1/A  4 Aug 15:00  social work ass. final        (due Wed 5 Aug 10:15: in time)
  c2/J  7 Aug 10:00  early help       final        (due Thu 6 Aug 09:30: late)
  c3/K 10 Aug 09:00  advice           authorised   (due Mon 10 Aug 23:30: in time)
  c9/L 12 Aug 16:00  MASH enquiry     final        (due Thu 13 Aug 14:00: in time)
  c4/M 19 Oct 10:00  strategy disc.   awaiting authorisation (not settled: not counted)
  c5/O 27 Oct 09:00  advice           final        (after the window)
Pathway advisors: PA1, PA2 active, PA3 inactive.

Referrals (date, child, source, team, re-referral flag, worker allocated on, closed):
  r1  4 Aug 2026  A  2A  Norwich  no   W1  5 Aug 2026
  r2 10 Aug 2026  B  6   Norwich  yes  W1 11 Aug 2026      (B's r0 1 Dec 2025-1 Mar 2026)
  r3  1 Sep 2026  C  3A  West     no   W2 26 Oct 2026      (C's last referral Jan 2025)
  r5  7 Oct 2026  H  2A  West     no   W2  8 Oct 2026
  r4 25 Oct 2026  D  6   West     yes  -                   (D's rD 30 Oct 2025-30 Nov 2025)
  rP 15 Jun 2026  E  2A  Norwich  no   W1 16 Jun 2026  closed 1 Oct 2026
  rY1 1 Sep 2025  F  2A  Norwich  no   W1              closed 1 Dec 2025
  rY2 2 Sep 2025  G  2A  Norwich  no   W1  5 Sep 2025  (still open)
  child seen due: r1 11 Aug, r2 17 Aug, r3 8 Sep, r5 14 Oct, r4 1 Nov, rP 22 Jun.

Assessments (referral, started, due, authorised, outcome, requires support, child seen):
  a1 r1   5 Aug 2026  7 Oct  30 Sep  CIN plan  yes   6 Aug
  a2 r2  11 Aug 2026 13 Oct  20 Oct  NFA       no   20 Aug
  a3 r3   2 Sep 2026  4 Nov  26 Oct  NFA       no    3 Sep   (authorised after the window)
  a4 rP  16 Jun 2026 17 Aug  10 Aug  NFA       no   17 Jun
  a5 r4  25 Oct 2026 29 Dec  -       (in progress)

Strategy discussions: sd1 12 Aug 2026 (B on r2), sd2 3 Sep 2026 (C on r3), sd3 1 Jul
2026 (E on rP). Section 47s: s1 B 12 Aug (conference due 3 Sep), s2 C 3 Sep (due 24 Sep),
s3 E 1 Jul (due 22 Jul). Conferences: s1 held 3 Sep, s2 held 25 Sep, s3 held 20 Jul.

MASH: m1 (L) opened 12 Aug 16:05 red; m2 (J) opened 20 Aug amber; m3 (I) opened 1 Jul
green. Checks: m1 police due 13 Aug 12:00 answered 13 Aug 11:00; m1 health due 13 Aug
12:00 answered 14 Aug 09:00; m2 education due 21 Aug 10:00 unanswered; m2 police due 27 Oct
(after the window) unanswered.

Early help episodes: eh1 10 Aug PA1, eh2 12 Aug PA1, eh3 1 Sep PA2 (children J, A, L).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    ContactChildFactory,
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    TeamFactory,
    london,
    make_user,
    only_child,
)
from frontdoor.casework.models import Assessment, EarlyHelpEpisode, Referral
from frontdoor.contacts.models import Contact, Decision
from frontdoor.people.models import Address, Person
from frontdoor.safeguarding.models import (
    AgencyCheck,
    Conference,
    MashEnquiry,
    Section47,
    StrategyChild,
    StrategyDiscussion,
)

START = date(2026, 8, 3)
END = date(2026, 10, 25)


@dataclass
class Dataset:
    norwich: Team
    west: Team
    cads: Team
    w1: User
    w2: User
    pa1: User
    pa2: User


def child(dob: date | None, ethnicity: str = "WBRI", postcode: str = "NR2 4AB") -> Person:
    person = PersonFactory(date_of_birth=dob, ethnicity=ethnicity)
    Address.objects.create(person=person, address="1 Test Street", postcode=postcode)
    return person


def contact(
    received: datetime, channel: str, source: str, person: Person | None, **fields: Any
) -> Contact:
    made = ContactFactory(
        received_at=received,
        channel=channel,
        referral_source=source,
        child__person=person or child(date(2015, 1, 1)),
        **fields,
    )
    return made


def decide(c: Contact, at: datetime, outcome: str, status: str = Decision.Status.FINAL) -> None:
    DecisionFactory(contact_child=only_child(c) if c.contact_children.count() == 1 else
                    c.contact_children.order_by("id").first(), decided_at=at, outcome=outcome,
                    status=status)  # fmt: skip


def referral(
    person: Person,
    on: date,
    source: str,
    team: Team,
    *,
    re: bool = False,
    worker: User | None = None,
    allocated: datetime | None = None,
    closed: date | None = None,
    seen_due: date | None = None,
    opened_by: User,
) -> Referral:
    return Referral.objects.create(
        person=person,
        referral_date=on,
        source=source,
        is_re_referral=re,
        team=team,
        worker=worker,
        allocated_at=allocated,
        allocation_due_on=on,
        child_seen_due_on=seen_due or on,
        closed_on=closed,
        closure_reason="RC7" if closed else "",
        opened_by=opened_by,
    )


def assessment(
    r: Referral,
    started: date,
    due: date,
    worker: User,
    *,
    authorised: date | None = None,
    outcome: str = "",
    support: bool | None = None,
    seen: date | None = None,
) -> Assessment:
    return Assessment.objects.create(
        referral=r,
        status=Assessment.Status.AUTHORISED if authorised else Assessment.Status.IN_PROGRESS,
        started_on=started,
        due_on=due,
        worker=worker,
        authorised_on=authorised,
        outcome=outcome,
        requires_support=support,
        child_seen_on=seen,
    )


def build() -> Dataset:
    cads = TeamFactory(name="CADS", kind=Team.Kind.CADS)
    norwich = TeamFactory(
        name="Locality: Norwich", kind=Team.Kind.LOCALITY, locality="Norwich",
        postcode_districts="NR1 NR2 NR3",
    )  # fmt: skip
    west = TeamFactory(
        name="Locality: West", kind=Team.Kind.LOCALITY, locality="West", postcode_districts="PE30"
    )
    csw = make_user(Role.CSW, team=cads)
    w1 = make_user(Role.LOCALITY_SOCIAL_WORKER, team=norwich, swe_registration="SW1")
    w2 = make_user(Role.LOCALITY_SOCIAL_WORKER, team=west, swe_registration="SW2")
    eh_team = TeamFactory(name="Early Help", kind=Team.Kind.EARLY_HELP)
    pa1 = make_user(Role.PATHWAY_ADVISOR, team=eh_team)
    pa2 = make_user(Role.PATHWAY_ADVISOR, team=eh_team)
    make_user(Role.PATHWAY_ADVISOR, team=eh_team, is_active=False)
    west_pc = "PE30 1AA"

    # --- children --------------------------------------------------------------------------
    a = child(date(2019, 1, 10))  # 7 on 4 Aug 2026
    i = child(date(2020, 8, 3))  # 6 on 3 Aug 2026 (birthday that day)
    j = child(date(2024, 6, 1), "AIND", west_pc)  # 2
    k = child(date(2011, 3, 1))  # 15
    lc = child(date(2021, 8, 13), "BAFR", west_pc)  # 4 on 12 Aug 2026 (5 the next day)
    m = child(date(2026, 9, 1))  # 0 on 19 Oct 2026
    n = child(date(2009, 1, 1))  # 17
    o = child(date(2010, 10, 25), "WBRI", west_pc)  # 16 on 25 Oct 2026 (birthday that day)

    # --- contacts --------------------------------------------------------------------------
    kw = {"csw": csw}
    c8 = contact(london(2026, 8, 3, 0, 0), "professional_line", "6", i, **kw)
    c1 = contact(london(2026, 8, 4, 10, 15), "professional_line", "2A", a, **kw)
    c2 = contact(london(2026, 8, 5, 9, 30), "email", "3A", j, **kw)
    c3 = contact(london(2026, 8, 7, 23, 30), "police_notification", "6", k, **kw)
    c9 = contact(london(2026, 8, 12, 14, 0), "police_notification", "6", lc, **kw)
    c4 = contact(london(2026, 10, 19, 8, 0), "contact_centre", "1A", m, **kw)
    ContactChildFactory(contact=c4, person=n)
    c5 = contact(london(2026, 10, 25, 23, 30), "police_notification", "6", o, **kw)
    contact(london(2026, 10, 26, 0, 10), "email", "2A", None, **kw)  # c6
    contact(london(2026, 8, 11, 10, 0), "email", "2A", None, status=Contact.Status.DRAFT, **kw)
    contact(london(2026, 8, 2, 23, 59), "email", "2A", None, **kw)  # p1
    contact(london(2026, 6, 1, 12, 0), "email", "2A", None, **kw)  # p2
    contact(london(2025, 8, 4, 11, 0), "professional_line", "2A", None, **kw)  # y1
    contact(london(2025, 8, 5, 11, 0), "email", "2A", None, **kw)  # y2
    contact(london(2025, 9, 1, 11, 0), "email", "2A", None, **kw)  # y3
    contact(london(2025, 10, 26, 11, 0), "police_notification", "6", None, **kw)  # y4

    # --- decisions ---------------------------------------------------------------------------
    decide(c8, london(2026, 8, 3, 12, 0), "universal")
    decide(c1, london(2026, 8, 4, 15, 0), "social_work_assessment")
    decide(c2, london(2026, 8, 7, 10, 0), "early_help")
    decide(c3, london(2026, 8, 10, 9, 0), "advice", Decision.Status.AUTHORISED)
    decide(c9, london(2026, 8, 12, 16, 0), "mash_enquiry")
    decide(c4, london(2026, 10, 19, 10, 0), "strategy_discussion",
           Decision.Status.AWAITING_AUTHORISATION)  # fmt: skip
    decide(c5, london(2026, 10, 27, 9, 0), "advice")

    # --- referrals -------------------------------------------------------------------------
    b = child(date(2016, 5, 5))
    c = child(date(2013, 2, 2), "WOTH", west_pc)
    d = child(date(2018, 3, 3), "WBRI", west_pc)
    e = child(date(2012, 12, 12))
    f = child(date(2014, 4, 4))
    g = child(date(2017, 7, 7))
    h = child(date(2022, 2, 2), "WBRI", west_pc)
    ref: dict[str, Any] = {"opened_by": csw}
    referral(b, date(2025, 12, 1), "6", norwich, closed=date(2026, 3, 1), **ref)  # r0
    referral(c, date(2025, 1, 1), "3A", west, closed=date(2025, 2, 1), **ref)  # C's old one
    referral(d, date(2025, 10, 30), "6", west, closed=date(2025, 11, 30), **ref)  # rD
    r1 = referral(a, date(2026, 8, 4), "2A", norwich, worker=w1,
                  allocated=london(2026, 8, 5, 9), seen_due=date(2026, 8, 11), **ref)  # fmt: skip
    r2 = referral(b, date(2026, 8, 10), "6", norwich, re=True, worker=w1,
                  allocated=london(2026, 8, 11, 9), seen_due=date(2026, 8, 17), **ref)  # fmt: skip
    r3 = referral(c, date(2026, 9, 1), "3A", west, worker=w2,
                  allocated=london(2026, 10, 26, 9), seen_due=date(2026, 9, 8), **ref)  # fmt: skip
    referral(
        h,
        date(2026, 10, 7),
        "2A",
        west,
        worker=w2,
        allocated=london(2026, 10, 8, 9),
        seen_due=date(2026, 10, 14),
        **ref,
    )  # r5 fmt: skip
    r4 = referral(d, date(2026, 10, 25), "6", west, re=True, seen_due=date(2026, 11, 1), **ref)
    rp = referral(e, date(2026, 6, 15), "2A", norwich, worker=w1, allocated=london(2026, 6, 16, 9),
                  closed=date(2026, 10, 1), seen_due=date(2026, 6, 22), **ref)  # fmt: skip
    referral(f, date(2025, 9, 1), "2A", norwich, worker=w1, closed=date(2025, 12, 1), **ref)
    referral(g, date(2025, 9, 2), "2A", norwich, worker=w1, allocated=london(2025, 9, 5, 9), **ref)

    # --- assessments -----------------------------------------------------------------------
    assessment(r1, date(2026, 8, 5), date(2026, 10, 7), w1, authorised=date(2026, 9, 30),
               outcome="cin_plan", support=True, seen=date(2026, 8, 6))  # fmt: skip
    assessment(r2, date(2026, 8, 11), date(2026, 10, 13), w1, authorised=date(2026, 10, 20),
               outcome="nfa", support=False, seen=date(2026, 8, 20))  # fmt: skip
    assessment(r3, date(2026, 9, 2), date(2026, 11, 4), w2, authorised=date(2026, 10, 26),
               outcome="nfa", support=False, seen=date(2026, 9, 3))  # fmt: skip
    assessment(rp, date(2026, 6, 16), date(2026, 8, 17), w1, authorised=date(2026, 8, 10),
               outcome="nfa", support=False, seen=date(2026, 6, 17))  # fmt: skip
    assessment(r4, date(2026, 10, 25), date(2026, 12, 29), w2)

    # --- strategy discussions, section 47s, conferences ---------------------------------------
    for person, r, held, due, conf in (
        (b, r2, london(2026, 8, 12, 10), date(2026, 9, 3), date(2026, 9, 3)),
        (c, r3, london(2026, 9, 3, 10), date(2026, 9, 24), date(2026, 9, 25)),
        (e, rp, london(2026, 7, 1, 10), date(2026, 7, 22), date(2026, 7, 20)),
    ):
        sd = StrategyDiscussion.objects.create(
            held_at=held, chair=w1, information_shared="Shared.", next_steps="S47.",
            recorded_by=w1, recorded_at=held,
        )  # fmt: skip
        sc = StrategyChild.objects.create(
            discussion=sd, person=person, referral=r, start_section_47=True, rationale="Harm."
        )
        s47 = Section47.objects.create(
            person=person, referral=r, strategy_child=sc, started_on=held.date(),
            conference_due_on=due,
        )  # fmt: skip
        Conference.objects.create(
            section47=s47, held_on=conf, outcome="cp_plan", chair="Chair", recorded_by=w1,
            recorded_at=held,
        )  # fmt: skip

    # --- MASH ------------------------------------------------------------------------------
    def enquiry(person: Person, opened: datetime, rag: str) -> MashEnquiry:
        return MashEnquiry.objects.create(
            person=person, rag=rag, rated_at=opened, due_at=opened, opened_by=csw,
            opened_at=opened,
        )  # fmt: skip

    def check(e: MashEnquiry, agency: str, due: datetime, answered: datetime | None) -> None:
        AgencyCheck.objects.create(
            enquiry=e, agency=agency, question="Known?", requested_by=csw,
            requested_at=e.opened_at, due_at=due, answered_at=answered,
        )  # fmt: skip

    m1 = enquiry(lc, london(2026, 8, 12, 16, 5), "red")
    m2 = enquiry(j, london(2026, 8, 20, 9, 0), "amber")
    enquiry(i, london(2026, 7, 1, 9, 0), "green")
    check(m1, "police", london(2026, 8, 13, 12), london(2026, 8, 13, 11))
    check(m1, "health_gp", london(2026, 8, 13, 12), london(2026, 8, 14, 9))
    check(m2, "education", london(2026, 8, 21, 10), None)
    check(m2, "police", london(2026, 10, 27, 10), None)

    # --- early help ------------------------------------------------------------------------
    for person, opened, advisor in ((j, date(2026, 8, 10), pa1), (a, date(2026, 8, 12), pa1),
                                    (lc, date(2026, 9, 1), pa2)):  # fmt: skip
        EarlyHelpEpisode.objects.create(
            person=person, opened_on=opened, advisor=advisor, allocation_due_on=opened,
            assessment_due_on=opened, opened_by=csw,
        )  # fmt: skip
    return Dataset(norwich, west, cads, w1, w2, pa1, pa2)
