"""NHS numbers and dates that must not be in the future. Check digits worked out by hand:
weights 10 to 2 over the first nine digits, 11 minus the total mod 11."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from frontdoor.accounts.tests.factories import freeze
from frontdoor.core.validators import (
    nhs_number_is_valid,
    normalise_nhs_number,
    validate_nhs_number,
    validate_not_in_future,
)


@pytest.mark.parametrize(
    "number",
    [
        "9990000018",  # 90+81+72+2 = 245, 245 mod 11 = 3, 11-3 = 8
        "9434765919",  # 90+36+24+28+42+30+20+27+2 = 299, mod 11 = 2, check 9
        "2000000010",  # 20+2 = 22, mod 11 = 0, 11 becomes 0
    ],
)
def test_valid_nhs_numbers(number: str) -> None:
    assert nhs_number_is_valid(number)
    validate_nhs_number(number)  # does not raise


@pytest.mark.parametrize(
    "number",
    [
        "9990000019",  # check digit should be 8
        "9434765910",  # check digit should be 9
        "0000000060",  # 6*2 = 12, mod 11 = 1, 11-1 = 10: no number with these nine digits
        "999000001",  # nine digits
        "99900000188",  # eleven digits
        "999000001X",
    ],
)
def test_invalid_nhs_numbers(number: str) -> None:
    assert not nhs_number_is_valid(number)


def test_wrong_check_digit_message() -> None:
    with pytest.raises(ValidationError) as error:
        validate_nhs_number("9990000019")
    assert error.value.messages == [
        "Enter a valid NHS number: the last digit does not match the others"
    ]
    assert error.value.code == "nhs_checksum"


@pytest.mark.parametrize("typed", ["999 000 001", "999000001X", "NHS"])
def test_wrong_length_or_letters_message(typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_nhs_number(typed)
    assert error.value.messages == ["NHS number must be 10 digits, like 999 000 0018"]


def test_spaces_and_hyphens_are_allowed_as_typed() -> None:
    assert normalise_nhs_number(" 999 000-0018 ") == "9990000018"
    validate_nhs_number("999 000 0018")
    validate_nhs_number("999-000-0018")


def test_not_in_future_uses_the_london_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # 23:30 UTC on 30 June 2026 is 00:30 on 1 July in London (BST).
    freeze(monkeypatch, datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    validate_not_in_future(date(2026, 7, 1))
    validate_not_in_future(date(2015, 3, 27))
    with pytest.raises(ValidationError) as error:
        validate_not_in_future(date(2026, 7, 2))
    assert error.value.messages == ["Date must be today or in the past"]
