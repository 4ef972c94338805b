"""How well the bot reads chat screenshots: the verdict from a picture vs from the text.

Draws a phone-width chat screenshot (a header bar with the sender's name and the time,
one incoming bubble with the message wrapped inside) for ru and kk messages of
tests/data/messages.jsonl, reads each PNG with `checks.pictures.read_picture` (tesseract,
rus+kaz+eng, as the bot does), checks the OCR text and the original text with the bot's
`Checker`, and prints per language: how often the level agrees, how often "flagged"
(suspicious or dangerous) agrees, the character error rate of the OCR text, and the
median seconds per picture. Needs tesseract with rus+kaz data and pytesseract (README).

    .venv/bin/python benchmarks/eval_ocr.py [--limit 100] [--jpeg 87] [--save DIR] [--errors]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.checker import Checker  # noqa: E402
from checks import pictures  # noqa: E402

DATA = ROOT / "tests" / "data" / "messages.jsonl"
LANGS = ("ru", "kk")
LABELS = ("scam", "legit")
DEBIAN_FONTS = Path("/usr/share/fonts/truetype/dejavu")

# A 1080-px-wide phone screenshot at ~2.6x density: 16 sp text is about 42 px.
WIDTH = 1080
TEXT_PX = 42
NAME_PX = 46
HEADER_H = 170
MARGIN = 36  # between the screen edge and the bubble
PAD = 34  # inside the bubble
BUBBLE_MAX = int(WIDTH * 0.82)
LINE_GAP = 12
BACKGROUND = (214, 226, 206)  # a light chat wallpaper
HEADER = (82, 125, 163)
BUBBLE = (255, 255, 255)
INK = (20, 20, 20)
SENDERS = ("Айгерим", "Данияр", "Служба поддержки", "Ержан Н.", "Мама", "Асель")


@dataclass(frozen=True, slots=True)
class Fonts:
    text: ImageFont.FreeTypeFont
    name: ImageFont.FreeTypeFont
    shown: frozenset[int]
    """Code points the text font draws; others (most emoji) are left out of the picture."""


@dataclass(frozen=True, slots=True)
class Shot:
    png: bytes
    header: str
    """The sender's name and the time, as drawn in the header bar."""
    body: str
    """The message as drawn in the bubble (no emoji pictures, no invisible characters)."""


def font_file(pattern: str, fallback: str) -> Path:
    """The font fontconfig picks for `pattern`, else the usual Debian path."""
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and Path(found).exists() and "DejaVu" in found:
            return Path(found)
    path = DEBIAN_FONTS / fallback
    if not path.exists():
        sys.exit(f"no DejaVu font: apt-get install fonts-dejavu-core ({path})")
    return path


def load_fonts() -> Fonts:
    from fontTools.ttLib import TTFont  # comes with matplotlib

    regular = font_file("DejaVu Sans", "DejaVuSans.ttf")
    bold = font_file("DejaVu Sans:bold", "DejaVuSans-Bold.ttf")
    cmap = TTFont(str(regular)).getBestCmap()
    return Fonts(
        text=ImageFont.truetype(str(regular), TEXT_PX),
        name=ImageFont.truetype(str(bold), NAME_PX),
        shown=frozenset(cmap),
    )


def drawable(text: str, fonts: Fonts) -> str:
    """The text as the screenshot shows it: no invisible characters, no emoji pictures."""
    kept = (
        ch
        for ch in text
        if ch == "\n"
        or (ord(ch) in fonts.shown and unicodedata.category(ch) not in ("Cf", "Mn", "Cc"))
    )
    return re.sub(r"[ \t]+", " ", "".join(kept)).strip()


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than `width` px; a word longer than a line is broken anywhere."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if font.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for ch in word:
                if font.getlength(line + ch) > width:
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line)
    return lines


