from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Team(models.Model):
    class Kind(models.TextChoices):
        CADS = "cads", "CADS consultant social workers"
        EARLY_HELP = "early_help", "Early Help pathway advisors"
        MASH = "mash", "Multi-agency safeguarding hub"
        LOCALITY = "locality", "Locality assessment team"
        CONTACT_CENTRE = "contact_centre", "Customer contact centre"
        BUSINESS_SUPPORT = "business_support", "Business support"
        PERFORMANCE = "performance", "Performance and intelligence"
        SYSTEMS = "systems", "Systems administration"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    locality = models.CharField(max_length=60, blank=True)
    postcode_districts = models.CharField(
        max_length=300,
        blank=True,
        help_text="Locality teams: the postcode districts the team covers, like NR1 NR2 PE30",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def districts(self) -> list[str]:
        return self.postcode_districts.upper().replace(",", " ").split()


class Role(models.TextChoices):
    CSW = "csw", "Consultant social worker"
    PATHWAY_ADVISOR = "pathway_advisor", "Early Help pathway advisor"
    CONTACT_CENTRE_OFFICER = "contact_centre_officer", "Contact centre officer"
    BUSINESS_SUPPORT = "business_support", "Business support officer"
    TEAM_MANAGER = "team_manager", "Team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    MASH_PARTNER = "mash_partner", "MASH partner"
    LOCALITY_SOCIAL_WORKER = "locality_social_worker", "Locality social worker"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"


SWE_NUMBER = re.compile(r"^SW\d{1,7}$")


def validate_swe_registration(value: str) -> None:
    if not SWE_NUMBER.match(value):
        raise ValidationError(
            "Enter a Social Work England registration number, like SW123456",
            code="invalid_swe_number",
        )


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    job_title = models.CharField(max_length=120, blank=True)
    agency = models.CharField(
        max_length=30, choices=Agency.choices, blank=True, help_text="For MASH partners only"
    )
    swe_registration = models.CharField(
        "Social Work England registration number",
        max_length=12,
        blank=True,
        validators=[validate_swe_registration],
    )

    class Meta:
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="mash_partner") | ~models.Q(agency=""),
                name="mash_partner_has_agency",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_registered_social_worker(self) -> bool:
        return bool(self.swe_registration)

    @property
    def is_system_administrator(self) -> bool:
        return bool(self.role == Role.SYSTEM_ADMINISTRATOR)
