"""Which comments are shown, held or sent to spam as they are posted."""

from datetime import timedelta

import pytest

from masthead.discussion.models import Comment
from masthead.discussion.posting import FormSignals
from masthead.moderation.models import Ban
from masthead.privacy import hash_ip

pytestmark = pytest.mark.django_db


def test_first_time_commenter_is_held_and_a_trusted_one_is_not(post, moderation_rules):
    moderation_rules(mode="hold_first", trust_after=1)
    proven = {"proven_email": "newcomer@example.org"}
    first = post("My first words here.", name="Newcomer", **proven)
    assert first.status == Comment.Status.PENDING
    assert first.held_reason == "Your first comment here is reviewed by an editor."

    Comment.objects.filter(pk=first.pk).update(status=Comment.Status.APPROVED)
    second = post("Back again with more.", name="Newcomer", **proven)
    assert second.status == Comment.Status.APPROVED


def test_approved_comments_under_a_typed_address_earn_no_trust(post, moderation_rules):
    moderation_rules(mode="hold_first", trust_after=1)
    post("Mine, approved.", name="Newcomer", proven_email="newcomer@example.org")
    Comment.objects.update(status=Comment.Status.APPROVED)
    unproven = post("Same address, typed.", name="Newcomer")
    other_proof = post(
        "Someone else's proof.", name="Newcomer", proven_email="other@example.org"
    )
    assert unproven.status == other_proof.status == Comment.Status.PENDING


def test_hold_all_holds_everyone(post, moderation_rules):
    moderation_rules(mode="hold_all")
    assert post("Anything at all.").status == Comment.Status.PENDING


def test_a_section_can_hold_every_comment_on_its_articles(
    post, make_section, make_article, moderation_rules
):
    moderation_rules(mode="publish")
    courts = make_section("Courts", comment_moderation="hold_all")
    report = make_article("Trial opens", in_section=courts)
    held = post("The defendant is obviously guilty.", on=report)
    elsewhere = post("Nice weather report.")
    assert held.status == Comment.Status.PENDING
    assert elsewhere.status == Comment.Status.APPROVED


def test_blocked_word_holds_the_comment(post, moderation_rules):
    moderation_rules(blocked_words="casino bonus\nrolex")
    held = post("Try the CASINO bonus today")
    assert held.status == Comment.Status.PENDING
    assert "certain words" in held.held_reason
    assert post("A casino opened downtown.").status == Comment.Status.APPROVED


def test_blocklist_can_send_straight_to_spam(post, moderation_rules):
    moderation_rules(blocked_url_hosts="pills.example", blocklist_action="spam")
    spam = post("Cheap at https://www.pills.example/buy")
    assert spam.status == Comment.Status.SPAM
    assert "pills.example" in spam.held_reason


def test_blocked_email_domain(post, moderation_rules):
    moderation_rules(blocked_email_domains="example.org", blocklist_action="spam")
    assert post("Hello.").status == Comment.Status.SPAM  # the fixture's guests use it


def test_too_many_links_are_held(post, moderation_rules):
    moderation_rules(max_links=2)
    text = "See https://a.example and https://b.example and https://c.example"
    held = post(text)
    assert held.status == Comment.Status.PENDING
    assert held.held_reason == "Comments with more than 2 links are reviewed."


def test_honeypot_sends_to_spam_without_saying_why_to_the_author(client, article, post):
    comment = post("Great article", signals=FormSignals(honeypot_filled=True))
    assert comment.status == Comment.Status.SPAM
    assert "hidden field" in comment.held_reason


def test_a_form_sent_too_fast_or_too_old_is_held(post, settings):
    settings.COMMENT_MIN_SECONDS = 3
    quick = post("Instant!", signals=FormSignals(form_age=timedelta(seconds=1)))
    stale = post("Old form.", signals=FormSignals(form_age=timedelta(days=5)))
    fine = post("Took my time.", signals=FormSignals(form_age=timedelta(minutes=2)))
    assert quick.status == stale.status == Comment.Status.PENDING
    assert fine.status == Comment.Status.APPROVED


def test_exact_duplicate_goes_to_spam(post):
    post("Buy followers now!!!")
    duplicate = post("Buy followers now!!!", name="Other")
    assert duplicate.status == Comment.Status.SPAM
    assert "duplicate" in duplicate.held_reason


@pytest.mark.parametrize("kind", [Ban.Kind.EMAIL, Ban.Kind.IP])
def test_a_ban_sends_the_next_comment_to_spam(post, kind):
    value = "ann@example.org" if kind == Ban.Kind.EMAIL else hash_ip("198.51.100.7")
    Ban.objects.create(kind=kind, value=value)
    comment = post("I am back.", ip_address="198.51.100.7")
    assert comment.status == Comment.Status.SPAM


