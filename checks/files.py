"""What a file's name and type say: a program, a program posing as a document, an archive.

Telegram gives a document's file name and MIME type (both chosen by the sender); that is
all we read. A name is judged by its real last extension, so right-to-left tricks
(`photo\u202egpj.exe` shown as `photoexe.jpg`) and trailing dots or spaces do not hide it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Files that run code when opened (Android packages, Windows programs and scripts, Java).
RUNS_CODE = frozenset(
    {
        "apk", "xapk", "apks", "aab", "exe", "scr", "bat", "cmd", "com", "pif", "js", "jse",
        "vbs", "vbe", "wsf", "msi", "msix", "jar", "ps1", "hta", "lnk", "reg", "dll", "cpl",
    }
)  # fmt: skip
# What a program pretends to be in a double extension (`Акт.pdf.scr`).
LOOKS_HARMLESS = frozenset(
    {
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "odt", "txt", "csv",
        "jpg", "jpeg", "png", "gif", "heic", "webp", "bmp", "mp3", "mp4", "mov", "avi",
    }
)  # fmt: skip
ARCHIVES = frozenset({"zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "xz", "cab", "iso", "img"})
CODE_TYPES = frozenset(
    {
        "application/vnd.android.package-archive",
        "application/x-msdownload",
        "application/x-ms-installer",
        "application/x-msi",
        "application/x-msdos-program",
        "application/x-dosexec",
        "application/vnd.microsoft.portable-executable",
        "application/java-archive",
        "application/x-java-archive",
        "application/x-bat",
        "application/x-sh",
        "application/javascript",
        "application/x-javascript",
        "text/javascript",
        "text/vbscript",
        "application/hta",
    }
)
ARCHIVE_TYPES = frozenset(
    {
        "application/zip",
        "application/x-zip-compressed",
        "application/vnd.rar",
        "application/x-rar-compressed",
        "application/x-7z-compressed",
        "application/x-tar",
        "application/gzip",
        "application/x-iso9660-image",
    }
)
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True, slots=True)
class FileKind:
    kind: str
    """program | disguised (a program posing as `fake`) | archive | packed_program | other"""
    real: str = ""
    """The extension that decides (exe, apk, zip...)."""
    fake: str = ""
    """For `disguised`: the harmless extension shown before the real one."""


def extensions(name: str) -> list[str]:
    """The dot-separated extensions of a name, lower case, last one last."""
    clean = _INVISIBLE.sub("", name).strip().rstrip(". ")
    parts = [p.strip().lower() for p in clean.split(".")[1:]]
    return [p for p in parts if p and len(p) <= 5 and p.isalnum()]


def classify(name: str, mime: str = "") -> FileKind:
    exts = extensions(name)
    last = exts[-1] if exts else ""
    if last in RUNS_CODE:
        harmless = [e for e in exts[:-1] if e in LOOKS_HARMLESS]
        if harmless:
            return FileKind("disguised", real=last, fake=harmless[-1])
        return FileKind("program", real=last)
    if last in ARCHIVES or mime in ARCHIVE_TYPES:
        inside = [e for e in exts[:-1] if e in RUNS_CODE]
        if inside:  # `Фото.apk.zip`: the name says what is packed
            return FileKind("packed_program", real=inside[-1])
        return FileKind("archive", real=last or "zip")
    if mime in CODE_TYPES:
        return FileKind("program", real=last or mime.rsplit("/", 1)[-1])
    return FileKind("other", real=last)


def runs_code_in_path(path: str) -> bool:
    """A link straight to a program (…/install.apk)."""
    exts = extensions(path.split("?", 1)[0].rsplit("/", 1)[-1])
    return bool(exts) and exts[-1] in RUNS_CODE
