"""What the fuzz tests share: the site they attack and the way they send a request."""

from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.utils import timezone

from masthead.discussion.models import Comment

from .hostile import encode

FORM = "application/x-www-form-urlencoded"
CSRF_TOKEN = "Fuzz" * 8  # a CSRF cookie's secret is 32 letters and digits


@dataclass(frozen=True)
class FuzzSite:
    """Ids and addresses of everything a door can be pointed at."""

    article: int
    article_url: str
    section_url: str
    tag: str
    shown: int  # an approved guest comment
    held: int  # a comment waiting for a moderator
    own: int  # the reader's own approved comment
    entry: int  # a moderator's decision in the log, which can be undone
    ban: int
    unsubscribe: str  # a valid token from a reply mail
    confirm: str  # a valid token from a confirmation mail
    reader: object
    moderator: object


@pytest.fixture
def fuzz_site(make_article, post, make_reader, moderators, django_user_model):
    from masthead.discussion.posting import CommentAuthor, post_comment
    from masthead.moderation.decisions import decide
    from masthead.moderation.models import Ban
    from masthead.notifications.models import Subscription
    from masthead.notifications.tokens import confirm_token, unsubscribe_token

    article = make_article("Harbour plan approved", tags=["harbour"])
    shown = post("A fair point about the harbour.", on=article, name="Ann")
    post("Agreed, with a caveat.", on=article, parent=shown, name="Bo")
    held = post("Waiting for a moderator.", on=article, name="Cy")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    reader = make_reader("Dee")
    own = post_comment(
        article=article,
        author=CommentAuthor(name="Dee", email=reader.email, user=reader),
        text="My own view, still editable.",
    )
    moderator = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    moderator.groups.add(moderators)
    decided = post("Buy cheap watches.", on=article, name="Ed")
    decide(comment_ids=[decided.pk], action="spam", moderator=moderator)
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.filter(object_id=str(decided.pk)).latest("pk")
    ban = Ban.objects.create(kind=Ban.Kind.EMAIL, value="ed@example.org")
    subscription = Subscription.objects.create(
        email="ann@example.org", kind="replies", comment=shown
    )
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now())
    return FuzzSite(
        article=article.pk,
        article_url=article.url,
        section_url=article.get_parent().url,
        tag="harbour",
        shown=shown.pk,
        held=held.pk,
        own=own.pk,
        entry=entry.pk,
        ban=ban.pk,
        unsubscribe=unsubscribe_token(
            email="ann@example.org", kind="replies", target_id=shown.pk
        ),
        confirm=confirm_token(email="ann@example.org", subscription_ids=[shown.pk]),
        reader=reader,
        moderator=moderator,
    )


@pytest.fixture
def send(db):
    """Send one request as a guest, reader or moderator; fail on any 5xx.

    CSRF checks are enforced as in production; the token is sent unless
    `csrf` is false (a guest's comment, which the Origin header vouches for).

    Each request runs in a savepoint that is rolled back, and the rate-limit
    counters are cleared, so every example meets the same site: a failure
    found by one example is not caused by another, and shrinks cleanly.
    """

    def send(method, path, pairs=(), *, user=None, headers=(), csrf=True, cookie=None):
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        headers = dict(headers)
        if csrf:  # as a browser sends the token the form was drawn with
            client.cookies["csrftoken"] = CSRF_TOKEN
            headers.setdefault("X-CSRFToken", CSRF_TOKEN)
        for cache in caches.all():
            cache.clear()
        body = encode(pairs)
        extra = {"HTTP_COOKIE": cookie} if cookie is not None else {}
        try:
            with transaction.atomic():
                if user is not None:
                    client.force_login(user)
                if method == "GET":
                    url = f"{path}?{body}" if body else path
                    response = client.get(url, headers=headers, **extra)
                else:
                    response = client.post(
                        path, body, content_type=FORM, headers=headers, **extra
                    )
                raise _Undone(response)
        except _Undone as undone:
            response = undone.response
        assert response.status_code < 500, _failure(method, path, pairs, response)
        return response

    return send


class _Undone(Exception):
    """Leaves the request's savepoint, undoing its writes (and a failed query)."""

    def __init__(self, response):
        self.response = response


def _failure(method, path, pairs, response) -> str:
    problem = ""
    if response.exc_info:
        problem = f"\n  raised: {response.exc_info[1]!r}"
    lines = "".join(f"\n  {name!r} = {value!r}" for name, value in pairs)
    return (
        f"{method} {path} answered {response.status_code}{problem}"
        f"\n  with fields:{lines or ' none'}"
    )
