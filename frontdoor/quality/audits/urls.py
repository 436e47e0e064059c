from django.urls import path

from frontdoor.quality.audits import views

urlpatterns = [
    path("audits/", views.audit_sample, name="audit_sample"),
    path("audits/mine/", views.my_audits, name="my_audits"),
    path("audits/decisions/<id:decision_id>/", views.audit_decision, name="audit_decision"),
    path(
        "audits/assessments/<id:assessment_id>/",
        views.audit_assessment,
        name="audit_assessment",
    ),
    path("audits/<id:audit_id>/", views.audit_detail, name="audit"),
    path("audits/learning/<id:action_id>/", views.learning_action, name="learning_action"),
]
