#!/usr/bin/env python3
"""Validate the blind evaluation set (standard library only).

Checks: valid JSON per line, exact key set, unique ids matching the language,
allowed lang/label/scheme values, scheme null iff legit, Luhn of every
card-like number, mod-97 of every KZ IBAN, base58check of TRON (TRC20)
addresses, and that no real hotline appears as a scam's call-back number.
Prints counts by lang x label x scheme. Exit code 1 on any error.

Usage: python validate.py [path/to/messages.jsonl]
"""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

KEYS = {"id", "lang", "label", "scheme", "text", "note"}
LANGS = {"ru", "kk", "en"}
LABELS = {"scam", "legit"}
SCHEMES = {
    "phishing", "safe_account", "sms_code", "fake_store", "investment", "prize",
    "job_mule", "gov_payout", "delivery", "account_takeover", "relative_in_trouble",
    "romance", "crypto", "loan", "charity", "fake_fine", "erroneous_transfer",
    "refund_recovery", "remote_access", "malware_apk",
}
MIN_PER_SCHEME = 6
HOTLINES = {"102", "1414", "7111", "7711", "505", "1477", "1400"}

IBAN_RE = re.compile(r"(?<![0-9A-Za-z])KZ\d{2}(?: ?[0-9A-Z]{4}){4}(?![0-9A-Za-z])")
CARD_RE = re.compile(r"(?<![0-9A-Za-z])\d{4}([ -]?)\d{4}\1\d{4}\1\d{4}(?:\1?\d{1,3})?(?![0-9A-Za-z])")
LONG_DIGITS_RE = re.compile(r"(?<![0-9A-Za-z])\d{13,19}(?![0-9A-Za-z])")
TRX_RE = re.compile(r"(?<![0-9A-Za-z])T[1-9A-HJ-NP-Za-km-z]{33}(?![0-9A-Za-z])")
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
LINK_RE = re.compile(r"(https?://|hxxps?://|\b[\w-]+(?:\.|\[\.\])[a-z]{2,}(?:/|\b)|t\.me/|\.apk\b)", re.I)


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


def iban_ok(iban: str) -> bool:
    iban = iban.replace(" ", "")
    if len(iban) != 20 or not iban.startswith("KZ"):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def trx_ok(addr: str) -> bool:
    n = 0
    for ch in addr:
        n = n * 58 + B58.index(ch)
    raw = n.to_bytes(25, "big")
    return raw[0] == 0x41 and hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("messages.jsonl")
    errors, rows, ids = [], [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"line {n}"
        if not line.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: bad JSON ({e})")
            continue
        if not isinstance(r, dict) or set(r) != KEYS:
            errors.append(f"{where}: keys {sorted(r) if isinstance(r, dict) else type(r)}")
            continue
        where = f"line {n} ({r['id']})"
        if r["id"] in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(r["id"])
        if r["lang"] not in LANGS:
            errors.append(f"{where}: lang {r['lang']!r}")
        elif not re.fullmatch(rf"b-{r['lang']}-\d{{4}}", str(r["id"])):
            errors.append(f"{where}: id does not match b-{r['lang']}-NNNN")
        if r["label"] not in LABELS:
            errors.append(f"{where}: label {r['label']!r}")
        if r["label"] == "scam" and r["scheme"] not in SCHEMES:
            errors.append(f"{where}: scam needs a known scheme, got {r['scheme']!r}")
        if r["label"] == "legit" and r["scheme"] is not None:
            errors.append(f"{where}: legit must have scheme null")
        for k in ("text", "note"):
            if not isinstance(r[k], str) or not r[k].strip():
                errors.append(f"{where}: empty {k}")
        text = r["text"] if isinstance(r["text"], str) else ""
        if "<<" in text or ">>" in text:
            errors.append(f"{where}: unfilled placeholder")
        ibans = IBAN_RE.findall(text)
        for ib in IBAN_RE.finditer(text):
            if not iban_ok(ib.group()):
                errors.append(f"{where}: IBAN fails mod-97: {ib.group()}")
        rest = IBAN_RE.sub(" ", text)
        for m in list(CARD_RE.finditer(rest)) + list(LONG_DIGITS_RE.finditer(rest)):
            digits = re.sub(r"\D", "", m.group())
            if 13 <= len(digits) <= 19 and not luhn_ok(digits):
                errors.append(f"{where}: card-like number fails Luhn: {m.group()}")
        for m in TRX_RE.finditer(text):
            if not trx_ok(m.group()):
                errors.append(f"{where}: TRON address fails base58check: {m.group()}")
        if r["label"] == "scam":
            # a real hotline must never appear as the scammer's contact; 1414 is allowed
            # because 1414-code scams name it as the sender of the code
            for m in re.finditer(r"(?<![\d+])(?<!\d[ -])(\d{3,4})(?![ -]?\d)", text):
                if m.group(1) in HOTLINES - {"1414"}:
                    errors.append(f"{where}: hotline {m.group(1)} appears in a scam row")
        r["_has_link"] = bool(LINK_RE.search(text))
        r["_ibans"] = len(ibans)
        rows.append(r)

    # --- report ---
    total = len(rows)
    by_lang = Counter(r["lang"] for r in rows)
    by_label = Counter(r["label"] for r in rows)
    print(f"rows: {total}")
    print("by label: " + ", ".join(f"{k}={v}" for k, v in sorted(by_label.items())))
    print("by lang:  " + ", ".join(f"{k}={v} ({100 * v / total:.1f}%)" for k, v in sorted(by_lang.items())))
    print("\nlang x label:")
    for lang in sorted(LANGS):
        print(f"  {lang}: " + ", ".join(f"{lab}={sum(1 for r in rows if r['lang'] == lang and r['label'] == lab)}" for lab in sorted(LABELS)))
    scams = [r for r in rows if r["label"] == "scam"]
    print("\nscheme x lang (scam rows):")
    print(f"  {'scheme':22s} {'ru':>4s} {'kk':>4s} {'en':>4s} {'all':>5s}")
    for s in sorted(SCHEMES):
        c = Counter(r["lang"] for r in scams if r["scheme"] == s)
        tot = sum(c.values())
        flag = "" if tot >= MIN_PER_SCHEME else "  <-- below minimum"
        if tot < MIN_PER_SCHEME:
            errors.append(f"scheme {s}: only {tot} rows (< {MIN_PER_SCHEME})")
        print(f"  {s:22s} {c['ru']:4d} {c['kk']:4d} {c['en']:4d} {tot:5d}{flag}")
    if scams:
        nolink = sum(1 for r in scams if not r["_has_link"])
        print(f"\nscam rows without any link/file: {nolink} ({100 * nolink / len(scams):.0f}%)")
        print(f"scam rows with card-like number: {sum(1 for r in scams if CARD_RE.search(IBAN_RE.sub(' ', r['text'])))}; "
              f"with KZ IBAN: {sum(1 for r in scams if r['_ibans'])}; "
              f"with TRC20 address: {sum(1 for r in scams if TRX_RE.search(r['text']))}")
    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
