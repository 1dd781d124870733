"""A moderator approves a comment with the keyboard, in a real browser."""

import pytest

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)


def test_moderator_approves_a_comment_with_the_keyboard(
    live_server, browser_page, django_user_model, post, moderation_rules, moderators
):
    moderation_rules(mode="hold_all")
    waiting = post("Please approve me, keyboard.", name="Kay")
    moderator = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    moderator.groups.add(moderators)

    page = browser_page
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', "mod")
    page.fill('input[name="password"]', "pw-Long-enough-1")
    page.click('button[type="submit"]')
    page.goto(live_server.url + "/admin/moderation/")
    page.locator(f'.moderation-item[data-comment-id="{waiting.pk}"]').wait_for()

    page.keyboard.press("?")
    assert page.locator("#keyboard-help").is_visible()
    page.keyboard.press("?")
    page.keyboard.press("a")
    page.wait_for_load_state()
    page.locator(".messages, .help-block, [role=status], .w-message").first.wait_for()

    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    assert "Approve: 1 comment(s)." in page.content()
