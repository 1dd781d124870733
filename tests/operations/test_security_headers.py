import re

from masthead.operations.security_headers import ADMIN_POLICY, PUBLIC_POLICY


def test_an_article_page_carries_the_strict_policy_and_needs_no_inline_script(
    client, article
):
    response = client.get(article.url)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PUBLIC_POLICY
    assert "default-src 'self'" in PUBLIC_POLICY
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [s for s in scripts if "src=" not in s and "application/ld+json" not in s]
    assert inline == []


def test_the_admin_sign_in_gets_a_policy_that_allows_its_inline_code(client, home):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == ADMIN_POLICY
    assert "default-src" not in ADMIN_POLICY
    assert "script-src" not in ADMIN_POLICY


def test_the_admin_asks_no_other_site_for_avatars(client, home, django_user_model):
    editor = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "a-Long-passphrase-7"
    )
    client.force_login(editor)

    page = client.get("/admin/").content.decode()

    images = re.findall(r'<img[^>]*src="([^"]+)"', page)
    assert images, "the admin shows the editor's avatar"
    assert all(src.startswith("/") and not src.startswith("//") for src in images)
