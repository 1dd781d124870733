"""The shapes the demo content is written in, before it becomes pages.

Dates are counted in days before loading, so a fresh demo always looks
current whenever it is loaded.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    intro: str


@dataclass(frozen=True)
class Picture:
    """An image drawn at load time; its label is printed on it and names it."""

    label: str
    caption: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    source_name: str
    days_ago: int | None = None
    link: str = ""


@dataclass(frozen=True)
class Video:
    url: str
    still: Picture
    caption: str = ""


# A body is written as a list: plain strings are paragraphs.
BodyItem = str | Quote | Picture | Video


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    standfirst: str
    byline: str
    days_ago: int
    section: str
    tags: tuple[str, ...]
    body: tuple[BodyItem, ...]
    also_in: tuple[str, ...] = ()
    # Shown in listings; None leaves listings to use the first picture in
    # the body, as a video article's still does.
    lead: Picture | None = field(default=None)
