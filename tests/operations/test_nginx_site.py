"""The shipped nginx site works on Debian's nginx (1.22 on Debian 12).

The site file is used as shipped, apart from what a test cannot have: the
certificate paths (a throwaway self-signed pair instead), the log folder, and,
to serve, the ports it listens on and the port of gunicorn (a small stand-in
server here).
"""

import gzip
import http.client
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
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

WRAPPER = """\
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
    (here / "site.conf").write_text(site_text)
    main = here / "nginx.conf"
    main.write_text(WRAPPER.format(here=here))
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
}
BODY = b"Masthead serves readers the same words many times over. " * 100


class StandIn(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.send_header("Content-Type", PAGES[self.path])
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


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
        yield https_port
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


@pytest.mark.parametrize("path", PAGES)
def test_pages_styles_scripts_feeds_and_json_go_out_compressed(proxied_site, path):
    unverified = ssl._create_unverified_context()  # noqa: S323 - a throwaway certificate
    client = http.client.HTTPSConnection(
        "127.0.0.1", proxied_site, context=unverified, timeout=30
    )
    client.request(
        "GET", path, headers={"Host": "news.example.org", "Accept-Encoding": "gzip"}
    )
    response = client.getresponse()
    body = response.read()
    client.close()
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary", "")
    assert gzip.decompress(body) == BODY
