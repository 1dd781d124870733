"""deploy/nginx-masthead.conf, run as it ships for bench/cluster.py.

Only what a bench cannot have is replaced, as tests/operations/test_nginx_site.py
does: the certificate (a throw-away one), the log and cache folders, the ports
it listens on, and the upstream, which lists the bench's app servers.
"""

import getpass
import re
import shutil
import subprocess
from pathlib import Path

from cluster_services import PROJECT, PUBLIC_HOST, Processes, free_port, wait_for_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_MAIN = """\
user {user};
pid {here}/nginx.pid;
error_log {here}/error.log;
daemon off;
events {{ worker_connections 512; }}
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


def start_nginx(processes: Processes, *, app_ports: list[int]) -> dict[str, int]:
    """deploy/nginx-masthead.conf in front of the app servers; its ports."""
    here = processes.folder / "nginx"
    here.mkdir()
    ports = {name: free_port() for name in ("http", "https", "purge", "refresh")}
    site = _site_config((PROJECT / "deploy" / "nginx-masthead.conf").read_text(), here)
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.MULTILINE)
    site = re.sub(r"listen 80\b", f"listen 127.0.0.1:{ports['http']}", site)
    site = re.sub(r"listen 443\b", f"listen 127.0.0.1:{ports['https']}", site)
    site = site.replace("127.0.0.1:6081", f"127.0.0.1:{ports['purge']}")
    site = site.replace("127.0.0.1:6082", f"127.0.0.1:{ports['refresh']}")
    upstream = "\n    ".join(
        f"server 127.0.0.1:{port} fail_timeout=0;" for port in app_ports
    )
    site = site.replace("server 127.0.0.1:8001 fail_timeout=0;", upstream)
    (here / "site.conf").write_text(site)
    main = here / "nginx.conf"
    main.write_text(NGINX_MAIN.format(here=here, user=getpass.getuser()))
    process = processes.start("nginx", [NGINX, "-p", str(here), "-c", str(main)], {})
    for port in ports.values():
        wait_for_port(port, process=process, log=processes.log("nginx"))
    return ports


def _site_config(site: str, here: Path) -> str:
    """The shipped site with a throw-away certificate and its files kept in `here`."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", f"/CN={PUBLIC_HOST}",
         "-keyout", str(here / "privkey.pem"), "-out", str(here / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = re.sub(
        r"/etc/letsencrypt/live/[^/]+/(fullchain|privkey)\.pem",
        lambda found: str(here / f"{found.group(1)}.pem"),
        site,
    )
    site = site.replace("/var/log/nginx/", f"{here}/")
    return site.replace("/var/cache/", f"{here}/")
