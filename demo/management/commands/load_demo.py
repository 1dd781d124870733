"""Fill the site with the demo outlet and print how to sign in."""

import logging
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from demo.loading import load_demo
from masthead.publishing.models import HomePage


class Command(BaseCommand):
    help = "Load the demo sections, articles and an editor; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="",
            help="host:port the development server will listen on (as given to "
            "runserver); BASE_URL's host and port when left out",
        )

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
        address = options["address"] or urlsplit(settings.BASE_URL).netloc
        console.print(_summary(result, address=address))


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


def _summary(result: dict, *, address: str) -> Panel:
    site_url = f"http://{address}/"
    admin_url = f"{site_url}admin/"
    created = (
        f"Created {result['sections']} sections, {result['articles']} articles, "
        f"{result['images']} images and {result['comments']:,} comments"
    )
    if not any(result[key] for key in ("sections", "articles", "images", "comments")):
        created = "The demo was already loaded; nothing new was created"
    lines = [
        f"{created}.",
        "",
        f"Site:     [link={site_url}]{site_url}[/link]",
        f"Admin:    [link={admin_url}]{admin_url}[/link]",
        f"Username: [bold]{result['username']}[/bold]",
        f"Password: [bold]{result['password']}[/bold]",
        "",
        *_base_url_note(site_url),
        "Search indexing and e-mails need the task worker beside the web server:",
        "`make demo` starts both (run_worker, then runserver); by hand,",
        f"`python manage.py run_worker` and `python manage.py runserver {address}`.",
    ]
    return Panel("\n".join(lines), title="Masthead demo", expand=False)


def _base_url_note(site_url: str) -> list[str]:
    # Links in mails, feeds and canonical tags are built from BASE_URL: say so
    # when the server listens elsewhere, or those links lead nowhere.
    if site_url.rstrip("/") == settings.BASE_URL:
        return []
    return [
        f"Links in mails and feeds use BASE_URL ({settings.BASE_URL}); set it "
        f"to {site_url.rstrip('/')} in .env to follow them here.",
        "",
    ]
