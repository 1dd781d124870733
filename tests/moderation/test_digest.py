import pytest
from django.core import mail

from masthead.moderation.tasks import send_moderation_digest

pytestmark = pytest.mark.django_db


def test_digest_mails_the_pending_comments(post, moderation_rules):
    moderation_rules(mode="hold_all", digest_recipients="desk@example.org")
    post("Please look at me.")
    result = send_moderation_digest.enqueue()
    assert result.return_value == 1
    assert mail.outbox[0].to == ["desk@example.org"]
    assert "1 comment" in mail.outbox[0].subject
    assert "Please look at me." in mail.outbox[0].body


def test_digest_speaks_as_the_site_in_text_and_html(post, moderation_rules, settings):
    settings.SITE_NAME = "The Harbour Post"
    settings.BASE_URL = "https://news.example.org"
    moderation_rules(mode="hold_all", digest_recipients="desk@example.org")
    post("Please look at <me>.")
    post("And at me.")

    send_moderation_digest.enqueue()

    [message] = mail.outbox
    assert message.subject == "The Harbour Post: 2 comments waiting for moderation"
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "The Harbour Post" in html
    assert "Please look at &lt;me&gt;." in html
    assert 'href="https://news.example.org/admin/' in html


def test_no_digest_without_recipients_or_pending_comments(post, moderation_rules):
    moderation_rules(mode="hold_all", digest_recipients="")
    post("Waiting.")
    assert send_moderation_digest.enqueue().return_value == 0
    assert mail.outbox == []
