#!/usr/bin/env bash
# Installs what the notebooks need and registers the Jupyter kernel "pdeflow-java".
#
#   notebooks/install-kernel.sh            # after ./mvnw -DskipTests package
#
# 1. Jupyter from Debian (jupyter-nbconvert, python3-ipykernel, jupyter-client): installed with
#    apt-get when missing and running as root; otherwise the script prints the apt command and
#    stops with exit status 1.
# 2. The Java kernel, rapaio-jupyter-kernel from Maven Central (fetched here, by Maven, once; a
#    notebook never fetches anything), copied into notebooks/target/kernel/.
# 3. A kernel spec "pdeflow-java" for the current user: the kernel's JVM has the project's jars
#    (examples/target/pdeflow.jar and examples/target/lib/*.jar) on the notebook class path, runs
#    headless, uses one PyTorch intra-op thread and the checkout's libtorch cache, offline.
#
# The kernel is started through notebooks/kernel/PdeflowKernelLauncher.java (Java's single-file source
# mode), which avoids a start-up race of rapaio-jupyter-kernel 3.0.1 on busy machines.
# Running it again replaces the kernel spec (idempotent). Environment:
#   PDEFLOW_KERNEL_NAME  kernel name (default pdeflow-java)
#   PDEFLOW_KERNEL_XMX   kernel heap (default 6g)
#   PDEFLOW_TORCH_THREADS  PyTorch intra-op threads in the kernel (default 1)
set -euo pipefail

RJK_VERSION=3.0.1   # newest on Maven Central; class files are Java 17 (major 61)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${PDEFLOW_KERNEL_NAME:-pdeflow-java}"
xmx="${PDEFLOW_KERNEL_XMX:-6g}"
threads="${PDEFLOW_TORCH_THREADS:-1}"
apt_packages=(jupyter-nbconvert python3-ipykernel jupyter-client)

# --- 1. Jupyter -----------------------------------------------------------------------------
missing=()
for p in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "install-kernel: installing ${missing[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    echo "install-kernel: Jupyter is missing (${missing[*]}). Install it, then run this script again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${apt_packages[*]}" >&2
    exit 1
  fi
fi
# Debian's jupyter, not one that a Python version manager may put first on PATH.
jupyter=/usr/bin/jupyter
[ -x "$jupyter" ] || jupyter="$(command -v jupyter)"

# --- 2. The kernel jar --------------------------------------------------------------------------
if [ ! -f "$root/examples/target/pdeflow.jar" ] || [ ! -d "$root/examples/target/lib" ]; then
  echo "install-kernel: the project is not built; run ./mvnw -q -DskipTests package in $root first" >&2
  exit 1
fi
kernel_dir="$root/notebooks/target/kernel"
jar="$kernel_dir/rapaio-jupyter-kernel-$RJK_VERSION.jar"
if [ ! -f "$jar" ]; then
  echo "install-kernel: fetching io.github.padreati:rapaio-jupyter-kernel:$RJK_VERSION from Maven Central"
  (cd "$root" && ./mvnw -q -N dependency:copy \
      -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$RJK_VERSION" -DoutputDirectory="$kernel_dir")
fi

# --- 3. The kernel spec -------------------------------------------------------------------------
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/java}"
java_bin="${java_bin:-$(command -v java)}"
spec="$kernel_dir/spec"
rm -rf "$spec"
mkdir -p "$spec"
cp "$jar" "$root/notebooks/kernel/PdeflowKernelLauncher.java" "$spec/"
ROOT="$root" JAR="$(basename "$jar")" JAVA_BIN="$java_bin" XMX="$xmx" THREADS="$threads" NAME="$name" \
  /usr/bin/python3 - "$spec/kernel.json" <<'EOF'
import json, os, sys
root = os.environ["ROOT"]
spec = {
    "argv": [os.environ["JAVA_BIN"], "-Xmx" + os.environ["XMX"], "-Djava.awt.headless=true",
             "-Dai.djl.pytorch.num_threads=" + os.environ["THREADS"],
             "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
             # the kernel's MainApp, started without its start-up race (see the launcher's Javadoc)
             "-cp", "{resource_dir}/" + os.environ["JAR"], "{resource_dir}/PdeflowKernelLauncher.java",
             "{connection_file}"],
    "display_name": "Java (pdeflow)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        # ';'-separated globs, read by rapaio-jupyter-kernel when a notebook starts
        "RJK_CLASSPATH": f"{root}/examples/target/pdeflow.jar;{root}/examples/target/lib/*.jar",
        "RJK_COMPILER_OPTIONS": "",
        "RJK_INIT_SCRIPT": "",
        "RJK_TIMEOUT_MILLIS": "-1",
        "PDEFLOW_HOME": root,
        "ENGINE_CACHE_DIR": os.environ.get("ENGINE_CACHE_DIR", f"{root}/.djl/pytorch"),
        "DJL_OFFLINE": "true",
    },
}
# As bin/pdeflow: cap oneDNN at SSE4.1 on AMD processors with AVX-512, whose oneDNN convolutions return NaN
# gradients now and then (docs/platforms.md), unless the caller set ONEDNN_MAX_CPU_ISA.
try:
    with open("/proc/cpuinfo") as f:
        cpu = f.read()
except OSError:
    cpu = ""
isa = os.environ.get("ONEDNN_MAX_CPU_ISA") or ("SSE41" if "AuthenticAMD" in cpu and "avx512f" in cpu else None)
if isa:
    spec["env"]["ONEDNN_MAX_CPU_ISA"] = isa
with open(sys.argv[1], "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
EOF
"$jupyter" kernelspec install --user --replace --name "$name" "$spec" >/dev/null
echo "install-kernel: kernel '$name' registered ($("$jupyter" kernelspec list | awk -v n="$name" '$1 == n {print $2}'))"
