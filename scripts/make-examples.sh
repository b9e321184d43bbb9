#!/usr/bin/env bash
# Rebuilds examples/ from facts/: the seed's brief (the default brief and one per built-in
# audience) as PDF and DOCX, and a PNG of each page (`-f png`: drawn from that very PDF).
# tests/test_examples.py fails when what is committed differs from what this makes.
set -euo pipefail
cd "$(dirname "$0")/.."
briefgen=".venv/bin/briefgen"
[ -x "$briefgen" ] || briefgen="briefgen"
formats=(-f pdf -f docx -f png)
"$briefgen" build facts/japan-nato-mission.yaml "${formats[@]}" -o examples
"$briefgen" build facts/japan-nato-mission.yaml -a executive -a analyst -a press \
  "${formats[@]}" -o examples
