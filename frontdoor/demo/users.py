"""Demo teams and users, one per role, all with the password "frontdoor-demo"."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db.models import Q

from frontdoor.accounts.models import Agency, Role, Team, User

from .phrases import LOCALITY_PLACES

DEMO_PASSWORD = "frontdoor-demo"

CADS = "CADS consultant social workers"
EARLY_HELP = "Early Help Family Focus"
MASH = "MASH"
CONTACT_CENTRE = "Customer contact centre"
BUSINESS_SUPPORT = "Business support"
PERFORMANCE = "Performance and intelligence"
SYSTEMS = "Systems"
LOCALITIES = ("Norwich", "Great Yarmouth", "King's Lynn", "Breckland", "North Norfolk")


# The postcode districts each locality team covers: referrals go to a team by the child's.
LOCALITY_DISTRICTS: dict[str, str] = {
    locality: " ".join(district for _, districts in places for district in districts)
    for locality, _, places in LOCALITY_PLACES
}


def locality_team_name(locality: str) -> str:
    return f"Locality assessment: {locality}"


@dataclass(frozen=True)
class TeamSpec:
    name: str
    kind: str
    locality: str = ""
    postcode_districts: str = ""


TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(CADS, Team.Kind.CADS),
    TeamSpec(EARLY_HELP, Team.Kind.EARLY_HELP),
    TeamSpec(MASH, Team.Kind.MASH),
    *(
        TeamSpec(locality_team_name(p), Team.Kind.LOCALITY, p, LOCALITY_DISTRICTS[p])
        for p in LOCALITIES
    ),
    TeamSpec(CONTACT_CENTRE, Team.Kind.CONTACT_CENTRE),
    TeamSpec(BUSINESS_SUPPORT, Team.Kind.BUSINESS_SUPPORT),
    TeamSpec(PERFORMANCE, Team.Kind.PERFORMANCE),
    TeamSpec(SYSTEMS, Team.Kind.SYSTEMS),
)


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    team: str
    swe_registration: str = ""
    agency: str = ""
    is_staff: bool = False
    job_title: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def role_label(self) -> str:
        """The role as the login table shows it, with the job title and locality if any."""
        label = self.job_title or Role(self.role).label
        if self.team.startswith(locality_team_name("")):
            label += f", {self.team.removeprefix(locality_team_name(''))}"
        return label


def _locality_staff(
    locality: str, prefix: str, manager: tuple[str, str, str], workers: list[tuple[str, ...]]
) -> tuple[UserSpec, ...]:
    """A locality team's manager and registered social workers (name, name, SWE number)."""
    team = locality_team_name(locality)
    return (
        UserSpec(f"{prefix}manager", *manager[:2], Role.TEAM_MANAGER, team, manager[2]),
        *(
            UserSpec(f"{prefix}sw{n}", first, last, Role.LOCALITY_SOCIAL_WORKER, team, swe)
            for n, (first, last, swe) in enumerate(workers, start=1)
        ),
    )


