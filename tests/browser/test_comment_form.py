"""The comment form's error flows, with and without JavaScript: the reader
lands at the form, focus goes where they can act, and nothing is made up."""

import pytest
from django.test import override_settings

from masthead.discussion.models import Comment
from tests.discussion.bulk_comments import bulk_discussion

pytestmark = pytest.mark.django_db(transaction=True)

QUOTING_A_SOURCE = (
    "> Vellmark Herald, 2 March 2026:\n>\n> The city expects 18,000 a day.\n>\n"
    "> ([source](https://example.org/forecast))\n\nNine trams seems *tight*."
)


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= -1 && box.top < window.innerHeight;
        }""",
        selector,
    )


def focused(page) -> dict:
    return page.evaluate(
        """() => ({
            tag: document.activeElement.tagName,
            className: document.activeElement.className,
            href: document.activeElement.getAttribute("href"),
        })"""
    )


def wait_until_scrolled_past(page, pixels: int) -> None:
    """The browser scrolls to the address's fragment once the page has loaded."""
    page.wait_for_url("**#comment-form")
    page.wait_for_load_state("load")
    for _ in range(50):
        if page.evaluate("window.scrollY") > pixels:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"still at {page.evaluate('window.scrollY')} px")


def fill_form(form, *, text="Words I keep.", name="Dee", email="", website=""):
    form.locator("textarea").fill(text)
    form.locator('input[name="name"]').fill(name)
    form.locator('input[name="email"]').fill(email)
    form.locator('input[name="website"]').fill(website)


def test_without_javascript_a_rejected_form_lands_at_its_error_summary(
    live_server, browser_page_without_js, article
):
    bulk_discussion(article, size=40)  # the form is far down the page
    page = browser_page_without_js
    page.goto(live_server.url + article.url)
    fill_form(page.locator("#comment-form"), website="javascript:alert(1)")
    page.locator("#comment-form").get_by_role("button", name="Post comment").click()

    wait_until_scrolled_past(page, 5_000)
    assert in_viewport(page, ".error-summary")
    assert page.locator("#comment-form textarea").input_value() == "Words I keep."
    # The keyboard carries on from the form: the first Tab reaches the summary.
    page.keyboard.press("Tab")
    assert focused(page)["href"] == "#id_email"
    page.keyboard.press("Enter")
    assert page.url.endswith("#id_email")
    assert in_viewport(page, "#id_email")


def test_without_javascript_a_preview_lands_at_the_preview(
    live_server, browser_page_without_js, article
):
    bulk_discussion(article, size=40)
    page = browser_page_without_js
    page.goto(live_server.url + article.url)
    page.locator("#comment-form textarea").fill("A **bold** idea")
    page.locator("#comment-form").get_by_role("button", name="Preview").click()

    wait_until_scrolled_past(page, 5_000)
    assert in_viewport(page, "#comment-preview")
    assert page.locator("#comment-preview strong").inner_text() == "bold"
    assert page.locator("#comment-form textarea").input_value() == "A **bold** idea"


def test_a_keyboard_submit_with_errors_focuses_the_error_summary(
    live_server, browser_page, article
):
    bulk_discussion(article, size=40)
    page = browser_page
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    fill_form(form)
    form.get_by_role("button", name="Post comment").focus()
    page.keyboard.press("Enter")

    form.locator(".error-summary").wait_for()
    assert "error-summary" in focused(page)["className"]
    assert in_viewport(page, "#comment-form .error-summary")
    assert form.locator(".error-summary a").get_attribute("href") == "#id_email"
    form.locator(".error-summary a").click()
    assert page.evaluate("document.activeElement.id") == "id_email"


def test_a_successful_preview_clears_the_earlier_errors(
    live_server, browser_page, article
):
    page = browser_page
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    fill_form(form, text="")
    form.get_by_role("button", name="Post comment").click()
    form.locator(".error-summary").wait_for()

    form.locator("textarea").fill("Now with *words*.")
    form.get_by_role("button", name="Preview").click()
    form.locator(".comment-preview em").wait_for()
    assert form.locator(".error-summary, .field__error").count() == 0
    assert focused(page)["tag"] == "BUTTON"


