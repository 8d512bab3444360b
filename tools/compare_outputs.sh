#!/usr/bin/env bash
# Compare every file a build wrote with a reference copy of an earlier build's output folder:
# the check for changes that must not change any output (a move, a refactoring).
# Usage: tools/compare_outputs.sh REFERENCE_DIR [OUTPUT_DIR]   (default OUTPUT_DIR: output)
set -euo pipefail
reference=${1:?usage: tools/compare_outputs.sh REFERENCE_DIR [OUTPUT_DIR]}
output=${2:-output}
same=0 different=0
while IFS= read -r file; do
  if cmp -s "$reference/$file" "$output/$file"; then
    same=$((same + 1))
  else
    echo "différent : $file"
    different=$((different + 1))
  fi
done < <(cd "$reference" && find . -type f ! -path './.cache/*' | sort)
echo "$same fichiers identiques, $different différents"
[ "$different" -eq 0 ]
