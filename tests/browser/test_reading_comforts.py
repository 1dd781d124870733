"""The article page as a reader holds it: dark, printed, on a phone, shared."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPH = (
    "The harbour board met on Tuesday evening to hear the case for a second "
    "ferry berth, and the room was fuller than anyone could remember. "
) * 8
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def long_article(make_article, post):
    article = make_article(
        "The harbour board hears the ferry case",
        body=[
            ("paragraph", RichText(f"<p>{PARAGRAPH}</p>")),
            ("image", {"image": _large_image("The quay"), "alt": "The quay at dawn"}),
            ("paragraph", RichText(f"<p>{PARAGRAPH}</p>")),
        ],
    )
    post("A second berth is overdue.", name="Ann", on=article)
    return article


def _large_image(title: str):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (40, 90, 140)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.jpg")
    )


def _open(chromium, url, **options):
    context = chromium.new_context(**options)
    page = context.new_page()
    page.goto(url)
    return context, page


def _characters_per_line(page) -> float:
    return page.evaluate(
        """() => {
            const paragraph = document.querySelector('.article__body p');
            const lineHeight = parseFloat(getComputedStyle(paragraph).lineHeight);
            const lines = Math.round(paragraph.clientHeight / lineHeight);
            // Every line but the last is full.
            const perLine = paragraph.textContent.length / (lines - 0.5);
            return perLine;
        }"""
    )


@pytest.mark.parametrize("viewport", [DESKTOP, {"width": 800, "height": 900}])
def test_body_text_runs_60_to_75_characters_a_line(
    live_server, chromium, long_article, viewport
):
    context, page = _open(
        chromium, live_server.url + long_article.url, viewport=viewport
    )
    assert 60 <= _characters_per_line(page) <= 75
    context.close()


def test_dark_mode_gives_light_text_on_a_dark_page(live_server, chromium, long_article):
    context, page = _open(
        chromium,
        live_server.url + long_article.url,
        viewport=DESKTOP,
        color_scheme="dark",
    )
    colours = page.evaluate(
        """() => ['body', '.site-header', '.article__headline',
                  '#comment-form textarea'].map(selector => {
                const style = getComputedStyle(document.querySelector(selector));
                return [style.backgroundColor, style.color];
            })"""
    )
    page.screenshot(path=str(_shots() / "dark-desktop.png"), full_page=False)
    context.close()

    body_background, body_text = colours[0]
    assert _lightness(body_background) < 0.2 and _lightness(body_text) > 0.8
    header_background = colours[1][0]
    assert _lightness(header_background) < 0.2
    textarea_background, textarea_text = colours[3]
    assert _lightness(textarea_background) < 0.2 and _lightness(textarea_text) > 0.8


def test_an_article_prints_as_article_and_comments_without_chrome(
    live_server, chromium, long_article
):
    context, page = _open(
        chromium, live_server.url + long_article.url, viewport=DESKTOP
    )
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => Object.fromEntries([
            '.site-nav', '.site-search', '.site-account', '.site-footer',
            '#comment-form', '.share', '.comment__reply', 'button',
            '.article__headline', '.article__body', '.comment__text', '.site-name',
        ].map(selector => [selector, [...document.querySelectorAll(selector)]
            .some(element => element.getClientRects().length > 0)]))"""
    )
    page.pdf(path=str(_shots() / "article.pdf"))
    page.screenshot(path=str(_shots() / "print-desktop.png"), full_page=True)
    context.close()

    hidden = [".site-nav", ".site-search", ".site-account", ".site-footer"]
    hidden += ["#comment-form", ".share", ".comment__reply", "button"]
    assert not any(shown[selector] for selector in hidden), shown
    kept = [".article__headline", ".article__body", ".comment__text"]
    assert all(shown[selector] for selector in kept), str(shown)


def test_article_images_are_responsive_and_lazy(live_server, chromium, long_article):
    context, page = _open(chromium, live_server.url + long_article.url, viewport=PHONE)
    image = page.locator(".article__body figure img").first
    attributes = {
        name: image.get_attribute(name)
        for name in ("srcset", "sizes", "loading", "width", "height", "alt")
    }
    page.screenshot(path=str(_shots() / "phone.png"), full_page=False)
    context.close()

    assert attributes["srcset"].count("w,") >= 1 and " 1200w" in attributes["srcset"]
    assert attributes["sizes"] and attributes["loading"] == "lazy"
    assert int(attributes["width"]) > 0 and int(attributes["height"]) > 0
    assert attributes["alt"] == "The quay at dawn"


def test_the_page_links_a_favicon_and_a_touch_icon_that_load(
    live_server, chromium, long_article
):
    context, page = _open(
        chromium, live_server.url + long_article.url, viewport=DESKTOP
    )
    icons = page.evaluate(
        """() => [...document.querySelectorAll(
                'link[rel="icon"], link[rel="apple-touch-icon"]')]
            .map(link => [link.rel, link.href])"""
    )
    statuses = [page.request.get(href).status for _, href in icons]
    root_icon = page.request.get(live_server.url + "/favicon.ico")
    context.close()

    assert {rel for rel, _ in icons} == {"icon", "apple-touch-icon"}
    assert statuses and set(statuses) == {200}
    assert root_icon.status == 200


def test_copy_link_copies_the_address_and_nothing_goes_to_another_site(
    live_server, chromium, long_article, settings
):
    settings.BASE_URL = live_server.url
    context = chromium.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(live_server.url + long_article.url)
    page.evaluate("delete Navigator.prototype.share")  # as on a desktop browser

    share = page.locator(".share")
    copy = share.get_by_role("button", name="Copy link")
    copy.click()
    share.get_by_text("Link copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    mail_link = share.get_by_role("link", name="E-mail").get_attribute("href")
    context.close()

    assert copied == live_server.url + long_article.url
    assert mail_link.startswith("mailto:?subject=The%20harbour%20board")
    assert hosts == {urlsplit(live_server.url).netloc}


def test_without_javascript_sharing_is_a_plain_e_mail_link(
    live_server, chromium, long_article
):
    context, page = _open(
        chromium,
        live_server.url + long_article.url,
        viewport=PHONE,
        java_script_enabled=False,
    )
    share = page.locator(".share")
    visible_buttons = share.locator("button:visible").count()
    mail_link = share.get_by_role("link", name="E-mail")
    is_visible = mail_link.is_visible()
    page.screenshot(path=str(_shots() / "phone-no-js.png"), full_page=False)
    context.close()

    assert is_visible and visible_buttons == 0


def _lightness(css_colour: str) -> float:
    red, green, blue = [
        int(part) for part in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]
    ]
    return (max(red, green, blue) + min(red, green, blue)) / 510


def _shots():
    from pathlib import Path

    folder = Path("/tmp/shots-r15b")
    folder.mkdir(exist_ok=True)
    return folder
