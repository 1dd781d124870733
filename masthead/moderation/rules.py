"""The moderation rules in force for one article: the site's, or its section's."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from masthead.publishing.models import SectionPage

from .models import BlocklistAction, Mode, ModerationSettings

_LINK = re.compile(r"https?://[^\s<>()\[\]]+|www\.[^\s<>()\[\]]+", re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    mode: str
    trust_after: int
    max_links: int
    blocked_words: tuple[str, ...]
    blocked_email_domains: frozenset[str]
    blocked_url_hosts: frozenset[str]
    blocklist_action: str
    spam_threshold: float
    hold_threshold: float
    report_threshold: int


def rules_for(article, *, site=None) -> Rules:
    """The site's rules, with the article's section's mode if it sets one.

    Pass the article's `site` if it is already known, to save looking it up.
    """
    site = site or article.get_site()
    stored = ModerationSettings.for_site(site) if site else ModerationSettings()
    # One query for the section's own rule, without loading the section page.
    section_mode = (
        SectionPage.objects.parent_of(article)
        .values_list("comment_moderation", flat=True)
        .first()
    )
    mode = section_mode or stored.mode
    return Rules(
        mode=mode,
        trust_after=stored.trust_after,
        max_links=stored.max_links,
        blocked_words=tuple(_lines(stored.blocked_words)),
        blocked_email_domains=frozenset(_lines(stored.blocked_email_domains)),
        blocked_url_hosts=frozenset(_lines(stored.blocked_url_hosts)),
        blocklist_action=stored.blocklist_action,
        spam_threshold=stored.spam_threshold,
        hold_threshold=stored.hold_threshold,
        report_threshold=stored.report_threshold,
    )


def _lines(text: str) -> list[str]:
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


def links_in(text: str) -> list[str]:
    return _LINK.findall(text)


def blocklist_match(rules: Rules, *, text: str, email: str, url: str) -> str:
    """What on the blocklist this comment contains, in words; "" if nothing."""
    lowered = text.lower()
    for phrase in rules.blocked_words:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            return f"contains the blocked phrase “{phrase}”"
    domain = email.rpartition("@")[2].lower()
    if domain and domain in rules.blocked_email_domains:
        return f"e-mail address at the blocked domain {domain}"
    for link in [*links_in(text), *([url] if url else [])]:
        host = _host(link)
        if host and any(
            host == blocked or host.endswith("." + blocked)
            for blocked in rules.blocked_url_hosts
        ):
            return f"links to the blocked site {host}"
    return ""


def _host(link: str) -> str:
    if not link.lower().startswith(("http://", "https://")):
        link = "http://" + link
    return (urlsplit(link).hostname or "").lower().removeprefix("www.")


__all__ = [
    "BlocklistAction",
    "Mode",
    "Rules",
    "blocklist_match",
    "links_in",
    "rules_for",
]
