"""Readers are shown by a name they chose, never by anything made from their address."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps

from masthead.discussion.models import Comment
from masthead.discussion.posting import CommentAuthor, post_comment
from masthead.moderation.form_signals import stamp_form

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-passphrase-7"  # noqa: S105 (a test account's)


@pytest.fixture
def nameless_reader(django_user_model):
    """A reader as allauth leaves them when no name was asked: the username is
    the local part of the e-mail address."""
    user = django_user_model.objects.create_user(
        "jane.smith", "jane.smith@example.org", PASSWORD
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True)
    return user


def comment_as_reader(client, article, **fields):
    client.get(article.url)
    return client.post(
        f"/discussion/articles/{article.pk}/comments/",
        {
            "text": "Who pays for the new quay?",
            "started": stamp_form(),
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            **fields,
        },
    )


def test_a_reader_without_a_name_is_asked_for_one_before_commenting(
    csrf_client, article, nameless_reader
):
    csrf_client.force_login(nameless_reader)
    page = csrf_client.get(article.url).content.decode()
    assert 'name="name"' in page and "Display name" in page
    assert "jane.smith says" not in page and "Commenting as" not in page

    refused = comment_as_reader(csrf_client, article)
    assert refused.status_code == 400
    assert "Please give the name to show beside comments." in refused.content.decode()
    assert not Comment.objects.exists()

    posted = comment_as_reader(csrf_client, article, name="  Jane   S ")
    assert posted.status_code == 302
    assert Comment.objects.get().author_name == "Jane S"
    nameless_reader.refresh_from_db()
    assert nameless_reader.display_name == "Jane S"
    html = csrf_client.get(article.url).content.decode()
    assert "Jane S</span> says" in html
    assert "jane.smith" not in html
    assert 'name="name"' not in html  # asked once, then remembered


def test_a_nameless_reader_is_not_shown_by_their_address(
    client, article, nameless_reader
):
    client.force_login(nameless_reader)
    page = client.get(article.url).content.decode()
    assert 'href="/accounts/profile/">Your account</a>' in page
    profile = client.get("/accounts/profile/").content.decode()
    assert '<h1 class="page-heading">Your account</h1>' in profile
    assert ">?</text>" in profile  # the avatar has no initials to draw yet
    assert ">J</text>" not in profile and ">JS</text>" not in profile


def test_signing_up_asks_for_the_name_to_show(client, home):
    form = client.get("/accounts/signup/").content.decode()
    assert 'name="display_name"' in form
    page = client.post(
        "/accounts/signup/",
        {
            "email": "jane.smith@example.org",
            "display_name": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert "Please give the name to show beside comments." in page.content.decode()
    assert not EmailAddress.objects.exists()

    client.post(
        "/accounts/signup/",
        {
            "email": "jane.smith@example.org",
            "display_name": "Jane <b>",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert not EmailAddress.objects.exists()


def test_comments_signed_with_a_username_are_renamed_by_the_migration(
    article, nameless_reader, make_reader, post
):
    named = make_reader("Dee")
    named_before = post_comment(
        article=article,
        author=CommentAuthor(name="dee", email=named.email, user=named),
        text="Posted when the name shown was still the username.",
    )
    nameless = post_comment(
        article=article,
        author=CommentAuthor(
            name="jane.smith", email="x@example.org", user=nameless_reader
        ),
        text="Signed with the local part of my address.",
    )
    guest = post("A guest, named as she typed.", name="jane.smith")
    migration = importlib.import_module(
        "masthead.accounts.migrations.0003_display_names_never_from_addresses"
    )
    migration.rename_comments_signed_with_usernames(apps, None)

    names = dict(Comment.objects.values_list("pk", "author_name"))
    assert names[nameless.pk] == f"Reader {nameless_reader.pk}"
    assert names[named_before.pk] == "Dee"
    assert names[guest.pk] == "jane.smith"
