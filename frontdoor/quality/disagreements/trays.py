"""Each open stage of a disagreement in the work tray of the person who answers for it
(registered by `QualityConfig.ready()`), due when the stage is; escalated when overdue to the
stage team's managers, as every tray item is."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from frontdoor.casework.trays import Scope, TrayItem

from .selectors import open_stages

KINDS = {"disagreement": "Professional disagreement"}


def disagreement_stages(scope: Scope) -> Iterator[TrayItem]:
    stages = open_stages().filter(scope.held_by(worker=["responsible"], team=["team"]))
    for stage in stages:
        disagreement = stage.disagreement
        yield TrayItem(
            kind="disagreement",
            title=f"Disagreement with the decision on contact {disagreement.reference} "
            f"({stage.label})",
            person=disagreement.person,
            due_on=stage.due_on,
            url=reverse("quality:disagreement", args=[disagreement.pk]),
            worker=stage.responsible,
            team=stage.team,
            ref=f"quality.disagreementstage:{stage.pk}",
            rag=scope.rag(stage.due_on),
        )
