from django.urls import path, register_converter

from . import feeds, views


class UnicodeSlugConverter:
    """A slug in any script, as taggit and Wagtail make them ("رسانه-آزاد").

    Django's own `slug` converter takes ASCII only, so a Greek or Persian tag
    could not be linked to and its article answered 500.
    """

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "unicode_slug")

app_name = "publishing"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("tags/<unicode_slug:slug>/", views.tag_listing, name="tag"),
    path("feed/", feeds.LatestArticlesRssFeed(), name="rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
]
