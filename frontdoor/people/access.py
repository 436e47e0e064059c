"""Who may read a child's records: the one access model every view, selector, search,
export and tray asks.

What a user may read about a person is a set of scopes:
- IDENTITY: who the person is (names, dates, addresses, identifiers, family) and what work
  is open and who holds it: enough to find them and know whom to call;
- INTAKE: the front door's contacts about them: what was said and what was decided;
- RETURNS: the statutory facts of their casework (dates, codes, outcomes), not its narrative;
- CASE: the whole file, narrative included (assessments, oversight, strategy discussions,
  section 47 enquiries, plans, the chronology). CASE includes every other scope.

They come from three places:
1. The role's base: staff who work with children read IDENTITY of anyone (the front door
   must find any child); performance analysts read RETURNS of anyone (the census needs it);
   a head of service, at the top of every manager chain, reads everything.
2. A legitimate relationship: apps above this one register a `HolderProvider` that says who
   holds work with each person: a worker, a team (its manager included), or every team of a
   kind (the front door), with the scope the work gives and until when. Contacts give the
   front door INTAKE while open and for `front_door_days`; a referral, early help episode or
   MASH enquiry gives its worker and team CASE while open and for `after_closure_days`.
   What a role may have is capped: contact centre and business support never get more than
   IDENTITY and INTAKE, analysts IDENTITY and RETURNS, partners and administrators nothing.
3. Breaking the glass: any other member of staff may give a reason and read the whole file
   for `break_glass_minutes`; it is audited and the holding team's manager sees it.

A restricted record (`Restriction`) is open only to its named users, whatever else holds;
to everybody else it shows that it exists and whom to ask, and the glass cannot be broken.
MASH partners see only their agency's checks (safeguarding's own rule), never a record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from frontdoor.accounts.models import Role, Team
from frontdoor.core.audit import audit_view
from frontdoor.core.view_helpers import is_print_version

from .models import BreakGlass, Person, Restriction


class Scope(StrEnum):
    IDENTITY = "identity"
    INTAKE = "intake"
    RETURNS = "returns"
    CASE = "case"


EVERYTHING = frozenset(Scope)
# A statutory record's page (referral, assessment, section 47, plan) opens to the whole record,
# or, for performance analysts, to what the statutory returns need, the narrative left out.
CASE_OR_RETURNS = (Scope.CASE, Scope.RETURNS)
FRONT_DOOR_TEAMS = (Team.Kind.CADS, Team.Kind.MASH, Team.Kind.CONTACT_CENTRE)

# The most a role may read through relationships (break-the-glass aside).
CEILING: dict[str, frozenset[Scope]] = {
    Role.CSW: EVERYTHING,
    Role.LOCALITY_SOCIAL_WORKER: EVERYTHING,
    Role.PATHWAY_ADVISOR: EVERYTHING,
    Role.TEAM_MANAGER: EVERYTHING,
    Role.HEAD_OF_SERVICE: EVERYTHING,
    Role.CONTACT_CENTRE_OFFICER: frozenset({Scope.IDENTITY, Scope.INTAKE}),
    Role.BUSINESS_SUPPORT: frozenset({Scope.IDENTITY, Scope.INTAKE}),
    Role.PERFORMANCE_ANALYST: frozenset({Scope.IDENTITY, Scope.RETURNS}),
}
# What a role reads of anyone, with no relationship.
BASE: dict[str, frozenset[Scope]] = {role: frozenset({Scope.IDENTITY}) for role in CEILING} | {
    Role.PERFORMANCE_ANALYST: frozenset({Scope.IDENTITY, Scope.RETURNS}),
    Role.HEAD_OF_SERVICE: EVERYTHING,
}


def access_setting(name: str) -> int:
    return int(settings.FRONTDOOR_ACCESS[name])


def held_since() -> datetime:
    """Work closed on or after this moment still counts as held (`after_closure_days`)."""
    return timezone.now() - timedelta(days=access_setting("after_closure_days"))


def held_since_day() -> date:
    return timezone.localdate() - timedelta(days=access_setting("after_closure_days"))


def front_door_since() -> datetime:
    return timezone.now() - timedelta(days=access_setting("front_door_days"))


# --- who holds work with a person ------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """Somebody holding work with a person: a user, everyone in a team (its manager too), or
    everyone in teams of the given kinds (the front door)."""

    person_id: int
    scope: Scope
    reason: str  # "Allocated worker: referral R000012"
    user_id: int | None = None
    team_id: int | None = None
    team_kinds: tuple[str, ...] = ()

    def includes(self, user: Any) -> bool:
        if self.user_id is not None and self.user_id == user.pk:
            return True
        if self.team_id is not None and self.team_id == user.team_id:
            return True
        team = user.team if user.team_id else None
        return bool(self.team_kinds and team is not None and team.kind in self.team_kinds)


HolderProvider = Callable[[list[int]], Iterable[Holder]]
_providers: list[HolderProvider] = []


def register_holder_provider(provider: HolderProvider) -> HolderProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def holders_of(person_ids: Iterable[int]) -> dict[int, list[Holder]]:
    ids = list(person_ids)
    found: dict[int, list[Holder]] = defaultdict(list)
    if ids:
        for provider in _providers:
            for holder in provider(ids):
                found[holder.person_id].append(holder)
    return found


def _added_by(person_ids: list[int]) -> Iterable[Holder]:
    """Whoever added a person's record may put it right for `front_door_days` after."""
    rows = Person.objects.filter(
        pk__in=person_ids, created_by__isnull=False, created_at__gte=front_door_since()
    ).values_list("pk", "created_by_id")
    for pk, user_id in rows:
        yield Holder(pk, Scope.INTAKE, "You added this record", user_id=user_id)


