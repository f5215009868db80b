"""Debian's real nginx in front of wall processes: a temp config, temp dirs, free ports.

Started by the test as its own process (workers as nobody when the test runs as root), with
a self-signed certificate made by openssl, so that HTTPS is served for real.
"""

from __future__ import annotations

import http.client
import os
import shutil
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.servers import free_port

NGINX = "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"

CONFIG = """\
{user}worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/temp/body;
    proxy_temp_path {dir}/temp/proxy;
    fastcgi_temp_path {dir}/temp/fastcgi;
    uwsgi_temp_path {dir}/temp/uwsgi;
    scgi_temp_path {dir}/temp/scgi;
    upstream wallboard {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{http_port};
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        location / {{
            proxy_pass http://wallboard;
            # The proxy rewrites Host to the backend's; the browser's host is forwarded.
            proxy_set_header Host 127.0.0.1;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $http_host;
        }}
    }}
}}
"""


def missing() -> str | None:
    """Why nginx tests cannot run here, or None when they can."""
    if not Path(NGINX).exists():
        return f"{NGINX} not found: install Debian's nginx-light (see README)"
    if not Path(OPENSSL).exists():
        return "openssl not found: install Debian's openssl"
    return None


@dataclass
class Nginx:
    """One nginx in front of the given wall ports; HTTP and HTTPS on free ports."""

    backends: list[int]
    http_port: int = field(default_factory=free_port)
    https_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    folder: Path | None = None

    def start(self) -> Nginx:
        self.folder = Path(tempfile.mkdtemp(prefix="wallboard-nginx-"))
        self.folder.chmod(0o711)
        (self.folder / "temp").mkdir(mode=0o777)
        (self.folder / "temp").chmod(0o777)
        subprocess.run([OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                        "-subj", "/CN=wallboard.test", "-keyout", str(self.folder / "key.pem"),
                        "-out", str(self.folder / "cert.pem")],
                       check=True, capture_output=True)
        servers = "\n".join(f"        server 127.0.0.1:{p};" for p in self.backends)
        user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
        conf = self.folder / "nginx.conf"
        conf.write_text(CONFIG.format(user=user, dir=self.folder, servers=servers,
                                      http_port=self.http_port, https_port=self.https_port))
        self.process = subprocess.Popen([NGINX, "-p", str(self.folder), "-c", str(conf),
                                         "-e", str(self.folder / "error.log")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx did not start:\n" + self.error_log())
            try:
                self.request("GET", "/api/health", https=False)
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not answer within 20 s:\n" + self.error_log())

    def error_log(self) -> str:
        path = self.folder / "error.log" if self.folder else None
        return path.read_text()[-3000:] if path and path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def request(self, method: str, path: str, *, https: bool = True, client: str = "127.0.0.1",
                body: str | None = None, headers: dict[str, str] | None = None,
                host: str = "wallboard.test") -> http.client.HTTPResponse:
        """Send one request to nginx from the loopback address `client`; read the answer."""
        port = self.https_port if https else self.http_port
        return send(port, method, path, https=https, client=client, body=body,
                    headers={"Host": f"{host}:{port}", **(headers or {})})


def send(port: int, method: str, path: str, *, https: bool = False, client: str = "127.0.0.1",
         body: str | None = None, headers: dict[str, str] | None = None
         ) -> http.client.HTTPResponse:
    """One HTTP(S) request to 127.0.0.1:port from the local address `client` (127.0.0.x)."""
    if https:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=30, source_address=(client, 0), context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                          source_address=(client, 0))
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response
