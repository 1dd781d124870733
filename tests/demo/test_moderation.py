"""The demo's moderation queue: what an editor finds on signing in."""

from demo.loading import load_demo
from demo.moderation import QUEUE_ARTICLE_SLUG
from masthead.discussion.models import Comment
from masthead.moderation.models import SpamCorpusSize


def test_the_demo_queue_holds_comments_with_their_reasons_and_spam(demo, client):
    pending = Comment.objects.filter(status=Comment.Status.PENDING)
    reasons = dict(pending.values_list("author_name", "held_reason"))
    assert reasons == {
        "Tomasz Nowak": "Your first comment here is reviewed by an editor.",
        "Ruth Calder": (
            "Our spam filter was unsure about this comment, so an editor will look."
        ),
    }
    (spam,) = Comment.objects.filter(status=Comment.Status.SPAM)
    assert spam.author_name == "Fast Cash Tips"
    assert spam.held_reason == "The spam filter judged it spam."
    assert spam.spam_score >= 0.9
    scores = dict(pending.values_list("author_name", "spam_score"))
    assert scores["Tomasz Nowak"] < 0.6 <= scores["Ruth Calder"] < 0.9
    (reported,) = Comment.objects.filter(report_count=1)
    assert reported.status == Comment.Status.APPROVED
    assert reported.discussion.article.slug == QUEUE_ARTICLE_SLUG
    assert SpamCorpusSize.objects.get().spam_comments > 0

    editor = Comment._meta.apps.get_model("accounts", "User").objects.get(
        username=demo["username"]
    )
    client.force_login(editor)
    queue = client.get("/admin/moderation/").content.decode()
    assert "Tomasz Nowak" in queue and "Ruth Calder" in queue


def test_loading_again_adds_nothing_to_the_queue(demo):
    waiting = Comment.objects.exclude(status=Comment.Status.APPROVED).count()

    load_demo()

    assert Comment.objects.exclude(status=Comment.Status.APPROVED).count() == waiting