register_holder_provider(_added_by)


def holding_team_ids(person_id: int) -> set[int]:
    """The teams that hold work with the person now (for whose manager sees what)."""
    return {h.team_id for h in holders_of([person_id])[person_id] if h.team_id is not None}


# --- what a user may read --------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    person_id: int
    scopes: frozenset[Scope]
    reasons: tuple[str, ...] = ()
    restricted: bool = False  # restricted, and this user is not named
    ask: tuple[str, ...] = ()  # whom to ask about a restricted record
    can_break_glass: bool = False
    glass_broken_until: datetime | None = None

    def allows(self, scope: Scope) -> bool:
        if Scope.CASE in self.scopes or scope in self.scopes:
            return True
        return scope == Scope.IDENTITY and bool(self.scopes & {Scope.INTAKE, Scope.RETURNS})

    @property
    def case(self) -> bool:
        return self.allows(Scope.CASE)


NO_ACCESS = frozenset[Scope]()


def _staff_role(user: Any) -> str:
    if not (user and user.is_authenticated and user.is_active):
        return ""
    return user.role if user.role in CEILING else ""


def _restrictions(person_ids: list[int]) -> dict[int, Restriction]:
    found = Restriction.objects.filter(person_id__in=person_ids, lifted_at__isnull=True)
    return {r.person_id: r for r in found.prefetch_related("named_users")}


def _glass_broken(user: Any, person_ids: list[int]) -> dict[int, datetime]:
    rows = BreakGlass.objects.filter(
        user_id=user.pk, person_id__in=person_ids, expires_at__gt=timezone.now()
    ).values_list("person_id", "expires_at")
    until: dict[int, datetime] = {}
    for person_id, expires_at in rows:
        until[person_id] = max(expires_at, until.get(person_id, expires_at))
    return until


def _named(user: Any) -> str:
    label = user.job_title or (Role(user.role).label if user.role in Role.values else "")
    return f"{user.get_full_name() or user.username} ({label})" if label else str(user)


def access_to(user: Any, person_ids: Iterable[int]) -> dict[int, Access]:
    """What `user` may read about each person, in a handful of queries for all of them."""
    ids = list(dict.fromkeys(person_ids))
    role = _staff_role(user)
    if not role or not ids:
        return {pk: Access(pk, NO_ACCESS) for pk in ids}
    # A record merged into another is read as the kept record is.
    kept = dict(
        Person.objects.filter(pk__in=ids, merged_into__isnull=False).values_list(
            "pk", "merged_into_id"
        )
    )
    every = ids + [pk for pk in kept.values() if pk not in ids]
    restrictions = _restrictions(every)
    glass = _glass_broken(user, every)
    holders = holders_of(every)
    result = {}
    for pk in ids:
        same = [pk, kept[pk]] if pk in kept else [pk]
        restriction = next((restrictions[i] for i in same if i in restrictions), None)
        if restriction is not None:
            result[pk] = _restricted_access(user, pk, restriction)
            continue
        mine = [h for i in same for h in holders.get(i, []) if h.includes(user)]
        scopes = set(BASE[role]) | ({h.scope for h in mine} & CEILING[role])
        reasons = [h.reason for h in mine]
        until = max((glass[i] for i in same if i in glass), default=None)
        if until is not None:
            scopes = set(EVERYTHING)
            reasons.append(f"Break the glass, until {timezone.localtime(until):%H:%M}")
        result[pk] = Access(
            pk,
            frozenset(scopes),
            tuple(dict.fromkeys(reasons)),
            can_break_glass=Scope.CASE not in scopes,
            glass_broken_until=until,
        )
    return result


def _restricted_access(user: Any, person_id: int, restriction: Restriction) -> Access:
    named = list(restriction.named_users.all())
    if any(u.pk == user.pk for u in named):
        return Access(person_id, EVERYTHING, ("Named on the restricted record",))
    return Access(
        person_id,
        NO_ACCESS,
        restricted=True,
        ask=tuple(_named(u) for u in named if u.is_active),
    )


