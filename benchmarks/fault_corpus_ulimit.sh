#!/usr/bin/env bash
# Build the fault corpus (tests/builders.make_fault_corpus) and scan it with the address
# space limited to ~2 GB (`ulimit -v 2000000`, in KiB): the batch must finish, write one
# entry per file and exit 1 (unreadable files), never crash.
#
# Usage: benchmarks/fault_corpus_ulimit.sh [PYTHON] [JOBS]
set -u
cd "$(dirname "$0")/.."
PYTHON=${1:-${PYTHON:-python}}
JOBS=${2:-2}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fault-corpus-ulimit.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The corpus is built without the limit (writing the zip bomb is not what is measured).
"$PYTHON" - "$WORK/corpus" "$WORK/expected.json" <<'PY' || exit 3
import json, sys
from pathlib import Path
sys.path.insert(0, ".")
from tests.builders import make_fault_corpus
expected = make_fault_corpus(Path(sys.argv[1]))
Path(sys.argv[2]).write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
PY

(
  ulimit -v 2000000
  "$PYTHON" -c "from auditor.cli import main; main()" scan "$WORK/corpus" \
    --out "$WORK/out" --jobs "$JOBS" --time-limit 60 --quiet 2>"$WORK/stderr"
)
status=$?
echo "exit code: $status (expected 1)"
if grep -q Traceback "$WORK/stderr"; then echo "TRACEBACK on stderr:"; cat "$WORK/stderr"; fi
tail -n 3 "$WORK/stderr"

"$PYTHON" - "$WORK/out/findings.json" "$WORK/expected.json" <<'PY'
import json, sys
from pathlib import Path
expected = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
try:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
except OSError as error:
    print(f"findings.json missing: {error}")
    sys.exit(1)
got = {}
for document in data["documents"]:
    name = Path(document["path"]).name
    got[name] = document["error"]["code"] if document["status"] == "error" else None
    code = got[name] or "ok"
    print(f"  {code:6} {document['status']:5} {name[:70]}")
print(f"entries: {len(got)} (expected {len(expected)})")
wrong = {n: (got.get(n), c) for n, c in expected.items() if got.get(n, "missing") != c}
print("all entries as expected" if not wrong and len(got) == len(expected) else f"MISMATCH: {wrong}")
sys.exit(0 if not wrong and len(got) == len(expected) else 1)
PY
check=$?
[ "$status" -eq 1 ] && [ "$check" -eq 0 ]
