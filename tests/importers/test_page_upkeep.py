"""An import's articles are searchable, in the reference index and off the page
cache's stale copies once it ends, though that work is done once at the end."""

import pytest
from django.test import Client
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from masthead.importers import articles, page_upkeep
from masthead.importers.disqus import import_disqus
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db
PHOTO = "https://www.oldsite.example/wp-content/uploads/2020/05/quay.jpg"


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    (folder / "2020" / "05").mkdir(parents=True)
    Image.new("RGB", (32, 24), "teal").save(folder / "2020" / "05" / "quay.jpg")
    return folder


def search_page(words: str) -> str:
    return Client().get("/search/", {"q": words}).content.decode()


def test_an_imported_article_is_found_by_the_site_search(home, write_wxr, wxr_item):
    export = write_wxr(
        wxr_item(1, title="Lighthouse keepers retire", content="The lamp is dark."),
        wxr_item(2, title="Ferry timetable", content="Sailings resume."),
    )
    import_wordpress(path=export)
    assert "Lighthouse keepers retire" in search_page("lighthouse")
    assert "Ferry timetable" in search_page("sailings")


def test_an_imported_articles_image_and_tags_are_in_the_reference_index(
    home, write_wxr, wxr_item, uploads
):
    body = f'<img src="{PHOTO}" alt="The quay" /> Boats at the quay.'
    import_wordpress(path=write_wxr(wxr_item(1, content=body)), media_dir=uploads)
    article = ArticlePage.objects.get(source="wordpress:1")
    image = get_image_model().objects.get(title="quay")
    # What the admin's "usage" listing of the image reads.
    using_image = ReferenceIndex.get_references_to(image).values_list(
        "object_id", flat=True
    )
    assert str(article.pk) in using_image
    tag = article.tags.get(name="ferry")
    assert ReferenceIndex.get_references_to(tag).exists()


def test_a_disqus_imports_stub_articles_are_found_by_the_admins_search(
    home, write_disqus_thread, django_user_model
):
    post = (
        '<post dsq:id="2"><message>Hi</message><createdAt>2020-05-02T10:00:00Z'
        '</createdAt><author><name>Bo</name></author><thread dsq:id="1"/></post>'
    )
    import_disqus(path=write_disqus_thread(post), create_missing=True)
    editor = Client()
    editor.force_login(
        django_user_model.objects.create_superuser("ed", "e@x.org", "pw")
    )
    found = editor.get("/admin/pages/search/", {"q": "thread"}).content.decode()
    stub = ArticlePage.objects.get(source="disqus-thread:1")
    assert f"/admin/pages/{stub.pk}/edit/" in found
    assert stub.latest_revision is not None
    assert Page.find_problems() == ([], [], [], [], [])


def test_an_import_that_fails_midway_still_indexes_what_it_made(
    home, write_wxr, wxr_item, monkeypatch
):
    export = write_wxr(
        wxr_item(1, title="Lighthouse keepers retire"), wxr_item(2, title="Ferry")
    )
    real_convert = articles.convert_body

    def convert_until_the_disk_fills(*args, post_id: str, **kwargs):
        if post_id == "2":
            raise OSError("No space left on device")
        return real_convert(*args, post_id=post_id, **kwargs)

    monkeypatch.setattr(articles, "convert_body", convert_until_the_disk_fills)
    with pytest.raises(OSError):
        import_wordpress(path=export)
    assert "Lighthouse keepers retire" in search_page("lighthouse")


def test_running_the_import_again_repairs_an_index_a_killed_run_left_behind(
    home, write_wxr, wxr_item, monkeypatch
):
    export = write_wxr(wxr_item(1, title="Lighthouse keepers retire"))
    # A run killed outright never reaches its catch-up.
    with monkeypatch.context() as killed:
        killed.setattr(page_upkeep, "catch_up_on", lambda page_ids: None)
        import_wordpress(path=export)
    assert "Lighthouse keepers retire" not in search_page("lighthouse")
    report = import_wordpress(path=export)
    assert report.counts["articles already imported"] == 1
    assert "Lighthouse keepers retire" in search_page("lighthouse")


def test_a_cached_section_page_lists_the_imported_article(
    home, write_wxr, wxr_item, settings
):
    settings.PAGE_CACHE = True
    import_wordpress(path=write_wxr(wxr_item(1, title="Harbour plan")))
    section = "/local-news/"
    Client().get(section)
    assert Client().get(section)["X-Page-Cache"] == "hit"
    import_wordpress(path=write_wxr(wxr_item(2, title="Lighthouse keepers retire")))
    assert "Lighthouse keepers retire" in Client().get(section).content.decode()


def test_after_a_dry_run_an_editors_publication_is_indexed_at_once(
    home, write_wxr, wxr_item, article
):
    import_wordpress(path=write_wxr(wxr_item(1, title="Lighthouse")), dry_run=True)
    assert "Lighthouse" not in search_page("lighthouse")
    article.title = "Lamp relit"
    article.save_revision().publish()
    assert "Lamp relit" in search_page("relit")


def test_comments_a_second_run_adds_show_on_a_cached_article_page(
    home, write_wxr, wxr_item, wxr_comment, settings
):
    settings.PAGE_CACHE = True
    first = wxr_comment(11, text="First to comment.")
    import_wordpress(path=write_wxr(wxr_item(1, comments=first)))
    url = ArticlePage.objects.get(source="wordpress:1").url
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    later = first + wxr_comment(12, text="A later reply.", parent=11)
    import_wordpress(path=write_wxr(wxr_item(1, comments=later)))
    assert "A later reply." in Client().get(url).content.decode()


# Committed as it goes, as in production, so purges run when they would.
@pytest.mark.django_db(transaction=True)
def test_a_cdn_in_front_hears_of_each_imported_address_once(
    home, write_wxr, wxr_item, wxr_comment, purged
):
    export = write_wxr(
        wxr_item(1, comments=wxr_comment(11)), wxr_item(2, comments=wxr_comment(12))
    )
    import_wordpress(path=export)
    for source in ("wordpress:1", "wordpress:2"):
        url = ArticlePage.objects.get(source=source).url
        assert purged.count(f"https://news.example.org{url}") == 1
    assert purged.count("https://news.example.org/local-news/") == 1
