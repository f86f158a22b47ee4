"""`audit-engine checklists show --lang` and a company translation's refusal, through the
installed command."""

from __future__ import annotations

from .test_cli import run  # noqa: F401 - the fixture
from .test_company_and_cache import TAILORING
from .test_translations import ACME_ES


def company(tmp_path, translation: str | None = None):
    folder = tmp_path / "company"
    folder.mkdir()
    (folder / "acme.yaml").write_text(TAILORING)
    if translation is not None:
        (folder / "acme.es.yaml").write_text(translation)
    return folder


def test_show_in_spanish_lists_the_criteria_without_spanish(run, tmp_path):  # noqa: F811
    result = run("show", "acme-ctpat", "--lang", "es", company=[company(tmp_path)])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    row = next(line for line in lines if line.startswith("6.2 "))
    assert "Sello de alta seguridad ISO 17712 justo después de cargar" in row
    assert "(English) Dock doors closed when idle" in next(
        line for line in lines if line.startswith("ACME-1 "))
    assert lines[-1] == "no text in es, shown in English (1): ACME-1"


def test_show_in_spanish_says_when_nothing_is_missing(run):  # noqa: F811
    result = run("show", "ctpat-msc", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert "1.1    should  confirmed" in result.stdout
    assert "Declaración de apoyo firmada por la alta dirección" in result.stdout
    assert result.stdout.splitlines()[-1] == "every criterion shown has text in es"
    english = run("show", "ctpat-msc").stdout
    assert "Statement of support signed by senior management" in english
    assert "no text in" not in english and "every criterion shown" not in english


def test_show_refuses_an_unknown_language_naming_the_known(run):  # noqa: F811
    result = run("show", "ctpat-msc", "--lang", "tlh")
    assert result.returncode == 2 and not result.stdout
    assert result.stderr.strip() == (
        "error: --lang 'tlh' is not a language here; choose one of: en, es")


def test_a_translation_of_an_unknown_criterion_is_one_line_with_file_and_line(
        run, tmp_path):  # noqa: F811
    folder = company(tmp_path, ACME_ES.replace("id: ACME-1", "id: ACME-9"))
    result = run("show", "ctpat-msc", "--lang", "es", company=[folder])
    assert result.returncode == 2 and not result.stdout
    assert result.stderr.splitlines() == [
        f"error: {folder / 'acme.es.yaml'}:9: criteria[ACME-9].id: unknown criterion id "
        "'ACME-9' (not in acme-ctpat@2024.1)"]
    checked = run("validate", str(folder / "acme.es.yaml"), company=[folder])
    assert checked.returncode == 2 and "acme.es.yaml:9: criteria[ACME-9].id" in checked.stderr
