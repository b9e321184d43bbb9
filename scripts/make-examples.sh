#!/usr/bin/env bash
# Rebuilds examples/ from facts/: the seed's brief as PDF and DOCX, and a PNG of its page.
# tests/test_examples.py fails when what is committed differs from what this makes.
set -euo pipefail
cd "$(dirname "$0")/.."
briefgen=".venv/bin/briefgen"
[ -x "$briefgen" ] || briefgen="briefgen"
"$briefgen" build facts/japan-nato-mission.yaml -o examples
pdftoppm -png -r 60 -singlefile examples/japan-nato-mission.pdf examples/japan-nato-mission
