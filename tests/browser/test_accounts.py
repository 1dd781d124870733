"""A reader signs up, comments, hears of a reply by mail and unsubscribes."""

import re

import pytest
from django.core import mail

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "harbour-Lights-1894"  # noqa: S105 (a test account's)


def site_path(message, part: str) -> str:
    return re.search(rf"https?://[^/\s]+({re.escape(part)}\S+)", message.body)[1]


def test_sign_up_comment_get_a_reply_mail_and_unsubscribe(
    live_server, browser_page, article, post
):
    page = browser_page
    page.goto(live_server.url + "/accounts/signup/")
    page.locator('input[name="email"]').fill("eve@example.org")
    page.locator('input[name="display_name"]').fill("Eve")
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    assert "Verify Your Email Address" in page.locator("h1").inner_text()

    (verification,) = mail.outbox
    page.goto(live_server.url + site_path(verification, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/profile/")
    assert "eve@example.org" in page.locator(".account__email").inner_text()

    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    form.locator("textarea").fill("Who pays for the new quay?")
    form.get_by_label("E-mail me replies to this comment").check()
    form.get_by_role("button", name="Post comment").click()
    page.locator(".comment", has_text="Who pays for the new quay?").wait_for()
    comment = Comment.objects.get(text="Who pays for the new quay?")
    assert comment.author.email == "eve@example.org"
    assert comment.author_name == "Eve"

    mail.outbox.clear()
    post("The port authority, mostly.", parent=comment, name="Bo")
    (reply_mail,) = mail.outbox
    assert reply_mail.to == ["eve@example.org"]

    page.goto(live_server.url + site_path(reply_mail, "/notifications/unsubscribe/"))
    assert page.locator("h1").inner_text() == "Stop these e-mails?"
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.locator("h1").inner_text() == "You are unsubscribed"
    mail.outbox.clear()
    post("And the city, a little.", parent=comment, name="Cy")
    assert mail.outbox == []
