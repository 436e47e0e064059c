"""Dates of birth for a search: the likely mistakes in one typed, and the dates of birth an
age range stands for."""

from __future__ import annotations

from datetime import date, timedelta


def dates_near(born: date) -> list[date]:
    """The date of birth, then the likely mistakes in it: day and month swapped, a year out."""
    near = [born]
    if born.day <= 12 and born.day != born.month:
        near.append(born.replace(day=born.month, month=born.day))
    for year in (born.year - 1, born.year + 1):
        try:
            near.append(born.replace(year=year))
        except ValueError:  # 29 February
            continue
    return near


def dates_one_digit_out(born: date) -> list[date]:
    """The real dates whose digits (DDMMYYYY) differ from the date of birth's in one place,
    within a century of it: 14/8/2016 -> 24/8/2016, 14/9/2016, 14/8/2018 and so on."""
    digits = f"{born:%Y%m%d}"
    found: list[date] = []
    for position, typed in enumerate(digits):
        for digit in "0123456789":
            if digit == typed:
                continue
            other = digits[:position] + digit + digits[position + 1 :]
            try:
                near = date(int(other[:4]), int(other[4:6]), int(other[6:]))
            except ValueError:  # not a date, like 34/8/2016
                continue
            if abs(near.year - born.year) < 100:
                found.append(near)
    return found


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def born_between(age_from: int | None, age_to: int | None, today: date) -> tuple[date, date]:
    """The dates of birth of people aged `age_from` to `age_to` (inclusive) on `today`."""
    latest = years_before(today, age_from or 0)
    earliest = years_before(today, (age_to if age_to is not None else 120) + 1)
    return earliest + timedelta(days=1), latest
