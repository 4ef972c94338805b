#!/usr/bin/env python3
"""Validate tests/data/messages.jsonl (standard library only).

Checks: valid JSON per line, exact key set, unique and well-formed ids,
allowed values, Luhn validity of card-like numbers (13-19 digits, optionally
grouped by spaces or dashes), ISO 7064 mod-97 check digits of KZ IBANs,
base58check of TRON (TRC20) addresses. Prints counts by lang x label x scheme
and the dataset targets (mix, obfuscation).

Usage: python validate_dataset.py [path/to/messages.jsonl] [--strict]
Exit code 1 on errors (and, with --strict, on unmet targets).
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

KEYS = {"id", "lang", "label", "scheme", "text", "note"}
LANGS = ("ru", "kk", "en")
LABELS = ("scam", "legit")
SCHEMES = (
    "phishing", "safe_account", "sms_code", "fake_store", "investment", "prize",
    "job_mule", "gov_payout", "delivery", "account_takeover", "relative_in_trouble",
    "romance", "crypto", "loan", "charity", "fake_fine", "erroneous_transfer",
    "refund_recovery", "remote_access", "malware_apk",
)
ID_RE = re.compile(r"^(ru|kk|en)-([a-z_]+)-(\d{3})$")

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
TRON_RE = re.compile(r"(?<![0-9A-Za-z])T[1-9A-HJ-NP-Za-km-z]{33}(?![0-9A-Za-z])")
IBAN_RE = re.compile(r"(?<![0-9A-Za-z])KZ\d{2}(?: ?[0-9A-Z]{4}){4}(?![0-9A-Za-z])")
IBAN_LOOSE_RE = re.compile(r"(?<![0-9A-Za-z])KZ\d{2}[0-9A-Z]{3,}")
CARD_RE = re.compile(r"(?<![0-9A-Za-z+])\d(?:[ \-]?\d){12,18}(?![0-9A-Za-z])")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

CYR = re.compile(r"[\u0400-\u04ff]")
LAT = re.compile(r"[A-Za-z]")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> tuple[bool, str]:
    s = iban.replace(" ", "")
    if len(s) != 20:
        return False, f"length {len(s)} != 20"
    if not s[4:7].isdigit():
        return False, "bank code is not 3 digits"
    rearranged = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in rearranged)
    if int(num) % 97 != 1:
        return False, "mod-97 check failed"
    return True, ""


def tron_ok(addr: str) -> bool:
    n = 0
    for c in addr:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes(25, "big") if n.bit_length() <= 200 else b""
    if len(raw) != 25 or raw[0] != 0x41:
        return False
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def obfuscation_kinds(text: str) -> list[str]:
    """Heuristic markers of filter-evasion tricks (for the dataset targets)."""
    kinds = []
    if any(z in text for z in ZERO_WIDTH):
        kinds.append("zero-width")
    if re.search(r"hxxps?://|\[\.\]|\(\.\)", text, re.I):
        kinds.append("defanged")
    if re.search(r"[A-Za-z0-9]\s+\.\s+[a-z]{2,}", text):
        kinds.append("spaced-domain")
    if "xn--" in text.lower():
        kinds.append("punycode")
    for word in re.findall(r"[^\W\d_]+", text.replace("\u200b", "")):
        scripts = ["c" if CYR.match(ch) else "l" if LAT.match(ch) else "" for ch in word]
        scripts = [x for x in scripts if x]
        switches = sum(1 for a, b in zip(scripts, scripts[1:]) if a != b)
        # "Kaspiден" (Latin stem + Kazakh suffix) is normal writing; a letter of
        # the other script *inside* a word ("Kаspi", "Кaспи") is the trick.
        if switches >= 2:
            kinds.append("mixed-script")
            break
    if re.search(r"(?:(?<!\S)\w ){4,}\w(?!\S)", text):
        kinds.append("spaced-letters")
    for tok in text.split():
        if "://" in tok or re.fullmatch(r"\W*[\w.+-]+@[\w-]+\.[\w.]+\W*", tok):
            continue  # URLs and e-mail addresses carry random ids
        if not re.search(r"[A-Za-z\u0400-\u04ff][0-9@*][A-Za-z\u0400-\u04ff]", tok):
            continue
        subs = len(re.findall(r"[0-9@*]", tok.lstrip("@")))
        if subs <= (3 if CYR.search(tok) else 1):
            kinds.append("leet/asterisk")
            break
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    if len(letters) >= 30 and upper / len(letters) > 0.6:
        kinds.append("all-caps")
    if re.search(r"[\U0001F300-\U0001FAFF\u2600-\u27bf](?=[^\W\d_])", text):
        kinds.append("emoji-glued")
    return kinds


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else Path(__file__).with_name("messages.jsonl")
    errors: list[str] = []
    warnings: list[str] = []
    rows = []
    seen_ids: set[str] = set()

    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            where = f"line {lineno}"
            if not line.strip():
                errors.append(f"{where}: empty line")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: invalid JSON ({exc})")
                continue
            if not isinstance(row, dict):
                errors.append(f"{where}: not an object")
                continue
            if set(row) != KEYS:
                errors.append(f"{where}: keys {sorted(row)} != {sorted(KEYS)}")
                continue
            rid = row["id"]
            where = f"line {lineno} ({rid})"
            if rid in seen_ids:
                errors.append(f"{where}: duplicate id")
            seen_ids.add(rid)
            lang, label, scheme = row["lang"], row["label"], row["scheme"]
            if lang not in LANGS:
                errors.append(f"{where}: bad lang {lang!r}")
            if label not in LABELS:
                errors.append(f"{where}: bad label {label!r}")
            if label == "scam" and scheme not in SCHEMES:
                errors.append(f"{where}: scam row needs a scheme from the list, got {scheme!r}")
            if label == "legit" and scheme is not None:
                errors.append(f"{where}: legit row must have scheme null")
            m = ID_RE.match(rid) if isinstance(rid, str) else None
            if not m:
                errors.append(f"{where}: id does not match lang-scheme-NNN")
            elif m.group(1) != lang or m.group(2) != (scheme if label == "scam" else "legit"):
                errors.append(f"{where}: id does not agree with lang/scheme")
            for key in ("text", "note"):
                if not isinstance(row[key], str) or not row[key].strip():
                    errors.append(f"{where}: empty {key}")
            text = row["text"] if isinstance(row["text"], str) else ""
            if text != text.strip():
                warnings.append(f"{where}: leading/trailing whitespace in text")
            if unicodedata.normalize("NFC", text) != text:
                warnings.append(f"{where}: text is not NFC-normalised")

            # KZ IBANs
            masked = text
            for im in IBAN_RE.finditer(text):
                ok, why = iban_ok(im.group(0))
                if not ok:
                    errors.append(f"{where}: IBAN {im.group(0)!r}: {why}")
                masked = masked.replace(im.group(0), " " * len(im.group(0)))
            for im in IBAN_LOOSE_RE.finditer(masked):
                errors.append(f"{where}: malformed KZ IBAN-like token {im.group(0)!r}")
            # TRON addresses
            for tm in TRON_RE.finditer(text):
                if not tron_ok(tm.group(0)):
                    errors.append(f"{where}: TRON address {tm.group(0)!r} fails base58check")
                masked = masked.replace(tm.group(0), " " * len(tm.group(0)))
            # card-like numbers
            for cm in CARD_RE.finditer(masked):
                digits = re.sub(r"\D", "", cm.group(0))
                if not 13 <= len(digits) <= 19:
                    continue
                if not luhn_ok(digits):
                    errors.append(f"{where}: card-like number {cm.group(0)!r} fails Luhn")
            rows.append(row)

    # ---- counts ----
    total = len(rows)
    by_label = Counter(r["label"] for r in rows)
    by_lang_label = Counter((r["lang"], r["label"]) for r in rows)
    by_scheme_lang = Counter((r["scheme"], r["lang"]) for r in rows if r["label"] == "scam")
    print(f"file: {path}")
    print(f"rows: {total}   scam: {by_label['scam']}   legit: {by_label['legit']}")
    print()
    print(f"{'':8}" + "".join(f"{lg:>7}" for lg in LANGS) + f"{'total':>7}")
    for label in LABELS:
        n = [by_lang_label[(lg, label)] for lg in LANGS]
        print(f"{label:8}" + "".join(f"{x:>7}" for x in n) + f"{sum(n):>7}")
    print()
    print(f"{'scam scheme':22}" + "".join(f"{lg:>5}" for lg in LANGS) + f"{'total':>7}")
    for scheme in SCHEMES:
        n = [by_scheme_lang[(scheme, lg)] for lg in LANGS]
        print(f"{scheme:22}" + "".join(f"{x:>5}" for x in n) + f"{sum(n):>7}")

    obf = Counter()
    obf_rows = 0
    no_link = 0
    for r in rows:
        if r["label"] != "scam":
            continue
        kinds = obfuscation_kinds(r["text"])
        if kinds:
            obf_rows += 1
            obf.update(kinds)
        if not re.search(r"https?://|hxxps?://|\b[\w-]+\s?\.\s?(?:kz|com|ru|top|site|online|info|pro|shop|pw|net|org|app|win|click|support|help)\b|@\w+_bot\b|\.apk\b", r["text"], re.I):
            no_link += 1
    lengths = [len(r["text"]) for r in rows]
    print()
    print(f"scam rows with obfuscation markers: {obf_rows}  {dict(obf.most_common())}")
    print(f"scam rows without any link/bot/apk: {no_link}")
    print(f"text length: min {min(lengths)}, max {max(lengths)}, mean {sum(lengths) // len(lengths)}")

    # ---- targets ----
    def target(ok: bool, msg: str) -> None:
        if not ok:
            warnings.append(f"target not met: {msg}")

    scam_n, legit_n = by_label["scam"], by_label["legit"]
    target(total >= 340, f"total >= 340 (have {total})")
    target(scam_n >= 200, f"scam >= 200 (have {scam_n})")
    target(legit_n >= 140, f"legit >= 140 (have {legit_n})")
    for scheme in SCHEMES:
        n = sum(by_scheme_lang[(scheme, lg)] for lg in LANGS)
        target(n >= 6, f"scheme {scheme} >= 6 (have {n})")
    for label, n in (("scam", scam_n), ("legit", legit_n)):
        if n:
            kk = by_lang_label[("kk", label)] / n
            en = by_lang_label[("en", label)] / n
            target(kk >= 0.25, f"kk share of {label} >= 25% (have {kk:.1%})")
            target(en >= 0.10, f"en share of {label} >= 10% (have {en:.1%})")
    target(obf_rows >= 30, f"obfuscated scam rows >= 30 (have {obf_rows})")

    print()
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    unmet = [w for w in warnings if w.startswith("target")]
    if errors or (strict and unmet):
        print(f"\nFAILED: {len(errors)} error(s), {len(warnings)} warning(s)")
        return 1
    print(f"\nOK: {len(errors)} errors, {len(warnings)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
