from django.contrib import admin
from django.urls import include, path

from frontdoor.casework import views as tray_views
from frontdoor.core import views as core_views

handler403 = "frontdoor.core.views.permission_denied"
handler500 = "frontdoor.core.unavailable.server_error"

urlpatterns = [
    path("", tray_views.home, name="home"),
    path("accounts/", include("frontdoor.accounts.urls")),
    path("contacts/", include("frontdoor.contacts.urls")),
    path("people/", include("frontdoor.people.urls")),
    path("casework/", include("frontdoor.casework.urls")),
    path("safeguarding/", include("frontdoor.safeguarding.urls")),
    path("quality/", include("frontdoor.quality.urls")),
    path("survey/", include("frontdoor.quality.survey.public_urls")),
    path("insights/", include("frontdoor.insights.urls")),
    path("returns/", include("frontdoor.returns.urls")),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("staff/", include("frontdoor.staff.urls")),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]
