"""ASGI middleware that makes the app safe by default: host check, size limit, time limit, headers; and HEAD.

Plain ASGI rather than ``BaseHTTPMiddleware`` so a request body is never buffered beyond the limit
and a time-limited request can still be answered with the one error shape when its handler is slow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from manysides.web.errors import error_response

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _host_name(scope: dict[str, Any]) -> str:
    """The Host header without its port (``[::1]:8000`` -> ``::1``); empty when absent."""
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[1:host.find("]")] if "]" in host else host
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


async def _send_error(scope: dict[str, Any], send: Any, status: int, code: str, message: str) -> None:
    response = error_response(scope.get("path", "/"), status, code, message)
    await response(scope, _no_receive, send)


async def _no_receive() -> dict[str, Any]:
    return {"type": "http.disconnect"}


class SafetyMiddleware:
    """Reject foreign Host headers (DNS rebinding), oversized requests (413) and slow requests (504)."""

    def __init__(self, app: Any, *, max_request_bytes: int, time_limit_s: float,
                 allowed_hosts: Sequence[str] = LOCAL_HOSTS) -> None:
        self.app = app
        self.max_request_bytes = max_request_bytes
        self.time_limit_s = time_limit_s
        self.allowed_hosts = {h.lower().strip("[]") for h in allowed_hosts}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "*" not in self.allowed_hosts and _host_name(scope) not in self.allowed_hosts:
            await _send_error(scope, send, 400, "bad_host",
                              "this server answers only requests addressed to its own host")
            return
        if len(scope.get("query_string", b"")) + len(scope.get("path", "")) > self.max_request_bytes:
            await _send_error(scope, send, 413, "request_too_large", f"the URL is over {self.max_request_bytes} bytes")
            return
        body = await self._read_body(scope, receive)
        if body is None:
            await _send_error(scope, send, 413, "request_too_large",
                              f"the request body is over {self.max_request_bytes} bytes")
            return
        await self._call_with_time_limit(scope, self._replay(body), send)

    async def _read_body(self, scope: dict[str, Any], receive: Any) -> bytes | None:
        """The whole body, read only up to the limit; None as soon as it is over (or declared over)."""
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_request_bytes):
            return None
        if declared is None and b"transfer-encoding" not in headers:
            return b""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_request_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    @staticmethod
    def _replay(body: bytes) -> Any:
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return receive

    async def _call_with_time_limit(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, receive, tracking_send), timeout=self.time_limit_s)
        except asyncio.TimeoutError:
            if not started:
                await _send_error(scope, send, 504, "timeout",
                                  f"the request ran past the {self.time_limit_s:g} s limit")


class SecurityHeadersMiddleware:
    """Add the security headers (and a default CSP) to every response that has not set its own."""

    def __init__(self, app: Any, *, default_csp: str) -> None:
        self.app = app
        self.default_csp = default_csp

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = {**SECURITY_HEADERS, "content-security-policy": self.default_csp}
                headers += [(k.encode(), v.encode()) for k, v in extra.items() if k.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadMiddleware:
    """Answer HEAD as the same GET without its body: same status and headers, content-length included.

    FastAPI routes declared with ``@router.get`` answer only GET (Starlette's plain routes add HEAD, FastAPI's
    do not), so link checkers and uptime monitors got 405. Outermost, so the safety checks run for HEAD as
    for GET and their error bodies are dropped too. A 405's ``allow`` header lists HEAD beside GET.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"

        async def send_for_head(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                message = {**message, "headers": [(k, _with_head(v) if k.lower() == b"allow" else v)
                                                  for k, v in message.get("headers", [])]}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        # a copy: the server keeps its own scope saying HEAD, so it sends no body either
        await self.app({**scope, "method": "GET"} if head else scope, receive, send_for_head)


def _with_head(allow: bytes) -> bytes:
    methods = [m.strip() for m in allow.decode("latin-1").split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return ", ".join(methods).encode("latin-1")
