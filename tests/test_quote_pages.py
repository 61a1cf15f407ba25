"""Entity pages show quotes for reading: emphasis as emphasis, no markup characters."""

from __future__ import annotations

import asyncio

import httpx

from adckg.serve.app import create_app
from adckg.serve.config import ServeConfig
from tests.conftest import PROJECT


def _page(path: str) -> str:
    app = create_app(ServeConfig(PROJECT.release_dir, PROJECT.queries_dir))

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path)

    return asyncio.run(fetch()).text


def test_gene_symbols_in_quotes_are_emphasised_not_starred():
    # Section 3: "... presented an *ERBB2* hemizygous deletion at baseline ..."
    html = _page("/resource/ERBB2")
    assert "presented an <em>ERBB2</em> hemizygous deletion at baseline" in html
    assert "*ERBB2*" not in html
