"""Settings shared by every environment. DATABASE_URL chooses the database."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from frontdoor.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = "override-me-outside-development"
DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "frontdoor.core.admin_apps.FrontdoorAdminConfig",  # django.contrib.admin, locked down
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "frontdoor.core",
    "frontdoor.accounts",
    "frontdoor.people",
    "frontdoor.contacts",
    "frontdoor.casework",
    "frontdoor.safeguarding",
    "frontdoor.quality",
    "frontdoor.demo",
    "frontdoor.returns",
    "frontdoor.insights",
    "frontdoor.staff",
]

MIDDLEWARE = [
    "frontdoor.core.logs.RequestLog",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "frontdoor.core.middleware.RequestOrigin",
    "frontdoor.core.middleware.NoStore",
    "frontdoor.core.middleware.NoNulCharacters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "frontdoor.accounts.middleware.SessionIdleTimeout",
    "frontdoor.core.middleware.LoginRequiredEverywhere",
    "frontdoor.accounts.middleware.TwoFactorRequired",
    # Last, as django-axes asks: it turns a lockout flagged during sign-in into the page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontdoor.core.context_processors.navigation",
                "frontdoor.core.context_processors.print_version",
                "frontdoor.accounts.context_processors.session_timeout",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # a kept connection the database dropped (a restart) is replaced, not used
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write at once: write-ahead logging lets readers
    # carry on, IMMEDIATE transactions queue writers (waiting up to 20 s) instead of failing
    # with "database is locked" when a read transaction tries to become a write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while the username and address are locked out (django-axes).
    "frontdoor.accounts.signin.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The council's single sign-on (OpenID Connect); does nothing unless configured.
    "frontdoor.accounts.sso.CouncilSignOnBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# The NCSC's password guidance: long passwords, no list of rules about characters, refuse the
# common ones and ones like the user's own name.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day, and once
DEFAULT_FROM_EMAIL = "frontdoor@localhost"

# --- sign-in: lockout, two-factor, sessions ---------------------------------------------------
# django-axes: 5 wrong passwords for one username from one address within 15 minutes lock
# that pair out for 15 minutes after the last of them; tries while locked out do not
# lengthen it. Addresses are read as the audit log reads them (FRONTDOOR_TRUSTED_PROXIES).
AXES_ENABLED = True
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "frontdoor.accounts.signin.client_address"
AXES_WHITELIST_CALLABLE = "frontdoor.accounts.signin.not_a_password_sign_in"
AXES_LOCKOUT_CALLABLE = "frontdoor.accounts.signin.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# django-otp: each wrong code doubles the wait before the next is tried (1 s, 2 s, 4 s ...).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_TOTP_ISSUER = "Frontdoor"
# Two-factor sign-in (an authenticator app, with recovery codes) for every user. On in
# production (prod.py); off in development and tests so the demo signs in with a password.
FRONTDOOR_REQUIRE_MFA = False
# Sessions: signed out after this many minutes without a request, and after
# SESSION_COOKIE_AGE whatever happens; the page warns FRONTDOOR_SESSION_WARNING_SECONDS before.
FRONTDOOR_SESSION_IDLE_MINUTES: float = 30
FRONTDOOR_SESSION_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Single sign-on with the council's identity provider (OpenID Connect, mozilla-django-oidc).
# On when the client id and secret are set with either FRONTDOOR_OIDC_ISSUER (endpoints read
# from its discovery document at start-up) or the four OIDC_OP_*_ENDPOINT variables. People
# are matched to Frontdoor users by the FRONTDOOR_OIDC_MATCH_CLAIM claim against their email
# address; nobody is created.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
FRONTDOOR_OIDC_ISSUER = os.environ.get("FRONTDOOR_OIDC_ISSUER", "")
if FRONTDOOR_OIDC_ISSUER and OIDC_RP_CLIENT_ID:
    from frontdoor.accounts.sso_discovery import discover

    (
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT,
    ) = discover(FRONTDOOR_OIDC_ISSUER)
FRONTDOOR_OIDC_ENABLED = bool(
    OIDC_RP_CLIENT_ID
    and OIDC_RP_CLIENT_SECRET
    and OIDC_OP_AUTHORIZATION_ENDPOINT
    and OIDC_OP_TOKEN_ENDPOINT
    and OIDC_OP_JWKS_ENDPOINT
)
FRONTDOOR_OIDC_MATCH_CLAIM = os.environ.get("FRONTDOOR_OIDC_MATCH_CLAIM", "email")
# True when the identity provider itself asks for a second factor: a single sign-on then
# counts as two-factor in Frontdoor too.
FRONTDOOR_OIDC_MFA_AT_PROVIDER = os.environ.get("FRONTDOOR_OIDC_MFA_AT_PROVIDER", "") == "true"
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = False
LOGIN_REDIRECT_URL_FAILURE = "/accounts/sso/refused/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A strict Content Security Policy (django-csp) everywhere, development and tests included, so
# the browser tests run under it: scripts, styles, images and fonts only from Frontdoor itself,
# no inline script or style attribute (templates/ is checked for them by a test), no frames,
# forms posting only back to Frontdoor.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    },
}

# One JSON object a line on standard error, with the request's id; no personal data (core/logs.py).
LOGGING = logging_config(json=True)

CSRF_FAILURE_VIEW = "frontdoor.core.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Background work (django-tasks, the backport of Django 6's django.tasks): queued in the
# database, run by `frontdoor db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Frontdoor's own configuration: council practice, not national rules -------------------
# The key of the audit log's hash chain (HMAC-SHA256). Production reads it from the
# environment; changing it makes every older row fail `frontdoor audit verify`.
FRONTDOOR_AUDIT_KEY = "development-audit-chain-key"
# Who may read a child's records (people/access.py): how long a team keeps access after its
# work with the child closes, how long the front door keeps the intake view of a contact
# after its decision, how long a break-the-glass opening lasts, and how often a restricted
# record's restriction is reviewed.
FRONTDOOR_ACCESS = {
    "after_closure_days": 90,
    "front_door_days": 30,
    "break_glass_minutes": 60,
    "restricted_review_days": 90,
}
# How many reverse proxies in front of the service add to X-Forwarded-For (0: trust none and
# record REMOTE_ADDR as the client's address).
FRONTDOOR_TRUSTED_PROXIES = 0
FRONTDOOR_COUNCIL_NAME = "Northshire County Council"
FRONTDOOR_LA_CODE = "845"  # the DfE's three-digit LA code, for the CIN census header
FRONTDOOR_WORKING_DAY_START = "09:00"
FRONTDOOR_WORKING_DAY_END = "17:00"
# Hours left on the decision clock below which a tray item turns amber.
FRONTDOOR_AMBER_HOURS = 4
# When the front door takes calls (the seed review's 8am to 8pm), on working days; outside
# them the emergency duty team takes an immediate concern.
FRONTDOOR_OPENING_HOURS = ("08:00", "20:00")
# An immediate concern is decided within this many minutes of receipt.
FRONTDOOR_IMMEDIATE_DECISION_MINUTES = 60
# Level-of-need scale (code, label), lowest first.
FRONTDOOR_NEED_LEVELS = [
    ("universal", "Universal: needs met by universal services"),
    ("early_help", "Early help: additional needs"),
    ("targeted", "Targeted: complex needs"),
    ("specialist", "Specialist: acute needs or child protection"),
]
# Decision outcomes that wait for a team manager's authorisation.
FRONTDOOR_OUTCOMES_NEEDING_AUTHORISATION = ["strategy_discussion"]
# A "no further action" outcome for a child referred within this many months also needs one.
FRONTDOOR_NFA_AFTER_REFERRAL_MONTHS = 12
# How many days a referrer's link to the partner feedback survey stays open (quality.survey).
FRONTDOOR_SURVEY_DAYS = 28
# Closing a referral or stepping down to early help waits for a manager's authorisation: for
# the CIN census closure reasons under "close", and for every step down when "step_down" is
# True. All of them by default: Ofsted tied the council's high re-referral rate to cases
# "closed or stepped down too soon", and which endings are safe to leave to one pair of eyes
# is the council's call, made knowingly (taking out, say, RC2 the child died, or RC5 moved to
# another authority), not the product's. Read by casework/closures/services.py.
FRONTDOOR_SIGN_OFF_NEEDED: dict[str, object] = {
    "close": ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"],
    "step_down": True,
}

# Casework clocks, each counted from its start in working days (weekends, England bank
# holidays and local closure days skipped). National timescales are marked [S]; the others
# are this council's practice and differ between councils.
FRONTDOOR_CLOCKS = {
    "assessment_working_days": 45,  # [S] referral to assessment authorised (CIN rule 8670Q)
    "child_seen_working_days": 5,  # referral to child seen
    "child_seen_urgent_working_days": 1,  # ... when the contact said the child may be at risk now
    "allocation_working_days": 1,  # referral reaching the locality team to a named worker
    "risk_review_working_days": 5,  # an unallocated case's risk is reviewed at least this often
    "authorisation_working_days": 5,  # assessment submitted to authorised by a manager
    "cin_plan_review_working_days": 30,  # between child in need plan reviews
    "early_help_allocation_working_days": 5,  # early help decision to a pathway advisor
    "early_help_assessment_working_days": 30,  # early help episode opened to assessment done
    "early_help_review_working_days": 30,  # between early help plan reviews
    "conference_working_days": 15,  # [S] strategy discussion to initial conference (8675Q)
    "strategy_discussion_working_days": 1,  # decision to hold one, to holding it
    "cp_visit_working_days": 10,  # between statutory visits to a child on a plan
    "cp_first_review_months": 3,  # [S] initial conference to first review conference
    "cp_review_months": 6,  # [S] between later review conferences
}
# MASH checks: working hours from the rating to the answers, by red / amber / green.
FRONTDOOR_MASH_RAG_HOURS = {"red": 4, "amber": 24, "green": 72}
# Working days left at which a casework tray item turns from green to amber.
FRONTDOOR_AMBER_WORKING_DAYS = 2
# The service review's default change date ("YYYY-MM-DD"); None: the demo data's recorded go-live.
FRONTDOOR_GO_LIVE: str | None = None
# Children living in the council area (a synthetic round figure), for rates per 10,000.
FRONTDOOR_CHILD_POPULATION = 180_000

# The weekly case review's sample of the week before's decisions (quality/case_review/
# sampling.py): each rule on or off and its number; and the share of the other decisions
# drawn at random (seeded by the week, so drawing again gives the same cases).
FRONTDOOR_CASE_REVIEW_RULES = {
    "strategy_discussion": {"enabled": True},  # every strategy discussion, immediate protection
    "nfa_after_referral": {"enabled": True, "months": 12},  # no further action after a referral
    "police_nfa": {"enabled": True},  # a police contact that did not meet the threshold
    "repeat_contacts": {"enabled": True, "count": 3, "months": 12},  # count contacts in months
    "level_outcome_disagree": {"enabled": True},  # outcome not among its level's (descriptors)
    "locality_feedback": {"enabled": True},  # locality said: not for us, or too late (15.5)
}
FRONTDOOR_CASE_REVIEW_RANDOM_SHARE = 0.10

# Professional disagreements with a decision (quality/disagreements): the stages a disagreement
# escalates through, in order, each with the role that records its outcome ("team_manager":
# a team manager of the decider's team; any other role: anyone holding it) and the working
# days it has, counted from the day the stage began. The last stage can only resolve.
FRONTDOOR_DISAGREEMENT_STAGES = [
    {"key": "team_manager", "label": "Team manager", "role": "team_manager", "working_days": 2},
    {
        "key": "head_of_service",
        "label": "Head of service",
        "role": "head_of_service",
        "working_days": 5,
    },
]
