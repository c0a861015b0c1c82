#!/usr/bin/env bash
# The test command: installs what the tests need (dev extras; Debian's chromium for the
# browser test when apt is available and we are root), then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet -e ".[dev]"
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null \
        || echo "tests/run.sh: could not install chromium; the browser test will be skipped" >&2
fi
python -m ruff check auditor tests benchmarks
python -m pytest "$@"
