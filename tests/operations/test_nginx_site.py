"""The shipped nginx site works on Debian's nginx (1.22 on Debian 12).

The site file is used as shipped, apart from what a test cannot have: the
certificate paths (a throwaway self-signed pair instead), the log folder, and,
to serve, the ports it listens on and the port of gunicorn (a small stand-in
server here).
"""

import getpass
import gzip
import http.client
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx-masthead.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if Path(path).is_file()), None
)
pytestmark = pytest.mark.skipif(
    NGINX is None or shutil.which("openssl") is None,
    reason="Debian's nginx and openssl are not installed "
    "(apt-get install nginx-light openssl; .ci/run does)",
)

# Workers run as the test's own user, so they can write the cache folder.
WRAPPER = """\
user {user};
pid {here}/nginx.pid;
error_log {here}/error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {here}/access.log;
    client_body_temp_path {here}/body;
    proxy_temp_path {here}/proxy;
    fastcgi_temp_path {here}/fastcgi;
    uwsgi_temp_path {here}/uwsgi;
    scgi_temp_path {here}/scgi;
    include {here}/site.conf;
}}
"""


def write_nginx_config(here: Path, site_text: str) -> Path:
    """A main nginx.conf in `here` that includes `site_text` with a test certificate."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", "/CN=news.example.org",
         "-keyout", str(here / "privkey.pem"), "-out", str(here / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site_text = re.sub(
        r"/etc/letsencrypt/live/[^/]+/(fullchain|privkey)\.pem",
        lambda found: str(here / f"{found.group(1)}.pem"),
        site_text,
    )
    # nginx -t opens the log files too; keep them out of the system's logs.
    site_text = site_text.replace("/var/log/nginx/", f"{here}/")
    site_text = site_text.replace("/var/cache/", f"{here}/")
    (here / "site.conf").write_text(site_text)
    main = here / "nginx.conf"
    main.write_text(WRAPPER.format(here=here, user=getpass.getuser()))
    return main


def nginx_test(main: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NGINX, "-t", "-p", str(main.parent), "-c", str(main)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_shipped_site_passes_nginx_t(tmp_path):
    result = nginx_test(write_nginx_config(tmp_path, SITE.read_text()))
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# What gunicorn would answer: each type a reader's browser or feed reader fetches.
PAGES = {
    "/": "text/html; charset=utf-8",
    "/static/css/site.css": "text/css",
    "/static/js/discussion.js": "application/javascript",
    "/feeds/latest/": "application/rss+xml; charset=utf-8",
    "/sitemap.xml": "application/xml",
    "/api/comments.json": "application/json",
    "/accounts/profile/": "text/html; charset=utf-8",
}
# Masthead gzips what every anonymous reader shares (masthead/compression.py)
# and leaves a page drawn for one reader, or a static file, as it is.
SHARED = {"/", "/feeds/latest/", "/sitemap.xml", "/api/comments.json"}
STATIC = {"/static/css/site.css", "/static/js/discussion.js"}
PERSONAL = "/accounts/profile/"
BODY = b"Masthead serves readers the same words many times over. " * 100


class StandIn(BaseHTTPRequestHandler):
    request_ids: list[str] = []  # the X-Request-ID of each request it received

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.request_ids.append(self.headers.get("X-Request-ID", ""))
        is_gzip = self.path in SHARED and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        body = gzip.compress(BODY) if is_gzip else BODY
        self.send_response(200)
        self.send_header("Content-Type", PAGES[self.path])
        self.send_header("Content-Length", str(len(body)))
        if is_gzip:
            self.send_header("Content-Encoding", "gzip")
        if self.path in SHARED:
            self.send_header("Vary", "Accept-Encoding")
        if self.path == PERSONAL:
            self.send_header("Cache-Control", "private, no-cache")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@dataclass(frozen=True)
class ProxiedSite:
    port: int  # nginx's HTTPS port
    folder: Path  # its configuration and logs


@pytest.fixture(scope="module")
def proxied_site(tmp_path_factory):
    """The shipped site served by nginx on loopback, before a stand-in gunicorn."""
    tmp_path = tmp_path_factory.mktemp("nginx")
    gunicorn = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=gunicorn.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    site = SITE.read_text()
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.MULTILINE)
    site = re.sub(r"listen 80\b", f"listen 127.0.0.1:{http_port}", site)
    site = re.sub(r"listen 443\b", f"listen 127.0.0.1:{https_port}", site)
    site = site.replace(
        "server 127.0.0.1:8001", f"server 127.0.0.1:{gunicorn.server_port}"
    )
    main = write_nginx_config(tmp_path, site)
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(main)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_port(https_port, nginx)
        yield ProxiedSite(port=https_port, folder=tmp_path)
    finally:
        nginx.terminate()
        nginx.wait(30)
        gunicorn.shutdown()


def _wait_for_port(port: int, nginx: subprocess.Popen) -> None:
    for _ in range(300):
        if nginx.poll() is not None:
            pytest.fail(f"nginx stopped: {nginx.stderr.read().decode()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("nginx did not start listening")


@pytest.mark.parametrize("path", sorted(SHARED | STATIC))
def test_pages_styles_scripts_feeds_and_json_go_out_compressed(proxied_site, path):
    response, body = _fetch(
        proxied_site, path, {"Host": "news.example.org", "Accept-Encoding": "gzip"}
    )
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary", "")
    assert gzip.decompress(body) == BODY


@pytest.mark.parametrize("path", sorted(SHARED))
def test_a_client_without_gzip_gets_shared_pages_unpacked(proxied_site, path):
    response, body = _fetch(proxied_site, path, {"Host": "news.example.org"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") is None
    assert body == BODY


def test_a_page_drawn_for_one_reader_is_never_compressed_by_nginx(proxied_site):
    response, body = _fetch(
        proxied_site,
        PERSONAL,
        {
            "Host": "news.example.org",
            "Accept-Encoding": "gzip",
            "Cookie": "sessionid=a-reader",
        },
    )
    assert response.status == 200
    assert response.getheader("Content-Encoding") is None
    assert body == BODY


@pytest.fixture
def caching_proxy(tmp_path, live_server, settings):
    """The shipped site in front of a live Masthead, purges switched on."""
    ports = {name: free_port() for name in ("http", "https", "purge", "refresh")}
    site = SITE.read_text()
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.MULTILINE)
    site = re.sub(r"listen 80\b", f"listen 127.0.0.1:{ports['http']}", site)
    site = re.sub(r"listen 443\b", f"listen 127.0.0.1:{ports['https']}", site)
    site = site.replace("127.0.0.1:6081", f"127.0.0.1:{ports['purge']}")
    site = site.replace("127.0.0.1:6082", f"127.0.0.1:{ports['refresh']}")
    live_port = live_server.url.rsplit(":", 1)[1]
    site = site.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{live_port}")
    main = write_nginx_config(tmp_path, site)
    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE = True
    settings.BASE_URL = "https://news.example.org"
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{ports['purge']}",
        }
    }
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(main)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_port(ports["https"], nginx)
        _wait_for_port(ports["purge"], nginx)
        yield ports["https"]
    finally:
        nginx.terminate()
        nginx.wait(30)


def _read_through(port: int, path: str, **headers) -> tuple[str, str, str]:
    """(cache status, body, Cache-Control) of `path` read through nginx."""
    unverified = ssl._create_unverified_context()  # noqa: S323 - a throwaway certificate
    client = http.client.HTTPSConnection(
        "127.0.0.1", port, context=unverified, timeout=30
    )
    client.request("GET", path, headers={"Host": "news.example.org", **headers})
    response = client.getresponse()
    body = response.read().decode()
    client.close()
    assert response.status == 200, body[:500]
    return (
        response.getheader("X-Cache-Status", ""),
        body,
        response.getheader("Cache-Control", ""),
    )


@pytest.mark.django_db(transaction=True)
def test_a_hot_article_is_served_by_nginx_and_an_approval_shows_next_request(
    caching_proxy, article, post, moderation_rules, django_user_model, caplog
):
    moderation_rules(mode="hold_all")
    held = post("Approved while the article is hot.")
    caplog.set_level("INFO", logger="masthead.requests")
    caplog.clear()
    statuses = [_read_through(caching_proxy, article.url)[0] for _ in range(20)]
    reached_masthead = [
        record
        for record in caplog.records
        if getattr(record, "path", None) == article.url
    ]
    # Publishing the article already stored it through the purge, or the
    # first reader does: either way Masthead draws it at most once.
    assert set(statuses[1:]) == {"HIT"}
    assert len(reached_masthead) <= 1

    from masthead.moderation import decisions

    moderator = django_user_model.objects.create_user("m", "m@example.org", "pw-L-1x")
    decisions.decide(comment_ids=[held.pk], action="approve", moderator=moderator)
    status, html, cache_control = _read_through(caching_proxy, article.url)
    assert "Approved while the article is hot." in html
    assert status == "HIT"  # the purge stored the fresh page in place of the old
    assert "s-maxage" in cache_control


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_reader_always_gets_their_own_page_through_nginx(
    caching_proxy, article, client, django_user_model
):
    _read_through(caching_proxy, article.url)
    reader = django_user_model.objects.create_user("r", "r@example.org", "pw-L-1x")
    client.force_login(reader)
    session = client.cookies["sessionid"].value
    for _ in range(2):
        status, html, cache_control = _read_through(
            caching_proxy, article.url, Cookie=f"sessionid={session}"
        )
        assert status == "BYPASS"
        assert "private" in cache_control


def test_each_request_reaches_masthead_with_nginx_s_own_id(proxied_site):
    forged = "chosen-by-the-client"
    response, _ = _fetch(
        proxied_site, "/", {"Host": "news.example.org", "X-Request-ID": forged}
    )

    request_id = StandIn.request_ids[-1]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert response.getheader("X-Request-ID") == request_id
    logged = _access_log_line_ending(proxied_site, f" {request_id}")
    assert logged.split('"')[1] == "GET / HTTP/1.1"
    assert forged not in (proxied_site.folder / "masthead.access.log").read_text()


def _access_log_line_ending(site: ProxiedSite, ending: str) -> str:
    """The access-log line that ends with `ending`; nginx writes it just after
    answering, so it may take a moment to appear."""
    for _ in range(100):
        log = (site.folder / "masthead.access.log").read_text()
        found = [line for line in log.splitlines() if line.endswith(ending)]
        if found:
            return found[0]
        time.sleep(0.05)
    pytest.fail(f"no access-log line ends with {ending!r}")


def _fetch(site: ProxiedSite, path: str, headers: dict) -> tuple:
    """(response, body) of one HTTPS request to the proxied site."""
    unverified = ssl._create_unverified_context()  # noqa: S323 - a throwaway certificate
    client = http.client.HTTPSConnection(
        "127.0.0.1", site.port, context=unverified, timeout=30
    )
    client.request("GET", path, headers=headers)
    response = client.getresponse()
    body = response.read()
    client.close()
    return response, body
