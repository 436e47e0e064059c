"""Django's admin as Frontdoor's own site (`core/admin.py` says what is in it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class FrontdoorAdminSite(admin.AdminSite):
    """For active system administrators only, whatever flags a user row carries."""

    site_header = "Frontdoor administration"
    site_title = "Frontdoor administration"

    def has_permission(self, request: HttpRequest) -> bool:
        # The user model (accounts, above core) says what a system administrator is.
        user: Any = request.user
        return bool(
            user.is_active and user.is_staff and getattr(user, "is_system_administrator", False)
        )


class FrontdoorAdminConfig(AdminConfig):
    default_site = "frontdoor.core.admin_apps.FrontdoorAdminSite"
