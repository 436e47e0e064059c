"""The registry holds the DfE's whole rule set for the year, worded as the DfE words it."""

from __future__ import annotations

from frontdoor.returns.rules import RULES
from frontdoor.returns.rules.registry import PUBLISHED


def test_every_published_rule_is_implemented() -> None:
    assert len(PUBLISHED) == 109
    assert sorted(set(PUBLISHED) - set(RULES)) == []


def test_rules_keep_the_dfe_wording_and_type() -> None:
    assert RULES["8670Q"].kind == "query"
    assert RULES["8670Q"].message.startswith(
        "Please check and either amend data or provide a reason: Assessment started more than "
        "45 working days before the end of the census year."
    )
    assert RULES["8510"].kind == "error"
    assert RULES["8510"].message == "More than one child record with the same LA Child ID"


def test_queries_are_the_codes_ending_in_q() -> None:
    assert {code for code, rule in RULES.items() if rule.is_query} == {
        code for code in PUBLISHED if code.endswith("Q")
    }
