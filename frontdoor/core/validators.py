from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from .parsing import is_number


def nhs_number_is_valid(value: str) -> bool:
    """The NHS number modulus 11 check: weights 10..2 over the first nine digits."""
    if len(value) != 10 or not is_number(value):
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
    if len(digits) != 10 or not is_number(digits):
        raise ValidationError("NHS number must be 10 digits, like 999 000 0018", code="nhs_length")
    if not nhs_number_is_valid(digits):
        raise ValidationError(
            "Enter a valid NHS number: the last digit does not match the others",
            code="nhs_checksum",
        )


def validate_not_in_future(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError("Date must be today or in the past", code="future")


UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(last_twelve: str) -> str | None:
    """The DfE unique pupil number check letter for characters 2-13, or None if malformed.

    Weights 2..13 on each character (a letter in position 13, as in a temporary UPN, counts
    as its place in the check-letter alphabet), sum modulo 23, read off that alphabet.
    """
    if len(last_twelve) != 12 or not is_number(last_twelve[:11]):
        return None
    values = [int(ch) for ch in last_twelve[:11]]
    final = last_twelve[11]
    if is_number(final):
        values.append(int(final))
    elif final in UPN_CHECK_LETTERS:
        values.append(UPN_CHECK_LETTERS.index(final))
    else:
        return None
    total = sum(value * weight for value, weight in zip(values, range(2, 14), strict=True))
    return UPN_CHECK_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    upn = value.strip().upper()
    if len(upn) != 13:
        raise ValidationError("Unique pupil number must be 13 characters", code="upn_length")
    if upn_check_letter(upn[1:]) != upn[0]:
        raise ValidationError(
            "Enter a valid unique pupil number: the first letter does not match the rest",
            code="upn_check",
        )
