"""The site bench/cluster.py serves: its settings, and what is in it at the start.

This process migrates once and builds the site, as masthead-migrate.service
and an editor would; the app servers and workers only read the same settings.
"""

import io
import logging
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from cluster_services import PROJECT, PUBLIC_HOST
from scratch import publish_article, set_moderation_mode

FOLLOWERS_PER_ARTICLE = 3
ARTICLES = ("Ferry timetable", "Harbour budget", "Council vote", "Fair week")
# Posters put this in some comments so that moderators have something to approve.
HELD_PHRASE = "for a moderator"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}


@dataclass(frozen=True)
class Site:
    article_ids: list[int]
    article_paths: list[str]
    comment_ids: list[
        int
    ]  # one approved comment per article, whose replies are followed
    image_path: str  # the article with the uploaded image


def cluster_environment(
    scratch: Path, *, database_url: str, redis_url: str, s3_endpoint: str,
    bucket: str, purge_url: str,
) -> dict:  # fmt: skip
    """Production settings shared by this process, the app servers and workers."""
    return {
        "PATH": os.environ.get("PATH", ""),
        # STATIC_ROOT is not read from the environment: a settings shim sets it.
        "DJANGO_SETTINGS_MODULE": "cluster_settings",
        "PYTHONPATH": os.pathsep.join([str(scratch), str(PROJECT)]),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "TRUST_X_FORWARDED_PROTO": "true",
        "ALLOWED_HOSTS": f"{PUBLIC_HOST},127.0.0.1,localhost",
        "BASE_URL": f"https://{PUBLIC_HOST}",
        "DATA_DIR": str(scratch / "data"),
        "MEDIA_ROOT": str(scratch / "media"),
        "DATABASE_URL": database_url,
        "DATABASE_POOL_MAX_SIZE": "2",
        "REDIS_URL": redis_url,
        "MEDIA_STORAGE_URL": f"s3://{bucket}?endpoint_url={s3_endpoint}"
        "&region=us-east-1",
        **S3_KEYS,
        "FRONTEND_CACHE_PURGE_URL": purge_url,
        # Readers arrive as a CDN would send them: the bench adds each fake
        # reader's address to X-Forwarded-For and nginx adds its client's, so
        # two proxies' worth of addresses, and each reader is told apart.
        "TRUSTED_PROXY_COUNT": "2",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
        # Mails go to files that every worker writes and the bench can count.
        "EMAIL_URL": f"filemail:///{scratch / 'mail'}",
        # A mail held by a killed worker is sent again after this (600 s in
        # production); the bench re-queues overdue mail as the timer does.
        "NOTIFICATION_MAIL_LEASE_SECONDS": "15",
        "LOG_LEVEL": "WARNING",
    }


def build_site(scratch: Path, env: dict, *, s3_endpoint: str, bucket: str) -> Site:
    """Make the bucket, migrate, collect static files, and fill the site."""
    (scratch / "cluster_settings.py").write_text(
        "from masthead.settings import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(scratch / 'static')!r}\n"
    )
    (scratch / "mail").mkdir()
    os.environ.update(env)
    sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)
    _make_bucket(s3_endpoint, bucket)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    logging.disable(logging.WARNING)
    if settings.DEBUG or not str(settings.STATIC_ROOT).startswith(str(scratch)):
        raise SystemExit("Refusing to run: DEBUG is on or static files leave scratch")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    set_moderation_mode("publish")
    _hold_a_phrase(HELD_PHRASE)
    articles = [publish_article(title) for title in ARTICLES]
    pictured = _publish_pictured_article()
    articles.append(pictured)
    comments = [_first_comment(article) for article in articles]
    for article, comment in zip(articles, comments, strict=True):
        _add_followers(article, comment)
    return Site(
        article_ids=[article.pk for article in articles],
        article_paths=[article.url for article in articles],
        comment_ids=[comment.pk for comment in comments],
        image_path=pictured.url,
    )


def _hold_a_phrase(phrase: str) -> None:
    from wagtail.models import Site as WagtailSite

    from masthead.moderation.models import BlocklistAction, ModerationSettings

    rules = ModerationSettings.for_site(WagtailSite.objects.get(is_default_site=True))
    rules.blocked_words = phrase
    rules.blocklist_action = BlocklistAction.HOLD
    rules.save()


def _make_bucket(endpoint: str, bucket: str) -> None:
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    )  # fmt: skip
    client.create_bucket(Bucket=bucket)
    # The policy deploy/ ships: readers may fetch images, not documents.
    policy = (PROJECT / "deploy" / "media-bucket-policy.json").read_text()
    client.put_bucket_policy(
        Bucket=bucket,
        Policy=policy.replace("arn:aws:s3:::BUCKET/", f"arn:aws:s3:::{bucket}/"),
    )


def _publish_pictured_article():
    """An article whose body shows an image uploaded through the storage API."""
    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 360), (40, 90, 140)).save(buffer, "JPEG")
    image = get_image_model().objects.create(
        title="Harbour at dawn", file=ImageFile(buffer, name="harbour.jpg")
    )
    article = publish_article("The harbour at dawn")
    article.body = [("image", {"image": image, "caption": "The harbour at dawn"})]
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def _first_comment(article):
    from masthead.discussion import posting

    author = posting.CommentAuthor(
        name="First reader", email="first@example.org", ip_address="192.0.2.1"
    )
    return posting.post_comment(
        article=article, author=author, text=f"First on {article.title}, and glad."
    )


def _add_followers(article, comment) -> None:
    """Readers who confirmed following the article; the first commenter follows
    replies to their comment."""
    from django.utils import timezone

    from masthead.notifications.models import Subscription

    now = timezone.now()
    for number in range(FOLLOWERS_PER_ARTICLE):
        Subscription.objects.create(
            email=f"follower{number}.{article.pk}@example.org",
            kind=Subscription.Kind.ARTICLE, article=article, confirmed_at=now,
        )  # fmt: skip
    Subscription.objects.create(
        email="first@example.org",
        kind=Subscription.Kind.REPLIES, comment=comment, confirmed_at=now,
    )  # fmt: skip
