"""The quality loop's records. Each aggregate keeps its models in its own package; Django
finds an app's models here."""

from .case_review.models import (
    CaseReviewAction,
    CaseReviewItem,
    CaseReviewMeeting,
    CaseReviewPartner,
    CaseReviewTheme,
)

__all__: list[str] = [
    "CaseReviewAction",
    "CaseReviewItem",
    "CaseReviewMeeting",
    "CaseReviewPartner",
    "CaseReviewTheme",
]
