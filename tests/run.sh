#!/usr/bin/env bash
# 测试命令（README“运行测试”）：只往当前虚拟环境里安装开发依赖，然后运行 ruff 和 pytest。
# 不安装任何系统软件包：没有 Chromium 时浏览器测试跳过，没有 LibreOffice 时 .doc 测试跳过，
# 各打印一行提示。CI（.ci/run）会先装好这两个软件包。
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python -c 'import sys; sys.exit(0 if sys.prefix != sys.base_prefix else 1)'; then
    echo "tests/run.sh: 请在虚拟环境中运行（python3 -m venv .venv && . .venv/bin/activate），本脚本不往系统 Python 安装软件包" >&2
    exit 2
fi
python -m pip install --quiet -e ".[dev]"
if [ ! -x /usr/bin/chromium ]; then
    echo "tests/run.sh: 没有 /usr/bin/chromium，浏览器测试将跳过（Debian/Ubuntu：sudo apt-get install chromium）" >&2
fi
if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
    echo "tests/run.sh: 没有 LibreOffice，.doc/.wps 测试将跳过（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui）" >&2
fi
python -m ruff check auditor tests benchmarks
python -m pytest "$@"
