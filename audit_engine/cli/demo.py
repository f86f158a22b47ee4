"""`audit-engine demo`."""

from pathlib import Path

import click

from audit_engine.bootstrap import build_app, load_settings
from audit_engine.demo import run as demo_service


@click.command("demo")
@click.option(
    "--home", type=click.Path(path_type=Path), default=None,
    help="Folder for the demo's database and files (default: AUDIT_ENGINE_HOME/demo).",
)
def demo(home: Path | None) -> None:
    """Run the product end to end on a fresh embedded database and show where everything went."""
    settings = load_settings()
    home = home or settings.home / "demo"
    demo_service.prepare_home(home)
    app = build_app(demo_service.demo_settings(settings, home), clock=demo_service.demo_clock())
    try:
        artifacts = list(demo_service.run_demo(app, echo=click.echo))
        click.echo("== where everything went")
        for label, where in artifacts:
            click.echo(f"   {label:<26} {where}")
    finally:
        app.dispose()
