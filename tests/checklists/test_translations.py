"""Checklist text in Spanish: translation files beside the catalogs (shipped and company),
checked against the catalog they name, kept outside its content hash, and shown with English
(marked) where a criterion has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit_engine.checklists import (
    ChecklistError,
    checklist_files,
    load_all,
    load_catalog_file,
    load_files,
)
from audit_engine.domain.rules.criterion_text import gaps, shown_catalog

from .conftest import SHIPPED
from .test_company_and_cache import company_folder

ACME_ES = """\
format: 1
translates: acme-ctpat
language: es
wording: paraphrase
source: Acme's own translation
categories:
  - {id: acme, name: Reglas de la planta Acme}
criteria:
  - id: ACME-1
    title: Andenes cerrados cuando no se usan
    requirement: Las puertas de los andenes permanecen cerradas con llave cuando no se carga.
    questions: ["¿Los andenes sin uso están cerrados con llave?"]
  - id: "3.7"
    title: Reevaluación anual de los socios (texto de Acme)
    requirement: Acme reevalúa a sus socios cada año.
    questions: ["¿Se renuevan las evaluaciones de socios?"]
    wording: confirmed
    source: Acme security manual rev 7, Spanish edition
"""


def translation(tmp_path: Path, text: str, name: str = "acme.es.yaml") -> Path:
    folder = company_folder(tmp_path)
    (folder / name).write_text(text)
    return folder


def by_id(folder: Path) -> dict:
    return {c.id: c for c in load_all(SHIPPED, [folder])}


def test_every_shipped_criterion_point_and_category_has_spanish():
    for catalog in load_all(SHIPPED):
        assert gaps(catalog, "es") == [], catalog.id
        text = catalog.texts["es"]
        assert set(text.categories) == {c.id for c in catalog.categories}, catalog.id
        for criterion in catalog.criteria:
            spanish = text.criteria[criterion.id]
            assert len(spanish.questions) == len(criterion.questions), criterion.id
            assert len(spanish.evidence) == len(criterion.evidence), criterion.id
            assert bool(spanish.guidance) == bool(criterion.guidance), criterion.id
            assert spanish.source, criterion.id


def test_only_what_cbp_wrote_in_spanish_is_confirmed():
    msc = by_id(SHIPPED)["ctpat-msc"]
    confirmed = {cid for cid, t in msc.texts["es"].criteria.items() if t.wording == "confirmed"}
    assert confirmed == {"1.1"}
    assert "Fabricantes Extranjeros" in msc.texts["es"].criteria["1.1"].source


def test_a_translation_changes_no_content_hash(tmp_path):
    english_only = {c.id: c.content_hash for c in load_all(SHIPPED)}
    with_company = by_id(translation(tmp_path, ACME_ES))
    assert {i: c.content_hash for i, c in with_company.items() if i in english_only} == english_only


def test_a_tailoring_reads_its_base_text_with_its_own_on_top(tmp_path):
    acme = by_id(translation(tmp_path, ACME_ES))["acme-ctpat"]
    shown = shown_catalog(acme, "es", acme.texts)
    assert shown.criterion("ACME-1").title == "Andenes cerrados cuando no se usan"
    assert shown.criterion("6.2").title.startswith("Sello de alta seguridad")  # the base's
    reassess = shown.criterion("3.7")  # Acme's own replaces the shipped
    assert reassess.title.endswith("(texto de Acme)") and reassess.wording == "confirmed"
    # the tailoring added a question: shown in English, after the translated one
    assert reassess.questions[-1] == "Is every Tier 1 supplier reassessed each year?"
    assert not reassess.in_english
    assert shown.category("acme").name == "Reglas de la planta Acme"


def test_a_criterion_without_text_falls_back_to_english_marked(tmp_path):
    acme = by_id(company_folder(tmp_path))["acme-ctpat"]
    assert gaps(acme, "es") == ["ACME-1"]
    shown = shown_catalog(acme, "es", acme.texts)
    assert shown.criterion("ACME-1").in_english
    assert shown.criterion("ACME-1").title == "Dock doors closed when idle"
    assert not shown.criterion("1.1").in_english
    english = shown_catalog(acme, "en", acme.texts)
    assert english is acme and not english.criterion("1.1").in_english
    untranslated = shown_catalog(acme, "pt_BR", acme.texts)
    assert all(c.in_english for c in untranslated.criteria)


def refusal(tmp_path: Path, text: str) -> list[str]:
    folder = translation(tmp_path, text)
    loaded, errors = load_files([*checklist_files(SHIPPED), folder / "acme.yaml",
                                 folder / "acme.es.yaml"])
    assert folder / "acme.yaml" in loaded
    return errors[folder / "acme.es.yaml"]


@pytest.mark.parametrize(("change", "expected"), [
    (("id: ACME-1", "id: ACME-9"),
     ":9: criteria[ACME-9].id: unknown criterion id 'ACME-9' (not in acme-ctpat@2024.1)"),
    (("translates: acme-ctpat", "translates: acme-other"),
     ":2: translates: catalog 'acme-other' is not loaded (loaded: acme-ctpat, ctpat-"),
    (("{id: acme,", "{id: acme-x,"),
     ":7: categories[acme-x].id: unknown category id 'acme-x' (not in acme-ctpat@2024.1)"),
    (('questions: ["¿Los andenes', 'questions: ["Uno", "¿Los andenes'),
     ":12: criteria[ACME-1].questions: has 2 lines; the English has 1"),
    (("language: es", "language: en"),
     ":3: language: English is the catalog's own text; translate into another language"),
    (("wording: paraphrase\n", "wording: guessed\n"),
     ":4: wording: unknown wording 'guessed' (expected one of: confirmed, paraphrase)"),
    (("  - id: \"3.7\"", "  - id: ACME-1"),
     ":13: criteria[ACME-1].id: criterion 'ACME-1' is translated twice in this file"),
    (("    title: Andenes", "    titel: Andenes"),
     ":10: criteria[ACME-1].titel: unknown key 'titel' (allowed: evidence, guidance, id, "),
])
def test_a_bad_translation_is_refused_with_file_and_line(tmp_path, change, expected):
    [line, *_] = refusal(tmp_path, ACME_ES.replace(*change))
    assert line.startswith(str(tmp_path / "company" / "acme.es.yaml") + expected), line


def test_a_broken_translation_gives_nothing_and_the_catalog_stays(tmp_path):
    folder = translation(tmp_path, ACME_ES.replace("id: ACME-1", "id: ACME-9"))
    _, errors = load_files([*checklist_files(SHIPPED), folder / "acme.yaml",
                            folder / "acme.es.yaml"])
    assert set(errors) == {folder / "acme.es.yaml"}
    with pytest.raises(ChecklistError):
        load_all(SHIPPED, [folder])


def test_a_translation_file_is_not_a_catalog(tmp_path):
    folder = translation(tmp_path, ACME_ES)
    with pytest.raises(ChecklistError, match="is a translation, not a catalog"):
        load_catalog_file(folder / "acme.es.yaml",
                          [*checklist_files(SHIPPED), folder / "acme.yaml"])


def test_a_company_file_may_reword_a_shipped_translation(tmp_path):
    folder = translation(tmp_path, """\
