from django import template

from ..seo import absolute, news_article_jsonld
from ..site_address import public_url as public_url_of

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return absolute(context.get("request"), url)


@register.simple_tag
def public_url(url):
    """`url` at the site's public address (BASE_URL), e.g. for canonical links."""
    return public_url_of(url) if url else ""


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, image_url=None):
    return news_article_jsonld(article, context.get("request"), image_url)


@register.simple_tag(takes_context=True)
def page_url_with(context, **changes):
    """The current URL with some query parameters changed, e.g. the page number."""
    query = context["request"].GET.copy()
    for name, value in changes.items():
        query[name] = value
    return "?" + query.urlencode()
