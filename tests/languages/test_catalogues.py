"""The catalogues stay complete and honest: the template of marked text is what extraction
finds today, Spanish translates all of it (nothing fuzzy), placeholders match English, and a
catalogue that breaks one of these is caught (file and line named)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from audit_engine.domain.errors import InvalidInput
from audit_engine.languages import catalogues, checks
from audit_engine.languages.catalogues import shipped_dir
from audit_engine.languages.wording import wording_for

ROOT = Path(__file__).resolve().parents[2]
POT = shipped_dir() / "messages.pot"
PYBABEL = Path(sys.executable).parent / "pybabel"


def extracted(tmp_path: Path) -> set[str]:
    """The marked text in the sources now, by the same command `make messages` runs."""
    out = tmp_path / "now.pot"
    subprocess.run([str(PYBABEL), "extract", "-F", "babel.cfg", "-k", "N_", "-k", "said",
                    "--ignore-dirs=.* ._ var tests bench", "-o", str(out), "."],
                   cwd=ROOT, check=True, capture_output=True)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in checks.read(out) if m.id}


def test_the_template_holds_exactly_what_is_marked(tmp_path):
    shipped = {m.id if isinstance(m.id, str) else m.id[0] for m in checks.read(POT) if m.id}
    now = extracted(tmp_path)
    assert not now - shipped, "marked but not in messages.pot: run `make messages`"
    assert not shipped - now, "in messages.pot but marked nowhere: run `make messages`"


@pytest.mark.parametrize("code", [c for c in catalogues.known() if c != "en"])
def test_every_language_translates_everything(code):
    assert checks.problems(shipped_dir() / code / "LC_MESSAGES" / "messages.po", POT) == []


def broken_catalogue(folder: Path, msgstr: str) -> Path:
    path = folder / "messages.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                    '#, python-format\nmsgid "Due %(due)s"\n'
                    f'msgstr "{msgstr}"\n', encoding="utf-8")
    return path


def test_a_translation_with_a_wrong_placeholder_fails(tmp_path):
    (tmp_path / "pot").mkdir()
    pot = broken_catalogue(tmp_path / "pot", "")
    po = broken_catalogue(tmp_path, "Vence %(fecha)s")
    [problem] = checks.problems(po, pot)
    assert f"{po}:6: placeholders ['fecha']" in problem and "not ['due']" in problem


def test_an_untranslated_entry_is_missing(tmp_path):
    (tmp_path / "pot").mkdir()
    pot = broken_catalogue(tmp_path / "pot", "")
    po = broken_catalogue(tmp_path, "")
    assert checks.problems(po, pot) == [f"{po}: missing translation of 'Due %(due)s'"]


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(InvalidInput) as refused:
        catalogues.checked("fr", catalogues.known(), where="--lang")
    assert str(refused.value) == "--lang 'fr' is not a language here; choose one of: en, es"


def test_spanish_formats_come_from_its_locale():
    spanish, english = wording_for("es"), wording_for("en")
    assert (spanish.number(1234.5), english.number(1234.5)) == ("1.234,5", "1,234.5")
    assert (spanish.percent(0.875), english.percent(0.875)) == ("88\xa0%", "88%")
    assert spanish.day("2026-03-09") == "9 mar 2026"
    assert english.day("2026-03-09") == "2026-03-09"
