"""The orders a reader may read a discussion in, and the addresses of its pages.

Each order is a link (`?order=newest`), so each page of each order is an
ordinary page the page cache keeps. Only the orders named here make a page
of their own: anything else is sent to the canonical address, so a stranger
cannot fill the cache with copies of one page under invented names.
"""

from urllib.parse import urlencode

OLDEST, NEWEST, PICKS = "oldest", "newest", "picks"
ORDERS = (OLDEST, NEWEST, PICKS)
ORDER_LABELS = {
    OLDEST: "Oldest first",
    NEWEST: "Newest first",
    PICKS: "Editors' picks first",
}


def default_order(*, newest_first: bool) -> str:
    """The order a bare article address shows, from the site's setting."""
    return NEWEST if newest_first else OLDEST


def order_from(raw: str | None, *, default: str) -> str:
    """The order asked for, or the default for a missing or unknown one."""
    return raw if raw in ORDERS else default


def paged_newest_first(order: str, *, default: str) -> bool:
    """Whether pages of `order` run newest first.

    The picks order shows the picks in full and then the whole discussion
    in the site's own order, so its pages are those of the default order.
    """
    return (default if order == PICKS else order) == NEWEST


def thread_query(*, order: str, page_number: int, default: str) -> str:
    """The query string of one page of one order, "" for the first default page.

    Always spelled the same way (order first, the default order and page 1
    left out): one page, one address, one cached copy.
    """
    params = {}
    if order != default:
        params["order"] = order
    if page_number > 1:
        params["cpage"] = page_number
    return f"?{urlencode(params)}" if params else ""


def canonical_query(params, *, default: str) -> str | None:
    """Where to send a request whose `order` is not a page's own address.

    None when the request may be answered as it is; otherwise the query
    string of the page it meant (an unknown order reads as the default).
    """
    raw = params.get("order")
    if raw is None or (raw in ORDERS and raw != default):
        return None
    kept = {name: value for name, value in params.items() if name != "order"}
    return f"?{urlencode(kept)}" if kept else ""