def test_an_expired_ban_no_longer_applies(post):
    from django.utils import timezone

    Ban.objects.create(
        kind=Ban.Kind.EMAIL,
        value="ann@example.org",
        until=timezone.now() - timedelta(minutes=1),
    )
    assert post("Reformed.").status == Comment.Status.APPROVED


def test_author_sees_why_their_comment_waits(client, article, moderation_rules):
    from masthead.moderation.form_signals import stamp_form

    moderation_rules(mode="hold_first")
    client.post(
        f"/discussion/articles/{article.pk}/comments/",
        {
            "text": "Hello all.",
            "name": "Eve",
            "email": "eve@example.org",
            "started": stamp_form(),
        },
    )
    html = client.get(article.url).content.decode()
    assert "Your first comment here is reviewed by an editor." in html


def test_spam_author_sees_only_awaiting_moderation(client, article, moderation_rules):
    from masthead.moderation.form_signals import stamp_form

    moderation_rules(blocked_words="viagra", blocklist_action="spam")
    client.post(
        f"/discussion/articles/{article.pk}/comments/",
        {
            "text": "viagra here",
            "name": "Spa",
            "email": "spa@example.org",
            "started": stamp_form(),
        },
    )
    html = client.get(article.url).content.decode()
    assert "Your comment is awaiting moderation. Only you can see it" in html
    assert "blocklist" not in html


def test_missing_form_stamp_is_held(client, article):
    client.post(
        f"/discussion/articles/{article.pk}/comments/",
        {"text": "Scripted post", "name": "Bot", "email": "bot@example.org"},
    )
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_posting_too_fast_is_slowed_down_and_keeps_the_text(client, article, settings):
    from masthead.moderation.form_signals import stamp_form

    settings.COMMENT_RATE_PER_IP = "2/m"
    data = {"name": "Fast", "email": "fast@example.org", "started": stamp_form()}
    for number in range(2):
        client.post(
            f"/discussion/articles/{article.pk}/comments/",
            {**data, "text": f"Comment {number}"},
        )
    response = client.post(
        f"/discussion/articles/{article.pk}/comments/", {**data, "text": "Third one"}
    )
    assert response.status_code == 429
    assert "You are posting very quickly" in response.content.decode()
    assert "Third one" in response.content.decode()
    assert Comment.objects.count() == 2


def test_the_taught_filter_sends_spam_to_spam_and_holds_the_doubtful(
    post, moderation_rules
):
    from masthead.moderation.spam import learn_from_decision

    moderation_rules(mode="publish")
    for n in range(4):
        spam = post(f"Free gift cards on my channel, subscribe http://gift.example/{n}")
        learn_from_decision(comment=spam, is_spam=True)
        ham = post(f"The harbour vote on item {n} was close", name=f"Reader{n}")
        learn_from_decision(comment=ham, is_spam=False)

    spam = post("Subscribe to my channel for free gift cards http://gift.example/now")
    assert spam.status == Comment.Status.SPAM
    assert spam.held_reason == "The spam filter judged it spam."
    assert spam.spam_score >= 0.9
    assert post("Was the harbour vote close?").status == Comment.Status.APPROVED

    moderation_rules(mode="publish", spam_threshold=1.0, hold_threshold=0.6)
    doubtful = post("Free gift cards for subscribers http://gift.example/today")
    assert doubtful.status == Comment.Status.PENDING
    assert "spam filter was unsure" in doubtful.held_reason


@pytest.mark.parametrize(
    "payload", [1_700_000_000, "ab", [1, 2, 3], {"a": 1, "b": 2}, [None, "n"], None]
)
def test_a_stamp_of_another_shape_counts_as_unknown_and_is_never_spent(payload):
    from django.core import signing

    from masthead.moderation.form_signals import UNKNOWN_AGE, form_age, spend_stamp

    stamp = signing.dumps(payload, salt="masthead.moderation.form-stamp")
    assert form_age(stamp) == UNKNOWN_AGE
    assert spend_stamp(stamp=stamp, client_hash="x")
    assert spend_stamp(stamp=stamp, client_hash="x")


def test_a_stamp_is_spent_once_per_client():
    from masthead.moderation.form_signals import spend_stamp, stamp_form

    stamp = stamp_form()
    assert spend_stamp(stamp=stamp, client_hash="reader-one")
    assert spend_stamp(stamp=stamp, client_hash="reader-two")
    assert not spend_stamp(stamp=stamp, client_hash="reader-one")
