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
@click.option("--serve", "then_serve", is_flag=True,
              help="Then serve the demo's data on the web until Ctrl-C (demo logins printed).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port for --serve (on 127.0.0.1).")
def demo(home: Path | None, then_serve: bool, port: int) -> None:
    """Run the product end to end on a fresh embedded database and show where everything went."""
    settings = load_settings()
    home = home or settings.home / "demo"
    demo_service.prepare_home(home)
    app = build_app(demo_service.demo_settings(settings, home), clock=demo_service.demo_clock())
    try:
        artifacts = list(demo_service.run_demo(app, echo=click.echo, said=_tick_line))
        click.echo("== where everything went")
        for label, where in artifacts:
            click.echo(f"   {label:<26} {where}")
        if then_serve:
            logins = demo_service.web_logins(app)
    finally:
        app.dispose()
    if then_serve:
        _serve(home, port, logins)


def _serve(home: Path, port: int, logins: list[tuple[str, str]]) -> None:
    import os

    from audit_engine.cli.serve import run_server

    url = f"http://127.0.0.1:{port}"
    click.echo(f"== the demo on the web: {url}  (Ctrl-C stops)")
    for email, role in logins:
        click.echo(f"   {email:<30} {role:<20} password: {demo_service.DEMO_PASSWORD}")
    os.environ.update(AUDIT_ENGINE_HOME=str(home.resolve()), AUDIT_ENGINE_DATABASE_URL="",
                      AUDIT_ENGINE_MAIL_TRANSPORT="folder", AUDIT_ENGINE_PUBLIC_URL=url)
    run_server("127.0.0.1", port, 1, public_url=url)


def _tick_line(summary) -> str:
    """The demo prints the same story every time: its tick lines leave the time out."""
    from audit_engine.cli.tick_text import describe

    return describe(summary, timed=False)
