"""The house briefs (examples/house/): crowded French and German facts files with restricted
items among public ones, and a French ministry's template (A4, a house font, portion marks,
its own audiences). scripts/check-house-briefs.py builds every file for every built-in and
ministry audience in every format and checks them as a reader and as bytes (one page in the PDF
and in LibreOffice, no restricted sentence in any byte of a press brief, the banner the highest
marking printed, the language of the words and of the files); here it must pass every check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_house_brief_passes_every_check(tmp_path):
    briefgen = Path(sys.executable).with_name("briefgen")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check-house-briefs.py"), str(tmp_path),
         "--briefgen", str(briefgen)], capture_output=True, text=True, timeout=900, check=False)
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert result.returncode == 0 and not failed, "\n".join(failed) or result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.endswith(", 0 failed; pictures in " + str(tmp_path / "png")), summary
    assert int(summary.split()[0]) >= 300  # every file x audience x check ran
