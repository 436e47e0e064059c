from django.urls import path, re_path

from . import views

WEEK = r"(?P<week>\d{4}-\d{2}-\d{2})"

urlpatterns = [
    path("case-review/", views.case_review_this_week, name="case_review_this_week"),
    path("case-review/over-time/", views.case_review_over_time, name="case_review_over_time"),
    path("case-review/cases/<id:item_id>/", views.case_review_case, name="case_review_case"),
    path(
        "case-review/actions/<id:action_id>/", views.case_review_action, name="case_review_action"
    ),
    re_path(rf"^case-review/{WEEK}/$", views.case_review, name="case_review"),
    re_path(
        rf"^case-review/{WEEK}/minutes/$", views.case_review_minutes, name="case_review_minutes"
    ),
    re_path(
        rf"^case-review/{WEEK}/attendance/$",
        views.case_review_attendance,
        name="case_review_attendance",
    ),
    re_path(
        rf"^case-review/{WEEK}/attendance/partners/(?P<partner_id>[0-9]+)/remove/$",
        views.case_review_partner_remove,
        name="case_review_partner_remove",
    ),
]
