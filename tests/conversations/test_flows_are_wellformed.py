"""Every flow is well formed: its predicates exist, every question is reachable, it ends in a calculator."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from conversations.flow import Flow
from conversations.state import JAAR_ANTWOORD
from conversations.topics import FLOWS
from rules import ONDERWERPEN

FLOW_LIST = [pytest.param(flow, id=flow.onderwerp) for flow in FLOWS.values()]


@pytest.mark.parametrize("flow", FLOW_LIST)
def test_every_flow_ends_in_a_calculator_of_the_rules_core(flow: Flow) -> None:
    assert flow.onderwerp in ONDERWERPEN


@pytest.mark.parametrize("flow", FLOW_LIST)
def test_question_ids_are_unique_and_predicates_are_declared(flow: Flow) -> None:
    ids = [v.id for v in flow.vragen]
    assert len(ids) == len(set(ids))
    for vraag in flow.vragen:
        assert vraag.alleen_als is None or vraag.alleen_als in flow.predicaten, vraag.id
        if vraag.soort == "keuze":
            assert len(vraag.keuzes) >= 2, vraag.id
        assert vraag.waarom.strip(), f"{vraag.id} needs a 'waarom'"


def _sample(vraag: Any) -> list[Any]:
    if vraag.soort == "janee":
        return [True, False]
    if vraag.soort == "keuze":
        return [k.waarde for k in vraag.keuzes]
    if vraag.soort == "datum":
        # A date can steer (an old car, a car from before a change in the law), and so can its absence.
        return [WEG, "2005-01-01", "2020-01-01", "2027-06-01"]
    return [None]  # free answers do not steer the flow in any flow here


WEG = object()
"""Not answered (yet): the key is absent."""


@pytest.mark.parametrize("flow", FLOW_LIST)
def test_every_question_is_reachable_for_some_answers(flow: Flow) -> None:
    # A default changed from the summary (a home that becomes the hoofdverblijf) steers as an answer does.
    gewijzigd = [s.vraag for s in flow.standaarden]
    steering = [v for v in (*flow.vragen, *gewijzigd) if v.soort in {"janee", "keuze", "datum"}]
    reached: set[str] = set()
    for jaar in (2026, 2027):
        for combination in itertools.product(*(_sample(v) for v in steering)):
            gegeven = {v.id: w for v, w in zip(steering, combination, strict=True) if w is not WEG}
            antwoorden = {JAAR_ANTWOORD: jaar, **gegeven}
            reached.update(v.id for v in flow.vragen if flow.is_relevant(v, antwoorden))
    assert reached == {v.id for v in flow.vragen}
