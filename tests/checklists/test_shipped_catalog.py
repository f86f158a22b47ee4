"""The shipped CTPAT content against what the public sources say (docs/entity-types.md)."""

from __future__ import annotations

from datetime import date

from audit_engine.domain.rules.catalog import ENTITY_TYPES
from audit_engine.domain.rules.entity_profiles import entity_profile


def ids(*spec: str) -> set[str]:
    """`"4.1-13"` -> 4.1 ... 4.13"""
    result = set()
    for item in spec:
        if "-" in item:
            head, last = item.split("-")
            cat, first = head.split(".")
            result |= {f"{cat}.{n}" for n in range(int(first), int(last) + 1)}
        else:
            result.add(item)
    return result


# Criteria the portal question set covers (applicability assumed for the three full profiles).
PORTAL = ids(
    "1.3",
    "1.4",
    "2.1-4",
    "3.1",
    "3.4-7",
    "5.5",
    "5.6",
    "5.8",
    "5.14",
    "5.16",
    "5.29",
    "6.5-7",
    "7.8",
    "7.10",
    "7.23-25",
    "7.27-30",
    "8.1",
    "9.1",
    "9.2",
    "9.4-16",
    "10.1-4",
    "10.7-10",
    "11.1",
    "11.2",
    "12.1",
    "12.2",
    "12.4",
    "12.6-10",
)
CYBER = ids("4.1-13")  # a consultant: cybersecurity is in all twelve entity documents
CORE = ids("5.1", "6.1", "6.2", "7.7", "7.37", "11.5")  # CBP: CORE tags, CSMS #41052241
# CBP 2020 webinar tags for 5.2-5.4, 6.3, 7.1-7.6 (entity type -> tagged ids).
TAGGED = {
    "us_importer": ids("5.3", "5.4", "7.1", "7.2", "7.4", "7.5", "7.6"),
    "us_exporter": ids("5.2", "5.3", "5.4", "7.1", "7.2", "7.4", "7.5", "7.6"),
    "foreign_manufacturer": ids("5.2", "5.3", "7.1", "7.2", "7.4", "7.5", "7.6"),
    "highway_carrier": ids("5.2", "5.3", "5.4", "6.3", "7.2", "7.6"),
    "mexican_long_haul_carrier": ids("5.2", "5.3", "5.4", "6.3", "7.2"),
    "rail_carrier": ids("5.2", "5.3", "5.4", "7.2"),
    "sea_carrier": ids("5.2", "7.1"),
    "air_carrier": ids("5.2", "5.3", "5.4"),
    "consolidator": ids("5.2", "5.3", "5.4", "7.1", "7.2", "7.4", "7.5", "7.6"),
    "customs_broker": ids("7.6"),
    "third_party_logistics": ids("5.2", "5.3", "5.4", "6.3", "7.1", "7.2", "7.4", "7.5", "7.6"),
    "marine_port_terminal": ids("7.2"),
}
# Entity-specific criteria from CBP documents and third parties.
SPECIFIC = {
    "us_importer": ids("1.1", "1.2", "3.9") | PORTAL,
    "us_exporter": ids("3.9"),
    "foreign_manufacturer": ids("1.1", "1.2", "3.9", "5.4", "3.8", "5.7", "5.15", "5.24") | PORTAL,
    "highway_carrier": ids("1.1", "1.2", "3.8", "5.24") | PORTAL,
    "mexican_long_haul_carrier": ids("1.1", "1.2"),
    "sea_carrier": ids("7.35", "7.36"),
    "air_carrier": ids("7.3"),
    "customs_broker": ids("2.1", "2.3", "12.5"),
    "third_party_logistics": ids("1.1", "1.2"),
}
PROFILES = {
    entity: CORE | CYBER | TAGGED[entity] | SPECIFIC.get(entity, set()) for entity in ENTITY_TYPES
}
COMPLETE = {"us_importer", "foreign_manufacturer", "highway_carrier"}
# Only [CBP-V]/[CBP-Q] text may be marked confirmed.
MAY_BE_CONFIRMED = ids("1.1", "1.2", "2.4", "3.9", "4.1-10", "4.12", "4.13", "6.1-3", "7.36", "8.1")
# IDs known to exist that no source gives text for: they must not be filled in.
NO_TEXT = ids(
    "3.2",
    "3.3",
    "5.9-13",
    "5.17-23",
    "5.25-28",
    "6.4",
    "7.9",
    "7.11-22",
    "7.26",
    "7.31-34",
    "9.3",
    "10.5",
    "10.6",
    "11.3",
    "11.4",
    "12.3",
)


def test_every_entity_profile_is_what_the_sources_support(shipped):
    msc = shipped["ctpat-msc"]
    for entity, expected in PROFILES.items():
        assert {c.id for c in msc.for_entity(entity)} == expected, entity


def test_no_criterion_id_is_invented(shipped):
    found = {c.id for c in shipped["ctpat-msc"].criteria}
    assert found == set().union(*PROFILES.values())
    assert not found & NO_TEXT


