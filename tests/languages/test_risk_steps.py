"""The five risk-assessment steps in every language shipped: each with its title, what it asks,
a wording mark and the source of its words, as the checklists' criteria have; a language
without them shows English, marked."""

from __future__ import annotations

import pytest

from audit_engine.domain.rules.catalog import WORDINGS
from audit_engine.domain.rules.risk import FIVE_STEPS, step_states
from audit_engine.domain.rules.risk_steps import (
    ENGLISH,
    STEP_KEYS,
    STEP_TEXTS,
    step_gaps,
    steps_in,
)
from audit_engine.languages.catalogues import known


def test_every_language_shipped_has_every_step_marked_with_its_source():
    assert set(STEP_TEXTS) == set(known())  # a language shipped: its steps too
    for language, texts in STEP_TEXTS.items():
        assert tuple(texts) == STEP_KEYS, language
        for key, text in texts.items():
            where = f"{language} {key}"
            assert text.title.strip() and text.text.strip(), where
            assert text.wording in WORDINGS, where
            assert len(text.source) > 20, where
            assert not text.in_english, where
        assert step_gaps(language) == [], language


def test_a_paraphrase_says_it_is_our_translation_and_a_confirmed_one_names_cbp():
    for language, texts in STEP_TEXTS.items():
        for key, text in texts.items():
            if text.wording == "paraphrase":
                assert text.source.startswith("Our translation of our English wording"), key
            else:
                assert "CBP" in text.source and "guide" in text.source, (language, key)
    marks = {key: text.wording for key, text in STEP_TEXTS["es"].items()}
    # a Spanish list was read for steps 1-3, in a copy with no publisher: not confirmed
    # (docs/risk-assessment.md)
    assert set(marks.values()) == {"paraphrase"}, marks
    assert "checked against" in STEP_TEXTS["es"]["map"].source


def test_the_rules_name_the_steps_as_the_english_text_does():
    states = step_states("", [], {}, "")
    assert [(s.key, s.title) for s in states] == [(k, t.title) for k, t in ENGLISH.items()]
    assert [s.title for s in states][:2] == ["Map cargo flow and business partners",
                                             "Threat assessment"]


def test_spanish_steps_are_spanish_and_differ_from_the_english():
    english, spanish = steps_in("en"), steps_in("es")
    for key in STEP_KEYS:
        assert spanish[key].title != english[key].title
        assert spanish[key].text != english[key].text
    assert spanish["threats"].title == "Evaluación de amenazas"
    assert "criterios mínimos de seguridad" in spanish["vulnerabilities"].text


@pytest.mark.parametrize("language", ["pt_BR", "fr", "de_CH"])
def test_a_language_without_steps_shows_english_marked(language):
    shown = steps_in(language)
    assert [t.title for t in shown.values()] == [t for _, t in FIVE_STEPS]
    assert all(t.in_english for t in shown.values())
    assert step_gaps(language) == list(STEP_KEYS)


def test_a_regional_variant_reads_its_base_language():
    assert steps_in("es_MX") == steps_in("es")
    assert step_gaps("es_MX") == [] and step_gaps("en_XA") == []


def test_a_step_named_in_a_refusal_reads_as_the_spanish_steps_do():
    """The catalogue's Spanish of each marked English title is the Spanish step's own title,
    and a refusal naming open steps says them in Spanish."""
    import contextvars

    from audit_engine.domain.errors import TransitionNotAllowed
    from audit_engine.domain.rules.risk import require_complete
    from audit_engine.domain.rules.risk_steps import SPANISH, TITLES
    from audit_engine.languages import current
    from audit_engine.languages.wording import wording_for

    spanish = wording_for("es")
    assert [spanish.gettext(t) for t in TITLES] == [s.title for s in SPANISH.values()]
    assert list(TITLES) == [s.title for s in ENGLISH.values()]

    class Open:
        title, done, missing = ENGLISH["threats"].title, False, "no threat rated"

    def refused() -> str:
        current.speaking(spanish)
        try:
            require_complete("RA-1", [Open()])
        except TransitionNotAllowed as error:
            return current.error_text(error)
        return ""

    assert "Evaluación de amenazas" in contextvars.copy_context().run(refused)
