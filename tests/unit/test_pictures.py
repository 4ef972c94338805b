"""Pictures are judged by their header before a pixel is decoded."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from checks import pictures


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", size, 1).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize("size", [(70_000, 10), (10, 70_000), (1, 39_000_000), (6000, 6000)])
def test_huge_pictures_are_refused_before_decoding(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = png(size)
    assert len(data) < 100_000  # a tiny file claiming a huge picture

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("decoded a picture it should have refused")

    monkeypatch.setattr(Image.Image, "convert", never)
    assert pictures.read_picture(data, ocr=False) == pictures.PictureText(opened=False)


def test_a_long_scrolling_screenshot_is_still_read() -> None:
    assert pictures.read_picture(png((1080, 20_000)), ocr=False).opened
