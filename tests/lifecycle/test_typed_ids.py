"""Ids people type are parsed once, at the edge, into their kind's type (AuditId, FindingId,
ActionId, EvidenceId); services take the typed id and lookups read its number. A refusal
names the id as typed, as before the types."""

from __future__ import annotations

import json

import pytest

from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.lifecycle import ActionId, AuditId, EvidenceId, FindingId


@pytest.mark.parametrize(("kind", "typed", "shown", "number"), [
    (AuditId, "a-12", "A-12", 12),
    (FindingId, " F-3 ", "F-3", 3),
    (ActionId, "ca-7", "CA-7", 7),
    (EvidenceId, "5", "E-5", 5),
])
def test_an_id_as_typed_becomes_its_kinds_id(kind, typed, shown, number):
    parsed = kind(typed)
    assert (parsed, parsed.number, type(parsed)) == (shown, number, kind)
    assert kind.of(number) == parsed and json.dumps(parsed) == f'"{shown}"'


@pytest.mark.parametrize(("kind", "typed", "words"), [
    (FindingId, "CA-3", "finding 'CA-3' not found (ids look like F-<number>)"),
    (ActionId, "F-3", "action 'F-3' not found (ids look like CA-<number>)"),
    (EvidenceId, "E-0", "evidence 'E-0' not found"),
    (AuditId, "A-99999999999", "audit 'A-99999999999' not found"),
])
def test_another_kinds_id_or_a_number_out_of_range_names_nothing(kind, typed, words):
    with pytest.raises(NotFound) as refused:
        kind(typed)
    assert str(refused.value) == words
