"""CIN census rules on who the child is: the header, identifiers, characteristics and
disabilities, and the rules that compare or count children over the whole return."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from frontdoor.returns.census_data import CensusChild, CensusReturn, CensusYear

from .registry import child_rule, return_rule


@child_rule("8500")
def la_child_id_missing(child: CensusChild, census: CensusYear) -> Iterator[CensusChild]:
    if not child.la_child_id.strip():
        yield child


@return_rule("8510")
def la_child_id_repeated(returned: CensusReturn) -> Iterator[CensusChild]:
    counts = Counter(child.la_child_id for child in returned.children)
    yield from (child for child in returned.children if counts[child.la_child_id] > 1)
