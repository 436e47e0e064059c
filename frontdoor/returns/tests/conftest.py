from collections.abc import Iterator

import pytest

from frontdoor.returns.tests.reference import ReferenceRules


@pytest.fixture(scope="session")
def reference_rules() -> Iterator[ReferenceRules]:
    rules = ReferenceRules()
    yield rules
    rules.close()
