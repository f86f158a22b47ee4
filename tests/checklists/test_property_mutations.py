"""Property: whatever is done to a valid checklist, loading it either works or raises only the
loader's own error (InvalidInput, one line per problem) - never a crash from inside."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_engine.checklists import ChecklistError, load_files
from audit_engine.domain.rules.catalog import Catalog

from .conftest import HERE, SHIPPED
from .test_company_and_cache import TAILORING

STANDALONE = (SHIPPED / "ctpat" / "seal-verification.yaml").read_text()
SEEDS = [STANDALONE, TAILORING]
BASES = [SHIPPED / "ctpat" / "msc.yaml"]
YAML_CHARS = list(":-[]{}&*!|>#%@`'\"\n\t ,?") + ["\x00", "é", "\ufeff", "1.10", "null", "~"]


def text_mutation() -> st.SearchStrategy[str]:
    edit = st.tuples(st.integers(0, 10**6), st.integers(0, 5), st.sampled_from(YAML_CHARS))

    @st.composite
    def mutate(draw):
        text = draw(st.sampled_from(SEEDS))
        for position, delete, insert in draw(st.lists(edit, min_size=1, max_size=6)):
            at = position % (len(text) + 1)
            text = text[:at] + insert + text[at + delete :]
        return text

    return mutate()


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(["must", "should", "all", "us_importer"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def tree_mutation() -> st.SearchStrategy[str]:
    @st.composite
    def mutate(draw):
        document = yaml.load(draw(st.sampled_from(SEEDS)), Loader=yaml.CSafeLoader)
        for _ in range(draw(st.integers(1, 4))):
            _mutate_once(document, draw)
        return yaml.safe_dump(document, allow_unicode=True)

    return mutate()


def _mutate_once(document, draw) -> None:
    node = document
    while True:  # walk down to a random container
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and draw(st.booleans()):
            node = child
            continue
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if action == "replace":
            node[key] = draw(values)
        elif action == "delete":
            del node[key]
        elif action == "add" and isinstance(node, dict):
            node[draw(st.text(max_size=8))] = draw(values)
        elif isinstance(node, list):
            node.append(node[key])
        break


def load_text(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutant.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "replace"))
        loaded, errors = load_files([*BASES, path])
        if path in errors:
            assert errors[path] and all(e.startswith(f"{path}:") for e in errors[path])
            assert all(len(e.splitlines()) == 1 for e in errors[path])
        else:
            assert isinstance(loaded[path], Catalog)


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(text_mutation())
def test_text_mutations_raise_only_the_loader_error(text):
    load_text(text)


@PROPERTY
@given(tree_mutation())
def test_structural_mutations_raise_only_the_loader_error(text):
    load_text(text)


@PROPERTY
@given(st.binary(max_size=200), st.integers(0, 2000))
def test_byte_garbage_raises_only_the_loader_error(garbage, at):
    seed = STANDALONE.encode()
    load_text(seed[:at] + garbage + seed[at:])


def test_loader_error_is_invalid_input():
    from audit_engine.domain.errors import InvalidInput

    assert issubclass(ChecklistError, InvalidInput)
    assert datetime.date  # keeps the import honest for dates in generated values
    assert HERE.is_dir()
