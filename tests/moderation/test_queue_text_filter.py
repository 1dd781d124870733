"""The queue's text filter looks words up in the database's full-text index
(FTS5 on SQLite, a GIN index on PostgreSQL); the suite runs on both."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from masthead.discussion.posting import delete_comment, edit_comment
from masthead.discussion.text_search import FTS_TABLE

pytestmark = pytest.mark.django_db
QUEUE = "/admin/moderation/"


@pytest.fixture
def shown(django_user_model, moderation_rules):
    """The names the queue shows (all tabs) for a text filter."""
    moderation_rules(mode="hold_all")
    user = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    moderator = Client()
    moderator.force_login(user)

    def names(words: str, tab: str = "all") -> set[str]:
        html = moderator.get(QUEUE, {"q": words, "tab": tab}).content.decode()
        return {
            name
            for name in ("Ann", "Bo", "Cy", "Di")
            if f"<strong>{name}</strong>" in html
        }

    return names


def test_a_comment_is_found_by_a_word_in_it_at_once(post, shown):
    post("The quayside market opens on Sunday.", name="Ann")
    post("Fares on the ferry go up again.", name="Bo")
    post("Quayside parking is a disgrace", name="Cy")

    assert shown("quayside") == {"Ann", "Cy"}
    assert shown("QUAYSIDE") == {"Ann", "Cy"}, "any letter case"
    assert shown("Ferry") == {"Bo"}
    assert shown("tram") == set()


def test_every_word_must_be_there_each_as_the_start_of_a_word(post, shown):
    post("The quayside market opens on Sunday.", name="Ann")
    post("The market by the ferry is closed.", name="Bo")

    assert shown("market quayside") == {"Ann"}
    assert shown("quay") == {"Ann"}, "a word's beginning finds it"
    assert shown("mark sund") == {"Ann"}
    assert shown("side") == set(), "the middle of a word does not"


@pytest.mark.parametrize(
    "words",
    ['"', "'", "market OR", "NEAR(market", "market*", "text:market", "a & b | !c"],
)
def test_search_syntax_in_the_filter_is_read_as_words(post, shown, words):
    post("The quayside market opens on Sunday.", name="Ann")
    found = shown(words)
    assert found <= {"Ann"}


def test_punctuation_alone_is_looked_for_as_typed(post, shown):
    post("Well said :-)", name="Ann")
    post("Well said.", name="Bo")
    assert shown(":-)") == {"Ann"}


def test_an_edited_comment_is_found_by_its_new_words_only(post, shown):
    comment = post("Fares on the ferry go up again.", name="Bo")
    edit_comment(comment=comment, text="Fares on the tram go up again.")

    assert shown("tram") == {"Bo"}
    assert shown("ferry") == set()


def test_a_comment_its_author_deleted_is_no_longer_found(post, shown):
    comment = post("Fares on the ferry go up again.", name="Bo")
    delete_comment(comment=comment)
    assert shown("ferry") == set()


def test_the_filter_keeps_to_the_tab(post, shown, client):
    held = post("The ferry timetable changed.", name="Ann")
    post("The ferry is late.", name="Bo")
    held.status = held.Status.REMOVED
    held.save(update_fields=["status"])

    assert shown("ferry", tab="pending") == {"Bo"}
    assert shown("ferry", tab="removed") == {"Ann"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
def test_the_sqlite_index_stays_in_step_with_the_comments(post, article):
    comment = post("Fares on the ferry go up again.", name="Bo")
    post("The quayside market opens.", name="Ann")
    edit_comment(comment=comment, text="Fares on the tram go up.")
    article.delete()  # its comments with it

    with connection.cursor() as cursor:
        # FTS5 checks its index against the comments table and raises if
        # any row was missed or left behind.
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank)"  # noqa: S608 (a constant)
            " VALUES ('integrity-check', 1)"
        )
        cursor.execute(
            f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'tram'"  # noqa: S608
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
def test_postgresql_answers_the_filter_from_the_text_index(post):
    from masthead.discussion.models import Comment
    from masthead.discussion.text_search import containing_words

    post("The quayside market opens.", name="Ann")
    with connection.cursor() as cursor:
        # Only index lookups remain for the planner to choose from.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = containing_words(Comment.objects.all(), "quayside").explain()
    assert "comment_text_search_idx" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite without FTS5")
def test_a_sqlite_without_full_text_search_still_filters(post, shown, monkeypatch):
    from masthead.discussion import text_search

    monkeypatch.setattr(text_search, "_sqlite_has_index", lambda alias: False)
    post("The quayside market opens on Sunday.", name="Ann")
    post("Fares on the ferry go up again.", name="Bo")
    assert shown("Quayside market") == {"Ann"}