format: 1
translates: ctpat-seal-verification
language: es
wording: paraphrase
source: Our company's wording
criteria:
  - id: tug
    title: Jalar el sello con fuerza
    requirement: Jale el sello con fuerza.
    questions: ["¿Aguantó el sello?"]
""", name="seal.es.yaml")
    seal = by_id(folder)["ctpat-seal-verification"]
    assert seal.texts["es"].criteria["tug"].title == "Jalar el sello con fuerza"
    assert seal.texts["es"].criteria["view"].title.startswith("Ver el sello")


def test_unchanged_files_load_as_the_same_catalogs_and_an_edit_is_read(tmp_path):
    """Pages ask for the checklists on each request: unchanged files give the same objects
    (what is built from a translation can be kept by identity); a reworded file is read."""
    folder = translation(tmp_path, ACME_ES)
    first = by_id(folder)["acme-ctpat"]
    assert by_id(folder)["acme-ctpat"] is first
    (folder / "acme.es.yaml").write_text(ACME_ES.replace("Andenes cerrados", "Andenes vacíos"))
    again = by_id(folder)["acme-ctpat"]
    assert again is not first
    assert again.texts["es"].criteria["ACME-1"].title.startswith("Andenes vacíos")


def test_a_pinned_checklist_is_shown_in_spanish_once_per_translation(tmp_path):
    from audit_engine.services.shown_checklists import in_language

    folder = translation(tmp_path, ACME_ES)
    acme = by_id(folder)["acme-ctpat"]
    shown = in_language(acme, "hash-1", "es", acme.texts["es"])
    assert shown.criterion("ACME-1").title.startswith("Andenes cerrados")
    assert in_language(acme, "hash-1", "es", acme.texts["es"]) is shown
    (folder / "acme.es.yaml").write_text(ACME_ES.replace("Andenes cerrados", "Andenes vacíos"))
    reworded = by_id(folder)["acme-ctpat"].texts["es"]
    assert in_language(acme, "hash-1", "es", reworded).criterion(
        "ACME-1").title.startswith("Andenes vacíos")


def test_translations_are_read_from_the_disk_cache_and_a_damaged_entry_is_not(
        tmp_path, monkeypatch):
    """A new process reads each unchanged translation from the disk cache, not its YAML;
    a damaged entry is read from the YAML again."""
    from audit_engine.checklists import cache, loader

    cache_dir = tmp_path / "cache"
    first = load_all(SHIPPED, cache_dir=cache_dir)
    entries = sorted(cache_dir.glob("translation-v*.json"))
    assert len(entries) == 5
    composed: list[str] = []
    real_compose = loader.compose
    monkeypatch.setattr(loader, "compose", lambda data, problems: composed.append(
        problems.file) or real_compose(data, problems))
    cache.clear_memory()
    assert load_all(SHIPPED, cache_dir=cache_dir) == first
    assert [Path(f).name for f in composed] == ["reefer-inspection.yaml"]  # extends: memory only
    for entry in entries:
        entry.write_bytes(entry.read_bytes().replace(b"sello", b"SELLO"))
    cache.clear_memory()
    composed.clear()
    again = load_all(SHIPPED, cache_dir=cache_dir)
    assert [c.texts for c in again] == [c.texts for c in first]
    assert len(composed) > 1  # the damaged seal translations were read from their files


def test_an_edited_translation_is_read_past_the_disk_cache(tmp_path):
    from audit_engine.checklists import cache

    folder = translation(tmp_path, ACME_ES)
    cache_dir = tmp_path / "cache"
    load_all(SHIPPED, [folder], cache_dir)
    (folder / "acme.es.yaml").write_text(ACME_ES.replace("Andenes cerrados", "Andenes vacíos"))
    cache.clear_memory()
    acme = {c.id: c for c in load_all(SHIPPED, [folder], cache_dir)}["acme-ctpat"]
    assert acme.texts["es"].criteria["ACME-1"].title.startswith("Andenes vacíos")
