"""The whole bot against the local Bot API emulator, next to a bare aiogram echo bot.

Each bot runs as its own process, exactly as deployed (`python -m bot` with
TELEGRAM_API_URL pointing at the emulator; the echo bot is this file with --echo-bot),
while the emulator and the measuring run here, so the fake Telegram's work is not
charged to either bot. Both get the same 2,000 updates from 2,000 distinct chats
(texts from the labelled set: scams and ordinary messages, including 4,096-character
floods). Two measurements per bot:

- burst: all updates queued at once; throughput = replies per second until the last one.
- paced: updates arrive at a steady rate; p50/p95 latency from update to reply.

Target (issue 6): full-bot throughput >= 80% of the echo bot's, measured in the same run.

.venv/bin/python benchmarks/bench_bot.py [--updates 2000] [--rounds 2] [--rate 100]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.emulator import BotApiEmulator  # noqa: E402

FIRST_CHAT = 500_000


@dataclass
class Run:
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def texts(count: int) -> list[str]:
    lines = (ROOT / "tests/data/messages.jsonl").read_text(encoding="utf-8").splitlines()
    pool = [json.loads(line)["text"] for line in lines if line.strip()]
    return [pool[i % len(pool)] for i in range(count)]


def echo_bot(api_url: str, token: str) -> None:
    """The baseline: aiogram polling, one handler that sends the text back."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?", parse_mode=None)

    gc.collect()
    gc.freeze()  # as `python -m bot` does
    asyncio.run(dp.start_polling(bot, polling_timeout=5))


def bot_command(kind: str, api_url: str, token: str) -> list[str]:
    if kind == "echo":
        return [sys.executable, str(Path(__file__).resolve()), "--echo-bot", api_url, token]
    return [sys.executable, "-m", "bot"]


async def measure(kind: str, messages: list[str], rate: float | None) -> Run:
    """Start the `kind` bot, feed `messages` from distinct chats, time every reply."""
    emu = BotApiEmulator()
    url = await emu.start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "BOT_TOKEN": emu.token,
            "TELEGRAM_API_URL": url,
            "DB_PATH": str(Path(tmp) / "bot.sqlite3"),
            "EXPAND_SHORT_LINKS": "false",
            "FEEDS": "",
            "ADMIN_IDS": "",
            "LOG_LEVEL": "WARNING",
        }
        process = await asyncio.create_subprocess_exec(
            *bot_command(kind, url, emu.token),
            env=env,
            cwd=tmp,  # cwd: no .env is read
        )
        try:
            await emu.wait_for_call("getUpdates", timeout=60)
            replies = emu.listen()
            sent_at: dict[int, float] = {}
            latencies: list[float] = []

            async def feed() -> None:
                began = time.perf_counter()
                for n, text in enumerate(messages):
                    if rate is not None:
                        delay = began + n / rate - time.perf_counter()
                        if delay > 0:
                            await asyncio.sleep(delay)
                    chat = FIRST_CHAT + n
                    sent_at[chat] = time.perf_counter()
                    emu.user(user_id=chat, first_name="Bench", language_code="ru").send(text)

            began = time.perf_counter()
            feeder = asyncio.create_task(feed())
            while len(latencies) < len(messages):
                action = await asyncio.wait_for(replies.get(), 120)
                if action.method == "sendMessage" and action.chat_id in sent_at:
                    latencies.append(time.perf_counter() - sent_at.pop(action.chat_id))
            seconds = time.perf_counter() - began
            await feeder
        finally:
            process.terminate()
            await process.wait()
    await emu.stop()
    return Run(seconds, latencies)


