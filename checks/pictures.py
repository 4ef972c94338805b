"""Reading a picture offline: QR codes always, text only where tesseract is installed.

CPU-bound and blocking: the bot runs it in a worker thread. Nothing here touches the
network; the picture is never stored.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from functools import cache

import zxingcpp
from PIL import Image, UnidentifiedImageError

# Checked from the file's header, before a single pixel is decoded: a 4K screenshot is
# 8 Mpx and a long scrolling one about 1080×20,000; a tiny file claiming more is a bomb.
MAX_PIXELS = 25_000_000
MAX_SIDE = 30_000
MAX_CODES = 5
MAX_CODE_TEXT = 2_000
OCR_LANGUAGES = ("rus", "kaz", "eng")
OCR_SECONDS = 10
_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP")
_QR = (zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.MicroQRCode)


@dataclass(frozen=True, slots=True)
class PictureText:
    opened: bool
    """False when the bytes are not a picture we can open (or it is far too large)."""
    codes: tuple[str, ...] = ()
    """Texts of the QR codes found, usually links."""
    text: str | None = None
    """Text read by OCR; None when OCR is not installed."""


def read_picture(data: bytes, *, ocr: bool = True) -> PictureText:
    """QR codes in the picture, and its text when `ocr` and tesseract are available."""
    try:
        image = Image.open(io.BytesIO(data), formats=_FORMATS)
        width, height = image.size  # from the header: nothing is decoded yet
        if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
            return PictureText(opened=False)
        image = image.convert("L")
        codes = tuple(
            dict.fromkeys(
                code.text[:MAX_CODE_TEXT]
                for code in zxingcpp.read_barcodes(image, formats=_QR)
                if code.valid and code.text
            )
        )[:MAX_CODES]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return PictureText(opened=False)
    text = _ocr(image) if ocr and ocr_available() else None
    return PictureText(opened=True, codes=codes, text=text)


@cache
def ocr_available() -> bool:
    """pytesseract importable, the tesseract program on PATH, Russian and Kazakh installed."""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract
    except ImportError:
        return False
    try:
        languages = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError):
        return False
    return {"rus", "kaz"} <= languages


def _ocr(image: Image.Image) -> str:
    import pytesseract

    languages = "+".join(
        lang for lang in OCR_LANGUAGES if lang in pytesseract.get_languages(config="")
    )
    try:
        return str(pytesseract.image_to_string(image, lang=languages, timeout=OCR_SECONDS))
    except (RuntimeError, pytesseract.TesseractError):  # RuntimeError: the timeout
        return ""
