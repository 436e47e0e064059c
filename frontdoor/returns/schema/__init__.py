"""The CIN census XML schema, copied here so the checks need nothing outside the repository.

`CIN_schema_2024.xsd` is the DfE's 2024 schema as shipped by the MIT-licensed liiatools
package; `CIN_schema_2024_sex_patched.xsd` is the same with `GenderCurrent` replaced by
`Sex` (M/F/U), as the 2024/25 and later rules require. Both are copied unchanged from
`shared/reference/cin-census/`.

One correction is made when the schema is loaded (`census_schema`): the copy types
`NumberOfPreviousCPP` as `xs:positiveInteger`, which refuses 0, yet 0 is what a child on
their first child protection plan has (the DfE's own hand-built sample return says 0 and
rule 8730 only asks that it is present). It is loaded as `xs:nonNegativeInteger`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, cast

from lxml import etree

FOLDER = Path(__file__).resolve().parent
SEX_PATCHED = FOLDER / "CIN_schema_2024_sex_patched.xsd"
XS = "{http://www.w3.org/2001/XMLSchema}"


def census_schema_document() -> etree._ElementTree:
    """The sex-patched schema with NumberOfPreviousCPP allowing 0."""
    document = etree.parse(str(SEX_PATCHED))
    for element in document.iter(f"{XS}element"):
        if element.get("name") == "NumberOfPreviousCPP":
            element.set("type", "xs:nonNegativeInteger")
    return document


@cache
def census_schema() -> etree.XMLSchema:
    return etree.XMLSchema(census_schema_document())


def schema_errors(path: str | Path) -> list[str]:
    """Every way the file at `path` breaks the schema (empty when it is valid)."""
    schema = census_schema()
    if schema.validate(etree.parse(str(path))):
        return []
    entries = cast(Iterable[Any], schema.error_log)  # lxml-stubs do not say it is iterable
    return [f"line {e.line}: {e.message}" for e in entries]
