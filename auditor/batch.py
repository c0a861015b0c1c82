"""Finding the report files of a batch (what is audited; how is :mod:`auditor.executors`)."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: What a folder scan audits by default: the formats reports are delivered in. Notes and
#: READMEs (.md) beside the reports are not reports; ``--include '*.md'`` audits them anyway.
REPORT_SUFFIXES = (".txt", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm")
SUPPORTED_SUFFIXES = frozenset(REPORT_SUFFIXES)


@dataclass(frozen=True)
class SkippedFile:
    """A file seen while walking the batch but not audited, with the reason in Chinese."""

    path: Path
    reason: str


@dataclass(frozen=True)
class FileSelection:
    """Which files of a folder are audited: ``--include`` and ``--exclude`` globs.

    A glob without ``/`` matches a file or folder name; one with ``/`` matches the path
    relative to the folder given on the command line (``*`` crosses ``/``). With no
    ``include`` the report formats are audited; an ``include`` replaces that default.
    ``exclude`` wins over everything; an excluded folder is not entered. Files named on
    the command line are always audited.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def excluded_by(self, relative: PurePosixPath) -> str | None:
        """The ``--exclude`` glob matching this path, if any."""
        return next((glob for glob in self.exclude if _matches(glob, relative)), None)

    def why_skipped(self, relative: PurePosixPath) -> str | None:
        """Why a file found in a folder is not audited, or None to audit it."""
        name = relative.name
        if name.startswith("~$"):
            return "Office 临时文件（~$ 开头），已跳过"
        if name.startswith("."):
            return "隐藏文件，已跳过"
        glob = self.excluded_by(relative)
        if glob is not None:
            return f"被 --exclude {glob} 排除"
        if self.include:
            if not any(_matches(pattern, relative) for pattern in self.include):
                return "不匹配任何 --include"
            return None
        if relative.suffix.lower() not in SUPPORTED_SUFFIXES:
            return f"不是报告格式（{relative.suffix or '无扩展名'}），已跳过"
        return None


#: The default selection: report formats, nothing excluded.
REPORTS_ONLY = FileSelection()


def _matches(glob: str, relative: PurePosixPath) -> bool:
    if "/" in glob:
        return fnmatch.fnmatchcase(relative.as_posix(), glob.strip("/"))
    return fnmatch.fnmatchcase(relative.name, glob)


def iter_report_files(
    paths: Iterable[Path], selection: FileSelection = REPORTS_ONLY
) -> Iterator[Path | SkippedFile]:
    """Yield report files under ``paths`` (recursively, sorted), and files skipped with why.

    Hidden files and folders, Office lock files (``~$…``) and files of other formats are
    skipped with a reason; symlinked folders are not followed (no loops); a folder that
    cannot be listed is reported as skipped.
    """
    for root in paths:
        if not root.is_dir():
            yield root
            continue
        unreadable: list[OSError] = []
        for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable.append):
            here = PurePosixPath(Path(folder).relative_to(root).as_posix())
            kept = []
            for name in sorted(dirnames):
                relative = here / name
                glob = selection.excluded_by(relative)
                if name.startswith("."):
                    yield SkippedFile(Path(folder) / name, "隐藏文件夹，未进入")
                elif (Path(folder) / name).is_symlink():
                    yield SkippedFile(Path(folder) / name, "指向文件夹的符号链接，未进入")
                elif glob is not None:
                    yield SkippedFile(Path(folder) / name, f"文件夹被 --exclude {glob} 排除，未进入")
                else:
                    kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                reason = selection.why_skipped(here / name)
                yield Path(folder) / name if reason is None else SkippedFile(Path(folder) / name, reason)
            while unreadable:
                error = unreadable.pop()
                yield SkippedFile(Path(error.filename or folder), "无法读取该文件夹，已跳过")
        for error in unreadable:
            yield SkippedFile(Path(error.filename or root), "无法读取该文件夹，已跳过")