def access_for(user: Any, person: Person | int) -> Access:
    pk = person if isinstance(person, int) else person.pk
    return access_to(user, [pk])[pk]


def readable_person_ids(user: Any, person_ids: Iterable[int], scope: Scope) -> set[int]:
    return {pk for pk, access in access_to(user, person_ids).items() if access.allows(scope)}


# --- refusing, and opening records in views --------------------------------------------------


class RecordRefused(PermissionDenied):
    """Raised by `open_record`; the 403 handler shows its page (`core.views.permission_denied`
    audits it first): the break-the-glass form when the user may break the glass, whom to ask
    for a restricted record, or plainly that the role does not allow it."""

    def __init__(self, access: Access, person: Person, next_url: str) -> None:
        super().__init__("Restricted record" if access.restricted else "No legitimate relationship")
        self.access = access
        self.person = person
        self.person_id = person.pk
        self.next_url = next_url

    def page(self, request: Any) -> Any:
        from django.shortcuts import render

        from .forms_access import BreakGlassForm

        return render(
            request,
            "people/refused.html",
            {
                "person": self.person,
                "access": self.access,
                "next": self.next_url,
                "form": BreakGlassForm(initial={"next": self.next_url}),
                "minutes": access_setting("break_glass_minutes"),
            },
            status=403,
        )


@dataclass
class Opened:
    """What `open_record` found: the access to each person the record is about."""

    accesses: dict[int, Access]
    scope: Scope
    people: list[Person] = field(default_factory=list)

    @property
    def case(self) -> bool:
        """Whether the user reads the whole record (not only what the returns need)."""
        return any(a.case for a in self.accesses.values())


def _people(people: Iterable[Person | int]) -> list[Person]:
    items = list(people)
    ids = [p for p in items if isinstance(p, int)]
    loaded = {p.pk: p for p in Person.objects.filter(pk__in=ids)} if ids else {}
    return [
        loaded[p] if isinstance(p, int) else p
        for p in items
        if not isinstance(p, int) or p in loaded
    ]


def open_record(
    request: Any,
    *,
    people: Iterable[Person | int],
    scope: Scope | Iterable[Scope],
    obj: Any,
    summary: str = "",
    audit: bool = True,
) -> Opened:
    """Let the user read `obj`, a record about `people`, if they may read it at `scope` (or
    at any of several scopes) for at least one of them; audit the read once for each such
    person. Otherwise raise `RecordRefused`. POSTs are audited by the service that writes,
    so views pass `audit=False` for them. `?full=1` asks for the whole record (CASE): a page
    that shows less to a role links there, so the user can give a reason for the rest."""
    wanted = [scope] if isinstance(scope, Scope) else list(scope)
    if request.GET.get("full") == "1":  # "open the whole record": the narrative, or a reason
        wanted = [Scope.CASE]
    persons = _people(people)
    accesses = access_to(request.user, [p.pk for p in persons])
    allowed = {pk: a for pk, a in accesses.items() if any(a.allows(s) for s in wanted)}
    if not allowed:
        refused = persons[0] if persons else None
        if refused is None:
            raise PermissionDenied("The record is about nobody the user may read")
        raise RecordRefused(accesses[refused.pk], refused, request.get_full_path())
    if audit:
        if is_print_version(request):  # a printed record leaves the system
            summary = f"{summary} (printed)" if summary else "Printed"
        for pk in allowed:
            audit_view(actor=request.user, obj=obj, summary=summary, person=pk)
    best = next((s for s in wanted if any(a.allows(s) for a in allowed.values())), wanted[0])
    return Opened(allowed, best, [p for p in persons if p.pk in allowed])


# --- restricted records in lists -------------------------------------------------------------


@dataclass(frozen=True)
class RestrictedRow:
    """What a list shows in place of a restricted record the user is not named on."""

    ask: tuple[str, ...]
    restricted: bool = True
    person: None = None


def restricted_for(user: Any, person_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The restricted records among `person_ids` that `user` is not named on, each with
    whom to ask."""
    hidden = {}
    for pk, restriction in _restrictions(list(set(person_ids))).items():
        access = _restricted_access(user, pk, restriction)
        if access.restricted:
            hidden[pk] = access.ask
    return hidden


def _person_id_of(item: Any) -> int:
    return item.pk if isinstance(item, Person) else item.person.pk


def shield_restricted(user: Any, items: Iterable[Any]) -> list[Any]:
    """`items` (people, or anything with a `.person`: search matches, relatives) with each
    restricted record the user is not named on replaced by a `RestrictedRow`: the list says
    a restricted record is there and whom to ask, nothing else."""
    rows = list(items)
    hidden = restricted_for(user, (_person_id_of(item) for item in rows))
    if not hidden:
        return rows
    return [
        RestrictedRow(hidden[_person_id_of(item)]) if _person_id_of(item) in hidden else item
        for item in rows
    ]