def long_text(n: int) -> str:
    """A 4,096-character message: a scam retold with links, numbers and emoji, varied by n."""
    base = (
        f"Сообщение {n}: Здравствуйте, служба безопасности банка, на вас оформляют кредит. "
        f"Переведите деньги на безопасный счёт KZ86125KZT5004100100 или карту 4400 4301 2345 "
        f"6789, подробности на kaspi-bonus{n % 97}.top/login и https://bit.ly/x{n} 😀🔥💰 "
    )
    return (base * (4096 // len(base) + 1))[:4096]


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MB, from /proc."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def flood(people: int, shorts: int, short_rate: float) -> None:
    """`people` long messages at once; meanwhile short ones from others, timed."""
    emu = BotApiEmulator()
    url = await emu.start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "BOT_TOKEN": emu.token,
            "TELEGRAM_API_URL": url,
            "DB_PATH": str(Path(tmp) / "bot.sqlite3"),
            "EXPAND_SHORT_LINKS": "false",
            "FEEDS": "",
            "ADMIN_IDS": "",
            "LOG_LEVEL": "WARNING",
        }
        process = await asyncio.create_subprocess_exec(
            *bot_command("full", url, emu.token), env=env, cwd=tmp
        )
        try:
            await emu.wait_for_call("getUpdates", timeout=60)
            warm = emu.user(user_id=FIRST_CHAT - 1, first_name="Warm", language_code="ru")
            warm.send("Привет")  # the first answer loads what is loaded lazily
            await warm.reply(timeout=30)
            before, _ = rss_mb(process.pid)
            replies = emu.listen()
            sent_at: dict[int, float] = {}
            short_chats = {FIRST_CHAT + people + n for n in range(shorts)}
            latencies: list[float] = []
            began = time.perf_counter()
            for n in range(people):
                emu.user(user_id=FIRST_CHAT + n, first_name="Flood", language_code="ru").send(
                    long_text(n)
                )

            async def ordinary() -> None:
                for n, chat in enumerate(sorted(short_chats)):
                    delay = began + n / short_rate - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    sent_at[chat] = time.perf_counter()
                    person = emu.user(user_id=chat, first_name="Someone", language_code="ru")
                    person.send("Мама, скинь 2000 на такси, потом верну")

            feeder = asyncio.create_task(ordinary())
            long_done = 0
            peak = before
            while long_done < people or len(latencies) < shorts:
                action = await asyncio.wait_for(replies.get(), 600)
                if action.method != "sendMessage" or action.chat_id is None:
                    continue
                if action.chat_id in short_chats:
                    if action.chat_id in sent_at:
                        latencies.append(time.perf_counter() - sent_at.pop(action.chat_id))
                elif (action.text or "")[:1] in "🔴🟠⚪🟢":
                    long_done += 1
                    if long_done % 200 == 0:
                        peak = max(peak, rss_mb(process.pid)[0])
            seconds = time.perf_counter() - began
            await feeder
            after, high = rss_mb(process.pid)
        finally:
            process.terminate()
            await process.wait()
    await emu.stop()
    run = Run(seconds, latencies)
    print(
        f"flood: {people} long messages (4,096 chars) answered in {seconds:.1f} s; "
        f"{shorts} short messages from others at {short_rate:.0f}/s meanwhile: "
        f"p50 {run.percentile(0.5):.0f} ms, p95 {run.percentile(0.95):.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms (target p95 <= 1000 ms)"
    )
    print(
        f"flood: bot memory {before:.0f} MB before, {after:.0f} MB after, "
        f"peak {high:.0f} MB (VmHWM)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rate", type=float, default=100.0, help="paced phase, updates/s")
    parser.add_argument(
        "--echo-bot", nargs=2, metavar=("API_URL", "TOKEN"), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--flood",
        type=int,
        default=0,
        metavar="PEOPLE",
        help="only the flood test: PEOPLE long messages at once, short ones timed meanwhile",
    )
    args = parser.parse_args()
    if args.echo_bot:
        echo_bot(*args.echo_bot)
        return
    if args.flood:
        asyncio.run(flood(args.flood, shorts=100, short_rate=5.0))
        return
    messages = texts(args.updates)
    bots = ("echo", "full")
    burst: dict[str, list[Run]] = {name: [] for name in bots}
    paced: dict[str, list[Run]] = {name: [] for name in bots}
    for _ in range(args.rounds):
        for name in bots:  # interleaved, so drift hits both alike
            burst[name].append(asyncio.run(measure(name, messages, None)))
            paced[name].append(asyncio.run(measure(name, messages[:1000], args.rate)))
    print(f"{args.updates} updates from distinct chats, {args.rounds} rounds (best shown)")
    best = {name: max(runs, key=lambda r: r.rate) for name, runs in burst.items()}
    for name in bots:
        run = best[name]
        print(
            f"burst {name:>4}: {run.rate:7.0f} replies/s "
            f"(all {[round(r.rate) for r in burst[name]]}), "
            f"p50 {run.percentile(0.5):.0f} ms, p95 {run.percentile(0.95):.0f} ms"
        )
    for name in bots:
        run = min(paced[name], key=lambda r: r.percentile(0.95))
        print(
            f"paced {name:>4} at {args.rate:.0f}/s: p50 {run.percentile(0.5):.1f} ms, "
            f"p95 {run.percentile(0.95):.1f} ms, max {max(run.latencies) * 1000:.1f} ms"
        )
    ratio = best["full"].rate / best["echo"].rate
    print(f"full/echo throughput: {ratio:.0%} (target >= 80%)")
    means = [statistics.mean(r.rate for r in burst[n]) for n in bots]
    print(f"mean of rounds: echo {means[0]:.0f}/s, full {means[1]:.0f}/s")


if __name__ == "__main__":
    main()