def test_an_invalid_website_is_reported_once_however_often_it_is_sent(
    live_server, browser_page, article
):
    page = browser_page
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    fill_form(form, email="dee@example.org", website="not a site")
    for _ in range(2):
        form.get_by_role("button", name="Post comment").click()
        form.locator(".error-summary").wait_for()
    website = form.locator('[data-field="website"]')
    assert website.locator(".field__error").count() == 1
    assert form.locator(".error-summary li").count() == 1
    assert not Comment.objects.exists()


@override_settings(COMMENTS_PER_PAGE=20)
def test_a_comment_posted_from_page_one_says_where_it_went(
    live_server, browser_page, article
):
    bulk_discussion(article, size=60)  # 20 threads on 3 pages
    page = browser_page
    page.goto(live_server.url + article.url)
    shown_before = page.locator("ol.comments > li").count()
    form = page.locator("#comment-form")
    fill_form(form, text="Late to this.", email="dee@example.org")
    form.get_by_role("button", name="Post comment").click()

    note = form.locator(".comment-form__posted")
    note.wait_for()
    comment = Comment.objects.get(text="Late to this.")
    assert note.inner_text().startswith("Your comment is number 21, on page 4.")
    link = note.get_by_role("link", name="See it on page 4")
    assert link.get_attribute("href") == f"{article.url}?cpage=4#comment-{comment.pk}"
    assert page.locator("ol.comments > li").count() == shown_before
    assert "201." not in page.locator("ol.comments").inner_text()
    assert "comment-form__posted" in focused(page)["className"]
    link.click()
    page.locator(f"#comment-{comment.pk}").wait_for()
    assert "21." in page.locator(f"#comment-{comment.pk} .comment__number").inner_text()


def test_a_held_comment_shows_no_number(
    live_server, browser_page, article, moderation_rules
):
    moderation_rules(mode="hold_all")
    page = browser_page
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    fill_form(form, text="Please approve.", email="dee@example.org")
    form.get_by_role("button", name="Post comment").click()

    form.locator(".comment-form__posted").wait_for()
    held = page.locator("ol.comments > li .comment")
    assert "awaiting moderation" in held.inner_text()
    assert held.locator(".comment__number").count() == 0
    assert "awaiting moderation" in form.locator(".comment-form__posted").inner_text()


def test_quote_keeps_the_author_nested_quotes_and_links(
    live_server, browser_page, article, post
):
    quoted = post(QUOTING_A_SOURCE, name="Annika")
    page = browser_page
    page.goto(live_server.url + article.url)
    page.locator(f"#comment-{quoted.pk} a.comment__quote").click()
    box = page.locator("form.reply-form textarea")
    page.wait_for_function(
        "() => document.querySelector('form.reply-form textarea').value !== ''"
    )
    assert box.input_value() == (
        "> Annika wrote:\n>\n"
        "> > Vellmark Herald, 2 March 2026:\n> >\n> > The city expects 18,000 a day.\n"
        "> >\n> > ([source](https://example.org/forecast))\n>\n"
        "> Nine trams seems *tight*.\n\n"
    )
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"

    box.press("End")
    box.type("Seven at the peak, then.")
    page.locator("form.reply-form").get_by_role("button", name="Preview").click()
    preview = page.locator("form.reply-form .comment-preview")
    preview.locator("blockquote blockquote").wait_for()
    assert preview.locator("blockquote > .quote-source").first.inner_text() == (
        "Annika wrote:"
    )
    source = preview.locator("blockquote blockquote a")
    assert source.get_attribute("href") == "https://example.org/forecast"


def test_edit_and_delete_leave_an_open_page_when_the_time_is_up(
    live_server, browser_page, article
):
    page = browser_page
    page.clock.install()
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    fill_form(form, text="Frist!", email="dee@example.org")
    form.get_by_role("button", name="Post comment").click()
    actions = page.locator("ol.comments .comment__actions")
    actions.get_by_role("link", name="Edit").wait_for()

    page.clock.fast_forward("14:00")
    assert actions.get_by_role("link", name="Delete").count() == 1
    page.clock.fast_forward("01:30")
    assert actions.get_by_role("link", name="Edit").count() == 0
    assert actions.get_by_role("link", name="Delete").count() == 0