def screenshot(text: str, sender: str, clock: str, fonts: Fonts, jpeg: int | None) -> Shot:
    shown = drawable(text, fonts)
    lines = wrap(shown, fonts.text, BUBBLE_MAX - 2 * PAD)
    ascent, descent = fonts.text.getmetrics()
    step = ascent + descent + LINE_GAP
    widest = max((fonts.text.getlength(line) for line in lines), default=0)
    bubble_w = int(widest) + 2 * PAD
    bubble_h = len(lines) * step - LINE_GAP + 2 * PAD
    height = max(HEADER_H + 2 * MARGIN + bubble_h + 160, 900)
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, HEADER_H), fill=HEADER)
    draw.text((48, HEADER_H // 2), sender, font=fonts.name, fill="white", anchor="lm")
    draw.text((WIDTH - 48, HEADER_H // 2), clock, font=fonts.text, fill="white", anchor="rm")
    top = HEADER_H + MARGIN
    draw.rounded_rectangle(
        (MARGIN, top, MARGIN + bubble_w, top + bubble_h), radius=28, fill=BUBBLE
    )
    for n, line in enumerate(lines):
        draw.text((MARGIN + PAD, top + PAD + n * step), line, font=fonts.text, fill=INK)
    buffer = io.BytesIO()
    if jpeg:  # what Telegram makes of a photo
        image.save(buffer, "JPEG", quality=jpeg)
    else:
        image.save(buffer, "PNG")
    return Shot(buffer.getvalue(), f"{sender} {clock}", shown)


def sample(limit: int) -> list[dict]:
    """Up to `limit` rows, as many from each (language, label) as there are, by id hash."""
    rows = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["lang"] in LANGS and row["label"] in LABELS:
            groups[(row["lang"], row["label"])].append(row)
    share = limit // len(groups)
    chosen: list[dict] = []
    for key in sorted(groups):
        ranked = sorted(groups[key], key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
        chosen += ranked[:share]
    return chosen


def cer(read: str, reference: str) -> float:
    """Character error rate (edits / reference length); runs of whitespace count as one space,
    since wrapping in the bubble moves the line breaks."""
    read, reference = (" ".join(s.split()) for s in (read, reference))
    return Levenshtein.distance(read, reference) / max(len(reference), 1)


def message_cer(read: str, body: str) -> float:
    """CER of the message alone: the header's lines (name, time), read first, are not in it."""
    lines = [line for line in read.splitlines() if line.strip()]
    return min(cer("\n".join(lines[skip:]), body) for skip in range(min(len(lines), 2) + 1))


@dataclass(slots=True)
class Tally:
    n: int = 0
    same_level: int = 0
    same_flagged: int = 0
    scam: int = 0
    scam_flagged_text: int = 0
    scam_flagged_picture: int = 0
    legit: int = 0
    legit_flagged_text: int = 0
    legit_flagged_picture: int = 0

    def add(self, label: str, text_level: str, text_flag: bool, pic_level: str, pic_flag: bool):
        self.n += 1
        self.same_level += text_level == pic_level
        self.same_flagged += text_flag == pic_flag
        if label == "scam":
            self.scam += 1
            self.scam_flagged_text += text_flag
            self.scam_flagged_picture += pic_flag
        else:
            self.legit += 1
            self.legit_flagged_text += text_flag
            self.legit_flagged_picture += pic_flag


async def evaluate(args: argparse.Namespace) -> None:
    if not pictures.ocr_available():
        sys.exit("OCR is not installed: tesseract with rus+kaz data, and pytesseract (README)")
    fonts = load_fonts()
    checker = Checker()
    rows = sample(args.limit)
    tallies: dict[str, Tally] = defaultdict(Tally)
    rates: dict[str, list[float]] = defaultdict(list)  # CER of the message text
    screen_rates: dict[str, list[float]] = defaultdict(list)  # CER of header and message
    headers: dict[str, int] = defaultdict(int)  # pictures whose sender name was read
    seconds: list[float] = []
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    for number, row in enumerate(rows):
        sender = SENDERS[number % len(SENDERS)]
        clock = f"{9 + number % 12:02d}:{(number * 7) % 60:02d}"
        shot = screenshot(row["text"], sender, clock, fonts, args.jpeg)
        if args.save:
            (args.save / f"{row['id']}.{'jpg' if args.jpeg else 'png'}").write_bytes(shot.png)
        start = time.perf_counter()
        seen = await asyncio.to_thread(pictures.read_picture, shot.png)
        seconds.append(time.perf_counter() - start)
        read = "\n".join((*seen.codes, seen.text or "")).strip()  # as the bot joins them
        lang = row["lang"]
        from_text = await checker.check(row["text"], lang=lang)
        from_picture = await checker.check(read, lang=lang) if read else None
        pic_level = from_picture.level if from_picture else "unread"
        pic_flag = bool(from_picture and from_picture.flagged)
        rate = message_cer(seen.text or "", shot.body)
        for key in (lang, "all"):
            tallies[key].add(row["label"], from_text.level, from_text.flagged, pic_level, pic_flag)
            rates[key].append(rate)
            screen_rates[key].append(cer(seen.text or "", f"{shot.header}\n{shot.body}"))
            headers[key] += shot.header.split()[0] in (seen.text or "")
        if args.errors and (from_text.level != pic_level or rate > 0.05):
            print(
                f"  {row['id']}: text {from_text.level}, picture {pic_level}, CER {rate:.1%}"
                f" | {' '.join(read.split())[:160]!r}"
            )
        if sys.stderr.isatty():
            print(f"  {number + 1}/{len(rows)}", end="\r", file=sys.stderr, flush=True)
    report(args, tallies, (rates, screen_rates, headers), seconds)


def report(
    args: argparse.Namespace,
    tallies: dict[str, Tally],
    quality: tuple[dict[str, list[float]], dict[str, list[float]], dict[str, int]],
    seconds: list[float],
) -> None:
    import pytesseract

    fmt = f"JPEG q{args.jpeg}" if args.jpeg else "PNG"
    print(
        f"OCR of chat screenshots: {WIDTH} px wide, DejaVu Sans {TEXT_PX} px, {fmt}; "
        f"tesseract {pytesseract.get_tesseract_version()} "
        f"({'+'.join(pictures.OCR_LANGUAGES)})"
    )
    rates, screen_rates, headers = quality
    print(
        f"{'lang':<5}{'pictures':>9}{'same level':>12}{'same flagged':>14}"
        f"{'scam flagged (text, picture)':>30}{'legit flagged (text, picture)':>31}"
    )
    keys = [key for key in (*LANGS, "all") if tallies[key].n]
    for key in keys:
        t = tallies[key]
        print(
            f"{key:<5}{t.n:>9}{t.same_level / t.n:>12.1%}{t.same_flagged / t.n:>14.1%}"
            f"{f'{t.scam_flagged_text}, {t.scam_flagged_picture} of {t.scam}':>30}"
            f"{f'{t.legit_flagged_text}, {t.legit_flagged_picture} of {t.legit}':>31}"
        )
    print(
        f"{'lang':<5}{'CER message: mean':>19}{'median':>8}{'p90':>8}"
        f"{'CER with header':>17}{'sender name read':>18}"
    )
    for key in keys:
        ranked = sorted(rates[key])
        print(
            f"{key:<5}{statistics.fmean(ranked):>19.2%}{statistics.median(ranked):>8.2%}"
            f"{ranked[int(len(ranked) * 0.9)]:>8.2%}{statistics.fmean(screen_rates[key]):>17.2%}"
            f"{headers[key] / len(ranked):>18.0%}"
        )
    seconds.sort()
    print(
        f"seconds per picture: median {statistics.median(seconds):.2f}, "
        f"p90 {seconds[int(len(seconds) * 0.9)]:.2f}, max {seconds[-1]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100, help="pictures (split evenly)")
    parser.add_argument("--jpeg", type=int, help="save as JPEG of this quality instead of PNG")
    parser.add_argument("--save", type=Path, help="keep the pictures in this folder")
    parser.add_argument("--errors", action="store_true", help="print each disagreement")
    asyncio.run(evaluate(parser.parse_args()))


if __name__ == "__main__":
    main()
