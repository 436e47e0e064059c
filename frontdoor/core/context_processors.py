from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from .view_helpers import is_print_version

NAVIGATION = [
    ("Work tray", "home", None),
    ("Record a contact", "contacts:start", "contacts.record_contact"),
    ("Find a person", "people:search", "people.view_person"),
    ("Early help queue", "casework:early_help_queue", "casework.view_early_help_queue"),
    ("Unallocated cases", "casework:unallocated", "casework.allocate_referral"),
    ("MASH enquiries", "safeguarding:mash_list", "safeguarding.view_mash"),
    ("Agency checks", "safeguarding:partner_checks", "safeguarding.view_partner_checks"),
    ("Possible duplicates", "people:duplicates", "people.review_duplicates"),
    ("Quality", "quality:home", "quality.view_quality"),
    ("Dashboard", "insights:dashboard", "insights.view_dashboard"),
    ("Statutory returns", "returns:index", "returns.view_returns"),
    ("Opened with a reason", "people:break_glass_report", "people.view_break_glass_report"),
    ("Restricted records", "people:restrictions", "people.restrict_person"),
    ("Audit log", "audit_log", "accounts.view_audit_log"),
    ("Staff", "staff:home", "staff.manage_users"),
    ("Locked sign-ins", "signin_lockouts", "accounts.unlock_signin"),
]


def print_version(request: HttpRequest) -> dict[str, object]:
    """On a page asked for as `?print=1`: its forms and buttons hidden (see app.css), and who
    printed it when, for the print header (core/_print.html)."""
    if not is_print_version(request):
        return {"printable": False}
    return {"printable": True, "printed_at": timezone.localtime()}


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        url = reverse(url_name)
        items.append({"label": label, "url": url, "active": request.path == url})
    return {"nav_items": items}
