"""RSS and Atom feeds of published articles, for the site and for each section."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .listings import articles_in_section, latest_articles

FEED_LENGTH = 30


class LatestArticlesRssFeed(Feed):
    description = "The latest articles."

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return "/"

    def items(self):
        return latest_articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesRssFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesRssFeed.description


class SectionRssFeed(LatestArticlesRssFeed):
    def get_object(self, request, section):
        return section

    def title(self, section):
        return f"{section.title} · {settings.SITE_NAME}"

    def link(self, section):
        return section.url

    def description(self, section):
        return section.intro or f"The latest articles in {section.title}."

    def items(self, section):
        return articles_in_section(section)[:FEED_LENGTH]


class SectionAtomFeed(SectionRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, section):
        return self.description(section)
