"""Languages: message catalogues (gettext through Babel) and the formats of dates, numbers,
percentages and plurals by locale. Babel's one home.

English is the source language: the text of the templates and phrases, no catalogue needed.
Every other language is a catalogue: the shipped ones under `locale/<code>/LC_MESSAGES/
messages.po` (Spanish, `es`), and any the operator adds under `<template_dir>/languages/<code>/
LC_MESSAGES/messages.po` (which also overrides a shipped one). Catalogues are read from the
`.po` files when first used in a process, so a wheel needs no compile step.

Modules:
- `catalogues`: Which languages there are, and each one's translations, read from its `.po`.
- `wording`: `Wording`: one language's translations and formats, handed to the templates.
- `current`: The language of what is being said now (a web request), for phrases built in
  Python.
- `checks`: Drift checks of a catalogue: missing, fuzzy and placeholders that differ.
- `labels`: Names the domain builds in English (a risk action-plan item's) in a reader's
  language.
"""
