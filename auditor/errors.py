"""Input-level problems (AU0xx): a file that cannot be audited, said in Chinese."""

from __future__ import annotations

#: code → (name, Chinese description). Codes are permanent; numbers are never reused.
INPUT_CODES: dict[str, tuple[str, str]] = {
    "AU001": ("unreadable-file", "文件无法读取（不存在、无权限、已损坏或读取中被删除）"),
    "AU002": ("unsupported-format", "不支持的文件格式"),
    "AU003": ("no-text-layer", "PDF 没有文本层（扫描件），本工具不做 OCR"),
    "AU004": ("encoding-guessed", "文本编码是猜测得到的，可能有误"),
    "AU005": ("file-too-large", "文件或其解压后内容超过大小上限，已拒绝解析"),
    "AU006": ("timeout", "处理超时，已跳过该文件"),
    "AU007": ("empty-document", "文档没有可审核的文字"),
    "AU008": ("encrypted", "文件已加密，无法读取"),
    "AU009": ("internal-error", "处理该文件时发生内部错误"),
    "AU010": ("bad-configuration", "配置文件或基线文件无效"),
}


class InputProblem(Exception):
    """Raised by readers when a file cannot be audited; ``code`` is an AU0xx code.

    A plain exception, not a frozen dataclass: Python must be able to attach a traceback
    when it passes through ``contextlib`` blocks.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code} {self.message}"
