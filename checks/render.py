"""A verdict as one phone screen: HTML for Telegram, plain text for the terminal."""

from __future__ import annotations

from html import escape

from checks.verdict import Verdict

EMOJI = {"safe": "🟢", "unsure": "⚪", "suspicious": "🟠", "dangerous": "🔴"}
MAX_REASONS = 3
MAX_INDICATORS = 5
MAX_ADVICE = 3


ALWAYS_SHOWN = frozenset({"short_number_official", "phone_official"})


def shown_reasons(verdict: Verdict, limit: int | None = MAX_REASONS) -> list[str]:
    """Reason texts for people: strongest first, each sentence once; an official number
    in the message is always named, even past the limit."""
    texts = list(dict.fromkeys(r.text for r in verdict.reasons))
    if not limit:
        return texts
    always = [r.text for r in verdict.reasons if r.code in ALWAYS_SHOWN]
    return list(dict.fromkeys([*texts[:limit], *always]))


def render_html(
    verdict: Verdict,
    advice_header: str,
    *,
    score_line: str | None = None,
    note: str | None = None,
) -> str:
    """HTML for sendMessage; every piece of text that came from the message is escaped.

    With `score_line` (the "Why?" view) every reason and indicator is shown, with the score.
    `note` (e.g. what was found in a picture) goes above everything, in italics.
    """
    full = score_line is not None
    lines = [f"<i>{escape(note)}</i>", ""] if note else []
    lines += [f"{EMOJI[verdict.level]} <b>{escape(verdict.title)}</b>", escape(verdict.summary)]
    if score_line is not None:
        lines.append(escape(score_line))
    reasons = shown_reasons(verdict, None if full else MAX_REASONS)
    if reasons:
        lines.append("")
        lines += [f"• {escape(text)}" for text in reasons]
    if verdict.indicators:
        lines.append("")
        for item in verdict.indicators[: 4 * MAX_INDICATORS if full else MAX_INDICATORS]:
            detail = f" — {escape(item.detail)}" if item.detail else ""
            lines.append(f"<code>{escape(item.display)}</code>{detail}")
    if verdict.advice:
        lines += ["", f"<b>{escape(advice_header)}</b>"]
        lines += [f"{n}. {escape(step)}" for n, step in enumerate(verdict.advice[:MAX_ADVICE], 1)]
    return "\n".join(lines)


def render_plain(verdict: Verdict, advice_header: str) -> str:
    lines = [f"{EMOJI[verdict.level]} {verdict.title} ({verdict.score}/100)", verdict.summary]
    lines += [f"  • {text}" for text in shown_reasons(verdict, None)]
    lines += [
        f"  {i.display}" + (f" — {i.detail}" if i.detail else "") for i in verdict.indicators
    ]
    if verdict.advice:
        lines.append(advice_header)
        lines += [f"  {n}. {step}" for n, step in enumerate(verdict.advice, 1)]
    return "\n".join(lines)
