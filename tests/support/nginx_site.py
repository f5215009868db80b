"""A real nginx (Debian's /usr/sbin/nginx) run unprivileged with the shipped site config
(deploy/nginx/wallboard.conf), its ports, upstreams and certificate swapped for a test's."""

from __future__ import annotations

import re
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.servers import ROOT, free_port

NGINX = "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "wallboard.conf"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """Make a throwaway certificate for 127.0.0.1 with openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def site_for(ports: list[int], https: int, http: int, cert: Path, key: Path) -> str:
    """The shipped site config with a test's upstream ports, listen ports and certificate."""
    site = SITE.read_text()
    upstream = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;"
                         for p in ports)
    site, found = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+ [^\n]*;\n(?:    server 127[^\n]*\n)*",
                          upstream + "\n", site)
    assert found == 1, "the upstream block of deploy/nginx/wallboard.conf has changed"
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    site = site.replace("/etc/ssl/wallboard/fullchain.pem", str(cert))
    return site.replace("/etc/ssl/wallboard/privkey.pem", str(key))


def get(url: str, timeout: float = 10):  # noqa: ANN201
    """GET through nginx's throwaway certificate."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return urllib.request.urlopen(url, timeout=timeout, context=context)


class Nginx:
    """nginx in the foreground on free ports, in front of the given wall ports."""

    def __init__(self, folder: Path, upstream_ports: list[int]) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.https, self.http = free_port(), free_port()
        cert, key = self_signed(folder)
        (folder / "site.conf").write_text(site_for(upstream_ports, self.https, self.http,
                                                   cert, key))
        temp = "\n".join(f"  {name}_temp_path {folder / name};"
                         for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            f"worker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} warn;\n"
            "events { worker_connections 4096; }\n"
            f"http {{\n  access_log off;\n{temp}\n  include {folder / 'site.conf'};\n}}\n")
        self.url = f"https://127.0.0.1:{self.https}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        check = subprocess.run([NGINX, "-t", "-c", str(self.folder / "nginx.conf"),
                                "-p", str(self.folder), "-e", str(self.folder / "error.log")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(
            [NGINX, "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder),
             "-e", str(self.folder / "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                get(self.url + "/healthz").close()
            except urllib.error.HTTPError:
                return self  # nginx answers (whatever the walls say)
            except OSError:
                time.sleep(0.1)
                continue
            return self
        raise TimeoutError(f"nginx did not start: {(self.folder / 'error.log').read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
