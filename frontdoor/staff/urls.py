from django.urls import URLPattern, path

from . import views

app_name = "staff"

urlpatterns: list[URLPattern] = [
    path("", views.staff_home, name="home"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<id:user_id>/", views.user_edit, name="user"),
    path("role-requests/", views.role_requests, name="role_requests"),
    path("flags/<id:flag_id>/done/", views.flag_resolve, name="flag_resolve"),
    path("teams/", views.teams, name="teams"),
    path("teams/new/", views.team_edit, name="team_new"),
    path("teams/<id:team_id>/", views.team_edit, name="team"),
    path("recertify/<id:team_id>/", views.recertify, name="recertify"),
]
