"""The docs describe the commands that exist, and every command is documented."""

import re
from pathlib import Path

import click

from audit_engine.cli.main import cli
from audit_engine.cli.reference import command_paths, reference

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A command in inline code or at the start of a line of a code block; prose may say anything.
MENTION = re.compile(r"(?:`|^\s*(?:\$ )?)audit-engine((?: [a-z][a-z-]*)+)", re.MULTILINE)


def test_command_reference_matches_the_commands():
    on_disk = (ROOT / "docs" / "commands.md").read_text()
    assert on_disk == reference(), (
        "docs/commands.md is stale: python -m audit_engine.cli.reference > docs/commands.md"
    )


def test_every_command_the_docs_mention_exists():
    root = click.Context(cli, info_name="audit-engine")
    known = {" ".join(path) for path, _, _ in command_paths(root, cli)}
    groups = {path.split()[0] for path in known}
    wrong = []
    for doc in DOCS:
        for words in MENTION.findall(doc.read_text()):
            words = words.split()
            if words[0] not in groups:
                wrong.append(f"{doc.name}: audit-engine {' '.join(words)}")
            elif len(words) > 1 and not any(" ".join(words[:n]) in known for n in (1, 2, 3)):
                wrong.append(f"{doc.name}: audit-engine {' '.join(words[:3])}")
    assert wrong == []


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
