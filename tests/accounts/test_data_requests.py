"""Moderators answer a reader's data request from the Wagtail admin."""

import json

import pytest
from wagtail.models import ModelLogEntry

from masthead.accounts.models import ReaderRequest
from masthead.discussion.models import Comment
from masthead.notifications.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, django_user_model, moderators):
    moderator = django_user_model.objects.create_user("mod", "mod@example.org", "pw")
    moderator.groups.add(moderators)
    client.force_login(moderator)
    return client


@pytest.fixture
def guest_thread(post):
    comment = post("A guest's view of the harbour.", name="Ann")
    reply = post("A reply to Ann.", parent=comment, name="Bo")
    Subscription.objects.create(
        email="ann@example.org", kind="replies", comment=comment
    )
    return comment, reply


def test_a_moderator_looks_up_and_downloads_an_addresss_data(
    moderator_client, guest_thread
):
    page = moderator_client.get("/admin/reader-data/", {"email": "ANN@example.org"})
    html = page.content.decode()
    assert "Comments: 1" in html and "E-mail subscriptions: 1" in html

    response = moderator_client.post(
        "/admin/reader-data/export/", {"email": "ann@example.org"}
    )
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert [c["text"] for c in data["comments"]] == ["A guest's view of the harbour."]
    entry = ModelLogEntry.objects.get(action="masthead.reader.export")
    assert "ann@example.org" not in json.dumps(entry.data)


def test_a_moderator_anonymises_a_guests_comments(moderator_client, guest_thread):
    comment, reply = guest_thread
    response = moderator_client.post(
        "/admin/reader-data/erase/",
        {"email": "ann@example.org", "comments": "keep"},
        follow=True,
    )
    assert "1 comment(s) anonymised, 1 subscription(s) deleted" in (
        response.content.decode()
    )
    comment.refresh_from_db()
    assert (comment.author_name, comment.author_email) == ("a former reader", "")
    assert Comment.objects.get(pk=reply.pk).parent_id == comment.pk
    assert not Subscription.objects.exists()
    assert ReaderRequest.objects.get().action == "anonymise"
    assert ModelLogEntry.objects.filter(action="masthead.reader.anonymise").exists()


def test_a_staff_account_is_not_erased_from_here(moderator_client, django_user_model):
    django_user_model.objects.create_user(
        "editor", "ed@example.org", "pw", is_staff=True
    )
    response = moderator_client.post(
        "/admin/reader-data/erase/",
        {"email": "ed@example.org", "comments": "remove"},
        follow=True,
    )
    assert "belongs to a staff account" in response.content.decode()
    assert django_user_model.objects.filter(username="editor").exists()


@pytest.mark.parametrize("email", ["not-an-address", ""])
def test_a_bad_address_gets_a_clear_answer(moderator_client, email):
    response = moderator_client.get("/admin/reader-data/", {"email": email})
    assert response.status_code == 400
    erase = moderator_client.post(
        "/admin/reader-data/erase/", {"email": email, "comments": "keep"}
    )
    assert erase.status_code == 302


def test_only_moderators_see_reader_data(client, make_reader, django_user_model):
    client.force_login(make_reader("Dee"))
    assert client.get("/admin/reader-data/").status_code in (302, 403)
    response = client.post(
        "/admin/reader-data/erase/", {"email": "dee@example.org", "comments": "keep"}
    )
    assert response.status_code in (302, 403)
    assert django_user_model.objects.filter(username="dee").exists()


@pytest.fixture
def task_table(settings):
    """Queue tasks in the database's task results table, as a server without Redis."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def test_queued_mail_work_carries_no_address(
    task_table, article, comment_through_form, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_through_form(article, name="Ann", notify_replies="on")
    (queued,) = task_table.filter(task_path__endswith="send_subscription_confirmation")
    assert "ann@example.org" not in json.dumps(queued.args_kwargs)


def test_erasure_forgets_task_records_that_name_the_address(
    task_table, moderator_client, guest_thread
):
    from django.utils import timezone

    mail_task = "masthead.notifications.tasks.send_subscription_confirmation"

    def record(args_kwargs, traceback=""):
        return task_table.create(
            args_kwargs=args_kwargs,
            task_path=mail_task,
            backend_name="default",
            run_after=timezone.now(),
            traceback=traceback,
        )

    # Written before tasks took ids, or by a failed send that quoted the address.
    record(
        {"args": [], "kwargs": {"email": "Ann@Example.org", "subscription_ids": [1]}}
    )
    record(
        {"args": [], "kwargs": {"comment_id": 1}}, traceback="refused ann@example.org"
    )
    other = record({"args": [], "kwargs": {"email": "bo@example.org"}})

    moderator_client.post(
        "/admin/reader-data/erase/", {"email": "ann@example.org", "comments": "keep"}
    )
    assert list(task_table.filter(task_path=mail_task)) == [other]
