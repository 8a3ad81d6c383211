#!/usr/bin/env bash
# Installs the Jupyter kernel "Java (l2l)" (kernelspec name l2l-java) for the l2l notebooks:
#   - builds l2l and writes its runtime classpath (Maven),
#   - fetches the Java kernel io.github.padreati:rapaio-jupyter-kernel:3.0.1 from Maven Central,
#   - compiles notebooks/kernel/KernelLauncher.java, which repairs that kernel's start-up races,
#   - writes KERNELS_DIR/l2l-java/kernel.json with the classpath in the env variable RJK_CLASSPATH.
# Usage: notebooks/install-kernel.sh [KERNELS_DIR]
#   KERNELS_DIR defaults to your Jupyter data folder's kernels/ ($JUPYTER_DATA_DIR or ~/.local/share/jupyter).
# The kernelspec points into this checkout (target/ folders and ~/.m2): run it again after `mvn clean`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kernels="${1:-${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels}"
mkdir -p "$kernels"
spec="$(cd "$kernels" && pwd)/l2l-java"
kernel_artifact="io.github.padreati:rapaio-jupyter-kernel:3.0.1"
java_bin="$(command -v "${JAVA_HOME:+$JAVA_HOME/bin/}java")" || { echo "install-kernel: no java on PATH (JDK 17+ needed)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "install-kernel: Maven (mvn) is needed" >&2; exit 1; }

echo "install-kernel: building l2l and its classpath" >&2
(cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl training -am dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/notebook-classpath.txt) >&2
classpath="$(tr -d '\n' < "$root/training/target/notebook-classpath.txt"):$root/training/target/classes"

echo "install-kernel: fetching $kernel_artifact into $spec" >&2
rm -rf "$spec" && mkdir -p "$spec"
(cd "$root" && mvn -B -q -Dstyle.color=never -N dependency:copy -Dartifact="$kernel_artifact" -DoutputDirectory="$spec") >&2
jar="$(ls "$spec"/rapaio-jupyter-kernel-*.jar)"
javac -d "$spec" "$root/notebooks/kernel/KernelLauncher.java"

# RJK_CLASSPATH takes ';'-separated entries.
/usr/bin/env python3 - "$spec" "$java_bin" "$jar" "${classpath//:/;}" <<'EOF'
import json, sys
spec, java, jar, classpath = sys.argv[1:]
kernel = {
    "argv": [java, "-Xss4m", "-Djava.awt.headless=true", "-cp", jar + ":" + spec, "KernelLauncher",
             "{connection_file}"],
    "display_name": "Java (l2l)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"RJK_CLASSPATH": classpath, "RJK_COMPILER_OPTIONS": "", "RJK_INIT_SCRIPT": "",
            "RJK_TIMEOUT_MILLIS": "-1", "RJK_MIMA_CACHE": spec + "/mima_cache", "TF_CPP_MIN_LOG_LEVEL": "2"},
}
with open(spec + "/kernel.json", "w") as f:
    json.dump(kernel, f, indent=1)
EOF
echo "install-kernel: installed the kernel 'Java (l2l)' in $spec" >&2
