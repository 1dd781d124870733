"""A reader replies to a comment in a real browser, with and without JavaScript."""

import pytest

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)


def fill_guest_details(form, name):
    form.locator('input[name="name"]').fill(name)
    form.locator('input[name="email"]').fill(f"{name.lower()}@example.org")


def test_reply_opens_inline_and_posts_without_a_reload(
    live_server, browser_page, article, post
):
    parent = post("Where will the new stops be?", name="Ann")
    page = browser_page
    page.goto(live_server.url + article.url)
    page.evaluate("window.stillTheSamePage = true")

    page.locator(f"#comment-{parent.pk} a.comment__reply").click()
    form = page.locator("form.reply-form")
    form.locator("textarea").fill("At the *harbour* and the station.")
    fill_guest_details(form, "Bo")
    form.get_by_role("button", name="Post comment").click()

    reply = page.locator(f"li:has(> #comment-{parent.pk}) > ul.replies .comment")
    reply.wait_for()
    assert "Bo says" in " ".join(reply.locator(".comment__header").inner_text().split())
    assert reply.locator("em").inner_text() == "harbour"
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator(".comment-count__number").inner_text() == "2"
    assert Comment.objects.filter(parent=parent, author_name="Bo").exists()


def test_two_comments_in_a_row_without_a_reload_are_both_published(
    live_server, browser_page, article
):
    page = browser_page
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    fill_guest_details(form, "Bo")
    for number, text in enumerate(["First thought.", "Second thought."], start=1):
        form.locator("textarea").fill(text)
        form.get_by_role("button", name="Post comment").click()
        page.locator("ol.comments > li").nth(number - 1).wait_for()
    # The first post spent the page's form stamp; the script took a new one.
    assert set(Comment.objects.values_list("status", flat=True)) == {
        Comment.Status.APPROVED
    }
    assert Comment.objects.count() == 2


def test_preview_shows_the_rendered_text_in_place(live_server, browser_page, article):
    page = browser_page
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    form.locator("textarea").fill("A **bold** idea")
    form.get_by_role("button", name="Preview").click()
    form.locator(".comment-preview strong").wait_for()
    assert form.locator(".comment-preview strong").inner_text() == "bold"
    assert not Comment.objects.exists()


def test_reply_without_javascript_goes_through_the_reply_page(
    live_server, browser_page_without_js, article, post
):
    parent = post("Will the trams run at night?", name="Ann")
    page = browser_page_without_js
    page.goto(live_server.url + article.url)

    page.locator(f"#comment-{parent.pk} a.comment__reply").click()
    assert "Reply to Ann" in page.locator("h1").inner_text()
    assert "Will the trams run at night?" in page.locator(".reply-parent").inner_text()
    form = page.locator("#comment-form")
    form.locator("textarea").fill("Only at weekends, says the timetable.")
    fill_guest_details(form, "Cy")
    form.get_by_role("button", name="Post comment").click()

    reply = Comment.objects.get(parent=parent)
    assert page.url.endswith(f"#comment-{reply.pk}")
    nested = page.locator(
        f"li:has(> #comment-{parent.pk}) > ul.replies #comment-{reply.pk}"
    )
    assert "Only at weekends" in nested.inner_text()


def test_rejected_form_without_javascript_keeps_the_text(
    live_server, browser_page_without_js, article
):
    page = browser_page_without_js
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    form.locator("textarea").fill("Words I do not want to lose.")
    form.locator('input[name="name"]').fill("Dee")
    form.get_by_role("button", name="Post comment").click()

    assert (
        "Please give your e-mail address" in page.locator(".field__error").inner_text()
    )
    assert (
        page.locator("#comment-form textarea").input_value()
        == "Words I do not want to lose."
    )
    assert not Comment.objects.exists()
