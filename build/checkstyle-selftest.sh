#!/usr/bin/env bash
# Self-test of the regular expression behind the rule inlineFullyQualifiedName in build/checkstyle.xml.
# Runs Checkstyle exactly as the build does (maven-checkstyle-plugin, same config) over the fixture
# build/checkstyle-fixtures/InlineNames.java, copied for the run into pde's test sources, and checks that
# the lines reported are exactly those marked "// VIOLATION". Run it after changing the pattern:
#   build/checkstyle-selftest.sh [extra Maven options, e.g. -Ddjl.engine.cache=...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fixture=build/checkstyle-fixtures/InlineNames.java
dir=pde/src/test/java/checkstylefixture
if [ -e "$dir" ]; then
  echo "checkstyle-selftest: $dir exists; remove it first" >&2
  exit 1
fi
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT
cp "$fixture" "$dir/"
./mvnw -q -pl pde checkstyle:check -Dcheckstyle.failOnViolation=false "$@" > /dev/null
expected=$(grep -n '// VIOLATION' "$fixture" | cut -d: -f1 | tr '\n' ' ')
actual=$(awk '/<file name=/ { infile = index($0, "InlineNames.java") > 0 }
              infile && /<error / && /RegexpSinglelineJava/ { match($0, /line="[0-9]+"/);
                print substr($0, RSTART + 6, RLENGTH - 7) }' pde/target/checkstyle-result.xml | tr '\n' ' ')
if [ "$expected" = "$actual" ]; then
  echo "checkstyle-selftest: OK, reported lines $actual"
else
  echo "checkstyle-selftest: FAILED" >&2
  echo "  expected lines: $expected" >&2
  echo "  reported lines: $actual" >&2
  exit 1
fi
