"""What happens after the front door's decision: referrals (child in need episodes),
allocation, assessments, plans, early help, closure sign-off, management oversight, and the
clocks on each.

Each aggregate keeps its models in its own package; Django finds an app's models here."""

from frontdoor.casework.assessments.models import Assessment, AssessmentOutcome
from frontdoor.casework.closures.models import ClosureRequest
from frontdoor.casework.early_help.models import EarlyHelpClosure, EarlyHelpEpisode
from frontdoor.casework.oversight.models import OverdueItem, Oversight
from frontdoor.casework.plans.models import CinPlan, PlanReview
from frontdoor.casework.referrals.models import Allocation, Referral, ReferralContact, RiskReview
from frontdoor.casework.transitions.models import Step

__all__ = [
    "Allocation",
    "Assessment",
    "AssessmentOutcome",
    "CinPlan",
    "ClosureRequest",
    "EarlyHelpClosure",
    "EarlyHelpEpisode",
    "OverdueItem",
    "Oversight",
    "PlanReview",
    "Referral",
    "ReferralContact",
    "RiskReview",
    "Step",
]
