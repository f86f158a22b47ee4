"""A subscription's last run, stored in English for the command line ("queued", "skipped:
<why>"), is worded on the administration page in the reader's language."""

from __future__ import annotations

import contextvars

import pytest

from audit_engine.languages import current
from audit_engine.languages.wording import wording_for
from audit_engine.web.admin_words import OUTCOMES, outcome_words


@pytest.mark.parametrize(("stored", "spanish"), [
    ("queued", "en cola"),
    ("skipped: no open corrective actions", "omitida: no hay acciones correctivas abiertas"),
    ("skipped: rule disabled", "omitida: la regla de suscripciones está desactivada"),
    ("skipped: A-12 unchanged since the last run",
     "omitida: A-12 sin cambios desde la última ejecución"),
    ("something new", "something new"),  # an outcome nobody worded yet stays as stored
])
def test_a_last_run_reads_in_spanish(stored, spanish):
    def in_spanish() -> str:
        current.speaking(wording_for("es"))
        return outcome_words(stored)

    # a copy of the context: the language set here does not leak into the next test
    assert contextvars.copy_context().run(in_spanish) == spanish


def test_every_outcome_the_service_stores_is_worded():
    import inspect
    import re

    from audit_engine.services.calendar import subscriptions

    source = inspect.getsource(subscriptions._nothing_to_report)
    reasons = set(re.findall(r'(?:return|else) "([^"]+)"', source)) | {"rule disabled"}
    assert len(reasons) == 4, reasons
    assert {f"skipped: {r}" for r in reasons} <= set(OUTCOMES), reasons
