"""The five steps of CBP's Five Step Risk Assessment in each language shipped: the step's title,
what it asks, and where the wording comes from. `wording` is marked as the checklists mark
criteria (docs/checklist-format.md, "Translations"): `confirmed` when CBP's own text of the step
in that language was seen and ours restates it in our words, `paraphrase` otherwise.

Python data beside the rules, not a checklist file or the message catalogue: the steps are
CBP's fixed process, bound to the code by their keys (what each step still needs is a rule),
never tailored by a company; and each entry carries its own wording mark and source, which a
catalogue entry cannot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from audit_engine.domain.words import N_

SOURCE_LANGUAGE = "en"
STEP_KEYS = ("map", "threats", "vulnerabilities", "action_plan", "documentation")


@dataclass(frozen=True)
class StepText:
    """One step in one language."""

    title: str
    text: str  # what the step asks, in a sentence
    wording: str  # confirmed | paraphrase (domain/rules/catalog.py WORDINGS)
    source: str  # where the authority's text was seen, or whose translation this is
    in_english: bool = False  # shown in English: no text in the reader's language


GUIDE_EN = ("CBP, C-TPAT 5 Step Risk Assessment Process Guide (C-TPAT Training Seminar, March "
            "2010), the list of the five steps on page 3, read in public copies of the guide")
NOT_SEEN_ES = "Our translation of our English wording (CBP's Spanish text of this step not seen"
# Seen, but not known to be CBP's: no publisher shows on the only copy found.
CHECKED_ES = ("Our translation of our English wording, checked against the step list on page 3 "
              "of a Spanish edition of the March 2010 guide, 'C-TPAT Análisis de Riesgos en 5 "
              "Pasos - Guía de procedimientos' (same contents and pages as CBP's English guide), "
              "read in a public copy (Scribd, document 55392464) that does not show who "
              "published it: not marked confirmed for that reason")

ENGLISH = {
    "map": StepText(
        "Map cargo flow and business partners",
        "Trace how the cargo moves from its origin to its destination and name every business "
        "partner on the way, whether contracted directly or indirectly.",
        "confirmed", GUIDE_EN),
    "threats": StepText(
        "Threat assessment",
        "Assess the threats the supply chain faces - terrorism, contraband smuggling, human "
        "smuggling, organized crime, and the conditions in a country or region that foster "
        "them - and rate each high, medium or low.",
        "confirmed", GUIDE_EN),
    "vulnerabilities": StepText(
        "Vulnerability assessment",
        "Check the supply chain against the CTPAT Minimum Security Criteria and rate each "
        "vulnerability found high, medium or low.",
        "confirmed", GUIDE_EN),
    "action_plan": StepText(
        "Action plan",
        "Prepare an action plan that treats the threats and vulnerabilities found, and follow "
        "it up.",
        "confirmed", GUIDE_EN),
    "documentation": StepText(
        "Documentation of the process",
        "Write down how the risk assessment is conducted, so that the next one follows the "
        "same process.",
        "confirmed", GUIDE_EN),
}

SPANISH = {
    "map": StepText(
        "Mapear el flujo de carga y los socios comerciales",
        "Trace el recorrido de la carga desde su origen hasta su destino e identifique a cada "
        "socio comercial que interviene, contratado de forma directa o indirecta.",
        "paraphrase", CHECKED_ES),
    "threats": StepText(
        "Evaluación de amenazas",
        "Evalúe las amenazas a las que está expuesta la cadena de suministro (terrorismo, "
        "contrabando de mercancías ilícitas, tráfico de personas, crimen organizado y las "
        "condiciones del país o la región que las favorecen) y califique cada una como de "
        "riesgo alto, medio o bajo.",
        "paraphrase", CHECKED_ES),
    "vulnerabilities": StepText(
        "Evaluación de vulnerabilidades",
        "Revise la cadena de suministro frente a los criterios mínimos de seguridad de CTPAT y "
        "califique cada vulnerabilidad encontrada como alta, media o baja.",
        "paraphrase", CHECKED_ES),
    "action_plan": StepText(
        "Plan de acción",
        "Prepare un plan de acción que atienda las amenazas y vulnerabilidades encontradas, y "
        "dele seguimiento.",
        "paraphrase",
        NOT_SEEN_ES + "; the Spanish guide's contents name it 'Plan de acción y revisión de un "
        "análisis de riesgos', and its list breaks off at this step in the copy read)"),
    "documentation": StepText(
        "Documentación del proceso",
        "Deje por escrito cómo se realiza la evaluación de riesgos, para que la siguiente siga "
        "el mismo proceso.",
        "paraphrase",
        NOT_SEEN_ES + "; the Spanish guide's contents name it 'Documentar el proceso de un "
        "análisis de riesgos')"),
}

STEP_TEXTS: dict[str, dict[str, StepText]] = {"en": ENGLISH, "es": SPANISH}

# The English titles, marked: a refusal naming a step ("cannot be completed: threat
# assessment: ...") is worded on a page from the catalogue, which a test keeps equal to SPANISH.
TITLES = (N_("Map cargo flow and business partners"), N_("Threat assessment"),
          N_("Vulnerability assessment"), N_("Action plan"), N_("Documentation of the process"))


def steps_in(language: str) -> dict[str, StepText]:
    """The five steps, in order, as a reader of `language` (`es`, `pt_BR`) sees them: the
    language's own text, else its base language's (`pt` for `pt_BR`), else English marked
    `in_english`."""
    own = STEP_TEXTS.get(language) or STEP_TEXTS.get(language.split("_")[0].split("-")[0], {})
    return {key: own[key] if key in own else replace(ENGLISH[key], in_english=True)
            for key in STEP_KEYS}


def step_gaps(language: str) -> list[str]:
    """Keys of the steps with no text in `language` (none for English)."""
    return [key for key, text in steps_in(language).items() if text.in_english]
