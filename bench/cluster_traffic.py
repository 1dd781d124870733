"""Readers and posters for bench/cluster.py, all through nginx, each its own address.

A fake reader's address goes in X-Forwarded-For as a CDN would put it there;
nginx adds the bench's own (127.0.0.1), and with TRUSTED_PROXY_COUNT=2
Masthead counts the fake one: each reader has their own posting limit.
"""

import http.client
import random
import re
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from cluster_services import PUBLIC_HOST
from cluster_site import HELD_PHRASE, Site

READERS, POSTERS = 6, 5
ORIGIN = f"https://{PUBLIC_HOST}"
# A person takes longer than this to write; faster forms are held as a bot's.
THINKING_SECONDS = 3.5
_UNVERIFIED = ssl._create_unverified_context()  # noqa: S323 - a throw-away certificate


@dataclass
class Tally:
    """What the readers and posters saw, added to from every thread."""

    statuses: Counter = field(default_factory=Counter)
    cache: Counter = field(default_factory=Counter)  # nginx's X-Cache-Status
    accepted_texts: list[str] = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)  # a post's status, not 201/302
    # What the bench is doing to the servers ("Redis stopped"), set from its
    # main thread: answers and accepted posts are counted per phase too.
    phase: str = ""
    answered_during: Counter = field(default_factory=Counter)
    accepted_during: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, cache_status: str = "") -> None:
        with self.lock:
            self.statuses[status] += 1
            if status:
                self.answered_during[self.phase] += 1
            if cache_status:
                self.cache[cache_status] += 1


def through_nginx(
    port: int, path: str, *, address: str, method: str = "GET",
    body: str | None = None, headers: dict | None = None,
) -> tuple[int, dict, str]:  # fmt: skip
    """(status, headers, body) of one request to nginx as the reader at `address`."""
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, context=_UNVERIFIED, timeout=30
    )
    sent = {"Host": PUBLIC_HOST, "X-Forwarded-For": address, **(headers or {})}
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        return response.status, dict(response.getheaders()), text
    finally:
        connection.close()


def fetch_url(url: str) -> int:
    """The status of a plain GET of a full http:// URL (the bucket's)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def image_sources(html: str) -> list[str]:
    return re.findall(r'<img[^>]* src="([^"]+)"', html)


def read_pages(port: int, site: Site, tally: Tally, stop: threading.Event) -> None:
    """One reader: pages, feeds, the sitemap and the pictures, until `stop`."""
    chance = random.Random()
    section = site.article_paths[0].rstrip("/").rsplit("/", 1)[0] + "/"
    comment_feed = f"/discussion/articles/{site.article_ids[0]}/comments/feed/"
    paths = ["/", section, "/feed/", "/feed/atom/", comment_feed, "/sitemap.xml"]
    paths += site.article_paths
    while not stop.is_set():
        address = f"198.19.{chance.randrange(256)}.{chance.randrange(1, 255)}"
        path = chance.choice(paths)
        try:
            status, headers, html = through_nginx(port, path, address=address)
        except (OSError, http.client.HTTPException):
            tally.add(0)
            continue
        tally.add(status, headers.get("X-Cache-Status", ""))
        for source in image_sources(html) if path == site.image_path else []:
            try:
                tally.add(fetch_url(source), "bucket")
            except (OSError, http.client.HTTPException):
                tally.add(0)


def post_comments(
    port: int, site: Site, tally: Tally, stop: threading.Event, poster: int
) -> None:
    """One poster after another: read the article, think, post a comment or reply."""
    chance = random.Random(poster)
    number = 0
    while not stop.is_set():
        number += 1
        # A new reader each time, so no reader's own posting limit is reached.
        serial = poster * 10_000 + number
        address = f"198.18.{serial // 250 % 256}.{serial % 250 + 1}"
        which = chance.randrange(len(site.article_ids))
        try:
            _post_once(port, site, tally, chance, which=which, serial=serial,
                       address=address)  # fmt: skip
        except (OSError, http.client.HTTPException):
            tally.add(0)


def _post_once(port, site, tally, chance, *, which, serial, address) -> None:
    status, headers, html = through_nginx(
        port, site.article_paths[which], address=address
    )
    tally.add(status, headers.get("X-Cache-Status", ""))
    stamp = re.search(r'name="started" value="([^"]+)"', html)
    if stamp is None:
        return
    time.sleep(THINKING_SECONDS)
    held = f" Left {HELD_PHRASE}." if serial % 4 == 0 else ""
    text = f"Poster {serial} on the {which} story: agreed, mostly.{held}"
    fields = {"text": text, "name": f"Reader {serial}", "started": stamp.group(1)}
    fields["email"] = f"reader{serial}@example.org"
    if chance.random() < 0.5:
        fields["parent"] = str(site.comment_ids[which])
    wants_json = chance.random() < 0.5
    sent_headers = {
        "Origin": ORIGIN,
        "Content-Type": "application/x-www-form-urlencoded",
        **({"Accept": "application/json"} if wants_json else {}),
    }
    status, _, _ = through_nginx(
        port, f"/discussion/articles/{site.article_ids[which]}/comments/",
        address=address, method="POST", body=urlencode(fields), headers=sent_headers,
    )  # fmt: skip
    tally.add(status)
    with tally.lock:
        if status in (201, 302):
            tally.accepted_texts.append(text)
            tally.accepted_during[tally.phase] += 1
        else:
            tally.refused[status] += 1


def start_traffic(port: int, site: Site, tally: Tally, stop: threading.Event):
    """Start the readers' and posters' threads; join them after setting `stop`."""
    threads = [
        threading.Thread(target=read_pages, args=(port, site, tally, stop))
        for _ in range(READERS)
    ]
    threads += [
        threading.Thread(target=post_comments, args=(port, site, tally, stop, n))
        for n in range(1, POSTERS + 1)
    ]
    for thread in threads:
        thread.start()
    return threads
