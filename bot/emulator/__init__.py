"""A local, strict Telegram Bot API emulator for tests, the demo and benchmarks."""

from bot.emulator.server import ApiError, BotAction, BotApiEmulator, SimUser

__all__ = ["ApiError", "BotAction", "BotApiEmulator", "SimUser"]
