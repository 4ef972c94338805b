"""Pictures a simulated person sends (tests and the demo), made on the fly."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image, ImageDraw


def qr_png(text: str, *, scale: int = 8, canvas: tuple[int, int] = (720, 1280)) -> bytes:
    """A phone-screenshot-sized picture with a QR code of `text` in the middle."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=scale)
    view = memoryview(code)
    height, width = view.shape
    qr = Image.frombytes("L", (width, height), bytes(view))
    picture = Image.new("RGB", canvas, "white")
    ImageDraw.Draw(picture).rectangle((0, 0, canvas[0], 90), fill=(240, 60, 60))
    picture.paste(qr, ((canvas[0] - width) // 2, (canvas[1] - height) // 2))
    return _png(picture)


def plain_png(canvas: tuple[int, int] = (720, 1280)) -> bytes:
    """A picture with no code and no text in it."""
    picture = Image.new("RGB", canvas, (250, 250, 245))
    ImageDraw.Draw(picture).ellipse((100, 100, 600, 600), fill=(90, 160, 220))
    return _png(picture)


def _png(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()