def test_profile_status_and_confidence(shipped):
    msc = shipped["ctpat-msc"]
    for entity in ENTITY_TYPES:
        profile = entity_profile(msc, entity)
        assert profile.status == ("complete" if entity in COMPLETE else "partial"), entity
        assert sum(profile.counts().values()) == profile.criteria == len(PROFILES[entity])
    for criterion in msc.criteria:
        for entity in criterion.entity_types:
            expected = "cbp" if criterion.id in CORE | TAGGED[entity] else None
            if expected:
                assert criterion.confidence_for(entity) == expected, (criterion.id, entity)
            if criterion.id in CYBER:
                assert criterion.confidence_for(entity) == "secondary", (criterion.id, entity)


def test_importer_and_manufacturer_differ_where_the_sources_do(shipped):
    msc = shipped["ctpat-msc"]
    importer = {c.id for c in msc.for_entity("us_importer")}
    manufacturer = {c.id for c in msc.for_entity("foreign_manufacturer")}
    assert manufacturer - importer == ids("5.2", "3.8", "5.7", "5.15", "5.24")
    assert importer - manufacturer == set()
    disputed = msc.criterion("5.4").disputes[0]
    assert (disputed.entity_type, disputed.uses) == ("foreign_manufacturer", "applies")
    assert msc.criterion("5.4").confidence_for("us_importer") == "cbp"
    assert msc.criterion("5.4").confidence_for("foreign_manufacturer") == "secondary"


def test_disagreeing_sources_are_recorded_with_the_reading_used(shipped):
    msc = shipped["ctpat-msc"]
    level_disputes = {c.id: d.uses for c in msc.criteria for d in c.disputes if d.about == "level"}
    assert level_disputes == {"5.1": "must", "7.4": "should"}
    for cid, used in level_disputes.items():
        assert msc.criterion(cid).level_on(date(2026, 1, 1)) == used


def test_twelve_categories_in_three_focus_areas(shipped):
    msc = shipped["ctpat-msc"]
    assert [c.id for c in msc.categories] == [str(n) for n in range(1, 13)]
    areas = {}
    for category in msc.categories:
        areas.setdefault(category.focus_area, []).append(category.id)
    assert areas == {
        "Corporate Security": ["1", "2", "3", "4"],
        "Transportation Security": ["5", "6", "7", "8"],
        "People and Physical Security": ["9", "10", "11", "12"],
    }
    assert all(any(c.category == cat.id for c in msc.criteria) for cat in msc.categories)


def test_twelve_entity_types_by_stable_key(shipped):
    assert len(ENTITY_TYPES) == 12
    core = [c for c in shipped["ctpat-msc"].criteria if c.entity_types == set(ENTITY_TYPES)]
    assert {c.id for c in core} == CORE | CYBER


def test_wording_confidence(shipped):
    msc = shipped["ctpat-msc"]
    confirmed = {c.id for c in msc.criteria if c.wording == "confirmed"}
    assert confirmed <= MAY_BE_CONFIRMED
    assert "4.11" not in confirmed
    assert all(c.source for c in msc.criteria)


def test_social_compliance_became_must_in_2023(shipped):
    criterion = shipped["ctpat-msc"].criterion("3.9")
    assert criterion.level_on(date(2022, 12, 31)) == "should"
    assert criterion.level_on(date(2023, 1, 1)) == "must"
    assert criterion.level_on(date(2030, 1, 1)) == "must"


def test_every_criterion_has_questions_and_evidence(shipped):
    for catalog in shipped.values():
        for criterion in catalog.criteria:
            assert criterion.questions and criterion.evidence, (catalog.id, criterion.id)


def test_inspection_points_are_keyed_by_name(shipped):
    container = shipped["ctpat-container-inspection"]
    assert [c.id for c in container.criteria if c.category == "container"] == [
        "front_wall",
        "left_side",
        "right_side",
        "floor",
        "ceiling_roof",
        "doors_and_locking",
        "outside_undercarriage",
    ]
    reefer = shipped["ctpat-reefer-inspection"]
    assert [c.id for c in reefer.criteria] == [*(c.id for c in container.criteria), "fan_housing"]
    tractor_trailer = shipped["ctpat-tractor-trailer-inspection"]
    counts = {
        cat.id: sum(c.category == cat.id for c in tractor_trailer.criteria)
        for cat in tractor_trailer.categories
    }
    assert counts == {"tractor": 7, "trailer": 10}
    assert [c.id for c in shipped["ctpat-seal-verification"].criteria] == [
        "view",
        "verify",
        "tug",
        "twist_and_turn",
    ]
    for catalog in shipped.values():
        if catalog.kind == "inspection":
            assert all(not c.id[0].isdigit() for c in catalog.criteria)


def test_related_references_point_at_real_criteria(shipped):
    for catalog in shipped.values():
        for criterion in catalog.criteria:
            for ref in criterion.related:
                target, _, cid = ref.partition(":")
                assert target in shipped, ref
                assert not cid or shipped[target].criterion(cid) is not None, ref
