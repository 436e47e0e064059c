"""Ofsted's Annex A template: the sheet names and column headers of every list, and the code
lists its values are written in (as in liiatools' sample workbook, copied here so nothing is
read from outside the project at run time).

Code lists follow Ofsted's (and liiatools'): the CIN census's newer codes with no Annex A
equivalent are mapped to the nearest older one (referral source 5D, early help, to
"o) 5B: LA services", other internal services), or written as the census has them (RC9).
Disability: yes for any code but NONE, no for NONE, unknown when nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence

from frontdoor.core.codes import ClosureReason, Ethnicity, PrimaryNeed, ReferralSource, Sex
from frontdoor.safeguarding.models import AbuseCategory

# Ofsted's sheet names and column headers, copied from the sample workbook.
HEADERS: dict[str, tuple[str, ...]] = {
    "List 1": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Date of Contact",
        "Contact Source",
    ),
    "List 2": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ),
    "List 3": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 4": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 5": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 6": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Does the Child have a Disability",
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 7": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers"
        " in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 8": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child"
        " within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been ‘Missing’ from their Placement"
        " in the last 12 months",
        "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 9": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age",
        "Does the Child have a Disability",
        "Allocated Team",
        "Allocated Worker",
        "Eligibility Category",
        "LA in Touch",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ),
    "List 10": (
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order ",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ),
    "List 11": (
        "Individual adopter identifier",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ),
}

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
UNALLOCATED = "Unallocated"

GENDER = {Sex.MALE: "a) Male", Sex.FEMALE: "b) Female", Sex.UNKNOWN: "c) Not stated/recorded"}
NOT_STATED = "c) Not stated/recorded"

# Ofsted's lettered list (REFU and NOBT share "s)" in the template and in liiatools).
ETHNICITY = {
    Ethnicity.WBRI: "a) WBRI",
    Ethnicity.WIRI: "b) WIRI",
    Ethnicity.WIRT: "c) WIRT",
    Ethnicity.WOTH: "d) WOTH",
    Ethnicity.WROM: "e) WROM",
    Ethnicity.MWBC: "f) MWBC",
    Ethnicity.MWBA: "g) MWBA",
    Ethnicity.MWAS: "h) MWAS",
    Ethnicity.MOTH: "i) MOTH",
    Ethnicity.AIND: "j) AIND",
    Ethnicity.APKN: "k) APKN",
    Ethnicity.ABAN: "l) ABAN",
    Ethnicity.AOTH: "m) AOTH",
    Ethnicity.BCRB: "n) BCRB",
    Ethnicity.BAFR: "o) BAFR",
    Ethnicity.BOTH: "p) BOTH",
    Ethnicity.CHNE: "q) CHNE",
    Ethnicity.OOTH: "r) OOTH",
    Ethnicity.REFU: "s) REFU",
    Ethnicity.NOBT: "s) NOBT",
}

SOURCE = {
    ReferralSource.FAMILY: "a) 1A: Individual",
    ReferralSource.ACQUAINTANCE: "b) 1B: Individual",
    ReferralSource.SELF: "c) 1C: Individual",
    ReferralSource.OTHER_INDIVIDUAL: "d) 1D: Individual",
    ReferralSource.SCHOOLS: "e) 2A: Schools",
    ReferralSource.EDUCATION_SERVICES: "f) 2B: Education services",
    ReferralSource.GP: "g) 3A: Health services",
    ReferralSource.HEALTH_VISITOR: "h) 3B: Health services",
    ReferralSource.SCHOOL_NURSE: "i) 3C: Health services",
    ReferralSource.OTHER_PRIMARY_HEALTH: "j) 3D: Health services",
    ReferralSource.A_AND_E: "k) 3E: Health services",
    ReferralSource.OTHER_HEALTH: "l) 3F: Health services",
    ReferralSource.HOUSING: "m) 4: Housing",
    ReferralSource.LA_SOCIAL_CARE: "n) 5A: LA services",
    ReferralSource.LA_OTHER_INTERNAL: "o) 5B: LA services",
    ReferralSource.OTHER_LA: "p) 5C: LA services",
    # The census's 5D (early help) is newer than Annex A's list: an internal LA service.
    ReferralSource.LA_EARLY_HELP: "o) 5B: LA services",
    ReferralSource.POLICE: "q) 6: Police",
    ReferralSource.OTHER_LEGAL: "r) 7: Other legal agency",
    ReferralSource.OTHER: "s) 8: Other",
    ReferralSource.ANONYMOUS: "t) 9: Anonymous",
    ReferralSource.UNKNOWN: "u) 10: Unknown",
}
SOURCE_UNKNOWN = "u) 10: Unknown"

PRIMARY_NEED = {
    PrimaryNeed.N0: "N0 - Not stated",
    PrimaryNeed.N1: "N1 - Abuse or neglect",
    PrimaryNeed.N2: "N2 - Child's disability",
    PrimaryNeed.N3: "N3 - Parental disability or illness",
    PrimaryNeed.N4: "N4 - Family in acute stress",
    PrimaryNeed.N5: "N5 - Family dysfunction",
    PrimaryNeed.N6: "N6 - Socially unacceptable behaviour",
    PrimaryNeed.N7: "N7 - Low income",
    PrimaryNeed.N8: "N8 - Absent parenting",
    PrimaryNeed.N9: "N9 - Cases other than children in need",
}

CLOSURE_REASON = {
    ClosureReason.RC1: "RC1 - Adopted",
    ClosureReason.RC2: "RC2 - Died",
    ClosureReason.RC3: "RC3 - Child arrangements order",
    ClosureReason.RC4: "RC4 - Special guardianship order",
    ClosureReason.RC5: "RC5 - Transferred to services of another local authority",
    ClosureReason.RC6: "RC6 - Transferred to adult social care services",
    ClosureReason.RC7: (
        "RC7 - Services ceased for any other reason, including child no longer in need"
    ),
    ClosureReason.RC8: "RC8 - Case closed after assessment, no further action",
    ClosureReason.RC9: "RC9 - Case closed after assessment, referred to early help",
}

ABUSE_CATEGORY = {
    AbuseCategory.NEG: "a) Neglect",
    AbuseCategory.PHY: "b) Physical abuse",
    AbuseCategory.SAB: "c) Sexual abuse",
    AbuseCategory.EMO: "d) Emotional abuse",
    AbuseCategory.MUL: "e) Multiple/not recommended",
}

CP_PLAN_STATUS = "b) Child Protection plan"
CIN_PLAN_STATUS = "c) Child in need plan"
OPEN_ASSESSMENT_STATUS = "d) Open assessment"
CLOSED_STATUS = "e) Closed episode"


# --- values ------------------------------------------------------------------------------------


def yes_no(value: bool | None) -> str:
    if value is None:
        return UNKNOWN
    return YES if value else NO


def disability(codes: Sequence[str] | None) -> str:
    """Yes for any recorded disability, No for "NONE" alone, Unknown when nothing is recorded."""
    if not codes:
        return UNKNOWN
    return YES if any(code != "NONE" for code in codes) else NO
