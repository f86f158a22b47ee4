"""The command reference in docs/commands.md, generated from the commands themselves.

Regenerate with `python -m audit_engine.cli.reference > docs/commands.md`; a test fails when the
file and the commands differ.
"""

from __future__ import annotations

import click

from audit_engine.cli.main import cli

WIDTH = 100


def command_paths(ctx: click.Context, command: click.Command, path: tuple[str, ...] = ()):
    """Every runnable command, depth first, as (path, command, context)."""
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            sub_ctx = click.Context(sub, info_name=name, parent=ctx, terminal_width=WIDTH)
            yield from command_paths(sub_ctx, sub, (*path, name))
    else:
        yield path, command, ctx


def reference() -> str:
    root = click.Context(cli, info_name="audit-engine", terminal_width=WIDTH)
    parts = [
        "# Command reference\n",
        "Generated from the commands (`python -m audit_engine.cli.reference > docs/commands.md`);",
        "a test fails when this file and the code differ. Conventions: [cli.md](cli.md).\n",
    ]
    for path, command, ctx in command_paths(root, cli):
        help_text = command.get_help(ctx).rstrip()
        parts.append(f"## audit-engine {' '.join(path)}\n\n```text\n{help_text}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
