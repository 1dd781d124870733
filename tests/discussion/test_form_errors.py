"""A rejected form or a preview comes back where the reader was writing,
saying what went wrong above the form, each message linked to its field."""

import re

import pytest
from django.test import override_settings

from masthead.discussion.models import Comment
from masthead.moderation.form_signals import stamp_form
from tests.discussion.bulk_comments import bulk_discussion

pytestmark = pytest.mark.django_db


def submit_url(article):
    return f"/discussion/articles/{article.pk}/comments/"


def form_of(html: str) -> str:
    form = r'<form class="comment-form" id="comment-form".*?</form>'
    return re.search(form, html, re.S)[0]


def test_the_form_is_sent_to_an_address_that_opens_at_the_form(client, article):
    html = client.get(article.url).content.decode()
    assert f'action="{submit_url(article)}#comment-form"' in html


def test_rejected_form_lists_each_problem_above_the_fields_linked_to_its_field(
    comment_through_form, article
):
    response = comment_through_form(
        article, text="Words I keep.", name="Dee", email="", website="javascript:x"
    )
    assert response.status_code == 400
    form = form_of(response.content.decode())
    summary = re.search(r'<div class="error-summary".*?</div>', form, re.S)[0]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert re.findall(r'<a href="#(\w+)">', summary) == ["id_email", "id_website"]
    assert "Please give your e-mail address" in summary
    assert "Please give a web address starting http:// or https://." in summary
    # Above every field, and each message shown once beside its field too.
    assert form.index("error-summary") < form.index('data-field="text"')
    assert form.count("Please give a web address") == 2
    assert "Words I keep." in form


def test_a_problem_with_no_field_of_its_own_is_listed_without_a_link(
    comment_through_form, article, post
):
    other = post("Elsewhere.", on=article)
    other.status = Comment.Status.SPAM
    other.save()
    response = comment_through_form(article, parent=str(other.pk))
    summary = re.search(
        r'<div class="error-summary".*?</div>', response.content.decode(), re.S
    )[0]
    assert "<li>That comment is not part of this discussion.</li>" in summary


def test_a_form_without_problems_has_no_summary(client, article):
    assert "error-summary" not in client.get(article.url).content.decode()


def test_preview_is_shown_inside_the_form_where_the_reader_lands(client, article):
    response = client.post(
        submit_url(article),
        {"text": "A **bold** idea", "preview": "1", "started": stamp_form()},
        HTTP_ORIGIN="http://testserver",
    )
    form = form_of(response.content.decode())
    assert '<div class="comment-preview" id="comment-preview">' in form
    assert "<strong>bold</strong>" in form
    assert "error-summary" not in form


def top_level_post(client, article, text):
    return client.post(
        submit_url(article),
        {
            "text": text,
            "name": "Ann",
            "email": "ann@example.org",
            "started": stamp_form(),
        },
        HTTP_ACCEPT="application/json",
        HTTP_ORIGIN="http://testserver",
    ).json()


@override_settings(COMMENTS_PER_PAGE=20)
def test_script_hears_the_number_and_page_a_new_comment_gets(client, article):
    bulk_discussion(article, size=60)  # 20 threads over 3 pages of 20
    answer = top_level_post(client, article, "Late to this.")
    comment = Comment.objects.get(text="Late to this.")
    assert answer["number"] == 21
    assert answer["page"] == 4
    assert answer["url"] == f"{article.url}?cpage=4#comment-{comment.pk}"
    assert '<span class="comment__number">21.</span>' in answer["html"]
    page = client.get(f"{article.url}?cpage=4").content.decode()
    numbered = '<span class="comment__number">21.</span> <span class="comment__author">'
    assert numbered + "Ann" in page


def test_a_held_comment_gets_no_number(client, article, moderation_rules):
    moderation_rules(mode="hold_all")
    answer = top_level_post(client, article, "Held, please.")
    assert answer["is_held"] is True
    assert answer["number"] is None
    assert "comment__number" not in answer["html"]
    assert "awaiting moderation" in answer["html"]
