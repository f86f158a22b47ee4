"""A marked text without values is translated when a page template is compiled
(reporting/constant_words.py): the page says what the i18n extension's call would say."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, select_autoescape

from audit_engine.reporting.constant_words import ConstantWords

TEMPLATE = (
    '{{ _("Save note") }}|{{ _("100%% sure") }}|{{ _("Note for %(c)s", c=who) }}|'
    '<b title="{{ _(\'Save note\') }}">{{ words._("Save note") }}</b>|{{ _("<em>") }}|'
    '{{ _("Note for %(c)s", c=(who ~ "!")|upper) }}|'
    '{{ _("%(a)s of %(b)s", b={"k": [1, 2]}, a=who) }}'
)
SPANISH = {"Save note": "Guardar nota", "100%% sure": "100%% seguro",
           "Note for %(c)s": "Nota de %(c)s", "<em>": "<em>", "%(a)s of %(b)s": "%(b)s: %(a)s"}


class Catalogue:
    """A catalogue as Jinja's i18n extension reads one."""

    def gettext(self, message: str) -> str:
        return SPANISH.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


def environment(constant: bool) -> Environment:
    extensions = ["jinja2.ext.i18n", *([ConstantWords] if constant else [])]
    env = Environment(loader=DictLoader({"page": TEMPLATE, "mail.txt": TEMPLATE}),
                      autoescape=select_autoescape(disabled_extensions=("txt",),
                                                   default=True),
                      extensions=extensions)
    catalogue = Catalogue()
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    env.extend(constant_gettext=catalogue.gettext)
    return env


@pytest.mark.parametrize("who", ["A&B", "<x>"])
@pytest.mark.parametrize("template", ["page", "mail.txt"])  # escaped, and plain text
def test_the_page_says_the_same_with_the_texts_compiled_in(template, who):
    class Words:
        @staticmethod
        def _(text):
            return f"[{text}]"

    values = {"who": who, "words": Words()}
    compiled = environment(True).get_template(template).render(values)
    assert compiled == environment(False).get_template(template).render(values)
    assert compiled.startswith("Guardar nota|100% seguro|Nota de ")


def test_a_text_without_values_is_a_constant_of_the_compiled_template():
    env = environment(True)
    source = env.compile(TEMPLATE, raw=True)
    assert "Guardar nota" in source and "100% seguro" in source
    assert "Nota de %(c)s" in source  # with values: formatted when rendered
    assert "gettext" not in source
    assert source.count("'_'") == 1  # the one call left: the attribute `words._`
