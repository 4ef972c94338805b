"""Fetch a photo or image file from Telegram and read it in a worker thread.

At most two pictures are decoded at once (the machine has two cores), so a burst of
screenshots slows down only the people who sent them, never the text checks.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message
from aiohttp import ClientError

from checks.pictures import PictureText, read_picture

MAX_BYTES = 10 * 1024 * 1024
DOWNLOAD_SECONDS = 20


@dataclass(frozen=True, slots=True)
class Picture:
    file_id: str
    size: int | None


def picture_of(message: Message) -> Picture | None:
    """The largest photo size, or an image sent as a file; None for anything else."""
    if message.photo:
        largest = message.photo[-1]
        return Picture(largest.file_id, largest.file_size)
    document = message.document
    if document is not None and (document.mime_type or "").startswith("image/"):
        return Picture(document.file_id, document.file_size)
    return None


class PictureReader:
    """One per bot: downloads pictures and decodes at most two at a time."""

    def __init__(self, decoders: int = 2) -> None:
        self._decoding = asyncio.Semaphore(decoders)

    async def read(self, bot: Bot, picture: Picture) -> PictureText:
        """Download (never more than MAX_BYTES) and look for QR codes and text."""
        if picture.size is not None and picture.size > MAX_BYTES:
            return PictureText(opened=False)
        buffer = io.BytesIO()
        try:
            async with asyncio.timeout(DOWNLOAD_SECONDS):
                file = await bot.get_file(picture.file_id)
                if file.file_path is None or (file.file_size or 0) > MAX_BYTES:
                    return PictureText(opened=False)
                await bot.download_file(file.file_path, buffer)
        except (TelegramAPIError, TimeoutError, OSError, ClientError):
            return PictureText(opened=False)
        data = buffer.getvalue()
        if len(data) > MAX_BYTES:
            return PictureText(opened=False)
        async with self._decoding:
            return await asyncio.to_thread(read_picture, data)
