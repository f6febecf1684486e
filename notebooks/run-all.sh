#!/usr/bin/env bash
# Executes every notebook headless on its default (small) settings and fails on any error.
#
#   notebooks/run-all.sh [NOTEBOOK.ipynb ...]     # default: all notebooks/*.ipynb
#
# Needs the built project (./mvnw -DskipTests package) and the kernel (notebooks/install-kernel.sh).
# Executed copies go to notebooks/target/executed/ (git-ignored; build artifacts), one log per
# notebook beside them. Before running anything it checks that the committed notebooks carry no
# outputs (execution counts null, outputs empty): outputs belong in the executed copies only.
# Environment: PDEFLOW_NOTEBOOK_TIMEOUT  seconds one cell may run (default 1800: 02's EnKG cell, before DiffPIR
# replaced it, took 7 minutes on a quiet 2-core machine and 16 on a noisy one).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/notebooks"
out="target/executed"
timeout="${PDEFLOW_NOTEBOOK_TIMEOUT:-1800}"
kernel="${PDEFLOW_KERNEL_NAME:-pdeflow-java}"
jupyter=/usr/bin/jupyter
[ -x "$jupyter" ] || jupyter="$(command -v jupyter || true)"
python=/usr/bin/python3
export PYDEVD_DISABLE_FILE_VALIDATION=1   # silences a debugger warning of Debian's Python 3.11

if [ $# -gt 0 ]; then notebooks=("$@"); else notebooks=(*.ipynb); fi

# 1. Committed notebooks hold no outputs.
"$python" - "${notebooks[@]}" <<'EOF'
import json, sys
bad = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            bad.append(f"{path}: code cell {i} has outputs or an execution count")
if bad:
    print("run-all: notebooks must be committed without outputs (clear them, e.g. "
          "jupyter nbconvert --clear-output --inplace FILE):", *bad, sep="\n  ", file=sys.stderr)
    sys.exit(1)
EOF

# 2. Kernel and build present.
if [ -z "$jupyter" ] || ! "$jupyter" kernelspec list 2>/dev/null | awk '{print $1}' | grep -qx "$kernel"; then
  echo "run-all: Jupyter kernel '$kernel' is not installed; run notebooks/install-kernel.sh first" >&2
  exit 1
fi
if [ ! -f "$root/examples/target/pdeflow.jar" ]; then
  echo "run-all: the project is not built; run ./mvnw -q -DskipTests package first" >&2
  exit 1
fi

# 3. Execute.
mkdir -p "$out"
failed=()
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  start=$(date +%s)
  if "$jupyter" nbconvert --to notebook --execute "$nb" --output-dir "$out" \
       --ExecutePreprocessor.kernel_name="$kernel" \
       --ExecutePreprocessor.timeout="$timeout" --ExecutePreprocessor.startup_timeout=300 \
       >"$out/$name.log" 2>&1; then
    echo "run-all: $nb ok ($(( $(date +%s) - start )) s)"
  else
    echo "run-all: $nb FAILED ($(( $(date +%s) - start )) s); the error, from $out/$name.log:" >&2
    grep -v -E '^\[[0-9]{4}-|^(Add|Parsing classpath) ' "$out/$name.log" | tail -n 40 >&2
    failed+=("$nb")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "run-all: ${#failed[@]} notebook(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "run-all: all ${#notebooks[@]} notebooks ran; executed copies in notebooks/$out"
