"""Loading the demo outlet: what a reader finds once it is in place."""

from django.core.management import call_command

from demo.content import REFERENCE_ARTICLE_SLUG
from demo.loading import load_demo
from masthead.publishing.listings import with_trails
from masthead.publishing.models import ArticlePage, SectionPage


def test_demo_publishes_articles_across_sections(demo):
    live_articles = ArticlePage.objects.live()
    assert live_articles.count() >= 12
    assert SectionPage.objects.live().filter(show_in_menus=True).count() >= 4
    filed_twice = [
        article
        for article in with_trails(live_articles)
        if len(article.section_trail) > 1
    ]
    assert len(filed_twice) >= 3
    assert demo["articles"] == live_articles.count()
    assert demo["username"] == "editor"


def test_loading_twice_creates_nothing_new(demo):
    first = demo
    counts = (ArticlePage.objects.count(), SectionPage.objects.count())

    second = load_demo()

    assert (ArticlePage.objects.count(), SectionPage.objects.count()) == counts
    assert (second["sections"], second["articles"], second["images"]) == (0, 0, 0)
    assert second["password"] == first["password"]
    assert not second["editor_created"]


def test_reference_article_has_video_quotation_and_two_sections(demo):
    article = ArticlePage.objects.get(slug=REFERENCE_ARTICLE_SLUG)
    first_block = article.body[0]
    assert first_block.block_type == "video"
    assert first_block.value["caption"] == "Still from the video below."
    assert first_block.value["still"] is not None
    assert "quotation" in [block.block_type for block in article.body]
    [article] = with_trails([article])
    assert [section.title for section in article.section_trail] == ["World", "Latest"]


def test_editor_password_is_kept_private(demo, demo_dirs):
    password_file = demo_dirs / "data" / "demo-editor-password.txt"
    assert password_file.read_text().strip() == demo["password"]
    assert password_file.stat().st_mode & 0o777 == 0o600


def test_load_demo_names_the_address_it_serves_and_the_worker(demo, settings, capsys):
    settings.BASE_URL = "http://127.0.0.1:8101"

    call_command("load_demo", address="127.0.0.1:8101")

    printed = capsys.readouterr().out
    assert "http://127.0.0.1:8101/admin/" in printed
    assert "127.0.0.1:8000" not in printed
    assert "task worker" in printed and "run_worker" in printed
    assert "BASE_URL" not in printed


def test_load_demo_says_when_base_url_points_elsewhere(demo, settings, capsys):
    settings.BASE_URL = "http://127.0.0.1:8000"

    call_command("load_demo", address="0.0.0.0:9000")

    printed = " ".join(capsys.readouterr().out.split())
    assert "http://0.0.0.0:9000/" in printed
    assert "BASE_URL (http://127.0.0.1:8000)" in printed
