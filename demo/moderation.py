"""The demo's moderation queue: comments waiting for an editor, spam and a report.

So that whoever signs in to the demo's admin finds the moderation tools with work
in them. The spam filter is first taught what the demo newsroom has approved and a
handful of invented spam, as a site's moderators would teach it; then new
comments come in through the readers' own door, so every check decides their fate
and records why.
"""

from dataclasses import dataclass

from masthead.discussion.models import Comment
from masthead.discussion.posting import CommentAuthor, post_comment
from masthead.moderation.models import Report
from masthead.moderation.reports import report_comment
from masthead.moderation.spam import train_from_rows
from masthead.publishing.models import ArticlePage

QUEUE_ARTICLE_SLUG = "school-streets-trial-extended"
# The approved demo threads a newsroom would have taught the filter with; the
# thousand-comment one is left out so that spam is not one example in a hundred.
TAUGHT_THREAD_SLUGS = (
    "video-tram-line-test-run",
    "bakery-cooperative-first-year",
    "community-orchestra-anniversary",
    "school-streets-trial-extended",
)
INVENTED_SPAM = (
    "Great article! I make $350 a day working from home, see how at "
    "http://quick-cash.example/start",
    "Subscribe to my channel for daily crypto signals, 10x guaranteed!!! "
    "http://coin-rocket.example",
    "Cheap watches and handbags, free shipping worldwide: www.luxe-deals.example",
    "Check out my page for free gift cards, only today http://gift-drop.example/free",
    "Best essay writing service, 24/7, no plagiarism. Order now at "
    "http://essays-fast.example",
    "Nice post. Visit my website for the best SEO backlinks http://rank-boost.example",
    "I earned 5000 dollars last month trading bitcoin with Mr James, contact him "
    "on WhatsApp +44 7700 900123",
    "FREE iPhone giveaway!!! Click the link in my profile and claim yours now",
    "Lose 10 kg in 10 days with this one trick: http://slim-now.example",
    "Please subscribe to my YouTube channel, I post new videos every week, thank "
    "you!!!",
    "Buy followers and likes cheap, instant delivery, www.social-boost.example",
    "Casino bonus 200% on your first deposit, play now at http://spin-win.example",
    "Work from home and earn money online, no experience needed, message me now",
    "Get a payday loan in minutes with no credit check at http://cash-today.example",
)


@dataclass(frozen=True)
class Arrival:
    name: str
    handle: str
    text: str


ARRIVALS = (
    # A reader who has never commented: held as a first-timer.
    Arrival(
        "Tomasz Nowak",
        "tomasz.nowak",
        "I live on Mill Lane. The trial has made the school run calmer, but the "
        "delivery vans now wait on Harbour Road at half past eight instead.",
    ),
    # A regular whose three links leave the filter unsure (the grey band): held
    # for an editor rather than sent to Spam.
    Arrival(
        "Ruth Calder",
        "ruth.calder",
        "The council's own figures are worth reading in full: "
        "https://vellmark.example/streets/report, "
        "https://vellmark.example/streets/counts and "
        "https://vellmark.example/streets/survey",
    ),
    # Spam, which the taught filter sends to the Spam tab.
    Arrival(
        "Fast Cash Tips",
        "promo.desk",
        "Earn $400 a day from home! Subscribe to my channel and see how: "
        "http://quick-cash.example/now",
    ),
)
REPORTER_KEY = "address:demo-reader"


def load_demo_moderation() -> int:
    """Teach the filter and fill the queue, once; return how many comments came in.

    Skipped when any comment already awaits moderation or sits in Spam, or when
    the queue article is missing.
    """
    waiting = Comment.objects.exclude(status=Comment.Status.APPROVED)
    article = ArticlePage.objects.live().filter(slug=QUEUE_ARTICLE_SLUG).first()
    if article is None or waiting.exists():
        return 0
    _teach_the_filter()
    for arrival in ARRIVALS:
        author = CommentAuthor(name=arrival.name, email=f"{arrival.handle}@example.org")
        post_comment(article=article, author=author, text=arrival.text)
    reported = Comment.objects.approved().filter(discussion__article=article).first()
    if reported is not None:
        report_comment(
            comment=reported, reason=Report.Reason.OFF_TOPIC, reporter_key=REPORTER_KEY
        )
    return len(ARRIVALS)


def _teach_the_filter() -> None:
    approved = Comment.objects.approved().filter(
        discussion__article__slug__in=TAUGHT_THREAD_SLUGS
    )
    rows = [(text, False) for text in approved.values_list("text", flat=True)]
    train_from_rows(rows + [(text, True) for text in INVENTED_SPAM])
