"""A risk assessment's action-plan item is named in English by the domain (`RA-2 · Risk
assessment 2026, action plan for threat "Cargo theft" (high)`, in listings and stored mails);
mails and reports word it in their reader's language. English reads it unchanged."""

from __future__ import annotations

import pytest

from audit_engine.domain.formats.labels import risk_action_label, risk_item_phrase
from audit_engine.languages.labels import label_words
from audit_engine.languages.wording import wording_for
from audit_engine.reporting.templates import Templates, template_dirs

THREAT = risk_action_label("RA-2", 2026, risk_item_phrase("threat", "Cargo theft", "high"))
BARE = risk_action_label("RA-3", None)


@pytest.mark.parametrize(("label", "spanish"), [
    (THREAT, "RA-2 · Evaluación de riesgos 2026, plan de acción para la amenaza «Cargo theft»"
             " (riesgo alto)"),
    (BARE, "RA-3 · Evaluación de riesgos, plan de acción"),
    ("F-3 · 6.2 Seal verification process", "F-3 · 6.2 Seal verification process"),  # data
])
def test_a_risk_action_label_in_spanish_and_english(label, spanish):
    assert label_words(label, wording_for("es").gettext) == spanish
    assert label_words(label, wording_for("en").gettext) == label


@pytest.mark.parametrize("kind", ["action_reminder", "action_assigned"])
def test_mails_word_it(kind):
    import copy

    from tests.languages.mail_contexts import CONTEXT

    context = copy.deepcopy(CONTEXT)
    context["label"] = THREAT
    for section in context.get("sections", []):
        for item in section["entries"]:
            item["label"] = THREAT
    text = Templates(template_dirs(None), wording_for("es")).render(f"email/{kind}.txt", context)
    assert "plan de acción para la amenaza «Cargo theft» (riesgo alto)" in text, text
