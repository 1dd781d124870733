"""An imported archive is an ordinary Wagtail tree: consistent, reachable, and
editable in the admin, though the importer writes its page rows itself."""

import pytest
from django.test import Client
from PIL import Image
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage, SectionPage

pytestmark = pytest.mark.django_db
NO_PROBLEMS = ([], [], [], [], [])
PHOTO = "https://www.oldsite.example/wp-content/uploads/2020/05/quay.jpg"
ARCHIVE_BODY = f"""<h2>The vote</h2>
Councillors met on Tuesday.

<img src="{PHOTO}" alt="The quay" />
<table><tr><th>Route</th><th>Sailings</th></tr><tr><td>North</td><td>4</td></tr></table>
<pre><code>timetable = load()</code></pre>"""


def also_in(item: str, category: str) -> str:
    """The item filed in a second category too."""
    slug = category.lower()
    extra = f'<category domain="category" nicename="{slug}"><![CDATA[{category}]]>'
    return item.replace("</item>", f"{extra}</category>\n</item>")


def assert_consistent_tree() -> None:
    assert Page.find_problems() == NO_PROBLEMS
    for page in Page.objects.all():
        children = page.get_children()
        assert page.numchild == children.count(), page.url_path
        slugs = list(children.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)), page.url_path
        if not page.is_root():
            assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    (folder / "2020" / "05").mkdir(parents=True)
    Image.new("RGB", (32, 24), "teal").save(folder / "2020" / "05" / "quay.jpg")
    return folder


def test_an_imported_archive_leaves_a_consistent_tree_of_reachable_pages(
    home, write_wxr, wxr_item, uploads
):
    # An editor's section and article were there first: the import adds after them.
    local = SectionPage(title="Local news", slug="local-news")
    home.add_child(instance=local)
    local.save_revision().publish()
    earlier = ArticlePage(title="Harbour plan", slug="harbour-plan")
    local.add_child(instance=earlier)
    earlier.save_revision().publish()
    first = write_wxr(
        wxr_item(1, title="Harbour plan", content=ARCHIVE_BODY),
        also_in(wxr_item(2, title="Cup final", category="Sport"), "Local news"),
        wxr_item(3, title="Harbour plan"),
        wxr_item(4, title="Unfinished", status="draft"),
        wxr_item(5, title="Next week", status="future", date="2099-01-01 09:00:00"),
        wxr_item(6, title="Same id again"),
        wxr_item(6, title="Same id, second item", category="Sport"),
        name="first.xml",
    )
    import_wordpress(path=first, media_dir=uploads)
    # A second file, and an editor's page added the usual way afterwards.
    import_wordpress(path=write_wxr(wxr_item(7, title="Later"), name="second.xml"))
    last = ArticlePage(title="Written here", slug="written-here")
    local.add_child(instance=last)
    last.save_revision().publish()

    assert_consistent_tree()
    imported = ArticlePage.objects.filter(source__startswith="wordpress:")
    assert imported.count() == 8
    assert set(local.get_children().values_list("slug", flat=True)) >= {
        "harbour-plan", "post-1", "post-3", "post-7", "written-here"
    }  # fmt: skip
    for article in imported:
        revision = article.latest_revision
        assert revision is not None
        assert revision.as_object().title == article.title
        if article.live:
            assert article.live_revision == revision
            page = Client().get(article.url)
            assert page.status_code == 200
            assert article.title in page.content.decode()
        else:
            assert article.live_revision is None
    cup_final = imported.get(title="Cup final")
    assert list(cup_final.also_filed_in.all()) == [local]
    assert [tag.name for tag in cup_final.tags.all()] == ["ferry"]
    assert "Cup final" in Client().get(local.url).content.decode()


def test_an_imported_article_can_be_edited_and_published_in_the_admin(
    home, write_wxr, wxr_item, uploads, django_user_model
):
    export = write_wxr(
        wxr_item(1, title="Harbour plan"), wxr_item(2, content=ARCHIVE_BODY)
    )
    import_wordpress(path=export, media_dir=uploads)
    article = ArticlePage.objects.get(source="wordpress:1")
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("ed", "e@x.org", "pw"))
    # The form opens on each article's revision, images and tables included.
    for each in ArticlePage.objects.filter(source__startswith="wordpress:"):
        edit_page = admin.get(f"/admin/pages/{each.pk}/edit/")
        assert edit_page.status_code == 200
        assert each.title in edit_page.content.decode()

    edited = nested_form_data({
        "title": "Harbour plan approved",
        "slug": article.slug,
        "body": streamfield([("paragraph", rich_text("<p>The vote passed.</p>"))]),
        "tags": "ferry, council",
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    })  # fmt: skip
    answer = admin.post(f"/admin/pages/{article.pk}/edit/", edited)

    assert answer.status_code == 302, answer.context["form"].errors
    article.refresh_from_db()
    assert article.title == "Harbour plan approved"
    assert article.live_revision == article.latest_revision
    assert sorted(tag.name for tag in article.tags.all()) == ["council", "ferry"]
    assert "The vote passed." in Client().get(article.url).content.decode()
    assert_consistent_tree()


def test_an_imported_archive_article_publishes_again_from_its_revision(
    home, write_wxr, wxr_item, uploads
):
    import_wordpress(
        path=write_wxr(wxr_item(1, content=ARCHIVE_BODY)), media_dir=uploads
    )
    article = ArticlePage.objects.get(source="wordpress:1")
    draft = article.get_latest_revision_as_object()
    draft.title = "Harbour plan, revised"
    draft.save_revision().publish()

    article.refresh_from_db()
    assert article.title == "Harbour plan, revised"
    assert [block.block_type for block in article.body] == [
        block.block_type for block in draft.body
    ]
    page = Client().get(article.url).content.decode()
    assert "Harbour plan, revised" in page and "timetable = load()" in page
    assert_consistent_tree()
