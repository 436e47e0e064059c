"""Every URL the resolver lists x every role x GET and POST, against one table of who may.

The world is `permission_world.py`'s small council; each URL is asked about its records
(Ava's, unless the row says otherwise). An outcome is "ok" (the page, a redirect onwards, or
a form answering with its errors), "no" (403, or sent to sign in), "405" (the method is not
allowed) or "404"; a server error always fails. A URL missing from EXPECTED fails the suite:
whoever adds a page declares who may use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .permission_world import World, build_world

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anon",
    "csw",
    "cads_manager",
    "mash_manager",
    "hos",
    "advisor",
    "contact_centre",
    "business_support",
    "police",
    "nr_worker",
    "nr_manager",
    "br_worker",
    "analyst",
    "admin",
)


def only(*names: str) -> frozenset[str]:
    return frozenset(names)


EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {"anon"}
# Council staff who work with children's records: not partners, analysts or administrators.
STAFF = SIGNED_IN - {"police", "admin", "analyst"}
MANAGERS = frozenset({"cads_manager", "mash_manager", "nr_manager", "hos"})
# Ava's whole file: the CSW who ran her MASH enquiry and strategy discussion, the CADS manager
# who chaired it, the MASH (its manager), her allocated worker and the Norwich manager, and
# the head of service. Analysts read what the returns need of it.
AVA_CASE = frozenset({"csw", "cads_manager", "mash_manager", "nr_worker", "nr_manager", "hos"})
AVA_RETURNS = AVA_CASE | {"analyst"}
# Work on the Norwich referral: its allocated worker, the team's manager, head of service.
NORWICH_WORK = frozenset({"nr_worker", "nr_manager", "hos"})
NORWICH_MANAGER = frozenset({"nr_manager", "hos"})
# Ava's identity may be put right by whoever holds her (the front door's contact centre
# still holds her contact) and by analysts correcting what the census checks find.
AVA_IDENTITY_WRITERS = AVA_CASE | {"contact_centre", "analyst"}
CALL_TAKERS = STAFF - {"nr_worker", "br_worker"}
DECIDERS = MANAGERS | {"csw"}
DUPLICATE_REVIEWERS = MANAGERS | {"business_support"}
SOCIAL_WORKERS = MANAGERS | {"csw", "nr_worker", "br_worker"}
# Those who hold nothing of Ava and may give a reason to open her file.
MAY_BREAK_GLASS = frozenset(
    {"advisor", "contact_centre", "business_support", "br_worker", "analyst"}
)
RETURNS = frozenset({"hos", "analyst"})
INSIGHTS = MANAGERS | {"analyst", "admin"}
NOBODY: frozenset[str] = frozenset()
AUDITORS = MANAGERS | {"csw", "nr_worker", "br_worker"}
# Who reads what the front door was told about Ava and decided.
AVA_INTAKE = AVA_CASE | {"contact_centre"}
# Auditors who may read Ava's decision or assessment (through the access model).
AUDIT_READERS = AUDITORS & AVA_CASE
# The locality teams' social workers and manager (locality feedback on their referrals).
LOCALITY_STAFF = frozenset({"nr_worker", "nr_manager", "br_worker"})


NOT_ALLOWED = "405"
# url name: (GET, POST), each: the personas answered "ok" (everyone else "no"); NOT_ALLOWED
# when the method is refused to everybody signed in; or {outcome: personas} for the rest.
EXPECTED: dict[str, tuple[Any, Any]] = {
    "home": (SIGNED_IN, SIGNED_IN),
    "healthz": (EVERYONE, EVERYONE),  # for monitoring: says nothing about anyone
    "login": (EVERYONE, EVERYONE),
    "logout": (NOT_ALLOWED, NOBODY),  # signing out sends everyone to the sign-in page
    # sign-in upkeep (accounts): with two-factor off, as in tests, its pages open to anybody
    # signed in and send them on; the reset pages are for people who cannot sign in.
    "keep_alive": (SIGNED_IN, SIGNED_IN),
    "signin_lockouts": (only("admin"), only("admin")),
    "two_factor_verify": (SIGNED_IN, SIGNED_IN),
    "two_factor_setup": (SIGNED_IN, SIGNED_IN),
    "two_factor_recovery_codes": (SIGNED_IN, SIGNED_IN),
    "password_change": (SIGNED_IN, SIGNED_IN),
    "password_reset": (EVERYONE, EVERYONE),
    "password_reset_done": (EVERYONE, {"405": EVERYONE}),
    "password_reset_confirm": (EVERYONE, EVERYONE),  # a bad link: the page that says so
    "password_reset_complete": (EVERYONE, {"405": EVERYONE}),
    "sso_refused": (NOBODY, NOBODY),  # the single sign-on refusal page answers 403 to all
    # single sign-on is off in tests
    "oidc_authentication_init": ({"404": EVERYONE}, {"405": EVERYONE}),
    "oidc_authentication_callback": ({"404": EVERYONE}, {"405": EVERYONE}),
    "audit_log": (only("hos", "admin"), only("hos", "admin")),
    # contacts: Ava's contact is decided; editing it sends back to the contact.
    "contacts:start": (CALL_TAKERS, CALL_TAKERS),
    "contacts:create": (NOT_ALLOWED, CALL_TAKERS),
    "contacts:detail": (AVA_CASE | {"contact_centre"}, AVA_CASE | {"contact_centre"}),
    "contacts:edit": (STAFF, STAFF),
    "contacts:feedback": (NOT_ALLOWED, DECIDERS),
    "contacts:decide": (DECIDERS, DECIDERS),
    "contacts:authorise": (only("cads_manager", "hos"), only("cads_manager", "hos")),
    # people
    "people:search": (STAFF | {"analyst"}, STAFF | {"analyst"}),
    "people:create": (STAFF, STAFF),
    "people:detail": (STAFF | {"analyst"}, STAFF | {"analyst"}),
    "people:edit": (AVA_IDENTITY_WRITERS, AVA_IDENTITY_WRITERS),
    "people:name_add": (AVA_IDENTITY_WRITERS, AVA_IDENTITY_WRITERS),
    "people:move": (AVA_IDENTITY_WRITERS, AVA_IDENTITY_WRITERS),
    "people:relationship_add": (AVA_IDENTITY_WRITERS, AVA_IDENTITY_WRITERS),
    "people:duplicates": (DUPLICATE_REVIEWERS, NOT_ALLOWED),
    "people:duplicates_scan": (NOT_ALLOWED, DUPLICATE_REVIEWERS),
    "people:duplicate_review": (DUPLICATE_REVIEWERS, DUPLICATE_REVIEWERS),
    "people:merge_undo": (NOT_ALLOWED, DUPLICATE_REVIEWERS),
    "people:chronology": (AVA_CASE, AVA_CASE),
    "people:chronology_csv": (AVA_CASE, AVA_CASE),
    "people:significant_event_add": (AVA_CASE, AVA_CASE),
    "people:break_glass": (NOT_ALLOWED, MAY_BREAK_GLASS),
    "people:break_glass_report": (MANAGERS, MANAGERS),
    "people:restrict": (only("hos"), only("hos")),
    "people:restrictions": (only("hos"), only("hos")),
    "people:restriction_review": (only("hos"), only("hos")),
    "people:who_has_seen": (only("cads_manager", "nr_manager", "hos"),) * 2,
    "people:subject_access": (only("hos"), only("hos")),
    # casework: Ava's referral (Norwich), Ben's child in need plan, Cleo's early help.
    "casework:referral": (AVA_RETURNS, AVA_RETURNS),
    "casework:referral_team": (NORWICH_MANAGER, NORWICH_MANAGER),
    "casework:referral_allocate": (NORWICH_MANAGER, NORWICH_MANAGER),
    "casework:referral_risk_review": (NORWICH_MANAGER, NORWICH_MANAGER),
    "casework:referral_primary_need": (NORWICH_WORK, NORWICH_WORK),
    "casework:assessment_start": (NORWICH_WORK, NORWICH_WORK),
    "casework:cin_plan_start": (NORWICH_WORK, NORWICH_WORK),
    "casework:cin_plan_end": (NORWICH_WORK, NORWICH_WORK),
    "casework:cin_plan_review": (NORWICH_WORK, NORWICH_WORK),
    "casework:referral_close": (NORWICH_WORK, NORWICH_WORK),
    "casework:referral_step_down": (NORWICH_WORK, NORWICH_WORK),
    "casework:closure": (NORWICH_MANAGER, NORWICH_MANAGER),
    "casework:oversight_record": (NORWICH_MANAGER, NORWICH_MANAGER),
    "casework:assessment": (AVA_RETURNS, AVA_CASE),
    "casework:oversight": (AVA_CASE, NORWICH_MANAGER),
    "casework:unallocated": (MANAGERS, MANAGERS),
    # an empty post names no episode to act on
    "casework:early_help_queue": (MANAGERS | {"advisor"}, {"404": MANAGERS | {"advisor"}}),
    "casework:early_help": (only("advisor", "hos"), only("advisor", "hos")),
    # safeguarding
    "safeguarding:mash_list": (DECIDERS, DECIDERS),
    "safeguarding:mash": (DECIDERS, DECIDERS),
    "safeguarding:partner_checks": (only("police"), only("police")),
    # Ava's enquiry is concluded: its check is no longer open to the police either.
    "safeguarding:partner_check": ({"404": only("police")}, {"404": only("police")}),
    "safeguarding:strategy_new": (AVA_CASE, SOCIAL_WORKERS),
    "safeguarding:strategy": (AVA_CASE, AVA_CASE),
    "safeguarding:strategy_action_done": (NOT_ALLOWED, AVA_CASE),
    "safeguarding:section47": (AVA_RETURNS, NORWICH_WORK),
    "safeguarding:cp_plan": (AVA_RETURNS, NORWICH_WORK),
    "safeguarding:protection_new": (AVA_CASE, AVA_CASE),
    # insights and returns
    "insights:dashboard": (INSIGHTS, NOT_ALLOWED),
    "insights:review": (INSIGHTS, NOT_ALLOWED),
    "insights:staffing": (INSIGHTS, NOT_ALLOWED),
    "insights:measures": (INSIGHTS, NOT_ALLOWED),
    "returns:index": (RETURNS, NOT_ALLOWED),
    "returns:census_xml": (RETURNS, NOT_ALLOWED),
    "returns:findings_csv": (RETURNS, NOT_ALLOWED),
    "returns:annex_a": (RETURNS, NOT_ALLOWED),
    # no such file, and a file is only ever its requester's
    "returns:prepared": ({"404": RETURNS}, NOT_ALLOWED),
    "returns:prepared_download": ({"404": RETURNS}, NOT_ALLOWED),
    "returns:explain": (NOT_ALLOWED, RETURNS),
    # the head of service (asked first) withdraws the analyst's explanation; then it is gone
    "returns:withdraw": (NOT_ALLOWED, {"ok": only("hos"), "404": only("analyst")}),
    # the quality loop: the head of service audited the CSW's decision for Ava and set the CSW
    # a learning action; the CADS manager monitored the CSW's call about her.
    "quality:home": (STAFF | {"analyst"}, STAFF | {"analyst"}),
    # the case review of the week after Ava's contact: her decision, an action for the CSW
    "quality:case_review_this_week": (STAFF, MANAGERS),
    "quality:case_review_over_time": (STAFF, STAFF),
    "quality:case_review": (STAFF, STAFF),
    "quality:case_review_minutes": (STAFF, STAFF),
    "quality:case_review_attendance": (MANAGERS, MANAGERS),
    "quality:case_review_partner_remove": (NOT_ALLOWED, MANAGERS),
    # an empty post shows the case again; a finding or an action is a manager's
    "quality:case_review_case": (AVA_INTAKE, AVA_INTAKE),
    # whoever reads her intake reads the action; its owner or a manager marks it done
    "quality:case_review_action": (AVA_INTAKE, only("csw") | MANAGERS),
    "quality:audit_sample": (AUDITORS, AUDITORS),
    "quality:my_audits": (STAFF, STAFF),
    "quality:audit_decision": (AUDIT_READERS, AUDIT_READERS),
    "quality:audit_assessment": (AUDIT_READERS, AUDIT_READERS),
    "quality:audit": (AUDIT_READERS, AUDIT_READERS),
    # the worker, the auditor and the worker's team manager
    "quality:learning_action": (only("csw", "cads_manager", "hos"),) * 2,
    "quality:call_monitoring": (MANAGERS, MANAGERS),
    "quality:call_record": (MANAGERS, MANAGERS),
    "quality:my_call_feedback": (STAFF, STAFF),
    "quality:call": (only("csw", "cads_manager", "hos"), only("csw", "cads_manager", "hos")),
    "quality:survey_results": (MANAGERS | {"analyst"}, MANAGERS | {"analyst"}),
    # locality feedback: a locality team's social workers and manager list their referrals;
    # Ava's referral (with Norwich) opens to its team's worker and manager, whose her file is.
    "quality:locality_feedback": (LOCALITY_STAFF, LOCALITY_STAFF),
    "quality:locality_feedback_give": (only("nr_worker", "nr_manager"),) * 2,
    # professional disagreements: the Norwich worker disagrees with Ava's decision for the
    # police. Any practitioner raises one (the decision is found by a GET form); its page is
    # read through the access model; managers see the open ones and answer a stage (the
    # service refuses on the form those whose stage it is not).
    "quality:disagreements": (MANAGERS, MANAGERS),
    "quality:disagreement_raise": (STAFF, {"405": STAFF}),
    "quality:disagreement": (AVA_INTAKE, AVA_INTAKE & MANAGERS),
    # the referrer's survey needs no sign-in: a link that is not one finds nothing
    "survey:answer": ({"404": EVERYONE}, {"404": EVERYONE}),
    "survey:thanks": (EVERYONE, EVERYONE),
    # staff administration: system administrators only; recertifying, the team's manager
    "staff:home": (only("admin"), only("admin")),
    "staff:user_new": (only("admin"), only("admin")),
    "staff:user": (only("admin"), only("admin")),
    "staff:role_requests": (only("admin"), only("admin")),
    "staff:flag_resolve": (NOT_ALLOWED, {"404": only("admin")}),  # no such to-do
    "staff:teams": (only("admin"), only("admin")),
    "staff:team_new": (only("admin"), only("admin")),
    "staff:team": (only("admin"), only("admin")),
    "staff:recertify": (only("nr_manager"), only("nr_manager")),
}


# --- asking ----------------------------------------------------------------------------------

# Which record of the world each URL argument names.
ARGUMENTS = {
    "contact_id": "contact",
    "link_id": "link",
    "decision_id": "decision",
    "person_id": "ava",
    "candidate_id": "candidate",
    "merge_id": "merge",
    "restriction_id": "restriction",
    "referral_id": "referral",
    "assessment_id": "assessment",
    "closure_id": "closure",
    "oversight_id": "oversight",
    "episode_id": "episode",
    "enquiry_id": "enquiry",
    "check_id": "check",
    "discussion_id": "discussion",
    "action_id": "action",
    "section47_id": "section47",
    "explanation_id": "explanation",
    "user_id": "user",
    "team_id": "norwich_team",
    "audit_id": "audit",
    "call_id": "call",
    "item_id": "case_review_item",
    "partner_id": "case_review_partner",
    "disagreement_id": "disagreement",
}
# Where a URL's argument names another record than ARGUMENTS says.
# Query strings a page needs to know what it is about.
QUERIES = {
    "safeguarding:strategy_new": "person",
    "safeguarding:protection_new": "person",
}
# URL arguments that are not records: given as they are.
LITERALS: dict[str, dict[str, object]] = {
    "password_reset_confirm": {"uidb64": "MA", "token": "not-a-token"},
    "staff:flag_resolve": {"flag_id": 999999},
    "returns:prepared": {"file_id": 999999},
    "returns:prepared_download": {"file_id": 999999},
    "survey:answer": {"token": "not-a-token"},
    "quality:case_review": {"week": "2026-11-09"},
    "quality:case_review_minutes": {"week": "2026-11-09"},
    "quality:case_review_attendance": {"week": "2026-11-09"},
    "quality:case_review_partner_remove": {"week": "2026-11-09"},
}
OVERRIDES = {
    "casework:cin_plan_end": {"referral_id": "ben_referral", "plan_id": "cin_plan"},
    "casework:cin_plan_review": {"referral_id": "ben_referral", "plan_id": "cin_plan"},
    "safeguarding:cp_plan": {"plan_id": "cp_plan"},
    "quality:learning_action": {"action_id": "learning_action"},
    "quality:case_review_action": {"action_id": "case_review_action"},
}


def url_names() -> Iterator[tuple[str, Any]]:
    def walk(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, pattern

    yield from walk(get_resolver().url_patterns, None)


def url_for(name: str, pattern: URLPattern, world: World) -> str:
    arguments = {**ARGUMENTS, **OVERRIDES.get(name, {})}
    literals = LITERALS.get(name, {})
    kwargs = {
        key: literals[key] if key in literals else world.ids[arguments[key]]
        for key in pattern.pattern.regex.groupindex
    }
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{QUERIES[name]}={world.ids['ava']}" if name in QUERIES else url


def outcome(response: Any) -> str:
    status = response.status_code
    if status >= 500:
        return "500"
    if status == 403:
        return "no"
    location = response.get("Location", "") if status in (301, 302) else ""
    if "/login/" in location:
        return "no"
    if status in (404, 405):
        return str(status)
    return "ok"


def expected_outcome(audience: Any, persona: str) -> str:
    if audience == NOT_ALLOWED:
        return "no" if persona == "anon" else "405"
    if isinstance(audience, dict):
        return next((found for found, who in audience.items() if persona in who), "no")
    return "ok" if persona in audience else "no"


# --- the test ----------------------------------------------------------------------------------


def test_every_url_has_an_entry() -> None:
    names = {name for name, _ in url_names() if not name.startswith("admin:")}
    assert sorted(names - EXPECTED.keys()) == [], "declare who may use these URLs in EXPECTED"
    assert sorted(EXPECTED.keys() - names) == []


def test_who_may_use_every_url(monkeypatch: Any) -> None:
    world = build_world(monkeypatch)
    urls = [
        (name, url_for(name, pattern, world))
        for name, pattern in url_names()
        if not name.startswith("admin:")
    ]
    urls.sort(key=lambda item: item[0] == "logout")  # signing out last
    differences = []
    for persona in PERSONAS:
        client = Client()
        if persona != "anon":
            client.force_login(world.users[persona])
        for name, url in urls:
            get, post = EXPECTED.get(name, (NOBODY, NOBODY))
            for method, audience in (("GET", get), ("POST", post)):
                response = client.get(url) if method == "GET" else client.post(url, {})
                found = outcome(response)
                if found != expected_outcome(audience, persona):
                    differences.append((name, method, persona, found))
    assert differences == [], "\n".join(map(str, differences))
