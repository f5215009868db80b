"""Read server-sent events as a screen's EventSource does: over a raw socket, in a thread or
many at once with asyncio (synthetic screens), and a wall's stream served in-process."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette

from tests.support.servers import free_port
from wallboard.wall import stream
from wallboard.wall.snapshot import SnapshotHolder


@dataclass
class Frame:
    """One block of the stream: an event (id, data), a retry or a comment."""

    id: str | None = None
    data: dict | None = None
    retry: int | None = None
    comments: list[str] = field(default_factory=list)


def parse_block(block: str) -> Frame:
    frame, data = Frame(), []
    for line in block.split("\n"):
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "":
            frame.comments.append(value)
        elif name == "id":
            frame.id = value
        elif name == "data":
            data.append(value)
        elif name == "retry":
            frame.retry = int(value)
    if data:
        frame.data = json.loads("\n".join(data))
    return frame


class StreamReader:
    """One blocking SSE connection: GET /api/stream, then frames one by one."""

    def __init__(self, host: str, port: int, last_id: str | None = None,
                 timeout: float = 20) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        extra = f"Last-Event-ID: {last_id}\r\n" if last_id else ""
        self.sock.sendall(f"GET /api/stream HTTP/1.1\r\nHost: {host}\r\n"
                          f"Accept: text/event-stream\r\n{extra}\r\n".encode())
        self.buffer = b""
        head = self._until(b"\r\n\r\n")
        self.status = int(head.split(b" ", 2)[1])
        self.headers = head.decode("latin-1").lower()
        self.chunked = "transfer-encoding: chunked" in self.headers
        self.text = ""

    def _until(self, mark: bytes) -> bytes:
        while mark not in self.buffer:
            more = self.sock.recv(65536)
            if not more:
                raise ConnectionError("the stream closed")
            self.buffer += more
        head, _, self.buffer = self.buffer.partition(mark)
        return head

    def _more_text(self) -> None:
        if not self.chunked:
            if not self.buffer:
                more = self.sock.recv(65536)
                if not more:
                    raise ConnectionError("the stream closed")
                self.buffer += more
            self.text += self.buffer.decode()
            self.buffer = b""
            return
        size = int(self._until(b"\r\n").split(b";")[0], 16)
        while len(self.buffer) < size + 2:
            more = self.sock.recv(65536)
            if not more:
                raise ConnectionError("the stream closed")
            self.buffer += more
        self.text += self.buffer[:size].decode()
        self.buffer = self.buffer[size + 2:]

    def frame(self) -> Frame:
        """Return the next block of the stream (waiting for it)."""
        while "\n\n" not in self.text:
            self._more_text()
        block, _, self.text = self.text.partition("\n\n")
        return parse_block(block)

    def event(self) -> Frame:
        """Return the next frame that carries data."""
        while True:
            frame = self.frame()
            if frame.data is not None:
                return frame

    def close(self) -> None:
        self.sock.close()


async def idle_screen(host: str, port: int, wanted: str, ready: asyncio.Event | None,
                      opened: list[int], timeout: float, query: str = "") -> bool:
    """A synthetic screen: hold /api/stream open until an event with key `wanted` arrives
    (query: the screen's facts, e.g. "device=<32 hex>", as screen.js sends them)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        path = "/api/stream" + (f"?{query}" if query else "")
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        await writer.drain()
        seen = b""
        first = True
        while True:
            chunk = await asyncio.wait_for(reader.read(65536), timeout)
            if not chunk:
                return False
            seen = (seen + chunk)[-200_000:]
            if first and b"data:" in seen:
                first = False
                opened.append(1)
            if wanted.encode() in seen:
                return True
    finally:
        writer.close()


@contextmanager
def stream_server(holder: SnapshotHolder, *, build: str = "b1",
                  heartbeat: float = 15.0) -> Iterator[tuple[str, int]]:
    """Serve the screens' async routes for holder on a free port, in a thread."""
    hub = stream.NewsHub(holder)
    routes = stream.routes(hub, build, heartbeat=heartbeat)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=routes), host="127.0.0.1",
                                          port=port, log_level="warning", lifespan="off",
                                          timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise TimeoutError("the stream server did not start")
        time.sleep(0.02)
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        hub.close()
