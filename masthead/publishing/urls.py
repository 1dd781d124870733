from django.urls import path

from . import feeds, views

app_name = "publishing"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("tags/<slug:slug>/", views.tag_listing, name="tag"),
    path("feed/", feeds.LatestArticlesRssFeed(), name="rss"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
]
