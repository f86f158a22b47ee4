"""`_("text")` and `_("text %(x)s", x=...)`, translated when a page template is compiled.

A page environment speaks one language (reporting/pages.py), so a marked text is a constant
there. The i18n extension would look it up on every render, through a context call, a
catalogue lookup and a Markup; a category page makes about 500 such calls. This extension
rewrites the call in the template's tokens into what the call returns:

- `_("Save note")` becomes `("Guardar nota"|safe)`, which Jinja folds into the compiled
  template;
- `_("Result for %(c)s", c=row.id)` becomes `(("Resultado de %(c)s"|safe) % {"c": (row.id)})`:
  the translation is a constant, its values are formatted when the page is rendered.

That is the i18n extension's own newstyle call: the translation (marked safe where the template
is autoescaped), then formatted with the values (which Markup escapes; `%%` becomes `%`
without values). A plain-text template (a mail's `.txt`) gets the plain text, unescaped. A
call it cannot read as one text and named values (an attribute named `_`, a second text,
`**values`) is left to the extension.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_ASSIGN,
    TOKEN_COLON,
    TOKEN_COMMA,
    TOKEN_DOT,
    TOKEN_LBRACE,
    TOKEN_LBRACKET,
    TOKEN_LPAREN,
    TOKEN_MOD,
    TOKEN_NAME,
    TOKEN_PIPE,
    TOKEN_RBRACE,
    TOKEN_RBRACKET,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)

OPENING = {TOKEN_LPAREN, TOKEN_LBRACKET, TOKEN_LBRACE}
CLOSING = {TOKEN_RPAREN, TOKEN_RBRACKET, TOKEN_RBRACE}


class ConstantWords(Extension):
    """Needs `environment.constant_gettext`: the gettext of the environment's one language."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translate: Callable[[str], str] | None = getattr(self.environment,
                                                         "constant_gettext", None)
        autoescape = self.environment.autoescape
        safe = autoescape(stream.name) if callable(autoescape) else bool(autoescape)
        tokens = list(stream)
        position = 0
        while position < len(tokens):
            found = _marked_call(tokens, position) if translate else None
            if found is None:
                yield tokens[position]
                position += 1
                continue
            text, values, end = found
            yield from _translated(tokens[position].lineno, translate(text), values, safe)
            position = end


def _marked_call(tokens: list[Token], at: int):
    """(text, [(name, value tokens)], the position after the call) of `_("...", name=...)`
    at `at`, or None when it is no such call."""
    head = tokens[at:at + 3]
    if (len(head) < 3 or head[0].type != TOKEN_NAME or head[0].value != "_"
            or head[1].type != TOKEN_LPAREN or head[2].type != TOKEN_STRING
            or (at > 0 and tokens[at - 1].type == TOKEN_DOT)):
        return None
    values: list[tuple[str, list[Token]]] = []
    position = at + 3
    while position < len(tokens) and tokens[position].type == TOKEN_COMMA:
        pair = tokens[position + 1:position + 3]
        if len(pair) < 2 or pair[0].type != TOKEN_NAME or pair[1].type != TOKEN_ASSIGN:
            return None
        value, position = _expression(tokens, position + 3)
        if not value:
            return None
        values.append((pair[0].value, value))
    if position >= len(tokens) or tokens[position].type != TOKEN_RPAREN:
        return None
    return head[2].value, values, position + 1


def _expression(tokens: list[Token], at: int) -> tuple[list[Token], int]:
    """The tokens of one value (up to a comma or the call's closing parenthesis)."""
    depth, position = 0, at
    while position < len(tokens):
        kind = tokens[position].type
        if depth == 0 and kind in (TOKEN_COMMA, TOKEN_RPAREN):
            break
        depth += (kind in OPENING) - (kind in CLOSING)
        position += 1
    return tokens[at:position], position


def _translated(line: int, text: str, values, safe: bool) -> Iterator[Token]:
    def token(kind: str, value: str) -> Token:
        return Token(line, kind, value)

    def constant(value: str) -> Iterator[Token]:  # ("text"|safe), or ("text") in plain text
        yield token(TOKEN_LPAREN, "(")
        yield token(TOKEN_STRING, value)
        if safe:
            yield from (token(TOKEN_PIPE, "|"), token(TOKEN_NAME, "safe"))
        yield token(TOKEN_RPAREN, ")")

    if not values:
        try:
            text = text % {}  # what the newstyle call does without values
        except (KeyError, TypeError, ValueError):
            values = ()  # fails as the call would: at render time
        else:
            yield from constant(text)
            return
    yield token(TOKEN_LPAREN, "(")
    yield from constant(text)
    yield from (token(TOKEN_MOD, "%"), token(TOKEN_LBRACE, "{"))
    for name, value in values:
        yield from (token(TOKEN_STRING, name), token(TOKEN_COLON, ":"),
                    token(TOKEN_LPAREN, "("), *value, token(TOKEN_RPAREN, ")"),
                    token(TOKEN_COMMA, ","))
    yield from (token(TOKEN_RBRACE, "}"), token(TOKEN_RPAREN, ")"))
