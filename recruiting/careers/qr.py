"""A position link as a QR code for posters and campus fairs: an SVG drawn on the server by ``segno``
(pure Python, no binaries, nothing fetched at run time), inlined in the position page and served by
``careers_qr`` for printing."""

from __future__ import annotations

import io

import segno


def svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title="QR", dark="#111", light="#fff",
    )
    return buffer.getvalue().decode("utf-8")
