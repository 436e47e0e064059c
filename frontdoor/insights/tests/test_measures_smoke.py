from datetime import date

import pytest

from frontdoor.insights import selectors
from frontdoor.insights.catalogue import MEASURES
from frontdoor.insights.engine import dimensions
from frontdoor.insights.selectors import Filters

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", list(MEASURES))
def test_every_measure_reads_on_an_empty_database(key):
    start, end = date(2026, 8, 17), date(2026, 11, 8)
    assert selectors.measure_value(key, start, end).numerator == 0
    comparison = selectors.compare(key, start, end, Filters(source="6", age_band="5_9"))
    assert comparison.current.numerator == 0
    assert len(selectors.weekly_series(key, start, end)) == 12
    ba = selectors.before_after(key, date(2026, 10, 5), weeks=4)
    assert len(ba.weekly) == 8
    for dimension in dimensions(key):
        assert (
            selectors.breakdown(
                key, dimension, start, end, Filters(ethnicity="WBRI", locality="x", team="1")
            )
            == []
        )


def test_heat_map_and_choices():
    grid = selectors.contacts_by_hour_and_weekday(date(2026, 1, 1), date(2026, 2, 1))
    assert len(grid) == 7 and all(len(row) == 24 for row in grid)
    choices = selectors.filter_choices()
    assert set(choices) == {"source", "channel", "locality", "team", "age_band", "ethnicity"}
    assert Filters.from_query({"source": "6", "channel": "nope", "x": "1"}) == Filters(source="6")
