"""The quality loop's records. Each aggregate keeps its models in its own package; Django
finds an app's models here."""

from frontdoor.quality.audits.models import Audit, AuditItem, LearningAction
from frontdoor.quality.calls.models import CallItem, MonitoredCall
from frontdoor.quality.case_review.models import (
    CaseReviewAction,
    CaseReviewItem,
    CaseReviewMeeting,
    CaseReviewPartner,
    CaseReviewTheme,
)
from frontdoor.quality.disagreements.models import Disagreement, DisagreementStage
from frontdoor.quality.locality.models import LocalityFeedback
from frontdoor.quality.survey.models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)

__all__ = [
    "Audit",
    "AuditItem",
    "CallItem",
    "CaseReviewAction",
    "CaseReviewItem",
    "CaseReviewMeeting",
    "CaseReviewPartner",
    "CaseReviewTheme",
    "Disagreement",
    "DisagreementStage",
    "LearningAction",
    "LocalityFeedback",
    "MonitoredCall",
    "SurveyAnswer",
    "SurveyInvitation",
    "SurveyQuestion",
    "SurveyResponse",
]
