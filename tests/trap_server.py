"""A local HTTP server that records every request: proof that nothing reached it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Trap:
    port: int = 0
    hits: list[str] = field(default_factory=list)


@asynccontextmanager
async def trap_server() -> AsyncIterator[Trap]:
    """On 127.0.0.1; every request is recorded and redirected to cloud metadata."""
    trap = Trap()

    async def handle(request: web.Request) -> web.Response:
        trap.hits.append(request.path)
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    trap.port = runner.addresses[0][1]
    try:
        yield trap
    finally:
        await runner.cleanup()
