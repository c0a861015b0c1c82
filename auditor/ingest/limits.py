"""Size limits checked before parsing, so a hostile or accidental file cannot exhaust memory."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputProblem

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what a reader accepts (bytes on disk, bytes once unzipped)."""

    max_file_bytes: int = 200 * MB
    max_unzipped_bytes: int = 300 * MB
    max_zip_members: int = 10_000


DEFAULT_LIMITS = Limits()


def check_file_size(size: int, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise AU005 when a file of ``size`` bytes is above the on-disk limit."""
    if size > limits.max_file_bytes:
        raise InputProblem(
            "AU005",
            f"文件大小 {_mb(size)} 超过上限 {_mb(limits.max_file_bytes)}，已拒绝解析",
        )


def check_zip_expansion(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise AU005 when the zip's members would expand above the limit; AU001 if not a zip.

    Only the central directory is read. The declared sizes are binding: Python's zipfile
    never inflates a member past its declared size, so a lying entry fails its CRC instead
    of growing without bound.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise InputProblem(
            "AU001", "文件已损坏或不是有效的 Office 文档（zip 结构无法读取）"
        ) from exc
    if len(members) > limits.max_zip_members:
        raise InputProblem(
            "AU005", f"压缩包内文件数 {len(members)} 超过上限 {limits.max_zip_members}，已拒绝解析"
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped_bytes:
        raise InputProblem(
            "AU005",
            f"文档解压后大小 {_mb(total)} 超过上限 {_mb(limits.max_unzipped_bytes)}，"
            "疑似压缩炸弹，已拒绝解析",
        )


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"
