"""axe-core finds no accessibility violations on the pages readers and
moderators use: home, an article, a big thread, the comment form with errors,
sign-up and the moderation queue."""

from pathlib import Path

import pytest

from tests.discussion.bulk_comments import bulk_discussion

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "data" / "axe-core" / "axe.min.js"


def _violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    found = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
        })).violations.map(violation => violation.id + ': ' + violation.help
            + ' at ' + violation.nodes.slice(0, 3).map(node => node.target.join(' '))
                .join(', '))"""
    )
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_article_and_sign_up_have_no_violations(
    live_server, chromium, article, post, scheme
):
    post("A fair point about the harbour.", name="Ann")
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900},
        color_scheme=scheme,
        bypass_csp=True,  # axe is injected as an inline script
    )
    page = context.new_page()
    found = {}
    for path in ("/", article.url, "/accounts/signup/"):
        page.goto(live_server.url + path)
        found[path] = _violations(page)
    context.close()
    assert found == {path: [] for path in found}


def test_a_big_thread_has_no_violations(live_server, chromium, article):
    bulk_discussion(article, size=300)
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(live_server.url + article.url)
    found = _violations(page)
    context.close()
    assert found == []


def test_the_comment_form_with_errors_has_no_violations(live_server, chromium, article):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(live_server.url + article.url)
    form = page.locator("#comment-form")
    form.locator('input[name="website"]').fill("javascript:alert(1)")
    # Sent as without JavaScript: form.submit() skips the script's handler.
    with page.expect_navigation():
        page.evaluate("document.querySelector('#comment-form').submit()")
    is_rejected = page.locator(".field__error").count() > 0
    found = _violations(page)
    context.close()
    assert is_rejected
    assert found == []


def test_the_moderation_queue_has_no_violations(
    live_server, chromium, django_user_model, post, moderation_rules, moderators
):
    moderation_rules(mode="hold_all")
    post("Please look at me.", name="Kay")
    moderator = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    moderator.groups.add(moderators)
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', "mod")
    page.fill('input[name="password"]', "pw-Long-enough-1")
    page.click('button[type="submit"]')
    page.goto(live_server.url + "/admin/moderation/")
    found = _violations(page)
    context.close()
    assert found == []
