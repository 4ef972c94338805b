"""Finding links in text, including disguised ones, and normalising their hosts.

>>> [u.host for u in find_urls("Зайдите на hxxps://kaspi[.]kz-bonus[.]top/x сегодня")]
['kaspi.kz-bonus.top']
>>> find_urls("https://kaspi.kz@evil.top/login")[0].userinfo
'kaspi.kz'
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import replace
from functools import cache, lru_cache

import idna
import tldextract

from checks.indicators import OddLink, Url

# Letters a domain name may use, look-alikes included: Latin with accents and IPA,
# Greek, Cyrillic, Armenian, Latin Extended Additional (ḱ ḳ), phonetic small capitals, Lisu.
_LETTERS = (
    "a-z0-9\u00c0-\u02af\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u1d00-\u1dbf"
    "\u1e00-\u1eff\u2c60-\u2c7f\ua4d0-\ua4ff\ua720-\ua7ff"
)
_L = rf"[{_LETTERS}]"
_LABEL = rf"{_L}(?:[{_LETTERS}_\-]{{0,61}}{_L})?"
_DOT = r"(?:\.|\s?\[\s?\.\s?\]\s?|\s?\(\s?\.\s?\)\s?|\{\.\}|\[dot\]|\(dot\)| \. )"
_SCHEME = r"(?P<scheme>(?:h[tx]{2}ps?|ftp)(?:://|\[://\]|\[:\]//|:\\\\))"
_HOST = (
    rf"(?P<host>(?:{_LABEL}{_DOT})+{_LABEL}"
    r"|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])"
)
_URL = re.compile(
    rf"(?:{_SCHEME}(?P<userinfo>[^\s/@<>\"'«»]{{1,80}}@)?)?"
    rf"(?<![\w@.\-]){_HOST}"
    r"(?P<port>:\d{1,5})?"
    r"(?P<path>[/?#][^\s<>\"'«»]*)?",
    re.IGNORECASE,
)
_SCHEME_URL = re.compile(
    rf"{_SCHEME}(?P<userinfo>[^\s/@<>\"'«»]{{1,80}}@)?{_HOST}(?P<port>:\d{{1,5}})?"
    r"(?P<path>[/?#][^\s<>\"'«»]*)?",
    re.IGNORECASE,
)
# Where a link could be at all: a dot inside a word, an IP, a disguised dot, a scheme.
# Sentence ends and decimal numbers do not count, so most messages skip the scan. The dot
# test starts with a literal "." so the regex engine jumps from dot to dot.
_DOT_IN_WORD = re.compile(r"\.(?:(?<=[^\s.]\.)(?=[^\s.\d])|(?<=\d\.)(?=\d{1,3}\.\d))")
_DISGUISED = re.compile(
    r"\[\s?\.\s?\]|\(\s?\.\s?\)|\{\.\}|\[dot\]|\(dot\)|\w \. \w|h[tx]{2}ps?(?::|\[)|ftp:"
    r"|\[[0-9a-f:.]{3,}\]",
    re.IGNORECASE,
)
_DISGUISE_MARKS = ("[", "(", "{", " . ", ":")


def may_have_link(text: str) -> bool:
    if _DOT_IN_WORD.search(text) is not None:
        return True
    return any(m in text for m in _DISGUISE_MARKS) and _DISGUISED.search(text) is not None


_OBFUSCATED_DOT = re.compile(r"\s?\[\s?\.\s?\]\s?|\s?\(\s?\.\s?\)\s?|\{\.\}|\[dot\]|\(dot\)| \. ")
_TRAILING = ".,;:!?)]}»\"'…"
# Names that look like domains but are files people mention.
_FILE_TLDS = {
    "zip",
    "mov",
    "apk",
    "exe",
    "jpg",
    "png",
    "pdf",
    "doc",
    "docx",
    "txt",
    "mp4",
    "xls",
    "xlsx",
    "rar",
}
MAX_URLS = 50
# Schemes that carry a contact, not a page: shown as numbers and addresses, never flagged.
_CONTACT_SCHEMES = frozenset({"tel", "mailto", "sms", "smsto", "callto"})
_WEB_SCHEMES = frozenset({"http", "https", "hxxp", "hxxps"})
# Schemes worth noticing even without `//` after them (`javascript:alert(1)`).
_BARE_SCHEMES = (
    "javascript|data|vbscript|livescript|file|blob|intent|about|jar|view-source|chrome|"
    "ms-[a-z-]+|itms-services|market|ftp|ftps|sftp|smb|ws|wss"
)
_ODD_LINK = re.compile(
    rf"(?<![\w.+\-])(?P<scheme>(?:{_BARE_SCHEMES})(?=:)|[a-z][a-z0-9+.\-]{{1,20}}(?=:/))"
    r":[^\s<>\"'«»]{1,400}",
    re.IGNORECASE,
)


@cache
def psl() -> tldextract.TLDExtract:
    """The bundled Public Suffix List snapshot; never fetched over the network."""
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


@cache
def known_tlds() -> frozenset[str]:
    return frozenset(t.rsplit(".", 1)[-1] for t in psl().tlds)


def to_ascii(host: str) -> str | None:
    """IDNA (UTS #46) form of a host, or None when it cannot be encoded."""
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def to_unicode(host: str) -> str:
    try:
        return idna.decode(host)
    except (idna.IDNAError, UnicodeError, ValueError):
        return host


@lru_cache(maxsize=16_384)
def parse_host(raw_host: str) -> tuple[str, str, str, str, bool] | None:
    """(ascii, unicode, registered domain, suffix, is_ip) for a host, or None if not a host.

    Cached: the same few thousand hosts (kaspi.kz, egov.kz, t.me...) come again and again.
    """
    host = _OBFUSCATED_DOT.sub(".", raw_host).strip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None:
        return str(ip), str(ip), str(ip), "", True
    if re.fullmatch(r"[\d.]+", host):
        return None  # 1.5.2024 or 10.000: numbers, not hosts
    ascii_host = to_ascii(host) if not host.isascii() else host
    if ascii_host is None:
        ascii_host = host
    unicode_host = to_unicode(ascii_host) if "xn--" in ascii_host else host
    parts = psl()(ascii_host)
    registered = parts.top_domain_under_public_suffix or ascii_host
    return ascii_host, unicode_host, registered, parts.suffix, False


def find_urls(text: str) -> list[Url]:
    """Links in `text`, with spans into `text`."""
    found: list[Url] = []
    if not may_have_link(text):
        return found
    taken: list[tuple[int, int]] = []
    for pattern in (_SCHEME_URL, _URL):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            url = _build(match, text)
            if url is None:
                continue
            raw_end = start + len(url.raw)
            taken.append((start, raw_end))
            found.append(replace(url, span=(start, raw_end)))
            if len(found) > MAX_URLS:  # one more than kept, so the caller knows it was cut
                return sorted(found, key=lambda u: u.span)
    return sorted(found, key=lambda u: u.span)


def _build(match: re.Match[str], text: str) -> Url | None:
    scheme = match.group("scheme")
    raw = match.group(0)
    path = match.group("path") or ""
    stripped = path.rstrip(_TRAILING) if path else ""
    if path and stripped != path:
        raw = raw[: len(raw) - (len(path) - len(stripped))]
        path = stripped
    host_part = match.group("host")
    if not path and not scheme:
        raw = raw.rstrip(_TRAILING)
    parsed = parse_host(host_part)
    if parsed is None:
        return None
    ascii_host, unicode_host, registered, suffix, is_ip = parsed
    if not scheme and not is_ip:
        tld = ascii_host.rsplit(".", 1)[-1]
        if tld not in known_tlds() or (tld in _FILE_TLDS and not path):
            return None
        if not suffix or registered == suffix:
            return None
        if " " in host_part and match.start() > 0 and text[match.start() - 1].isalnum():
            return None
    userinfo = (match.group("userinfo") or "").rstrip("@")
    return Url(
        raw=raw,
        host=ascii_host,
        host_unicode=unicode_host,
        registered_domain=registered,
        suffix=suffix,
        path=path,
        userinfo=userinfo.lower(),
        is_ip=is_ip,
    )


def find_odd_links(text: str) -> list[OddLink]:
    """Links whose scheme is not http(s): they never lead to an organisation's site."""
    found = []
    for match in _ODD_LINK.finditer(text):
        scheme = match.group("scheme").lower()
        if scheme in _WEB_SCHEMES or scheme in _CONTACT_SCHEMES:
            continue
        raw = match.group(0).rstrip(_TRAILING)
        if len(raw) <= len(scheme) + 1:
            continue
        found.append(OddLink(scheme, raw[:200], (match.start(), match.start() + len(raw))))
        if len(found) >= MAX_URLS:
            break
    return found


def url_from_entity(href: str, visible: str, span: tuple[int, int]) -> Url | None:
    """A link hidden behind words (`text_link`): parse the real target."""
    match = _SCHEME_URL.match(href.strip()) or _URL.match(href.strip())
    if match is None:
        return None
    url = _build(match, href)
    if url is None:
        return None
    return replace(url, hidden=True, visible_text=visible, span=span)


def defang(url: Url) -> str:
    """`hxxps://kaspi-bonus[.]top/path` — safe to show, never turned into a link."""
    scheme = "hxxps://" if url.raw.lower().startswith(("https", "hxxps")) else "hxxp://"
    host = url.host.replace(".", "[.]")
    path = url.path if len(url.path) <= 40 else url.path[:39] + "…"
    userinfo = f"{url.userinfo.replace('.', '[.]')}@" if url.userinfo else ""
    return f"{scheme}{userinfo}{host}{path}"
