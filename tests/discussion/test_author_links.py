"""A commenter's website is linked only when it is an http or https address,
whichever door stored it: the form, an import, or a row from before the rule."""

from html import escape

import pytest
from django.core.exceptions import ValidationError

from masthead.discussion.models import Comment
from masthead.web_links import clean_web_link

# Each fits the column and holds no NUL, so PostgreSQL stores it as it is.
HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \t javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "ftp://ann.example/",
]


@pytest.mark.parametrize(
    "address",
    [*HOSTILE, "\x00javascript:alert(1)", "https://ann.example/" + "a" * 300],
)
def test_the_rule_refuses_every_other_scheme_and_overlong_addresses(address):
    with pytest.raises(ValidationError):
        clean_web_link(address)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("https://ann.example/", "https://ann.example/"),
        ("http://ann.example", "http://ann.example"),
        ("  https://ann.example/blog  ", "https://ann.example/blog"),
        ("ann.example/blog", "https://ann.example/blog"),
        ("", ""),
    ],
)
def test_the_rule_keeps_web_addresses(typed, kept):
    assert clean_web_link(typed) == kept


@pytest.mark.django_db
@pytest.mark.parametrize("address", HOSTILE)
def test_the_comment_form_refuses_the_same_addresses(
    comment_through_form, article, address
):
    response = comment_through_form(article, website=address)

    assert response.status_code == 400
    assert "starting http:// or https://" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("address", HOSTILE)
def test_a_stored_hostile_address_shows_the_name_without_a_link(
    client, article, post, address
):
    comment = post("Mine.", name="Mallory")
    # As an import before this rule, or any other door, could have left it.
    Comment.objects.filter(pk=comment.pk).update(
        author_url=address, status=Comment.Status.APPROVED
    )

    html = client.get(article.url).content.decode()

    assert '<span class="comment__author">Mallory</span> says' in html
    assert escape(address) not in html


@pytest.mark.django_db
def test_a_stored_web_address_is_still_linked(client, article, post):
    post("Mine.", name="Ann", url="https://ann.example/")

    html = client.get(article.url).content.decode()

    assert '<a href="https://ann.example/" rel="nofollow ugc noopener">Ann</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("address", HOSTILE)
def test_posting_through_the_domain_function_stores_no_other_scheme(post, address):
    comment = post("Mine.", name="Mallory", url=address)

    assert Comment.objects.get(pk=comment.pk).author_url == ""
