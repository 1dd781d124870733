"""Load the demo outlet: sections, published articles, pictures and an editor.

Loading is idempotent: anything found by its slug (or an image by its
title) is left as it is, so running it again creates nothing new and never
overwrites what an editor has changed since.
"""

import os
import secrets
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Revision, Site

from masthead.publishing.models import ArticlePage, HomePage, SectionPage
from masthead.publishing.site_address import match_site_to_base_url

from .comments import load_demo_comments
from .content import ARTICLES, SECTIONS
from .images import get_or_create_picture
from .moderation import load_demo_moderation
from .records import Article, BodyItem, Picture, Quote, Video

EDITOR_USERNAME = "editor"
HOME_INTRO = "Invented news from invented places: the Masthead demo outlet."
SITE_NAME = "Masthead"

# Called as progress(what is being done, steps done, steps in all).
Progress = Callable[[str, int, int], None]


@transaction.atomic
def load_demo(*, progress: Progress | None = None) -> dict:
    """Create whatever demo content is missing and return what was made.

    The result counts the sections, articles, images and readers' comments
    created, and gives the editor's login as `username` and `password`.
    Raises HomePage.DoesNotExist when the home page migration has not run.
    """
    report = {"sections": 0, "articles": 0, "images": 0}
    total = len(SECTIONS) + len(ARTICLES) + 2
    step = _stepper(progress=progress, total=total)
    home = HomePage.objects.get()
    sections = {}
    for section in SECTIONS:
        step(f"Section: {section.title}")
        sections[section.slug], created = _get_or_create_section(
            home=home, slug=section.slug, title=section.title, intro=section.intro
        )
        report["sections"] += created
    for article in ARTICLES:
        step(f"Article: {article.title}")
        report["articles"] += _get_or_create_article(
            article=article, sections=sections, report=report
        )
    step("Home page, site name and editor")
    _name_the_site(home=home)
    username, password, report["editor_created"] = _get_or_create_editor()
    report["comments"] = load_demo_comments(progress=progress)
    step("Moderation queue")
    report["comments"] += load_demo_moderation()
    return {**report, "username": username, "password": password}


def _stepper(*, progress: Progress | None, total: int) -> Callable[[str], None]:
    done = 0

    def step(description: str) -> None:
        nonlocal done
        if progress:
            progress(description, done, total)
        done += 1

    return step


def _get_or_create_section(
    *, home: HomePage, slug: str, title: str, intro: str
) -> tuple[SectionPage, bool]:
    existing = SectionPage.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing, False
    section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    return section, True


def _get_or_create_article(
    *, article: Article, sections: dict[str, SectionPage], report: dict
) -> bool:
    """Publish the article under its main section unless one has its slug."""
    # Looked up anywhere in the tree, so an article an editor has moved to
    # another section is not created a second time.
    if ArticlePage.objects.filter(slug=article.slug).exists():
        return False
    page = ArticlePage(
        title=article.title,
        slug=article.slug,
        standfirst=article.standfirst,
        byline=article.byline,
        body=_stream_data(body=article.body, report=report),
    )
    if article.lead:
        page.lead_image = _picture(picture=article.lead, report=report)
    page.also_filed_in = [sections[slug] for slug in article.also_in]
    page.tags.add(*article.tags)
    sections[article.section].add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    _backdate(page=page, revision=revision, when=_days_ago(article.days_ago))
    return True


def _stream_data(*, body: tuple[BodyItem, ...], report: dict) -> list[tuple]:
    """Turn written body items into (block type, value) pairs for the body."""
    blocks = []
    for item in body:
        if isinstance(item, str):
            blocks.append(("paragraph", f"<p>{escape(item)}</p>"))
        elif isinstance(item, Quote):
            blocks.append(("quotation", _quotation(quote=item)))
        elif isinstance(item, Picture):
            image = _picture(picture=item, report=report)
            blocks.append(("image", {"image": image, "caption": escape(item.caption)}))
        elif isinstance(item, Video):
            still = _picture(picture=item.still, report=report)
            video = {"url": item.url, "still": still, "caption": item.caption}
            blocks.append(("video", video))
    return blocks


def _quotation(*, quote: Quote) -> dict:
    date = ""
    if quote.days_ago is not None:
        day = _days_ago(quote.days_ago)
        date = f"{day.day} {day:%B %Y}"
    return {
        "text": quote.text,
        "source_name": quote.source_name,
        "date": date,
        "link": quote.link,
    }


def _picture(*, picture: Picture, report: dict):
    # The seed comes from the label, so each picture looks the same on every
    # machine that loads the demo.
    image, created = get_or_create_picture(
        title=f"Demo: {picture.label}",
        label=picture.label,
        seed=zlib.crc32(picture.label.encode()),
        alt_text=f"Abstract illustration labelled “{picture.label}”",
    )
    report["images"] += created
    return image


def _days_ago(days: int) -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(
        days=days
    )


def _backdate(*, page: ArticlePage, revision: Revision, when: datetime) -> None:
    # Publishing stamps the current time; an update() writes past the
    # model's own saving, so the listing order follows the demo's dates.
    ArticlePage.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=when)


def _name_the_site(*, home: HomePage) -> None:
    # An intro an editor has written is kept.
    if not home.intro:
        home.intro = HOME_INTRO
        home.save_revision().publish()
    Site.objects.filter(is_default_site=True).update(site_name=SITE_NAME)
    match_site_to_base_url()


def _get_or_create_editor() -> tuple[str, str, bool]:
    """Return the editor's username, password and whether it was just created.

    The password is kept in the data directory so later runs can show it.
    If that file is lost, the existing editor is given a new password.
    """
    password_file = settings.DATA_DIR / "demo-editor-password.txt"
    user_model = get_user_model()
    editor = user_model.objects.filter(username=EDITOR_USERNAME).first()
    password = password_file.read_text().strip() if password_file.exists() else ""
    if editor and password:
        return EDITOR_USERNAME, password, False
    password = password or secrets.token_urlsafe(12)
    if editor:
        editor.set_password(password)
        editor.save(update_fields=["password"])
    else:
        user_model.objects.create_superuser(
            username=EDITOR_USERNAME, email="editor@example.org", password=password
        )
    _write_secret(path=password_file, text=password)
    return EDITOR_USERNAME, password, editor is None


def _write_secret(*, path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by its owner only; chmod covers a file that existed.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as secret_file:
        secret_file.write(text + "\n")
    os.chmod(path, 0o600)
