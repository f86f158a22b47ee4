"""The five risk-assessment steps in the reader's language on the risk pages and in
`audit-engine risk show|steps --lang`: Spanish for a Spanish reader, English marked "in English"
for a reader of a language the operator added without the steps' text."""

from __future__ import annotations

import re

import pytest

from audit_engine.bootstrap import Settings
from audit_engine.domain.rules.risk_steps import STEP_TEXTS
from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import sign_in

ENGLISH, SPANISH = STEP_TEXTS["en"].values(), STEP_TEXTS["es"].values()
EMPTY_CATALOGUE = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


@pytest.fixture
def settings(home, database_url, tmp_path):
    """The operator added French: a catalogue with nothing translated, and no steps' text."""
    folder = tmp_path / "templates"
    target = folder / "languages" / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "messages.po").write_text(EMPTY_CATALOGUE + '"Language: fr\\n"\n')
    return Settings(home=home, database_url=database_url, template_dir=folder)


@pytest.fixture
def assessment(people) -> str:
    return assessments.open_assessment(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                       facility=world.FACILITY).id


def speaks(people, email: str, language: str) -> None:
    set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=email,
                      language=language, check=people.languages.checked)


def steps_shown(html: str) -> list[tuple[str, str]]:
    """(title, text) of each step as listed on the page, HTML entities left as they are."""
    titles = re.findall(r'<strong class="step-title"(?: lang="en")?>([^<]+)</strong>', html)
    texts = re.findall(r'<p class="small step-text"(?: lang="en")?>([^<]+)</p>', html)
    return list(zip(titles, texts, strict=True))


def escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_a_spanish_reader_reads_the_steps_in_spanish(client, people, assessment):
    speaks(people, world.OFFICER, "es")
    sign_in(client, world.OFFICER)
    page = client.get(f"/risk/{assessment}").text
    assert steps_shown(page) == [(escaped(s.title), escaped(s.text)) for s in SPANISH]
    assert "en inglés" not in page and 'lang="en"' not in page
    assert not any(s.title in page for s in ENGLISH if s.title != "Action plan")
    overview = client.get("/risk").text
    assert "Los cinco pasos" in overview
    assert steps_shown(overview) == [(escaped(s.title), escaped(s.text)) for s in SPANISH]


def test_an_english_reader_reads_the_english_steps(client, assessment):
    sign_in(client, world.OFFICER)
    page = client.get(f"/risk/{assessment}").text
    assert steps_shown(page) == [(escaped(s.title), escaped(s.text)) for s in ENGLISH]
    assert "in English" not in page


def test_a_language_without_the_steps_shows_them_in_english_marked(client, people, assessment):
    speaks(people, world.MANAGER, "fr")
    sign_in(client, world.MANAGER)
    for path in (f"/risk/{assessment}", "/risk"):
        page = client.get(path).text
        assert steps_shown(page) == [(escaped(s.title), escaped(s.text)) for s in ENGLISH]
        for step in ENGLISH:
            assert (f'<strong class="step-title" lang="en">{escaped(step.title)}</strong> '
                    '<span class="badge">in English</span>') in page, path


def test_the_command_shows_the_steps_in_the_language_asked(cli, people, assessment):
    shown = cli("risk", "show", assessment, "--lang", "es", "--as", world.OFFICER)
    assert shown.returncode == 0, shown.stderr
    titles = [line.split(". ", 1)[1].split(":")[0] for line in shown.stdout.splitlines()[1:6]]
    assert titles == [s.title for s in SPANISH]
    listed = cli("risk", "steps", "--lang", "es")
    assert listed.returncode == 0, listed.stderr
    assert "4. Plan de acción [paraphrase]" in listed.stdout
    assert "1. Mapear el flujo de carga y los socios comerciales [paraphrase]" in listed.stdout
    assert listed.stdout.count("source: ") == 5 and "no text in" not in listed.stdout
    wrong = cli("risk", "steps", "--lang", "xx")
    assert wrong.returncode != 0 and "--lang 'xx' is not a language here" in wrong.stderr
