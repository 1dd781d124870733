"""Every door, fed hostile input, answers without a server error (status < 500).

Hypothesis draws each door's query string or form body from what attackers
and broken clients send: quotes, NUL and other control characters, bytes
that are not UTF-8 (how a lone surrogate arrives), huge and negative numbers,
fields repeated (a list where one value is expected), very long values and
unusual Unicode. Most examples keep a valid form and spoil a few fields, so
the hostile values reach the code behind the form's first checks.

Each door is one test; it builds the site once and sends FUZZ_EXAMPLES
requests (30 unless the environment says otherwise, for a longer hunt).
A failure prints the door, the fields sent and what the server raised.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.moderation.form_signals import stamp_form

from .hostile import (
    HEADER_VALUE,
    STRAY_NAME,
    VALUE,
    as_header,
    encode_path_part,
    fields,
)

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    database=None,  # nothing written to the working tree; failures print a seed
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the site is built once per door
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@dataclass(frozen=True)
class Door:
    """One URL and method, who knocks, and the fields its view reads."""

    path: str  # formatted with the FuzzSite's fields
    method: str = "GET"
    who: str = "guest"  # or "reader", "moderator"
    names: tuple[str, ...] = ()
    valid: Callable[..., dict] = field(default=lambda site: {})
    headers: dict = field(default_factory=dict)
    csrf: bool = True  # False: a guest's comment, vouched for by its Origin


ORIGIN = {"Origin": "http://testserver"}
JSON = {**ORIGIN, "Accept": "application/json"}
SUBMIT = "/discussion/articles/{article}/comments/"
COMMENT_FIELDS = (
    *("text", "name", "email", "website", "notify_replies", "notify_article"),
    *("remember", "parent", "started", "subject", "preview"),
)


def guest_comment(site) -> dict:
    return {
        "text": "Well reported.",
        "name": "Flo",
        "email": "flo@example.org",
        "started": stamp_form(),
    }


def reader_comment(site) -> dict:
    return {
        "text": "Well reported.",
        "parent": str(site.shown),
        "started": stamp_form(),
    }


def guest_preview(site) -> dict:
    return {**guest_comment(site), "preview": "1"}


def guest_submit(valid, headers) -> Door:
    """A guest's comment carries no CSRF token: its Origin header vouches for it."""
    return Door(SUBMIT, "POST", "guest", COMMENT_FIELDS, valid, headers, csrf=False)


# Imported sites keep their `/?p=123` links working through these.
OLD_WORDPRESS_IDS = ("p", "page_id", "attachment_id")

PUBLIC_DOORS = {
    "home": Door("/", names=("page", *OLD_WORDPRESS_IDS)),
    "section": Door("{section_url}", names=("page", *OLD_WORDPRESS_IDS)),
    "section rss": Door("{section_url}feed/", names=("page",)),
    "section atom": Door("{section_url}feed/atom/"),
    "tag": Door("/tags/{tag}/", names=("page",)),
    "article": Door("{article_url}", names=("cpage", "page", "order", "sort")),
    "article, signed in": Door("{article_url}", who="reader", names=("cpage",)),
    "search": Door("/search/", names=("q", "page")),
    "rss": Door("/feed/"),
    "atom": Door("/feed/atom/"),
    "comments feed": Door("/discussion/articles/{article}/comments/feed/"),
    "sitemap": Door("/sitemap.xml", names=("p", "page")),
    "health": Door("/healthz"),
    "reply page": Door("/discussion/comments/{shown}/reply/", names=("quote",)),
    "permalink": Door("/discussion/comments/{shown}/", names=("cpage",)),
    "submit": guest_submit(guest_comment, ORIGIN),
    "submit, JSON": guest_submit(guest_comment, JSON),
    "preview": guest_submit(guest_preview, ORIGIN),
    "preview, JSON": guest_submit(guest_preview, JSON),
    "submit, signed in": Door(
        SUBMIT, "POST", "reader", COMMENT_FIELDS, reader_comment, JSON
    ),
    "edit page": Door(
        "/discussion/comments/{own}/edit/", who="reader", names=("text",)
    ),
    "edit": Door(
        "/discussion/comments/{own}/edit/",
        "POST",
        "reader",
        ("text",),
        lambda site: {"text": "Changed my mind."},
    ),
    "delete": Door(
        "/discussion/comments/{own}/delete/", "POST", "reader", ("confirm",)
    ),
    "report page": Door("/discussion/comments/{shown}/report/"),
    "report": Door(
        "/discussion/comments/{shown}/report/",
        "POST",
        names=("reason",),
        valid=lambda site: {"reason": "spam"},
    ),
    "unsubscribe page": Door("/notifications/unsubscribe/{unsubscribe}/"),
    "unsubscribe": Door(
        "/notifications/unsubscribe/{unsubscribe}/", "POST", names=("List-Unsubscribe",)
    ),
    "resubscribe": Door("/notifications/unsubscribe/{unsubscribe}/again/", "POST"),
    "confirm": Door("/notifications/confirm/{confirm}/", "POST"),
    "login": Door(
        "/accounts/login/",
        "POST",
        names=("login", "password", "remember", "next"),
        valid=lambda site: {"login": "dee@example.org", "password": "wrong"},
    ),
    "login page": Door("/accounts/login/", names=("next",)),
    "staff login": Door(
        "/admin/login/",
        "POST",
        names=("username", "password", "next", "remember"),
        valid=lambda site: {"username": "mod@example.org", "password": "wrong"},
    ),
    "django admin login": Door(
        "/django-admin/login/",
        "POST",
        names=("username", "password", "next"),
        valid=lambda site: {"username": "mod", "password": "wrong"},
    ),
    "logout": Door("/accounts/logout/", "POST", "reader", ("next",)),
    "signup": Door(
        "/accounts/signup/",
        "POST",
        names=("email", "password1", "password2", "display_name"),
        valid=lambda site: {
            "email": "gus@example.org",
            "password1": "a-Long-passphrase-7",
            "password2": "a-Long-passphrase-7",
        },
    ),
    "password reset": Door("/accounts/password/reset/", "POST", names=("email",)),
    "profile": Door("/accounts/profile/", "POST", "reader", ("display_name",)),
    "own comments": Door("/accounts/comments/", who="reader", names=("page",)),
    "subscriptions": Door(
        "/accounts/subscriptions/", "POST", "reader", ("subscription",)
    ),
    "delete account": Door(
        "/accounts/delete/", "POST", "reader", ("comments", "password")
    ),
    "own data": Door("/accounts/data/", who="reader"),
    "e-mail addresses": Door(
        "/accounts/email/",
        "POST",
        "reader",
        ("email", "action_add", "action_send", "action_remove", "action_primary"),
    ),
    "password change": Door(
        "/accounts/password/change/",
        "POST",
        "reader",
        ("oldpassword", "password1", "password2"),
    ),
}

