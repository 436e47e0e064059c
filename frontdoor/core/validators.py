from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone


def nhs_number_is_valid(value: str) -> bool:
    """The NHS number modulus 11 check: weights 10..2 over the first nine digits."""
    if len(value) != 10 or not value.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(value[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[9])


def normalise_nhs_number(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


def validate_nhs_number(value: str) -> None:
    digits = normalise_nhs_number(value)
    if len(digits) != 10 or not digits.isdigit():
        raise ValidationError("NHS number must be 10 digits, like 999 000 0018", code="nhs_length")
    if not nhs_number_is_valid(digits):
        raise ValidationError(
            "Enter a valid NHS number: the last digit does not match the others",
            code="nhs_checksum",
        )


def validate_not_in_future(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError("Date must be today or in the past", code="future")
