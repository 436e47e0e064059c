"""`<id:...>` in a URL: a record's id, as at most 18 ASCII digits.

Django's `<int:...>` takes any run of digits, and a 20-digit id overflowed SQLite's integers
(a 500) where it should simply be no record (a 404 from the resolver)."""

from __future__ import annotations


class RecordIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