USERS: tuple[UserSpec, ...] = (
    UserSpec("csw1", "Amara", "Okafor", Role.CSW, CADS, "SW100001"),
    UserSpec("csw2", "Tom", "Fielding", Role.CSW, CADS, "SW100002"),
    UserSpec("csw3", "Grace", "Adeyemi", Role.CSW, CADS, "SW100003"),
    UserSpec("manager", "Priya", "Shah", Role.TEAM_MANAGER, CADS, "SW100010"),
    UserSpec("hos", "Helen", "Marsh", Role.HEAD_OF_SERVICE, CADS, "SW100020"),
    UserSpec("advisor", "Jo", "Baxter", Role.PATHWAY_ADVISOR, EARLY_HELP),
    UserSpec("contactcentre", "Sam", "Reid", Role.CONTACT_CENTRE_OFFICER, CONTACT_CENTRE),
    UserSpec("bsupport", "Lee", "Carter", Role.BUSINESS_SUPPORT, BUSINESS_SUPPORT),
    UserSpec("police", "Ruth", "Hale", Role.MASH_PARTNER, MASH, agency=Agency.POLICE),
    # The other MASH partners who answer checks, and the MASH team's manager, who concludes
    # enquiries that call for a strategy discussion.
    UserSpec("health", "Kate", "Morley", Role.MASH_PARTNER, MASH, agency=Agency.HEALTH),
    UserSpec("school", "Jenny", "Fox", Role.MASH_PARTNER, MASH, agency=Agency.EDUCATION),
    UserSpec("mashmanager", "Owen", "Bradley", Role.TEAM_MANAGER, MASH, "SW100050"),
    UserSpec(
        "locality",
        "Ben",
        "Oduya",
        Role.LOCALITY_SOCIAL_WORKER,
        locality_team_name("Norwich"),
        "SW100030",
    ),
    UserSpec("analyst", "Nina", "Patel", Role.PERFORMANCE_ANALYST, PERFORMANCE),
    UserSpec("admin", "Alex", "Morgan", Role.SYSTEM_ADMINISTRATOR, SYSTEMS, is_staff=True),
    # A second administrator: a change of role to head of service or administrator needs one.
    UserSpec("admin2", "Sol", "Brennan", Role.SYSTEM_ADMINISTRATOR, SYSTEMS, is_staff=True),
    # The Norwich locality team: a manager, three registered social workers (with
    # "locality") and a family support worker, who may not complete assessments.
    UserSpec(
        "lmanager", "Rachel", "Kemp", Role.TEAM_MANAGER, locality_team_name("Norwich"), "SW100040"
    ),
    UserSpec(
        "locality2",
        "Chloe",
        "Burrows",
        Role.LOCALITY_SOCIAL_WORKER,
        locality_team_name("Norwich"),
        "SW100031",
    ),
    UserSpec(
        "locality3",
        "Daniel",
        "Osei",
        Role.LOCALITY_SOCIAL_WORKER,
        locality_team_name("Norwich"),
        "SW100032",
    ),
    UserSpec(
        "familysupport",
        "Kerry",
        "Lambert",
        Role.LOCALITY_SOCIAL_WORKER,
        locality_team_name("Norwich"),
        job_title="Family support worker",
    ),
    UserSpec("advisor2", "Mo", "Hussain", Role.PATHWAY_ADVISOR, EARLY_HELP),
    # The other locality teams, so that every referral can be allocated and authorised.
    *_locality_staff(
        "Great Yarmouth",
        "gy",
        ("Claire", "Dunn", "SW100041"),
        [("Liam", "Turner", "SW100033"), ("Aisha", "Rahman", "SW100034")],
    ),
    *_locality_staff(
        "King's Lynn",
        "kl",
        ("Mark", "Ellis", "SW100042"),
        [("Sophie", "Grant", "SW100035"), ("Tunde", "Bello", "SW100036")],
    ),
    *_locality_staff(
        "Breckland",
        "br",
        ("Fiona", "Walsh", "SW100043"),
        [("Gareth", "Price", "SW100037"), ("Emma", "Clarke", "SW100038")],
    ),
    *_locality_staff(
        "North Norfolk",
        "nn",
        ("Paul", "Harding", "SW100044"),
        [("Megan", "Lloyd", "SW100039"), ("Ravi", "Mistry", "SW100045")],
    ),
)

# (username, full name, role label): the login table the demo command prints.
DEMO_USERS: tuple[tuple[str, str, str], ...] = tuple(
    (spec.username, spec.full_name, spec.role_label) for spec in USERS
)

# Django model permissions that let the system administrator use the Django admin.
# What the Django admin still offers (core/admin.py): the calendar's local closure days, and
# reading the audit log. Users and teams are managed through Frontdoor's own pages.
ADMIN_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("core", "add_localclosureday"),
    ("core", "change_localclosureday"),
    ("core", "delete_localclosureday"),
    ("core", "view_localclosureday"),
    ("core", "view_auditevent"),
    # the council's threshold descriptors beside the decision (no add or delete: one per level)
    ("contacts", "change_thresholddescriptor"),
    ("contacts", "view_thresholddescriptor"),
    # the weekly case review's themes
    ("quality", "add_casereviewtheme"),
    ("quality", "change_casereviewtheme"),
    ("quality", "view_casereviewtheme"),
    # the partner survey's questions (answers keep the wording they were asked in)
    ("quality", "add_surveyquestion"),
    ("quality", "change_surveyquestion"),
    ("quality", "view_surveyquestion"),
    # background tasks' results, failures and their tracebacks (read-only in the admin)
    ("django_tasks_database", "view_dbtaskresult"),
)


def ensure_demo_teams() -> dict[str, Team]:
    return {
        spec.name: Team.objects.update_or_create(
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "locality": spec.locality,
                "postcode_districts": spec.postcode_districts,
            },
        )[0]
        for spec in TEAMS
    }


def ensure_demo_users() -> dict[str, User]:
    """Create or refresh the demo teams and users; passwords are set only on creation."""
    teams = ensure_demo_teams()
    usernames = [spec.username for spec in USERS]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    # Password hashing is slow by design, so hash once and share it between new demo users.
    password = make_password(DEMO_PASSWORD) if len(existing) < len(USERS) else ""
    users = {}
    for spec in USERS:
        fields = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "role": spec.role,
            "team": teams[spec.team],
            "swe_registration": spec.swe_registration,
            "agency": spec.agency,
            "is_staff": spec.is_staff,
            "job_title": spec.job_title,
            "is_superuser": False,
            "is_active": True,
        }
        users[spec.username], _ = User.objects.update_or_create(
            username=spec.username,
            defaults=fields,
            create_defaults={**fields, "password": password},
        )
    for username in ("admin", "admin2"):
        grant_admin_permissions(users[username])
    return users


def grant_admin_permissions(user: User) -> None:
    wanted = Q()
    for app_label, codename in ADMIN_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    user.user_permissions.set(Permission.objects.filter(wanted))  # and nothing else
