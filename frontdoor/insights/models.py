"""Daily rollups of the measures, refreshed by `insights_refresh` (and its task).

Two levels, both rebuilt from the records and never edited by hand:

- `Fact`: one row per day and combination of every dimension a family of records has (all
  contacts, all settled decisions, all referrals, ...), with the flags its measures count.
  Any combination of filters is answered from here.
- `DailyCount`: per measure and day, the total and the split by each single dimension (and
  by hour for contacts): what the dashboard asks for most, a few rows per day.

`Watermark` says up to which day the rollups hold; later days are always read live.
"""

from __future__ import annotations

from django.db import models


class Fact(models.Model):
    family = models.CharField(max_length=20)
    day = models.DateField()
    hour = models.SmallIntegerField(null=True)
    source = models.CharField(max_length=2, blank=True)
    channel = models.CharField(max_length=30, blank=True)
    team = models.CharField(max_length=12, blank=True)
    locality = models.CharField(max_length=60, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True)
    extra = models.CharField(max_length=30, blank=True)
    a = models.SmallIntegerField(default=0)
    b = models.SmallIntegerField(default=0)
    c = models.SmallIntegerField(default=0)
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["family", "day"], name="insights_fact_family_day")]

    def __str__(self) -> str:
        return f"{self.family} on {self.day}: {self.n}"


class DailyCount(models.Model):
    measure = models.CharField(max_length=40)
    grain = models.CharField(max_length=12, help_text='"total", a dimension\'s name, or "hour"')
    day = models.DateField()
    hour = models.SmallIntegerField(null=True)
    source = models.CharField(max_length=2, blank=True)
    channel = models.CharField(max_length=30, blank=True)
    team = models.CharField(max_length=12, blank=True)
    locality = models.CharField(max_length=60, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True)
    extra = models.CharField(max_length=30, blank=True)
    num = models.IntegerField()
    den = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["measure", "grain", "day"], name="insights_daily_measure_day")
        ]

    def __str__(self) -> str:
        return f"{self.measure} ({self.grain}) on {self.day}: {self.num}/{self.den}"


class Watermark(models.Model):
    name = models.CharField(max_length=20, unique=True)
    through = models.DateField(help_text="The rollups hold every day up to and including this")
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} through {self.through}"


class LocalityDistrict(models.Model):
    """Which locality a postcode district is in, copied from the locality teams' districts
    (`engine.sync_localities`) so a query can look a child's locality up by index."""

    district = models.CharField(max_length=8, unique=True)
    locality = models.CharField(max_length=60)

    def __str__(self) -> str:
        return f"{self.district}: {self.locality}"
