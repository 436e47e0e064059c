"""Safeguarding at the front door and after it: MASH enquiries with partner agency checks,
strategy discussions, section 47 enquiries, child protection conferences and plans, and
immediate protection.

Each aggregate keeps its models in its own package; Django finds an app's models here."""

from frontdoor.safeguarding.mash.models import (
    AgencyCheck,
    CheckAgency,
    MashConsent,
    MashEnquiry,
    Rag,
    RagChange,
    answering_agency,
)
from frontdoor.safeguarding.protection.models import (
    AbuseCategory,
    CpPlan,
    CpReview,
    CpVisit,
    ImmediateProtection,
    ProtectionKind,
)
from frontdoor.safeguarding.section47.models import (
    Conference,
    ConferenceOutcome,
    Section47,
    Section47Outcome,
)
from frontdoor.safeguarding.strategy.models import (
    REQUIRED_AGENCIES,
    ExpectedAgency,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
    StrategyDiscussion,
)

__all__ = [
    "AbuseCategory",
    "AgencyCheck",
    "CheckAgency",
    "Conference",
    "ConferenceOutcome",
    "CpPlan",
    "CpReview",
    "CpVisit",
    "ExpectedAgency",
    "ImmediateProtection",
    "MashConsent",
    "MashEnquiry",
    "ProtectionKind",
    "REQUIRED_AGENCIES",
    "Rag",
    "RagChange",
    "Section47",
    "Section47Outcome",
    "StrategyAction",
    "StrategyAttendance",
    "StrategyChild",
    "StrategyDiscussion",
    "answering_agency",
]
