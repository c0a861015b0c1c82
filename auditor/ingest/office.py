"""Legacy Word/WPS files (.doc, .wps): converted to DOCX with LibreOffice when installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from auditor.errors import InputProblem

#: seconds LibreOffice may take to convert one file
CONVERT_TIMEOUT = 120
HOW_TO_CONVERT = (
    "请用 Word 或 WPS 打开后“另存为” .docx 再审核，"
    "或安装 LibreOffice（命令 soffice）后重新运行"
)


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, workdir: Path, soffice: str | None = None) -> Path:
    """Convert a .doc/.wps file into ``workdir`` with LibreOffice; return the .docx path.

    AU002 when LibreOffice is not installed (with how to convert by hand), AU001 when the
    conversion fails, AU006 when it does not finish within :data:`CONVERT_TIMEOUT`.
    """
    executable = soffice or find_soffice()
    if executable is None:
        raise InputProblem(
            "AU002",
            f"不支持直接读取 {path.suffix.lower()} 文件（未找到 LibreOffice）：{HOW_TO_CONVERT}",
        )
    # A private profile folder: a running LibreOffice instance would otherwise swallow the job.
    profile = (workdir / "profile").as_uri()
    command = [
        executable,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "docx",
        "--outdir",
        str(workdir),
        str(path),
    ]
    try:
        subprocess.run(
            command,
            capture_output=True,
            timeout=CONVERT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise InputProblem("AU006", "LibreOffice 转换超时，已跳过该文件") from exc
    except OSError as exc:
        reason = exc.strerror or exc
        raise InputProblem("AU002", f"无法运行 LibreOffice（{reason}）：{HOW_TO_CONVERT}") from exc
    produced = workdir / f"{path.stem}.docx"
    if not produced.is_file():
        raise InputProblem("AU001", f"LibreOffice 无法转换该文件，文件可能已损坏：{HOW_TO_CONVERT}")
    return produced


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    """A scratch folder for one conversion, removed afterwards."""
    return tempfile.TemporaryDirectory(prefix="auditor-office-")
