"""Shared fixtures: a small site built through the same calls an editor's work makes."""

import io
from datetime import timedelta

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from masthead.publishing.models import ArticlePage, HomePage, SectionPage


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploaded files and the data folder go to a temporary place per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    # The same in-memory cache on every database, so query counts compare.
    settings.CACHES = {
        name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        for name in ("default", "renditions")
    }
    from django.core.cache import caches

    from masthead.page_cache import local_pages

    for cache in caches.all():
        cache.clear()  # rate-limit counts must not leak from one test to the next
    local_pages.clear()
    # The page cache has its own tests; elsewhere each request renders afresh.
    settings.PAGE_CACHE = False
    # Tests post forms faster than any person; the timing check has its own test.
    settings.COMMENT_MIN_SECONDS = 0
    # Passwords are really checked, with a hasher fast enough for a test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture
def home(db):
    home = HomePage.objects.first() or _rebuild_site()
    set_moderation_rules(mode="publish")
    return home


def set_moderation_rules(**rules):
    """Change the site's moderation rules (tests start from "publish at once")."""
    from wagtail.models import Site

    from masthead.moderation.models import ModerationSettings

    stored = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in rules.items():
        setattr(stored, name, value)
    stored.save()
    return stored


def _rebuild_site() -> HomePage:
    """Recreate what the migrations made, after a transactional test's flush."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Masthead"},
    )
    return home


@pytest.fixture
def make_section(home):
    def make(title: str, **fields) -> SectionPage:
        section = SectionPage(title=title, show_in_menus=True, **fields)
        home.add_child(instance=section)
        section.save_revision().publish()
        return section

    return make


@pytest.fixture
def section(make_section):
    return make_section("World")


@pytest.fixture
def make_image(db):
    def make(title: str = "A still") -> object:
        buffer = io.BytesIO()
        PillowImage.new("RGB", (640, 360), (40, 90, 140)).save(buffer, "JPEG")
        return get_image_model().objects.create(
            title=title, file=ImageFile(buffer, name=f"{title}.jpg")
        )

    return make


@pytest.fixture
def make_article(section):
    """Create an article; published unless `publish=False`, dated `days_ago`."""

    def make(
        title: str = "A bridge reopens",
        *,
        in_section: SectionPage | None = None,
        body=(),
        publish: bool = True,
        days_ago: int = 0,
        **fields,
    ) -> ArticlePage:
        also_filed_in = fields.pop("also_filed_in", [])
        tags = fields.pop("tags", [])
        article = ArticlePage(title=title, body=list(body), live=False, **fields)
        (in_section or section).add_child(instance=article)
        article.also_filed_in.set(also_filed_in)
        article.tags.set(tags)
        revision = article.save_revision()
        if publish:
            revision.publish()
            moment = timezone.now() - timedelta(days=days_ago)
            ArticlePage.objects.filter(pk=article.pk).update(first_published_at=moment)
            article.refresh_from_db()
        return article

    return make


@pytest.fixture
def article(make_article):
    return make_article("Council votes on the harbour plan")


@pytest.fixture
def post(article):
    """Post a comment as a guest through the real domain function."""
    from masthead.discussion.posting import CommentAuthor, post_comment

    def write(
        text="A fair point.",
        *,
        parent=None,
        name="Ann",
        on=None,
        signals=None,
        **author,
    ):
        return post_comment(
            article=on or article,
            author=CommentAuthor(
                name=name, email=f"{name.lower()}@example.org", **author
            ),
            text=text,
            parent=parent,
            **({"signals": signals} if signals else {}),
        )

    return write


@pytest.fixture
def hold_all_comments(home):
    return set_moderation_rules(mode="hold_all")


@pytest.fixture
def moderation_rules(home):
    """A function that changes the site's moderation rules."""
    return set_moderation_rules


@pytest.fixture
def csrf_client():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


@pytest.fixture
def moderators(db):
    """The "Moderators" group as the migrations make it (recreated after a flush)."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name="Moderators")
    if created:
        group.permissions.add(
            *Permission.objects.filter(
                codename__in=["moderate_comments", "access_admin"]
            )
        )
    return group


# Reader accounts and notifications


@pytest.fixture
def comment_through_form(csrf_client):
    """Post the article page's comment form as a guest, as a browser would."""
    from masthead.moderation.form_signals import stamp_form

    def send(article, *, client=None, text="Well reported.", name="Ann", **fields):
        data = {
            "text": text,
            "name": name,
            "email": f"{name.lower()}@example.org" if name else None,
            "website": "",
            "started": stamp_form(),
            **fields,
        }
        data = {key: value for key, value in data.items() if value is not None}
        return (client or csrf_client).post(
            f"/discussion/articles/{article.pk}/comments/",
            data,
            HTTP_ORIGIN="http://testserver",
        )

    return send


READER_PASSWORD = "a-Long-passphrase-7"  # noqa: S105 (a test account's)


@pytest.fixture
def make_reader(db, django_user_model):
    """A reader who signed up and verified their address, as allauth leaves them."""
    from allauth.account.models import EmailAddress

    def make(name="Dee", *, email=None, password=READER_PASSWORD):
        email = email or f"{name.lower()}@example.org"
        user = django_user_model.objects.create_user(
            name.lower(), email, password, display_name=name
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def mail_links():
    """The links in a mail's text part that lead into this site."""
    import re

    def find(message, path_part: str) -> list[str]:
        urls = re.findall(r"https?://[^\s<>\"]+", message.body)
        return [
            url.split("://", 1)[1].split("/", 1)[1] for url in urls if path_part in url
        ]

    return lambda message, path_part: ["/" + url for url in find(message, path_part)]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit, as in production."""

    def run(do, /, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return do(*args, **kwargs)

    return run


CDN_HOST = "https://news.example.org"


@pytest.fixture
def purged(settings, monkeypatch):
    """The addresses purged at an HTTP cache in front, BASE_URL being CDN_HOST."""
    from wagtail.contrib.frontend_cache.backends import HTTPBackend

    urls = []
    monkeypatch.setattr(HTTPBackend, "purge", lambda backend, url: urls.append(url))
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        }
    }
    settings.BASE_URL = CDN_HOST
    return urls