QUEUE_FILTERS = ("tab", "article", "section", "author", "q", "since", "until", "p")
BAN = {"period": "day", "kind": "email", "reason": "Spam"}
MODERATOR_DOORS = {
    "queue": Door("/admin/moderation/", who="moderator", names=QUEUE_FILTERS),
    "queue decision": Door(
        "/admin/moderation/",
        "POST",
        "moderator",
        ("comment", "action", "act"),
        lambda site: {"comment": str(site.held), "action": "approve"},
    ),
    "queue, one comment": Door(
        "/admin/moderation/",
        "POST",
        "moderator",
        ("act",),
        lambda site: {"act": f"{site.held}:spam"},
    ),
    "comment history": Door("/admin/moderation/comments/{held}/", who="moderator"),
    "ban": Door(
        "/admin/moderation/comments/{shown}/ban/",
        "POST",
        "moderator",
        tuple(BAN),
        lambda site: BAN,
    ),
    "undo": Door("/admin/moderation/history/{entry}/undo/", "POST", "moderator"),
    "bans": Door("/admin/bans/", who="moderator", names=("kind", "q", "p", "ordering")),
    "new ban": Door(
        "/admin/bans/new/",
        "POST",
        "moderator",
        ("kind", "value", "until", "reason"),
        lambda site: {"kind": "email", "value": "x@example.org", "until": ""},
    ),
    "edit ban": Door(
        "/admin/bans/edit/{ban}/",
        "POST",
        "moderator",
        ("kind", "value", "until", "reason"),
        lambda site: {"kind": "ip", "value": "abc", "until": "2030-01-01 10:00"},
    ),
    "reader data": Door("/admin/reader-data/", who="moderator", names=("email",)),
    "reader data export": Door(
        "/admin/reader-data/export/",
        "POST",
        "moderator",
        ("email",),
        lambda site: {"email": "ann@example.org"},
    ),
    "reader data erase": Door(
        "/admin/reader-data/erase/",
        "POST",
        "moderator",
        ("email", "comments"),
        lambda site: {"email": "ann@example.org", "comments": "keep"},
    ),
    "admin page search": Door(
        "/admin/pages/search/", who="moderator", names=("q", "p")
    ),
}


def knock(send, site, door: Door, pairs, **extra):
    user = {"guest": None, "reader": site.reader, "moderator": site.moderator}
    path = door.path.format(**vars(site))
    who = user[door.who]
    headers = door.headers
    return send(
        door.method, path, pairs, user=who, headers=headers, csrf=door.csrf, **extra
    )


