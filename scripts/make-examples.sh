#!/usr/bin/env bash
# Rebuilds examples/ from facts/: the seed's brief (the default brief and one per built-in
# audience) as PDF and DOCX, and a PNG of each page.
# tests/test_examples.py fails when what is committed differs from what this makes.
set -euo pipefail
cd "$(dirname "$0")/.."
briefgen=".venv/bin/briefgen"
[ -x "$briefgen" ] || briefgen="briefgen"
"$briefgen" build facts/japan-nato-mission.yaml -o examples
"$briefgen" build facts/japan-nato-mission.yaml -a executive -a analyst -a press -o examples
for pdf in examples/*.pdf; do
  pdftoppm -png -r 60 -singlefile "$pdf" "${pdf%.pdf}"
done
