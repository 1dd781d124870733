"""Moving in a long discussion in a real browser: orders, pages, new comments."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_orders_and_pages_are_links_at_the_top_without_javascript(
    live_server, browser_page_without_js, article, post, settings
):
    settings.COMMENTS_PER_PAGE = 2
    comments = [post(f"Comment number {n}.") for n in range(5)]
    page = browser_page_without_js
    page.goto(live_server.url + article.url)
    top = page.locator(".thread-nav--top")
    assert "Comments page 1 of 3" in top.inner_text()

    top.get_by_role("link", name="Newest first").click()
    assert page.url.endswith("?order=newest#comments")
    first = page.locator("ol.comments > li .comment__text").first
    assert first.inner_text() == "Comment number 4."

    page.locator(".thread-nav--top").get_by_role("link", name="Comments page 3").click()
    assert "?order=newest&cpage=3" in page.url
    shown = page.locator("ol.comments .comment__text").all_inner_texts()
    assert shown[-1] == "Comment number 0."
    assert (
        "Newest first"
        in page.locator(".thread-nav--top [aria-current=true]").inner_text()
    )
    page.locator(".thread-nav--top").get_by_role("link", name="Newest comments").click()
    assert page.locator(f"#comment-{comments[4].pk}").is_visible()


def test_comments_since_the_last_visit_are_marked_new(
    live_server, browser_page, article, post
):
    post("Already read.")
    page = browser_page
    page.goto(live_server.url + article.url)
    _wait_until_visit_is_remembered(page, article)
    arrived = [post("Arrived later."), post("And another.")]
    page.reload()
    news = page.locator(".discussion__news")
    news.wait_for()
    assert "2 new comments since your last visit" in news.inner_text()
    marked = page.locator(".comment--new")
    assert marked.count() == 2
    assert page.locator(f"#comment-{arrived[0].pk} .badge--new").inner_text() == "new"
    # Seen now: the next visit marks nothing.
    page.reload()
    page.wait_for_timeout(500)
    assert page.locator(".comment--new").count() == 0
    assert page.locator(".discussion__news").is_hidden()


def test_an_open_page_says_when_comments_arrive(
    live_server, browser_page, article, post
):
    post("Already read.")
    page = browser_page
    page.clock.install()
    page.goto(live_server.url + article.url)
    _wait_until_visit_is_remembered(page, article)
    page.evaluate("window.stillTheSamePage = true")
    post("Arrived while reading.")
    page.clock.run_for("01:05")
    news = page.locator(".discussion__news")
    news.wait_for()
    assert "1 new comment since you opened this page" in news.inner_text()
    assert (
        news.get_by_role("link", name="show")
        .get_attribute("href")
        .endswith("?order=newest#comments")
    )
    assert page.evaluate("window.stillTheSamePage") is True


def test_more_replies_open_in_place(live_server, browser_page, article, post):
    top = post("Where it starts.")
    replies = [post(f"Reply {n}.", parent=top) for n in range(5)]
    page = browser_page
    page.goto(live_server.url + article.url)
    page.evaluate("window.stillTheSamePage = true")
    assert page.locator(f"#comment-{replies[4].pk}").count() == 0
    page.get_by_role("link", name="2 more replies").click()
    page.locator(f"#comment-{replies[4].pk}").wait_for()
    assert page.evaluate("document.activeElement.id") == f"comment-{replies[3].pk}"
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator(".comments__more").count() == 0


def _wait_until_visit_is_remembered(page, article, *, seconds: float = 10) -> None:
    """Poll from the test: a predicate waited on inside the page is compiled
    there, which the site's Content-Security-Policy rightly forbids."""
    key = f"masthead:last-visit:{article.pk}"
    for _ in range(int(seconds * 10)):
        if page.evaluate("key => localStorage.getItem(key)", key) is not None:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the page never remembered the visit")
