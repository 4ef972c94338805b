"""Phone numbers, payment cards (Luhn), KZ IBANs and crypto wallets in text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import phonenumbers
from phonenumbers import PhoneNumberMatcher, PhoneNumberType
from stdnum import iban as stdnum_iban
from stdnum import luhn

from checks.indicators import Card, Iban, Phone, Wallet

_CARD = re.compile(r"(?<![\d\w])(?:\d[ \-]?){12,18}\d(?![\d\w])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])KZ\s?\d{2}(?:\s?[0-9A-Z]){16}(?![A-Za-z0-9])", re.IGNORECASE)
_TRON = re.compile(r"(?<![A-Za-z0-9])T[1-9A-HJ-NP-Za-km-z]{33}(?![A-Za-z0-9])")
_ETH = re.compile(r"(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])")
_BTC = re.compile(
    r"(?<![A-Za-z0-9])(?:bc1[ac-hj-np-z02-9]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})(?![A-Za-z0-9])"
)
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_KINDS = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium",
}
MAX_NUMBERS = 30


def find_cards(text: str) -> list[Card]:
    """13-19 digit numbers (spaces or dashes allowed) that pass the Luhn check."""
    cards = []
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 13 <= len(digits) <= 19 and luhn.is_valid(digits) and len(set(digits)) > 2:
            cards.append(Card(digits, match.span()))
            if len(cards) >= MAX_NUMBERS:
                break
    return cards


def find_ibans(text: str) -> list[Iban]:
    """KZ IBANs with a valid mod-97 checksum."""
    found = []
    for match in _IBAN.finditer(text):
        value = re.sub(r"\s", "", match.group(0)).upper()
        if stdnum_iban.is_valid(value):
            found.append(Iban(value, value[4:7], match.span()))
    return found


# Something that may be a phone number: 6+ digits with the usual separators between them.
_MAYBE_PHONE = re.compile(r"\+?\d[\d\s().\-]{4,}\d")
# A money amount is not a phone: "1 250 000,00 KZT", "on 800 000 тенге".
_MONEY_AFTER = re.compile(
    r"\s?(?:[.,]\d{2}\b|₸|тг\b|тенге|теңге|kzt|руб|\$|usd|долл|мың|тыс)", re.I
)


def find_phones(text: str, skip: list[tuple[int, int]]) -> list[Phone]:
    """Phone numbers (Kazakhstan by default), ignoring spans already taken by cards/IBANs
    and amounts of money."""
    phones: list[Phone] = []
    for start, end, number in _candidates(text):
        if any(s < end and start < e for s, e in skip):
            continue
        if _MONEY_AFTER.match(text, end):
            continue
        if number.country_code == 7 and len(str(number.national_number)) != 10:
            continue  # "2 814 000": a sum; Kazakh numbers have ten digits after +7 / 8
        if not phonenumbers.is_possible_number(number):
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        region = phonenumbers.region_code_for_number(number) or "ZZ"
        if number.country_code in (870, 881, 882):
            region = "001"
        elif e164.startswith(("+7800", "+7809")):
            region = "KZ/RU"  # +7 800 is toll-free in Kazakhstan as well as in Russia
        kind = _KINDS.get(phonenumbers.number_type(number), "other")
        phones.append(Phone(e164, region, kind, (start, end)))
        if len(phones) >= MAX_NUMBERS:
            break
    return phones


def _candidates(text: str) -> Iterator[tuple[int, int, phonenumbers.PhoneNumber]]:
    """Numbers the phone matcher finds, run only over runs of 7+ digits (with a little
    context each side) instead of the whole text: most messages have none."""
    for run in _MAYBE_PHONE.finditer(text):
        if sum(c.isdigit() for c in run.group(0)) < 7:
            continue  # dates, prices, short codes: not a phone number
        lo, hi = max(0, run.start() - 3), min(len(text), run.end() + 3)
        for match in PhoneNumberMatcher(
            text[lo:hi], "KZ", leniency=phonenumbers.Leniency.POSSIBLE, max_tries=50
        ):
            yield lo + match.start, lo + match.end, match.number


def find_wallets(text: str) -> list[Wallet]:
    wallets = [
        Wallet(m.group(0), "tron", m.span())
        for m in _TRON.finditer(text)
        if _base58check(m.group(0))
    ]
    wallets += [Wallet(m.group(0).lower(), "eth", m.span()) for m in _ETH.finditer(text)]
    for match in _BTC.finditer(text):
        address = match.group(0)
        if address.startswith("bc1") or _base58check(address):
            wallets.append(Wallet(address, "btc", match.span()))
    return sorted(wallets, key=lambda w: w.span)[:MAX_NUMBERS]


def _base58check(address: str) -> bool:
    """Base58Check: the last 4 bytes are the double-SHA256 checksum of the rest."""
    value = 0
    for ch in address:
        value = value * 58 + _B58.index(ch)
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    raw = b"\x00" * (len(address) - len(address.lstrip("1"))) + raw
    if len(raw) < 5:
        return False
    body, checksum = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4] == checksum


def mask_card(number: str) -> str:
    """`4400 43•• •••• 1234`: issuer prefix and last four only."""
    masked = number[:6] + "•" * (len(number) - 10) + number[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def mask_phone(e164: str) -> str:
    """`+7 701 •••-••-67`: country, operator code and the last two digits."""
    if e164.startswith("+7") and len(e164) == 12:
        return f"+7 {e164[2:5]} •••-••-{e164[-2:]}"
    return e164[:5] + "•" * max(len(e164) - 7, 0) + e164[-2:]


def mask_iban(value: str) -> str:
    return f"{value[:4]} {value[4:8]} •••• •••• {value[-4:]}"


def mask_wallet(address: str) -> str:
    return f"{address[:6]}…{address[-4:]}"
