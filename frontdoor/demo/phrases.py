"""The words of the synthetic data: places, referrers, concerns and decision texts.

Everything here is invented. Organisations are fictional ("Northshire"); phone numbers are in
Ofcom's range reserved for drama (01632 960xxx).

Age bands: "unborn", "baby" (0-4), "child" (5-11), "teen" (12-17).
Concern tiers: 0 advice or universal, 1 early help, 2 assessment or MASH checks, 3 strategy
discussion or immediate protection.
Placeholders in concern and decision texts: {name} (the child or children), {adult} (the first
parent or carer), {they}/{them}/{their} and {is}/{was}/{has} (agreeing with {name}), {town}.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdoor.contacts.models import Channel, Outcome

POLICE_FORCE = "Northshire Constabulary"

# Children's first names: popular in England and Wales over the last twenty years.
GIRLS_NAMES = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Sophia", "Grace",
    "Freya", "Florence", "Poppy", "Evie", "Ella", "Emily", "Willow", "Rosie", "Elsie",
    "Charlotte", "Sophie", "Jessica", "Chloe", "Lucy", "Ruby", "Holly", "Millie", "Megan",
    "Ellie", "Katie", "Lauren", "Hannah", "Amy", "Phoebe", "Daisy", "Erin", "Maisie", "Scarlett",
    "Harper", "Isabelle", "Matilda", "Esme", "Layla", "Zara", "Aisha", "Maya", "Leah", "Bethany",
    "Keira", "Jasmine", "Summer", "Niamh", "Tilly", "Imogen", "Molly", "Abigail", "Eva", "Nancy",
    "Aria", "Luna", "Hallie", "Violet", "Orla", "Paige", "Lexi", "Skye", "Darcy", "Maryam",
)  # fmt: skip
BOYS_NAMES = (
    "Oliver", "George", "Noah", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie",
    "Henry", "Theodore", "Freddie", "Jack", "Charlie", "Theo", "Thomas", "James", "William",
    "Alfie", "Joshua", "Jacob", "Daniel", "Samuel", "Ethan", "Joseph", "Lewis", "Liam", "Callum",
    "Dylan", "Tyler", "Riley", "Mason", "Logan", "Lucas", "Finley", "Jayden", "Kai", "Reuben",
    "Ryan", "Connor", "Kieran", "Jamie", "Harrison", "Toby", "Max", "Alexander", "Isaac",
    "Louie", "Ronnie", "Tommy", "Albie", "Jaxon", "Teddy", "Jude", "Ibrahim", "Yusuf", "Adam",
    "Zain", "Rory", "Billy", "Frankie", "Elliot", "Sonny", "Bobby", "Kacper", "Luca",
)  # fmt: skip

# (locality, share of families, ((town, postcode districts), ...))
LOCALITY_PLACES: tuple[tuple[str, int, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("Norwich", 35, (("Norwich", ("NR1", "NR2", "NR3", "NR4", "NR5", "NR6", "NR7")),)),
    ("Great Yarmouth", 18, (("Great Yarmouth", ("NR30", "NR31")),)),
    ("King's Lynn", 17, (("King's Lynn", ("PE30", "PE31", "PE34")),)),
    ("Breckland", 16, (("Thetford", ("IP24",)), ("Dereham", ("NR19", "NR20")))),
    ("North Norfolk", 14, (("Cromer", ("NR27",)), ("North Walsham", ("NR28",)))),
)
STREET_SUFFIXES = (
    "Road", "Street", "Close", "Lane", "Avenue", "Drive", "Way", "Crescent", "Gardens",
    "Terrace", "Place", "Grove", "Mews", "Court", "Walk",
)  # fmt: skip
# Letters used in the inward part of UK postcodes (never C, I, K, M, O or V).
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Roughly the East of England mix of children, as (code, weight).
ETHNICITY_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("WBRI", 74.0), ("WOTH", 8.0), ("WIRI", 0.5), ("WIRT", 0.2), ("WROM", 0.4),
    ("MWBC", 1.2), ("MWBA", 0.8), ("MWAS", 1.5), ("MOTH", 1.5),
    ("AIND", 1.5), ("APKN", 0.7), ("ABAN", 0.4), ("AOTH", 1.0),
    ("BAFR", 1.6), ("BCRB", 0.4), ("BOTH", 0.3), ("CHNE", 0.5), ("OOTH", 0.8),
    ("REFU", 0.5), ("NOBT", 4.0),
)  # fmt: skip

# Relative chance of a child in a contact being each age, 0 to 17.
AGE_WEIGHTS = (6, 5, 5, 5, 5, 5.4, 5.4, 5.4, 5.4, 5.4, 6, 6, 6, 6, 6, 6, 5.5, 5.5)

# Channel mix in working hours, before and after go-live.
CHANNELS_BEFORE: dict[str, float] = {
    Channel.EMAIL: 40,
    Channel.PROFESSIONAL_LINE: 22,
    Channel.POLICE_NOTIFICATION: 28,
    Channel.CONTACT_CENTRE: 7,
    Channel.ONLINE: 3,
}
CHANNELS_AFTER: dict[str, float] = {
    Channel.PROFESSIONAL_LINE: 45,
    Channel.EMAIL: 22,
    Channel.POLICE_NOTIFICATION: 22,
    Channel.CONTACT_CENTRE: 8,
    Channel.ONLINE: 3,
}
PHONE_CHANNELS = frozenset(
    {Channel.PROFESSIONAL_LINE, Channel.CONTACT_CENTRE, Channel.OUT_OF_HOURS}
)

OUTCOMES_BEFORE: dict[str, float] = {
    Outcome.ADVICE: 18,
    Outcome.UNIVERSAL: 10,
    Outcome.EARLY_HELP: 24,
    Outcome.SOCIAL_WORK_ASSESSMENT: 33,
    Outcome.MASH_ENQUIRY: 7,
    Outcome.STRATEGY_DISCUSSION: 7,
    Outcome.IMMEDIATE_PROTECTION: 1,
}
OUTCOMES_AFTER: dict[str, float] = {
    Outcome.ADVICE: 28,
    Outcome.UNIVERSAL: 12,
    Outcome.EARLY_HELP: 36,
    Outcome.SOCIAL_WORK_ASSESSMENT: 18,
    Outcome.MASH_ENQUIRY: 4,
    Outcome.STRATEGY_DISCUSSION: 2.6,
    Outcome.IMMEDIATE_PROTECTION: 0.4,
}
# Police notifications are more often low level: before go-live over half did not meet the
# criteria, and after it the police were coached to send fewer of those on.
POLICE_NFA_FACTOR_BEFORE = 1.6
POLICE_NFA_FACTOR_AFTER = 2.2

OUTCOME_TIER: dict[str, int] = {
    Outcome.ADVICE: 0,
    Outcome.UNIVERSAL: 0,
    Outcome.EARLY_HELP: 1,
    Outcome.SOCIAL_WORK_ASSESSMENT: 2,
    Outcome.MASH_ENQUIRY: 2,
    Outcome.STRATEGY_DISCUSSION: 3,
    Outcome.IMMEDIATE_PROTECTION: 3,
}
# Weights over the council's need levels, lowest first (settings.FRONTDOOR_NEED_LEVELS).
NEED_LEVEL_WEIGHTS: dict[str, tuple[float, ...]] = {
    Outcome.ADVICE: (70, 30, 0, 0),
    Outcome.UNIVERSAL: (100, 0, 0, 0),
    Outcome.EARLY_HELP: (0, 85, 15, 0),
    Outcome.SOCIAL_WORK_ASSESSMENT: (0, 0, 60, 40),
    Outcome.MASH_ENQUIRY: (0, 0, 50, 50),
    Outcome.STRATEGY_DISCUSSION: (0, 0, 0, 100),
    Outcome.IMMEDIATE_PROTECTION: (0, 0, 0, 100),
}
IMMEDIACY_BY_TIER = (
    {"one_working_day": 100},
    {"one_working_day": 85, "same_day": 15},
    {"one_working_day": 40, "same_day": 50, "immediate": 10},
    {"same_day": 40, "immediate": 60},
)


@dataclass(frozen=True)
class Referrer:
    """A kind of person who contacts the front door."""

    source: str  # ReferralSource code
    roles: tuple[str, ...]
    agencies: tuple[str, ...]  # may contain {town}
    lead: str  # how the concern summary starts
    context: str  # "school", "health", "police", "public" or "other": which concerns fit
    ages: tuple[str, ...] | None = None  # age bands this referrer sees; None for any


POLICE = Referrer(
    "6",
    ("Police constable", "Detective constable", "Sergeant", "MASH police officer"),
    (POLICE_FORCE,),
    "Police report",
    "police",
)
SCHOOL = Referrer(
    "2A",
    ("Designated safeguarding lead", "Head teacher", "Class teacher", "Pastoral lead"),
    ("{town} Primary School", "{town} High School", "{town} Academy", "St Mary's C of E School"),
    "School reports",
    "school",
    ("child", "teen"),
)
HOSPITAL = Referrer(
    "3E",
    ("Emergency department nurse", "Paediatric registrar"),
    ("Northshire General Hospital",),
    "Hospital reports",
    "health",
)
RELATIVE = Referrer(
    "1A",
    ("Grandmother", "Grandfather", "Aunt", "Uncle", "Father (not living with the child)"),
    ("",),
    "A relative reports",
    "public",
)
MEMBER_OF_PUBLIC = Referrer("1D", ("Member of the public",), ("",), "A caller reports", "public")
ANONYMOUS = Referrer("9", ("Anonymous caller",), ("",), "An anonymous caller reports", "public")
PROFESSIONALS: tuple[tuple[Referrer, int], ...] = (
    (SCHOOL, 30),
    (
        Referrer(
            "2B",
            ("Education welfare officer", "Children missing education officer"),
            ("Northshire education services",),
            "Education services report",
            "school",
            ("child", "teen"),
        ),
        3,
    ),
    (
        Referrer(
            "3A",
            ("GP",),
            ("{town} Medical Practice", "{town} Health Centre"),
            "GP reports",
            "health",
        ),
        7,
    ),
    (
        Referrer(
            "3B",
            ("Health visitor",),
            ("Northshire Community Health",),
            "Health visitor reports",
            "health",
            ("unborn", "baby"),
        ),
        9,
    ),
    (
        Referrer(
            "3C",
            ("School nurse",),
            ("Northshire Healthy Child Programme",),
            "School nurse reports",
            "health",
            ("child", "teen"),
        ),
        5,
    ),
    (
        Referrer(
            "3D",
            ("Community midwife",),
            ("Northshire General Hospital maternity",),
            "Midwife reports",
            "health",
            ("unborn", "baby"),
        ),
        2,
    ),
    (HOSPITAL, 6),
    (
        Referrer(
            "3F",
            ("CAMHS practitioner", "Adult mental health nurse"),
            ("Northshire Mental Health Trust",),
            "Mental health services report",
            "health",
        ),
        6,
    ),
    (
        Referrer(
            "4",
            ("Housing officer", "Tenancy support worker"),
            ("{town} housing options team", "Northshire Homes"),
            "The housing officer reports",
            "other",
        ),
        5,
    ),
    (
        Referrer(
            "5C",
            ("Social worker",),
            ("Southshire County Council children's services",),
            "Another local authority reports",
            "other",
        ),
        3,
    ),
    (
        Referrer(
            "5D",
            ("Family support practitioner", "Pathway advisor"),
            ("Early Help Family Focus",),
            "The family support practitioner reports",
            "other",
        ),
        8,
    ),
    (POLICE, 8),
    (
        Referrer(
            "7",
            ("Probation officer",),
            ("Probation Service, Northshire",),
            "The probation officer reports",
            "other",
        ),
        3,
    ),
    (
        Referrer(
            "8",
            ("Youth worker", "Charity support worker"),
            ("{town} Youth Project", "Northshire Women's Aid"),
            "A support worker reports",
            "other",
        ),
        5,
    ),
)
PUBLIC: tuple[tuple[Referrer, int], ...] = (
    (RELATIVE, 35),
    (
        Referrer(
            "1B",
            ("Neighbour", "Family friend", "Childminder"),
            ("",),
            "A neighbour reports",
            "public",
        ),
        20,
    ),
    (
        Referrer(
            "1C", ("Young person (self)",), ("",), "The young person says", "public", ("teen",)
        ),
        5,
    ),
    (MEMBER_OF_PUBLIC, 20),
    (ANONYMOUS, 20),
)
OUT_OF_HOURS: tuple[tuple[Referrer, int], ...] = (
    (POLICE, 45),
    (HOSPITAL, 20),
    (RELATIVE, 15),
    (MEMBER_OF_PUBLIC, 10),
    (ANONYMOUS, 10),
)
REFERRERS_BY_CHANNEL: dict[str, tuple[tuple[Referrer, int], ...]] = {
    Channel.POLICE_NOTIFICATION: ((POLICE, 1),),
    Channel.PROFESSIONAL_LINE: PROFESSIONALS,
    Channel.EMAIL: PROFESSIONALS,
    Channel.CONTACT_CENTRE: PUBLIC,
    Channel.ONLINE: PUBLIC + tuple((referrer, weight // 2) for referrer, weight in PROFESSIONALS),
    Channel.OUT_OF_HOURS: OUT_OF_HOURS,
}


HOSPITAL_WHEREABOUTS = "On the children's ward at Northshire General Hospital"


@dataclass(frozen=True)
class Concern:
    tier: int
    text: str  # follows the referrer's lead, e.g. "School reports" + " " + text
    categories: tuple[str, ...]  # AssessmentFactor codes
    ages: tuple[str, ...] = ("baby", "child", "teen")
    contexts: tuple[str, ...] = ("school", "health", "public", "other")
    whereabouts: str = ""  # where the child is, when the concern itself says


BORN = ("baby", "child", "teen")
SCHOOL_AGE = ("child", "teen")
CONCERNS: tuple[Concern, ...] = (
    # Tier 0: advice or universal services.
    Concern(
        0,
        "{name} {has} been low and struggling with friendships since moving house; "
        "{adult} is asking what support is available.",
        ("4A",),
        SCHOOL_AGE,
    ),
    Concern(
        0,
        "{adult} asked for advice about {name}'s sleep and behaviour at bedtime; "
        "no safeguarding concerns were raised.",
        ("20",),
        ("baby", "child"),
        ("health", "public", "other"),
    ),
    Concern(
        0,
        "{adult} is finding it hard to manage on a low income and asked about help with food "
        "and clothes for {name}.",
        ("20",),
    ),
    Concern(
        0,
        "{name} mentioned an argument at home; there were no injuries and {adult} is working "
        "well with the referrer.",
        ("20",),
        SCHOOL_AGE,
    ),
    Concern(
        0,
        "{name}'s attendance has dropped to 88% and {they} {was} often tired in lessons.",
        ("20",),
        SCHOOL_AGE,
        ("school",),
    ),
    Concern(
        0,
        "{name} {has} missed two hospital appointments; the clinic wanted advice before "
        "writing to {adult}.",
        ("6A",),
        BORN,
        ("health",),
    ),
    Concern(
        0,
        "{adult} is pregnant and asked about antenatal and parenting support; "
        "no safeguarding concerns were raised.",
        ("20",),
        ("unborn",),
    ),
    Concern(
        0,
        "a verbal argument between {adult} and a partner at the family home; {name} {was} "
        "asleep upstairs, there were no injuries and no earlier incidents.",
        ("3B",),
        BORN,
        ("police",),
    ),
    Concern(
        0,
        "a noise complaint at the family home; officers found the house in reasonable order "
        "and {name} safe and well.",
        ("20",),
        BORN,
        ("police",),
    ),
    Concern(
        0,
        "{name} {was} stopped riding an e-scooter in {town} town centre and taken home to {adult}.",
        ("14A",),
        ("teen",),
        ("police",),
    ),
    Concern(
        0,
        "{name} {was} reported missing for three hours and came home on {their} own; there are "
        "no worries about where {they} had been.",
        ("10A",),
        SCHOOL_AGE,
        ("police",),
    ),
    Concern(
        0,
        "a verbal argument at the home of {adult}, who is pregnant; there were no injuries.",
        ("3B",),
        ("unborn",),
        ("police",),
    ),
    # Tier 1: early help.
    Concern(
        1,
        "{name} {has} arrived at school hungry several times this month and {adult} seems "
        "overwhelmed.",
        ("16A",),
        SCHOOL_AGE,
        ("school",),
    ),
    Concern(
        1,
        "{adult} has been unwell with depression and {name} {is} doing much of the shopping "
        "and caring for younger siblings.",
        ("4B", "7A"),
        SCHOOL_AGE,
    ),
    Concern(
        1,
        "{name} {has} been getting into fights and {adult} is asking for help with {their} "
        "behaviour.",
        ("14A",),
        SCHOOL_AGE,
        ("school", "public", "other"),
    ),
    Concern(
        1,
        "{name} {is} not up to date with immunisations and {adult} has missed health visitor "
        "appointments.",
        ("16A",),
        ("baby",),
        ("health",),
    ),
    Concern(
        1,
        "the family are in temporary accommodation after an eviction and {name} {has} moved "
        "school twice this year.",
        ("20",),
        SCHOOL_AGE,
        ("school", "other"),
    ),
    Concern(
        1,
        "{adult} has been drinking more since a bereavement and {name} {is} often left with "
        "grandparents at short notice.",
        ("1B",),
    ),
    Concern(
        1,
        "{name} {has} been scratching {their} arms; {adult} knows and is supportive but the "
        "CAMHS waiting list is long.",
        ("15A", "4A"),
        ("teen",),
        ("school", "health", "public"),
    ),
    Concern(
        1,
        "{adult} is 28 weeks pregnant, has had little antenatal care and is anxious about "
        "managing alone.",
        ("4B",),
        ("unborn",),
        ("health", "public", "other"),
    ),
    Concern(
        1,
        "a second verbal argument in two months between {adult} and an ex-partner; {name} "
        "{was} present but not hurt.",
        ("3B",),
        BORN,
        ("police",),
    ),
    Concern(
        1,
        "{name} {was} found with a small amount of cannabis near {their} school and taken home.",
        ("2A",),
        ("teen",),
        ("police",),
    ),
    Concern(
        1,
        "a second call in a month to arguments at the home of {adult}, who is 30 weeks pregnant.",
        ("3B",),
        ("unborn",),
        ("police",),
    ),
    Concern(
        1,
        "{adult} is struggling with {name}'s crying and feels isolated since moving to {town}.",
        ("4B",),
        ("baby",),
    ),
    Concern(
        1,
        "officers found {adult} drunk in {town} town centre while in charge of {name}.",
        ("1B",),
        BORN,
        ("police",),
    ),
    # Tier 2: social work assessment or MASH checks.
    Concern(
        2,
        "{name} arrived hungry and with an unexplained bruise on {their} arm; {they} would not "
        "say how it happened.",
        ("16A", "18C"),
        SCHOOL_AGE,
        ("school",),
    ),
    Concern(
        2,
        "{name} said that {adult}'s partner hits {them} when {adult} is at work.",
        ("18C",),
        SCHOOL_AGE,
    ),
    Concern(
        2,
        "{name} {has} been going missing overnight and {was} seen getting into cars with older "
        "men.",
        ("10A", "11A"),
        ("teen",),
    ),
    Concern(
        2,
        "the home is dirty and cold, there is little food, and {name} {has} untreated tooth decay.",
        ("16A",),
    ),
    Concern(
        2,
        "{adult} is using heroin again and {name} {has} been left with different adults at "
        "short notice.",
        ("2B", "16A"),
    ),
    Concern(
        2,
        "{name} {has} a fracture that does not fit the explanation {adult} gave.",
        ("18C",),
        ("baby", "child"),
        ("health",),
        whereabouts=HOSPITAL_WHEREABOUTS,
    ),
    Concern(
        2,
        "{name} told a teacher {they} {is} being pressured to send explicit images to an adult "
        "met online.",
        ("11A",),
        ("teen",),
        ("school",),
    ),
    Concern(
        2,
        "{name} {has} been living with a family friend, not a relative, for six weeks while "
        "{adult} is abroad.",
        ("8D",),
        SCHOOL_AGE,
        whereabouts="With the family friend who is caring for {them}",
    ),
    Concern(
        2,
        "{adult} is 20 weeks pregnant and misusing alcohol; older children live with relatives "
        "under a care order.",
        ("1B",),
        ("unborn",),
    ),
    Concern(
        2,
        "a domestic incident in which {adult} was assaulted by a partner in front of {name}; "
        "the partner was arrested.",
        ("3B", "3A"),
        BORN,
        ("police",),
    ),
    Concern(
        2,
        "{name} {was} found in another county carrying cash and two phones; officers suspect "
        "county lines involvement.",
        ("24A", "13A"),
        ("teen",),
        ("police",),
        whereabouts="With officers, waiting for {adult} to collect {them}",
    ),
    Concern(
        2,
        "{adult}, who is 30 weeks pregnant, was assaulted by a partner; the partner was "
        "arrested and bailed.",
        ("3B",),
        ("unborn",),
        ("police",),
    ),
    Concern(
        2,
        "a search of the family home found class A drugs within reach of {name}.",
        ("2B", "16A"),
        BORN,
        ("police",),
    ),
    # Tier 3: strategy discussion or immediate protection.
    Concern(
        3,
        "{name} said that {adult}'s partner touched {them} sexually; the partner still lives "
        "at the home.",
        ("19C",),
        SCHOOL_AGE,
    ),
    Concern(
        3,
        "{name} {was} brought to the emergency department with bruising to the face and ear "
        "and {adult} gave no explanation.",
        ("18C",),
        ("baby", "child"),
        ("health",),
        whereabouts=HOSPITAL_WHEREABOUTS,
    ),
    Concern(
        3,
        "{name} {has} been missing for two days and {has} been sexually exploited before.",
        ("10A", "11A"),
        ("teen",),
        whereabouts="Not known: reported missing to the police",
    ),
    Concern(
        3,
        "{name} {was} left alone overnight while {adult} was intoxicated.",
        ("16A", "1B"),
        ("baby", "child"),
    ),
    Concern(
        3,
        "{adult} is 36 weeks pregnant and living with a partner recently convicted of a "
        "serious assault on a child.",
        ("18C",),
        ("unborn",),
    ),
    Concern(
        3,
        "{adult} was seriously assaulted by a partner overnight with {name} present; the "
        "partner has not been found.",
        ("3B", "3A"),
        BORN,
        ("police",),
    ),
    Concern(
        3,
        "{name} {was} found at an address linked to drug dealing with an adult wanted for "
        "exploitation offences.",
        ("24A", "12A"),
        ("teen",),
        ("police",),
    ),
    Concern(
        3,
        "{adult}, who is 34 weeks pregnant, was seriously assaulted by a partner who has not "
        "been found.",
        ("3B",),
        ("unborn",),
        ("police",),
    ),
    Concern(
        3,
        "{name} {has} a bruise on {their} cheek; {they} {is} not yet crawling and {adult} has no "
        "explanation.",
        ("18C",),
        ("baby",),
    ),
    Concern(
        3,
        "{name} {was} found alone in the street late at night and {adult} could not be found.",
        ("16A",),
        ("baby", "child"),
        ("police",),
        whereabouts="With officers at the police station",
    ),
)
# Used only if no concern above fits a tier, age band and referrer.
FALLBACK_CONCERNS = (
    Concern(0, "{adult} asked for advice about support for {name}.", ("20",)),
    Concern(1, "the family are struggling with routines and {adult} would like support.", ("20",)),
    Concern(2, "there are worries about the care {name} {is} receiving at home.", ("16A",)),
    Concern(3, "there are serious worries that {name} {is} at risk of harm tonight.", ("18C",)),
)

WHEREABOUTS = {
    "unborn": ("At home with {adult}",),
    "baby": ("At home with {adult}", "With grandparents"),
    "child": ("At home with {adult}", "With grandparents"),
    "teen": ("At home with {adult}", "With friends; {adult} knows where", "Not known"),
}
# Added to the choices on working days between 08:00 and 15:00.
DAYTIME_WHEREABOUTS = {
    "unborn": ("With {adult} at the antenatal clinic",),
    "baby": ("At nursery until 15:00",),
    "child": ("At school until 15:15", "At school until 15:15"),
    "teen": ("At school until 15:30", "At school until 15:30"),
}

REFERRER_ACTIONS = {
    "school": (
        "Spoke to the child with the designated safeguarding lead and recorded it on the "
        "school's safeguarding system.",
        "Phoned {adult}, who said they would come in to talk.",
        "Offered a place at breakfast club and a check-in with the pastoral team.",
    ),
    "health": (
        "Examined the child and recorded the findings; discussed with the named nurse.",
        "Discussed with {adult} and arranged a review appointment.",
        "Shared concerns with the GP and health visitor.",
    ),
    "police": (
        "Officers attended, completed a risk assessment and shared it with the MASH.",
        "Checked police systems and spoke to {adult}.",
        "Arrested the suspect; bail conditions requested.",
    ),
    "public": ("Has not spoken to the parents.", "Spoke to {adult}, who was upset and angry."),
    "other": (
        "Discussed with their manager and checked their own records.",
        "Offered support to {adult}, who accepted.",
    ),
}

CONSENT_REASONS = {
    "refused": (
        "{adult} refused consent; shared because of worries about the child's safety.",
        "{adult} declined, so the referrer was advised information can be shared without "
        "consent where a child may be at risk of significant harm.",
    ),
    "not_sought": (
        "Asking for consent could put the child at greater risk.",
        "Shared under safeguarding procedures; the referrer did not ask the family first.",
    ),
}

RATIONALES: dict[str, tuple[str, ...]] = {
    Outcome.ADVICE: (
        "The referrer can meet these needs with advice; nothing suggests significant harm.",
        "Information shared for awareness; the family are working with the referrer and no "
        "action by children's services is needed.",
    ),
    Outcome.UNIVERSAL: (
        "Needs are met by universal services; the family were signposted to local support.",
        "A single need that the school or health service can meet with the family's agreement.",
    ),
    Outcome.EARLY_HELP: (
        "Additional needs that the family agree to get help with; a family support plan "
        "coordinated by Early Help is proportionate.",
        "{adult} is asking for help and consents; early help can address the needs before "
        "they grow.",
    ),
    Outcome.SOCIAL_WORK_ASSESSMENT: (
        "Complex needs and the referrer cannot manage the risk alone; a social work assessment "
        "is needed to understand the child's daily life.",
        "A pattern of concern over time with little change despite earlier support; a statutory "
        "assessment is proportionate.",
    ),
    Outcome.MASH_ENQUIRY: (
        "The information is incomplete and the level of risk unclear; multi-agency checks are "
        "needed before deciding the route.",
        "Other agencies are likely to hold information that changes the picture; MASH checks "
        "requested today.",
    ),
    Outcome.STRATEGY_DISCUSSION: (
        "Reasonable cause to suspect the child is suffering, or likely to suffer, significant "
        "harm; a strategy discussion with police and health is needed.",
        "The disclosure needs a joint police and social care response; a strategy discussion "
        "has been requested for today.",
    ),
    Outcome.IMMEDIATE_PROTECTION: (
        "The child is at immediate risk of significant harm; police protection was arranged "
        "with the out-of-hours team.",
    ),
}
BEST_PLACED: dict[str, tuple[str, ...]] = {
    Outcome.ADVICE: (
        "The referrer, who knows the family, with advice to call back if things change.",
        "The referrer will keep supporting the family and review in two weeks.",
    ),
    Outcome.UNIVERSAL: (
        "The school nurse and the local family hub; the referrer will share the details.",
        "The GP and health visitor will follow up at the next routine contact.",
    ),
    Outcome.EARLY_HELP: (
        "A pathway advisor will contact {adult} within five working days to agree a plan.",
        "Early Help Family Focus, with the school as lead professional.",
    ),
    Outcome.SOCIAL_WORK_ASSESSMENT: (
        "The locality assessment team will allocate a social worker to visit within five "
        "working days.",
        "A social worker from the locality team, working with the referrer.",
    ),
    Outcome.MASH_ENQUIRY: ("MASH partners will complete checks and report back to the CSW.",),
    Outcome.STRATEGY_DISCUSSION: (
        "Police, health and children's social care at a strategy discussion today.",
    ),
    Outcome.IMMEDIATE_PROTECTION: (
        "Police and the out-of-hours social work team; the child is now somewhere safe.",
    ),
}
UNIVERSAL_AGENCIES = ("The child's school", "Health visiting service", "Family hub", "GP practice")
AGENCY_TAKING_ACTION: dict[str, str] = {
    Outcome.EARLY_HELP: "Early Help Family Focus",
    Outcome.MASH_ENQUIRY: "MASH",
    Outcome.STRATEGY_DISCUSSION: f"MASH with {POLICE_FORCE}",
    Outcome.IMMEDIATE_PROTECTION: f"{POLICE_FORCE} and the out-of-hours team",
}

CHILD_VIEWS = {
    "unborn": ("",),
    "baby": (
        "Too young to give views; the referrer saw {them} to be quiet and watchful.",
        "Too young to give views; settled and smiling with {adult}.",
    ),
    "child": (
        "{first} told the referrer {they} {is} happy at school but worried at home.",
        "{first} said {they} would like things to be calmer at home.",
        "Not yet known: {first} has not been spoken to alone.",
    ),
    "teen": (
        "{first} does not want {adult} to know {they} spoke to anyone.",
        "{first} wants help but does not want to move home.",
        "{first} said {they} {is} fine and does not want a social worker.",
        "Not yet known: {first} has not been spoken to alone.",
    ),
}

# --- People's records -----------------------------------------------------------------------

# Familiar forms of first names, by the formal name. Used both ways: a child recorded as
# "William" on one contact and "Billy" on another is a common way for a duplicate to start,
# and "also known as" names are often the short form.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Will", "Bill", "Billy"), "Thomas": ("Tom", "Tommy"),
    "James": ("Jim", "Jimmy", "Jamie"), "Joseph": ("Joe", "Joey"), "Daniel": ("Dan", "Danny"),
    "Samuel": ("Sam", "Sammy"), "Joshua": ("Josh",), "Theodore": ("Theo", "Teddy"),
    "Edward": ("Ed", "Eddie", "Teddy"), "Oliver": ("Ollie",), "Alexander": ("Alex", "Xander"),
    "Frederick": ("Fred", "Freddie"), "Alfred": ("Alf", "Alfie"), "Archibald": ("Archie",),
    "Charles": ("Charlie",), "Henry": ("Harry", "Hal"), "Harrison": ("Harry",),
    "Robert": ("Rob", "Bob", "Bobby"), "Ronald": ("Ron", "Ronnie"), "Francis": ("Frankie",),
    "Louis": ("Louie",), "Albert": ("Albie", "Bert"), "Maximilian": ("Max",),
    "Jacob": ("Jake",), "Callum": ("Cal",), "Matthew": ("Matt",), "Benjamin": ("Ben",),
    "Christopher": ("Chris",), "Michael": ("Mike", "Mick"), "Richard": ("Rich", "Richie"),
    "Anthony": ("Tony",), "Stephen": ("Steve",), "Jonathan": ("Jon", "Jonny"),
    "Andrew": ("Andy",), "Nicholas": ("Nick", "Nicky"), "David": ("Dave",),
    "Olivia": ("Liv", "Livvy"), "Amelia": ("Millie", "Mel"), "Isabella": ("Bella", "Izzy"),
    "Isabelle": ("Izzy", "Belle"), "Sophia": ("Sophie",), "Charlotte": ("Lottie", "Charlie"),
    "Jessica": ("Jess", "Jessie"), "Abigail": ("Abbie", "Abby"), "Matilda": ("Tilly",),
    "Florence": ("Flo", "Florrie"), "Imogen": ("Immy",), "Bethany": ("Beth",),
    "Jasmine": ("Jas", "Jazz"), "Eleanor": ("Ellie", "Nell"), "Evelyn": ("Evie",),
    "Elizabeth": ("Liz", "Lizzie", "Beth", "Elsie"), "Katherine": ("Kate", "Katie"),
    "Catherine": ("Cath", "Kate"), "Margaret": ("Maggie", "Maisie"), "Rose": ("Rosie",),
    "Alexandra": ("Alex", "Lexi"), "Mary": ("Molly",), "Victoria": ("Vicky", "Tori"),
    "Rebecca": ("Becky", "Becca"), "Samantha": ("Sam", "Sammy"), "Jennifer": ("Jen", "Jenny"),
    "Deborah": ("Debbie",), "Susan": ("Sue",), "Patricia": ("Trish", "Pat"),
    "Kimberley": ("Kim",), "Natalie": ("Nat",), "Amanda": ("Mandy",), "Joanne": ("Jo",),
    "Gemma": ("Gem",), "Danielle": ("Dani",), "Leanne": ("Lea",),
}  # fmt: skip

# Other ways of spelling the same name, as entered by different workers.
FIRST_NAME_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("Muhammad", "Mohammed", "Mohammad", "Muhammed"), ("Layla", "Leila", "Laila"),
    ("Aisha", "Ayesha", "Aysha"), ("Keira", "Kiera", "Kira"), ("Niamh", "Neve", "Neave"),
    ("Jaxon", "Jackson", "Jaxson"), ("Isla", "Islay"), ("Freya", "Freyja"),
    ("Kacper", "Kasper", "Casper"), ("Elliot", "Elliott", "Eliot"), ("Louie", "Louis", "Lewie"),
    ("Jayden", "Jaden", "Jaydon"), ("Finley", "Finlay"), ("Callum", "Calum"),
    ("Connor", "Conor"), ("Kieran", "Kieron", "Ciaran"), ("Phoebe", "Pheobe"),
    ("Leah", "Lea"), ("Darcy", "Darcey", "Darcie"), ("Millie", "Milly"), ("Ellie", "Elly"),
    ("Tilly", "Tillie"), ("Maisie", "Maisy", "Maizie"), ("Hallie", "Halle"),
    ("Lexi", "Lexie"), ("Esme", "Esmee"), ("Matilda", "Mathilda"), ("Isabelle", "Isobel"),
    ("Albie", "Alby"), ("Frankie", "Franky"), ("Reuben", "Ruben"), ("Zain", "Zayn"),
    ("Yusuf", "Yusef", "Yousef"), ("Ibrahim", "Ebrahim"), ("Ryan", "Rian"),
    ("Lewis", "Louis"), ("Sophie", "Sophy"), ("Evie", "Evey"), ("Ronnie", "Ronny"),
    ("Amy", "Aimee"), ("Katie", "Katy"), ("Zara", "Zahra"), ("Maryam", "Mariam"),
)  # fmt: skip
SURNAME_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("Smith", "Smyth"), ("Thompson", "Thomson"), ("Phillips", "Philips"), ("Davies", "Davis"),
    ("Matthews", "Mathews"), ("Reid", "Reed", "Read"), ("Clarke", "Clark"),
    ("Stevens", "Stephens"), ("Gray", "Grey"), ("Brown", "Browne"), ("Allen", "Allan"),
    ("Jefferies", "Jeffries"), ("Hurst", "Hirst"), ("Macdonald", "McDonald"),
    ("Mcdonald", "Macdonald"), ("Lloyd", "Loyd"), ("Thomas", "Tomas"), ("Harris", "Harries"),
    ("Walsh", "Welsh"), ("Hughes", "Hewes"), ("Evans", "Evens"), ("Powell", "Powel"),
)  # fmt: skip

# First language by ethnicity, as (language, weight); English for any ethnicity not listed.
LANGUAGES_BY_ETHNICITY: dict[str, tuple[tuple[str, float], ...]] = {
    "WOTH": (("English", 30), ("Polish", 22), ("Lithuanian", 13), ("Portuguese", 12),
             ("Romanian", 10), ("Latvian", 5), ("Bulgarian", 4), ("Russian", 4)),
    "WROM": (("Romanian", 40), ("Slovak", 20), ("Romany", 15), ("English", 25)),
    "AIND": (("English", 45), ("Gujarati", 20), ("Punjabi", 18), ("Tamil", 10),
             ("Malayalam", 7)),
    "APKN": (("English", 40), ("Urdu", 42), ("Punjabi", 18)),
    "ABAN": (("English", 35), ("Bengali", 55), ("Sylheti", 10)),
    "AOTH": (("English", 40), ("Arabic", 15), ("Tagalog", 12), ("Pashto", 10), ("Farsi", 10),
             ("Kurdish", 8), ("Tamil", 5)),
    "BAFR": (("English", 50), ("Somali", 12), ("Arabic", 10), ("Tigrinya", 10),
             ("Yoruba", 10), ("Shona", 8)),
    "CHNE": (("English", 40), ("Cantonese", 30), ("Mandarin", 30)),
    "OOTH": (("English", 40), ("Arabic", 30), ("Kurdish", 20), ("Farsi", 10)),
}  # fmt: skip
ENGLISH = "English"

# Religion, where recorded, by ethnicity (Religion codes); DEFAULT_RELIGIONS otherwise.
DEFAULT_RELIGIONS: tuple[tuple[str, float], ...] = (
    ("none", 52),
    ("christian", 40),
    ("not_stated", 5),
    ("other", 2),
    ("buddhist", 1),
)
RELIGIONS_BY_ETHNICITY: dict[str, tuple[tuple[str, float], ...]] = {
    "WOTH": (("christian", 72), ("none", 22), ("not_stated", 4), ("muslim", 2)),
    "WROM": (("christian", 80), ("none", 15), ("not_stated", 5)),
    "AIND": (("hindu", 45), ("sikh", 28), ("muslim", 14), ("christian", 6), ("none", 7)),
    "APKN": (("muslim", 95), ("none", 3), ("not_stated", 2)),
    "ABAN": (("muslim", 95), ("none", 3), ("not_stated", 2)),
    "AOTH": (("muslim", 40), ("christian", 20), ("buddhist", 15), ("hindu", 10), ("none", 15)),
    "BAFR": (("christian", 55), ("muslim", 38), ("none", 7)),
    "BCRB": (("christian", 60), ("none", 35), ("other", 5)),
    "CHNE": (("none", 60), ("buddhist", 20), ("christian", 20)),
    "OOTH": (("muslim", 55), ("christian", 20), ("none", 25)),
    "MWAS": (("none", 45), ("christian", 30), ("muslim", 20), ("hindu", 5)),
}

# Disabilities recorded for children (Disability codes), roughly as in the Children in Need
# census. Babies are rarely diagnosed with more than a physical or sensory condition.
DISABILITY_WEIGHTS: dict[str, float] = {
    "AUT": 30, "LD": 18, "COMM": 16, "BEH": 12, "DDA": 8, "MOB": 5, "HEAR": 4, "VIS": 3,
    "CON": 3, "PC": 2, "HAND": 2, "INC": 1,
}  # fmt: skip
EARLY_DISABILITY_WEIGHTS: dict[str, float] = {"MOB": 5, "HEAR": 4, "VIS": 3, "CON": 3, "DDA": 4}

# Descriptions of relationships, by the relative's sex where it matters.
PARENT = {"F": "Mother", "M": "Father"}
STEP_PARENT = {"F": "Step-mother", "M": "Step-father"}
GRANDPARENT = {"F": "grandmother", "M": "grandfather"}
AUNT_OR_UNCLE = {"F": "aunt", "M": "uncle"}
IMPORTANT_PEOPLE = (
    "Godparent", "Family friend", "Neighbour who often looks after the children",
    "Former foster carer", "Childminder", "Youth club leader", "Football coach",
)  # fmt: skip
OTHER_HOUSEHOLD_MEMBERS = ("Lodger", "Family friend staying with the family")
ABUSE_FACTORS = frozenset({"3A", "3B", "3C", "18C"})  # domestic abuse, physical abuse by adult

# --- Casework: after the decision ------------------------------------------------------------
# Placeholders: {first} (the child's first name, or "the baby"), {they}/{them}/{their} and
# {is}/{was}/{has} agreeing with it, {worker} (the allocated worker), {town}.

# Other organisations that lead early help, as the lead professional's service.
LEAD_ORGANISATIONS = (
    "{town} Primary Academy", "{town} High School", "{town} Infant and Nursery School",
    "Health visiting team, {town}", "School nursing service", "{town} Family Hub",
    "Northshire Youth Service", "Northshire Community Health and Care",
)  # fmt: skip
ASSESSMENT_CHILD_VIEWS = {
    "unborn": ("Not applicable: unborn. {their} mother's wishes for the baby are recorded.",),
    "baby": (
        "Too young to give views. Observed at home: {first} was relaxed with {their} parent, "
        "who responded to {their} cues.",
        "Too young to give views. {first} was clean, appropriately dressed and reached for "
        "{their} parent for comfort.",
        "Too young to give views; at nursery {first} is described as settled but hungry on "
        "Mondays.",
    ),
    "child": (
        "Seen at school. {first} drew {their} three houses: the worry house has the shouting "
        "in it; {they} would like it to stop.",
        "{first} said home is okay but {they} {is} worried about {their} mum being sad.",
        "{first} wants to keep going to football and to see {their} dad at weekends.",
        "{first} told me {they} {is} happy at home and at school.",
    ),
    "teen": (
        "{first} spoke to me alone at school and would like to stay at home but for the "
        "arguments to stop.",
        "{first} said {they} {is} fine and did not want a social worker, but agreed to see "
        "the school counsellor.",
        "{first} would like help with {their} anxiety and more time with friends.",
        "{first} described staying out late to avoid home; {they} would like to talk to "
        "someone outside the family.",
    ),
}
CULTURE_IDENTITY = (
    "The family's heritage, faith and first language were discussed; {first}'s identity needs "
    "are met at home.",
    "An interpreter was used for the home visit; the family's cultural practices around "
    "discipline were explored.",
    "{first}'s friendships and sense of belonging at school were considered; no unmet "
    "identity needs.",
    "The family's values and wider family network were discussed; {their} grandparents are "
    "important to {them}.",
)
ANALYSIS: dict[str, tuple[str, ...]] = {
    "nfa": (
        "The concerns were not substantiated. The family have support from universal services "
        "and no further action by children's social care is needed.",
        "A one-off incident; protective factors are strong and {their} parents acted on advice. "
        "No further action.",
    ),
    "step_down": (
        "Needs are real but do not need a statutory response. The family agree to early help, "
        "which can offer the parenting support they asked for.",
        "The risks are reduced since the referral; an early help plan with the school will "
        "keep the progress going.",
    ),
    "cin_plan": (
        "{first} is a child in need: without services {their} health and development are "
        "likely to be impaired. A child in need plan is recommended.",
        "Cumulative neglect and parental mental health difficulties; a multi-agency child in "
        "need plan with clear timescales is needed.",
    ),
    "section_47": (
        "New information during the assessment gives reasonable cause to suspect significant "
        "harm. Strategy discussion held; section 47 enquiries to follow.",
        "{first}'s account and the injuries seen meet the threshold for a section 47 enquiry.",
    ),
    "other": (
        "The family have moved and the case is to transfer. Information has been shared with "
        "the receiving authority.",
        "{first} is supported by another service that is best placed to continue the work.",
    ),
}
MANAGER_COMMENTS = (
    "A clear and proportionate analysis; agree with the outcome.",
    "Good use of the child's own words. Agreed.",
    "Agreed. Make sure the referrer is told of the outcome.",
    "Authorised; the chronology is up to date.",
)
LATE_REASONS = (
    "The family cancelled two visits and {first} was not seen until the third attempt.",
    "Waiting for information from the GP and the school nurse.",
    "Worker absence; the case was reallocated part way through.",
    "Further concerns came in during the assessment and had to be explored.",
    "The family moved to temporary accommodation and contact was lost for a week.",
)
RISK_REVIEW_NOTES = (
    "Reviewed the contact and the checks. No new information; the family are aware a social "
    "worker will contact them. Risk remains medium.",
    "Spoke to the school: {first} was in today and appeared well. Safe to wait for "
    "allocation; review again within five working days.",
    "Duty worker phoned {their} parent; no change since the referral. Prioritised for the "
    "next available worker.",
)
ALLOCATION_DISCUSSION = (
    "Allocated to {worker}. Read the contact and the history; the concerns are clear.",
    "Allocated to {worker}, who has capacity and knows the school.",
    "Allocated to {worker}. Discussed the risks and the first visit.",
)
ALLOCATION_DIRECTION = (
    "See {first} within the timescale, alone if {their} age allows, and start the assessment.",
    "Visit the family, see {first} and speak to the referrer before the visit.",
)
SUPERVISION_DISCUSSION = (
    "Case discussed in supervision. Progress against the plan is mixed; {first} is attending "
    "school more often.",
    "Supervision: the core group met; {their} parent is engaging with the parenting course.",
    "Reviewed the chronology and the last visit. {first}'s views are clearly recorded.",
    "Supervision: concerns about drift; the plan needs sharper actions and dates.",
)
SUPERVISION_DIRECTIONS = (
    "Update the chronology and the plan before the next review.",
    "See {first} alone at school within the next two weeks.",
    "Refer the family to the family hub's parenting course.",
    "Ask the GP for the health information outstanding since the last review.",
    "Hold a core group meeting and agree who does what.",
)
DIRECTION_DONE = (
    "Done: recorded on the case.",
    "Completed as directed; see the case notes.",
    "Done. {first} was seen and {their} views recorded.",
)
CIN_REVIEW_NOTES = (
    "Child in need review: progress on most actions; plan continues with updated actions.",
    "Review held with the family and school. {first} is more settled; continue the plan.",
    "Review: limited progress on home conditions. Actions tightened with clear dates.",
)
EARLY_HELP_REVIEW_NOTES = (
    "Team around the family meeting: the family report things are calmer at home.",
    "Review: {first}'s attendance has improved; continue the plan for another cycle.",
    "Review held at school. Parenting support under way; one action carried forward.",
)
STEP_DOWN_REASONS = (
    "Assessment complete: needs can be met by early help with the family's consent.",
    "No statutory role; the family asked for support with routines and {first}'s behaviour.",
)
STEP_UP_REASONS = (
    "Concerns have escalated despite the early help plan; a social work assessment is needed.",
    "New disclosure by {first} at school; the lead professional discussed it with CADS.",
    "The family stopped engaging and the needs are growing; stepped up for an assessment.",
)
REALLOCATION_REASON = "Reallocated to a family support worker to deliver the child in need plan"

# --- Safeguarding: MASH checks, strategy discussions, child protection ----------------------
# Placeholders as for casework: {first}, {they}/{them}/{their}, {is}/{was}/{has}, {town};
# {agency} in check questions.

MASH_OPENED_REASON = "Rated when the MASH enquiry was opened"  # as the app words it
MASH_RATING_REASONS: dict[str, tuple[str, ...]] = {
    "red": (
        "Police hold a recent domestic incident at the address: checks needed today.",
        "{first} is under one and the concerns include an unexplained mark: raised to red.",
        "The referrer called again: {first} is frightened to go home tonight.",
    ),
    "green": (
        "The family are known to early help and engaging: lowered to green.",
        "Spoke to the referrer again; the concern is historical and {first} is safe today.",
    ),
}
MASH_CONSENT_REASONS: dict[str, tuple[str, ...]] = {
    "not_sought": (
        "Seeking consent could alert the alleged perpetrator and put {first} at greater risk.",
        "Police advise the family must not be told yet: a criminal investigation may follow.",
        "Asking for consent could lead to {first} being moved or told what to say.",
    ),
    "refused": (
        "{their} parent refused consent; checks go ahead because {first} may be at risk of "
        "significant harm.",
        "Consent was refused on the phone; the CSW recorded why the checks are proportionate.",
    ),
}
CHECK_QUESTIONS: dict[str, tuple[str, ...]] = {
    "police": (
        "Any domestic incidents, arrests or intelligence about the adults in {first}'s "
        "household in the last two years?",
        "Is anyone in the household known for violence, sexual offences or drugs?",
    ),
    "health_gp": (
        "Are there any concerns about {first}'s health or attendance at appointments, or "
        "about the parents' mental health or substance use?",
    ),
    "health_visitor": (
        "When was {first} last seen, is {their} development on track, and any concerns about "
        "care at home?",
    ),
    "health_midwifery": (
        "Is the mother booked and attending antenatal care? Any concerns recorded in the "
        "pregnancy?",
    ),
    "health_mental_health": (
        "Is either parent open to adult mental health services, and is there a risk plan?",
    ),
    "education": (
        "What is {first}'s attendance this year, and has the school any safeguarding records "
        "or recent worries?",
    ),
    "probation": (
        "Is anyone in the household on licence or known to probation? Any risk "
        "assessment about children?",
    ),
    "housing": ("Any tenancy concerns, reports from neighbours or a risk of eviction?",),
    "youth_justice": (
        "Is {first} known to the youth justice service, and are there any exploitation concerns?",
    ),
    "other": ("Does {agency} know the family, and what is its current involvement?",),
}
CHECK_ANSWERS: dict[str, tuple[str, ...]] = {
    "police": (
        "Two domestic incidents at the address in the last year, the latest six weeks ago; "
        "verbal only, no arrests. DASH risk assessed as medium.",
        "Mother's ex-partner arrested in March for assault on a previous partner; released "
        "under investigation with bail conditions not to attend the address.",
        "One concern for welfare call last month: neighbours heard shouting; officers found "
        "the children asleep and no offences.",
    ),
    "health_gp": (
        "{first} registered; missed the last two appointments. Mother treated for depression "
        "since last year, reviewed monthly.",
        "Seen in January for a chest infection; no safeguarding concerns recorded.",
    ),
    "health_visitor": (
        "Last seen at the one-year review: growth on the 25th centile, development on track; "
        "home conditions cluttered but adequate.",
        "Health visitor has worries about home conditions and missed contacts; plan to visit "
        "this week.",
    ),
    "health_midwifery": (
        "Booked late at 24 weeks; has attended since. Disclosed cannabis use at booking.",
        "Attending all appointments; no concerns recorded in the pregnancy.",
    ),
    "health_mental_health": (
        "Father open to the community mental health team; care coordinator allocated, last "
        "seen two weeks ago, no risk to others recorded.",
    ),
    "education": (
        "Attendance 86% this year, mostly Mondays. Two safeguarding logs: came in hungry, and "
        "said {they} did not want to go home.",
        "Attendance 97%; {first} is doing well. No safeguarding records.",
        "Attendance 74%; on a part-time timetable since January. Staff worried about "
        "{their} weight loss.",
    ),
    "probation": (
        "Stepfather on licence until next year for a violent offence; assessed as "
        "medium risk to children; probation officer will share the risk plan.",
    ),
    "housing": (
        "Rent arrears and a notice seeking possession; neighbours reported noise twice this year.",
    ),
    "youth_justice": (
        "{first} completed a referral order last year; the worker has concerns "
        "about older associates and missing episodes.",
    ),
    "other": ("Known to the service since last year; the family engage well with support.",),
}
OTHER_CHECK_AGENCIES = (
    "Northshire Women's Aid",
    "Change Grow Live (drug and alcohol service)",
    "Adult social care",
    "Northshire Community Health and Care",
)
MASH_RATIONALES: dict[str, tuple[str, ...]] = {
    Outcome.ADVICE: (
        "Checks show no wider concerns; advice given to the referrer, who will keep "
        "supporting the family.",
        "The partner information does not change the picture; advice and information only.",
    ),
    Outcome.UNIVERSAL: (
        "Nothing known by police; health and school can meet the needs. Family signposted.",
    ),
    Outcome.EARLY_HELP: (
        "Checks show additional needs but no indication of significant harm; early help with "
        "the family's consent.",
        "The school and health visitor share the worries; a family support plan through "
        "early help is proportionate.",
    ),
    Outcome.SOCIAL_WORK_ASSESSMENT: (
        "The checks show a pattern of concern across agencies; a social work assessment is needed.",
        "Police and health information together raise the level of need: referred for a "
        "social work assessment.",
    ),
    Outcome.STRATEGY_DISCUSSION: (
        "The checks give reasonable cause to suspect significant harm: a strategy discussion "
        "is needed today.",
        "Police intelligence about the adult at the address changes the risk; strategy "
        "discussion agreed with the MASH manager.",
    ),
    Outcome.IMMEDIATE_PROTECTION: (
        "The checks show {first} is at immediate risk; police protection arranged.",
    ),
}

STRATEGY_INFORMATION = (
    "Children's social care shared the contact and the MASH checks. Police shared the "
    "incident log and the history at the address. Health shared {first}'s records and recent "
    "attendance.",
    "The referrer's account was read out. Police confirmed the domestic incidents; health "
    "shared missed appointments; the school shared attendance and {first}'s disclosure.",
    "Information shared about the injury, {first}'s account and {their} parents' "
    "explanations. The paediatric view is that the injury is not consistent with the "
    "explanation given.",
)
STRATEGY_SAFETY_PLANS = (
    "{first} to stay with {their} grandmother until the joint visit; the alleged perpetrator "
    "not to have contact.",
    "Mother agrees to keep {first} away from her ex-partner; police to be called if he comes "
    "to the address.",
    "{first} to be collected from school by the social worker and police for the joint visit.",
)
STRATEGY_NEXT_STEPS = (
    "Section 47 enquiries led by children's social care, with a joint visit with police.",
    "Single agency enquiries by children's social care; police to check for offences.",
    "Reconvene if new information comes to light; outcome to be shared with all agencies.",
)
STRATEGY_ACTIONS = (
    "Joint visit with police to see {first} alone today.",
    "Arrange a child protection medical at Northshire General Hospital.",
    "Speak to the school's designated safeguarding lead and share the safety plan.",
    "Complete checks on the new partner and share the outcome with police.",
    "Visit the family and agree the safety plan with {their} parents.",
    "Arrange an achieving best evidence interview with police.",
)
STRATEGY_ACTION_DONE = (
    "Done: see the case notes.",
    "Completed; {first} was seen and the outcome shared with police.",
    "Done and shared with the agencies at the discussion.",
)
SECTION_47_RATIONALES: dict[bool, tuple[str, ...]] = {
    True: (
        "Reasonable cause to suspect {first} is suffering, or likely to suffer, significant "
        "harm: section 47 enquiries to start today.",
        "{first}'s disclosure and the police information meet the threshold for a section 47 "
        "enquiry.",
        "The injury is unexplained and {first} is not yet mobile: section 47 enquiry and a "
        "medical.",
    ),
    False: (
        "The information shared does not meet the threshold for section 47; a single "
        "assessment continues under section 17.",
        "The concern is explained and protective factors are strong; no section 47, the "
        "assessment continues.",
    ),
}
SECTION_47_ALREADY = (
    "A section 47 enquiry or assessment is already under way for {first}: the MASH "
    "information goes to the allocated worker and the plan is updated.",
)
ATTENDEES: dict[str, tuple[tuple[str, str], ...]] = {
    "police": (
        ("DS Karen Webb", f"Child abuse investigation unit, {POLICE_FORCE}"),
        ("DC Marcus Hill", f"Child abuse investigation unit, {POLICE_FORCE}"),
        ("DS Lee Fraser", f"MASH police, {POLICE_FORCE}"),
        ("PS Joanne Pryce", f"MASH police, {POLICE_FORCE}"),
    ),
    "health": (
        ("Anita Rowe", "Named nurse for safeguarding children"),
        ("Dr Sarah Iqbal", "Consultant paediatrician, Northshire General Hospital"),
        ("Kate Morley", "Health visitor, MASH health"),
        ("Tom Adair", "Safeguarding nurse, MASH health"),
    ),
    "education": (
        ("Laura Penn", "Designated safeguarding lead, {town} Primary Academy"),
        ("Mr D. Owusu", "Head of year and deputy safeguarding lead, {town} High School"),
    ),
    "probation": (("Claire Bunting", "Probation officer, Northshire probation delivery unit"),),
    "housing": (("Rob Stevens", "Tenancy officer, {town} housing"),),
    "youth_justice": (("Neil Carver", "Youth justice worker, Northshire Youth Justice Service"),),
}
ABSENCE_REASONS: dict[str, tuple[str, ...]] = {
    "police": (
        "No officer free at the time; police information was shared in advance and police "
        "agreed the plan by phone afterwards.",
    ),
    "health": (
        "The named nurse was on leave; health records were sent before the discussion.",
        "The GP could not join at short notice; the practice shared the records by email.",
    ),
}
CONFERENCE_CHAIRS = (
    "Margaret Doyle, child protection chair",
    "Simon Hartley, independent reviewing officer",
    "Amina Yusuf, child protection chair",
)
CP_REVIEW_NOTES = (
    "Review conference: some progress on the plan; risks remain and the plan continues.",
    "Review conference: {their} parents are engaging with the core group; plan continues.",
    "Review conference: concerns about missed visits and home conditions; actions tightened.",
)
CP_ENDED_AT_REVIEW = (
    "Review conference: {first} is no longer at continuing risk of significant harm; the "
    "plan ends and support continues as a child in need.",
)
CP_END_REASONS: dict[str, str] = {
    "RC1": "{first} was adopted",
    "RC2": "{first} died",
    "RC3": "A child arrangements order was made and {first} lives with {their} other parent",
    "RC4": "A special guardianship order was made",
    "RC5": "The family moved: the plan transferred to another local authority",
    "RC6": "{first} moved to adult social care",
    "RC7": "Review conference: {first} is no longer at continuing risk of significant harm",
}
CP_VISIT_NOTES: dict[bool, tuple[str, ...]] = {
    True: (
        "Statutory visit: {first} seen at home; the house was warm and there was food in.",
        "Seen at school with {their} teacher's agreement; {first} says things are calmer.",
        "Home visit: {first} showed me {their} bedroom; {they} {is} sleeping better.",
    ),
    False: (
        "No answer at the door; card left and the school confirmed {first} was in today.",
        "The family cancelled the visit; rearranged for later this week.",
    ),
}
PROTECTION_AUTHORITIES: dict[str, tuple[str, ...]] = {
    "police_protection": (
        f"Inspector Dawn Kelso, designated officer, {POLICE_FORCE}",
        f"Inspector Carl Mendes, designated officer, {POLICE_FORCE}",
    ),
    "epo": (
        "Family Court at Norwich, District Judge Harlow",
        "Family Court at King's Lynn, the lay justices",
    ),
}
PROTECTION_NOTES = (
    "{first} was taken to a foster placement arranged by the out-of-hours team.",
    "{first} is staying with {their} grandparents under the protection.",
)

# --- The quality loop (demo/quality.py) -------------------------------------------------------

# Audit comments on each rubric item (quality.audits.models.AUDIT_RUBRIC), by whether the
# item's grade was low (requires improvement or inadequate) or not.
AUDIT_ITEM_COMMENTS: dict[str, dict[bool, tuple[str, ...]]] = {
    "threshold": {
        False: (
            "The level of need matches the threshold guidance and the history.",
            "Clear link between the concerns and the level of need chosen.",
        ),
        True: (
            "The level of need looks too low given the repeated police notifications.",
            "The threshold descriptor is quoted but not applied to this child's circumstances.",
        ),
    },
    "rationale": {
        False: (
            "The rationale explains why this outcome and not another.",
            "A well-reasoned rationale that a family could follow.",
        ),
        True: (
            "The rationale repeats the referral rather than analysing it.",
            "It is not clear why no further action was safe here.",
        ),
    },
    "child_voice": {
        False: (
            "The child's own words are recorded, and what they mean for the plan.",
            "Good use of what school said the child had told them.",
        ),
        True: (
            "Nothing about what the child thinks or how their day is.",
            "The child's views are recorded as 'not known' without saying why.",
        ),
    },
    "history": {
        False: (
            "Earlier contacts and the previous assessment were read and used.",
            "The chronology was checked and the pattern named.",
        ),
        True: (
            "Two earlier contacts about the same concern are not mentioned.",
            "The previous child in need episode was not considered.",
        ),
    },
    "consent": {
        False: (
            "Consent was sought and the parent's response recorded.",
            "Proceeding without consent is justified and recorded.",
        ),
        True: (
            "No record of whether the parent agreed to the checks.",
            "Consent was overridden without a recorded reason.",
        ),
    },
    "culture_identity": {
        False: (
            "The family's language and faith are considered in the next steps.",
            "Identity is considered, including the interpreter the mother needs.",
        ),
        True: (
            "No consideration of the family's culture or first language.",
            "The child's identity needs are not mentioned.",
        ),
    },
    "timeliness": {
        False: ("Decided well within timescale.", "Completed on time despite a busy day."),
        True: (
            "Decided after the timescale with no reason recorded.",
            "The delay left the referrer without an answer for two days.",
        ),
    },
}
AUDIT_SUMMARIES: dict[str, tuple[str, ...]] = {
    "outstanding": (
        "An exemplary piece of work: analytical, child-centred and timely. Shared with the "
        "team as an example.",
    ),
    "good": (
        "Solid, safe work; the decision is well evidenced.",
        "Good work overall; the child's voice could be stronger.",
        "Safe and proportionate; the rationale is clear.",
    ),
    "requires_improvement": (
        "The outcome is right but the recording does not show how it was reached.",
        "The history and the child's voice need more weight.",
        "Safe in the end, but the analysis is thin.",
    ),
    "inadequate": (
        "The decision did not protect the child: it was stepped up on review.",
        "Significant gaps in the history and consent; discussed in supervision.",
    ),
}
MODERATION_REASONS: tuple[str, ...] = (
    "The child's voice is stronger than the audit credits: the views are in the contact.",
    "The history gap is more serious than the grade suggests.",
    "The rationale is sound even if brief; the grade undervalues it.",
    "Consent was not addressed at all, which moves this down a grade.",
    "Agreed at the moderation panel after reading the whole record.",
)
LEARNING_ACTIONS: tuple[str, ...] = (
    "Read the threshold guidance again and talk through two recent decisions with your manager.",
    "Attend the next 'voice of the child' practice workshop.",
    "Check the chronology and earlier contacts before every decision this month.",
    "Shadow a colleague on the professional line for a morning and note how they seek consent.",
    "Rewrite the rationale for this decision and bring it to supervision.",
    "Complete the e-learning on culture and identity in assessment.",
    "Discuss the timescales with your manager and agree how to flag a late decision.",
)
LEARNING_DONE_NOTES: tuple[str, ...] = (
    "Done; discussed in supervision on the 3rd.",
    "Attended the workshop, notes on my file.",
    "Completed, and I now check the chronology first.",
    "",
)
# Monitored calls: comments on each item (quality.calls.models.CALL_RUBRIC), low or not.
CALL_ITEM_COMMENTS: dict[str, dict[bool, tuple[str, ...]]] = {
    "best_placed": {
        False: (
            "Good conversation about who already knows the family best.",
            "Agreed with the referrer that the school would lead.",
        ),
        True: ("Jumped to a referral without asking who else could help.",),
    },
    "threshold": {
        False: ("Used the threshold language clearly with the caller.",),
        True: ("Did not explore the level of need before agreeing next steps.",),
    },
    "consent": {
        False: ("Checked whether the parent knew about the call and agreed.",),
        True: ("Consent was not mentioned until the end of the call.",),
    },
    "advice": {
        False: (
            "Clear, practical advice, and checked the caller understood it.",
            "Signposted to the family hub with the number.",
        ),
        True: ("The advice was vague; the caller was unsure what to do next.",),
    },
    "tone": {
        False: ("Warm and calm throughout.", "Respectful and patient with an upset caller."),
        True: ("Sounded rushed; the caller was interrupted several times.",),
    },
}
CALL_FEEDBACK: dict[bool, tuple[str, ...]] = {
    False: (
        "A really good call: you took time to understand the worry and agreed a plan.",
        "Well handled. Keep summarising what you have agreed before the caller rings off.",
        "Good use of the conversation to help the referrer act themselves.",
    ),
    True: (
        "Let's talk about slowing the call down so the caller can tell you what they know.",
        "Please come back to consent earlier in the conversation; we'll go through it together.",
        "The outcome was right, but the caller did not hear why. Let's listen to it together.",
    ),
}
CALL_REPLIES: tuple[str, ...] = (
    "Thanks, that is helpful.",
    "Agreed, I'll try summarising at the end.",
    "It was a hard call; thanks for listening in.",
    "Noted. Can we go through the recording in supervision?",
)
# What referrers write in the partner survey's comment box: kind words and complaints.
SURVEY_COMMENTS: dict[bool, tuple[str, ...]] = {
    True: (
        "The social worker listened and explained what would happen next.",
        "Quick to get through this time, and I had a call back the same afternoon.",
        "Very helpful conversation; I felt confident supporting the family myself.",
        "Clear advice, and the feedback email arrived the next day.",
        "Much better than a year ago: I spoke to a social worker straight away.",
        "Thank you for taking the time to talk it through with me.",
        "The consultant social worker helped me think about who was best placed to help.",
        "I was told the outcome and why, which I don't always get.",
        "Friendly and professional. The family hub contact was exactly what we needed.",
    ),
    False: (
        "I waited over 20 minutes to get through on the professional line.",
        "I didn't hear back about what happened to my referral.",
        "Felt like I was being talked out of making a referral.",
        "The advice was fine but I had to chase for the feedback letter.",
        "The out-of-hours line was hard to reach in the evening.",
        "I was asked the same questions twice by different people.",
        "I would have liked to know which team was taking it on.",
        "The online form timed out and I had to start again.",
    ),
}