def test_every_door_opens_to_its_valid_form(fuzz_site, send):
    """The fuzzing below reaches each view, not a refusal in front of it."""
    for name, door in {**PUBLIC_DOORS, **MODERATOR_DOORS}.items():
        response = knock(send, fuzz_site, door, list(door.valid(fuzz_site).items()))
        assert response.status_code not in (403, 404, 405), name


@pytest.mark.parametrize("name", PUBLIC_DOORS)
@FUZZ
@given(data=st.data())
def test_public_doors_never_answer_a_server_error(name, data, fuzz_site, send):
    door = PUBLIC_DOORS[name]
    pairs = data.draw(fields(door.valid(fuzz_site), door.names), label="fields")
    knock(send, fuzz_site, door, pairs)


@pytest.mark.parametrize("name", MODERATOR_DOORS)
@FUZZ
@given(data=st.data())
def test_moderator_doors_never_answer_a_server_error(name, data, fuzz_site, send):
    door = MODERATOR_DOORS[name]
    pairs = data.draw(fields(door.valid(fuzz_site), door.names), label="fields")
    knock(send, fuzz_site, door, pairs)


# Paths that carry an id or a token: each is given hostile ones.
PATHS_WITH_A_PART = [
    ("GET", "guest", "/discussion/comments/{part}/"),
    ("GET", "guest", "/discussion/comments/{part}/reply/"),
    ("GET", "guest", "/discussion/comments/{part}/report/"),
    ("GET", "reader", "/discussion/comments/{part}/edit/"),
    ("POST", "reader", "/discussion/comments/{part}/delete/"),
    ("GET", "guest", "/discussion/articles/{part}/comments/feed/"),
    ("POST", "guest", "/discussion/articles/{part}/comments/"),
    ("GET", "guest", "/notifications/unsubscribe/{part}/"),
    ("POST", "guest", "/notifications/unsubscribe/{part}/"),
    ("POST", "guest", "/notifications/unsubscribe/{part}/again/"),
    ("GET", "guest", "/notifications/confirm/{part}/"),
    ("POST", "guest", "/notifications/confirm/{part}/"),
    ("GET", "guest", "/accounts/password/reset/key/{part}/"),
    ("GET", "guest", "/accounts/confirm-email/{part}/"),
    ("POST", "guest", "/accounts/confirm-email/{part}/"),
    ("GET", "guest", "/tags/{part}/"),
    ("GET", "guest", "/{part}/"),
    ("GET", "guest", "{section_url}{part}/"),
    ("GET", "moderator", "/admin/moderation/comments/{part}/"),
    ("POST", "moderator", "/admin/moderation/comments/{part}/ban/"),
    ("POST", "moderator", "/admin/moderation/history/{part}/undo/"),
    ("GET", "moderator", "/admin/bans/edit/{part}/"),
    ("GET", "guest", "/documents/{part}/report.pdf"),
]
PART = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str), VALUE.filter(bool)
)
# gunicorn refuses a request line over 4094 bytes (limit_request_line), so a
# longer path never reaches the site; Wagtail's document view, for one, fails
# on an id of more digits than Python converts (4300).
LONGEST_PATH_PART = 3_000


@pytest.mark.parametrize(("method", "who", "path"), PATHS_WITH_A_PART)
@FUZZ
@given(data=st.data())
def test_ids_and_tokens_in_paths_never_cause_a_server_error(
    method, who, path, data, fuzz_site, send
):
    part = encode_path_part(data.draw(PART, label="path part"))[:LONGEST_PATH_PART]
    door = Door(
        path.replace("{part}", part.replace("{", "{{").replace("}", "}}")), method, who
    )
    knock(send, fuzz_site, door, [])


HEADERS = ("Origin", "Referer", "Accept", "X-Forwarded-For", "Accept-Language", "Host")
COOKIE_NAME = st.sampled_from(
    ["sessionid", "csrftoken", "masthead_guest", "masthead_comments"]
)


@FUZZ
@given(data=st.data())
def test_hostile_headers_and_cookies_never_cause_a_server_error(
    data, fuzz_site, send, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    headers = data.draw(
        st.fixed_dictionaries({}, optional={h: HEADER_VALUE for h in HEADERS}),
        label="headers",
    )
    cookie = data.draw(
        st.lists(st.tuples(COOKIE_NAME | STRAY_NAME, VALUE), max_size=3).map(
            lambda pairs: "; ".join(f"{as_header(n)}={as_header(v)}" for n, v in pairs)
        ),
        label="cookie",
    )
    name = data.draw(
        st.sampled_from(["article", "submit", "preview, JSON", "reply page"])
    )
    door = PUBLIC_DOORS[name]
    door = Door(
        door.path, door.method, door.who, door.names, door.valid, headers, csrf=False
    )
    knock(send, fuzz_site, door, list(door.valid(fuzz_site).items()), cookie=cookie)
