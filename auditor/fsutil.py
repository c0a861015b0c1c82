"""Atomic file writes that honour the umask, and checking an output folder before a scan."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO, Any


@cache
def file_mode() -> int:
    """The mode a plainly created file gets under this process's umask (0644 under 022).

    ``tempfile.mkstemp`` always creates 0600 files; a report renamed from one would be
    unreadable to colleagues and web servers whatever the umask says.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def make_temp(folder: Path, prefix: str, suffix: str = ".tmp") -> tuple[int, str]:
    """``mkstemp`` in ``folder``, with the file's mode set from the umask."""
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    with contextlib.suppress(OSError):  # a file system without modes (FAT, some mounts)
        os.fchmod(handle, file_mode())
    return handle, name


def write_atomic(
    path: Path, data: str | bytes, encoding: str = "utf-8", *, durable: bool = True
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    ``durable=False`` skips the fsync: the file is still never seen half-written, but a
    power loss may leave the old one (or none). Per-document pages of a large batch use
    it, because syncing every one of them costs more than the audit itself.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    with open_atomic(path, None, durable=durable) as stream:
        stream.write(payload)


@contextlib.contextmanager
def open_atomic(path: Path, encoding: str | None = "utf-8", *, durable: bool = True) -> Iterator[IO[Any]]:
    """A stream whose content replaces ``path`` only when the block ends without error.

    Text with ``encoding`` (no newline translation), bytes when ``encoding`` is None. For
    reports written piece by piece (a batch's findings.json, CSV, SARIF) as well as whole.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = make_temp(path.parent, f".{path.name}.")
    try:
        mode = "wb" if encoding is None else "w"
        with os.fdopen(handle, mode, encoding=encoding, newline=None if encoding is None else "") as stream:
            yield stream
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


class OutputProblem(Exception):
    """An output location that cannot be used; ``message`` is one Chinese line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def os_reason(error: OSError) -> str:
    """Why an OS call failed, in Chinese."""
    reasons = {
        errno.ENOENT: "文件或文件夹不存在",
        errno.EISDIR: "这是一个文件夹，不是文件",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "所在的文件系统是只读的",
        errno.ENOSPC: "磁盘空间不足",
        errno.EDQUOT: "超出磁盘配额",
        errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
        errno.EEXIST: "同名文件已存在",
        errno.ENAMETOOLONG: "路径过长",
        errno.ELOOP: "符号链接形成循环",
        errno.EIO: "磁盘读写错误",
    }
    return reasons.get(error.errno or 0, error.strerror or type(error).__name__)


def prepare_output_dir(path: Path, flag: str = "--out") -> None:
    """Create ``path`` if needed and prove a file can be written in it.

    Raises :class:`OutputProblem` naming ``flag`` and the path, before any document is
    audited, so a wrong ``--out`` costs nothing.
    """
    if path.exists() and not path.is_dir():
        raise OutputProblem(f"{flag} 应是文件夹，但 {path} 是一个已存在的文件")
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle, name = make_temp(path, ".auditor-probe-")
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        raise OutputProblem(f"无法在 {flag} 文件夹 {path} 中写入文件：{os_reason(error)}") from None


def prepare_output_file(path: Path, flag: str) -> None:
    """Like :func:`prepare_output_dir` for a single output file (its folder must be writable)."""
    if path.is_dir():
        raise OutputProblem(f"{flag} 应是文件，但 {path} 是一个文件夹")
    prepare_output_dir(path.parent if str(path.parent) else Path("."), flag)
