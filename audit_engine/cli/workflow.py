"""`audit-engine workflow diagram`: Mermaid for each workflow, from the transition tables."""

import click


@click.group("workflow")
def group() -> None:
    """The workflows (audit, finding, action)."""


@group.command("diagram")
@click.option(
    "--workflow",
    "name",
    type=click.Choice(["audit", "finding", "action"]),
    default=None,
    help="Only this workflow.",
)
def diagram(name) -> None:
    """Print Mermaid state diagrams (what docs/workflow.md embeds)."""
    from audit_engine.services.administration.workflow_docs import diagrams

    for title, text in diagrams().items():
        if name in (None, title):
            click.echo(f"%% {title}\n{text}")
