"""The wheel: it ships the built-in templates, themes and audiences from the project's top-level
`templates/`, and an installed wheel builds the sample brief as the checkout does."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (found,) = out.glob("briefgen-*.whl")
    return found


def test_the_wheel_holds_every_built_in_file_as_it_is_in_templates(wheel: Path) -> None:
    shipped = {p.relative_to(ROOT / "templates").as_posix(): p.read_bytes()
               for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert "default/brief.xml.j2" in shipped and "default/audiences/press.yaml" in shipped
    with zipfile.ZipFile(wheel) as archive:
        inside = {name.removeprefix("briefgen/templates/"): archive.read(name)
                  for name in archive.namelist() if name.startswith("briefgen/templates/")}
    assert inside == shipped


def test_an_installed_wheel_builds_the_sample_brief_as_the_checkout_does(
        wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target), "BRIEFGEN_CACHE_DIR": "off"}
    script = ("import briefgen, briefgen.design.environment as e, sys; "
              "print(briefgen.__file__); print(e.BUILTIN_DIR)")
    where = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path, check=True,
                           capture_output=True, text=True).stdout.split()
    assert where == [str(target / "briefgen" / "__init__.py"),
                     str(target / "briefgen" / "templates" / "default")]
    done = subprocess.run([sys.executable, "-m", "briefgen", "build", "-f", "pdf", "-o",
                           str(tmp_path / "out"), str(ROOT / "facts" / "japan-nato-mission.yaml")],
                          env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "japan-nato-mission.pdf").read_bytes() == \
        (ROOT / "examples" / "japan-nato-mission.pdf").read_bytes()
