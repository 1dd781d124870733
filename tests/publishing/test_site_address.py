"""The site's public address: the Site record, canonical links and the sitemap."""

import re

import pytest
from django.core import checks
from django.core.management import call_command
from wagtail.models import Site

from masthead.publishing.site_address import match_site_to_base_url
from masthead.publishing.sitemaps import sitemap_path_for

PUBLIC = "https://news.example.org"


@pytest.fixture
def public_address(settings):
    settings.BASE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["news.example.org", "testserver"]
    return PUBLIC


@pytest.mark.parametrize(
    ("base_url", "hostname", "port"),
    [
        ("https://news.example.org", "news.example.org", 443),
        ("http://127.0.0.1:8101", "127.0.0.1", 8101),
        ("http://localhost", "localhost", 80),
    ],
)
def test_set_up_points_the_site_record_at_base_url(
    home, settings, base_url, hostname, port
):
    settings.BASE_URL = base_url

    call_command("migrate", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == (hostname, port)
    assert site.root_url == base_url


def test_check_warns_while_site_record_and_base_url_differ(home, public_address):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)

    [warning] = [
        message for message in checks.run_checks() if message.id == "publishing.W001"
    ]
    assert "localhost:80" in warning.msg and PUBLIC in warning.msg

    match_site_to_base_url()
    assert "publishing.W001" not in [message.id for message in checks.run_checks()]


def test_home_and_section_canonical_links_use_base_url(
    client, home, section, public_address
):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)

    home_page = client.get("/").content.decode()
    section_page = client.get(section.url).content.decode()

    assert f'<link rel="canonical" href="{PUBLIC}/">' in home_page
    assert f'<link rel="canonical" href="{PUBLIC}/world/">' in section_page


def test_every_sitemap_location_uses_base_url(client, make_article, public_address):
    article = make_article("A bridge reopens")

    index = client.get("/sitemap.xml").content.decode()
    # One sitemap page per block of page ids: how many depends on the ids
    # the database handed out, not on this test.
    sitemap_urls = re.findall(r"<loc>(.*?)</loc>", index)
    assert f"{PUBLIC}{sitemap_path_for(article)}" in sitemap_urls
    assert all(url.startswith(f"{PUBLIC}/sitemap-pages.xml") for url in sitemap_urls)
    pages = client.get(sitemap_path_for(article)).content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", pages)

    assert f"{PUBLIC}/world/a-bridge-reopens/" in locations
    assert locations and all(url.startswith(PUBLIC + "/") for url in locations)
