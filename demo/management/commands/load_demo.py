"""Fill the site with the demo outlet and print how to sign in."""

import logging
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from demo.loading import load_demo
from masthead.publishing.models import HomePage

SITE_URL = "http://127.0.0.1:8000/"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = "Load the demo sections, articles and an editor; safe to run again."

    def handle(self, *args, **options):
        console = Console()
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
        )
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Loading the demo", total=None)

            def show(description: str, done: int, total: int) -> None:
                progress.update(
                    task, description=description, completed=done, total=total
                )

            try:
                with _wagtail_logging(is_shown=options["verbosity"] > 1):
                    result = load_demo(progress=show)
            except HomePage.DoesNotExist as error:
                raise CommandError(
                    "No home page found: run `manage.py migrate` first."
                ) from error
        console.print(_summary(result))


@contextmanager
def _wagtail_logging(*, is_shown: bool):
    # Wagtail logs every page it creates and publishes, which would bury the
    # progress bar; -v 2 shows those lines again.
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    if not is_shown:
        wagtail_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        wagtail_log.setLevel(level)


def _summary(result: dict) -> Panel:
    created = (
        f"Created {result['sections']} sections, {result['articles']} articles, "
        f"{result['images']} images and {result['comments']:,} comments"
    )
    if not any(result[key] for key in ("sections", "articles", "images", "comments")):
        created = "The demo was already loaded; nothing new was created"
    lines = [
        f"{created}.",
        "",
        f"Site:     [link={SITE_URL}]{SITE_URL}[/link]",
        f"Admin:    [link={ADMIN_URL}]{ADMIN_URL}[/link]",
        f"Username: [bold]{result['username']}[/bold]",
        f"Password: [bold]{result['password']}[/bold]",
        "",
        "Start the site with: python manage.py runserver",
    ]
    return Panel("\n".join(lines), title="Masthead demo", expand=False)
