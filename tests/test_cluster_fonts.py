"""Fonts on a Dask worker (`--cluster`): a house font shipped in the template folder is sent with
the work, so a worker that has no such font installed builds the same brief; a family installed
only on the client fails on the worker with a located error naming it. The worker here sees no
installed font at all (fontconfig pointed at an empty configuration), as a bare machine would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from dask_cluster import DaskCluster, briefgen
from font_copies import DEJAVU, DEJAVU_SERIF

ROOT = Path(__file__).parent.parent
FACTS = ROOT / "facts" / "japan-nato-mission.yaml"


@pytest.fixture(scope="module")
def bare_worker(tmp_path_factory):
    """A cluster of one worker process for which fontconfig lists no font."""
    config = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    running = DaskCluster(1, {"FONTCONFIG_FILE": str(config)})
    yield running
    running.close()


def template(folder: Path, font: str, ship: bool) -> Path:
    folder.mkdir()
    (folder / "theme.yaml").write_text(f"# the house font\nfont: \"{font}\"\n", encoding="utf-8")
    if ship:
        (folder / "fonts").mkdir()
        for name in DEJAVU_SERIF.values():
            shutil.copy(DEJAVU / name, folder / "fonts" / name)
    return folder


def test_a_font_shipped_in_the_template_folder_is_sent_with_the_work(bare_worker, tmp_path):
    """The worker has no DejaVu Serif installed; the template folder's copy is sent: the same
    PDF and DOCX as a local build, byte for byte."""
    template(tmp_path / "house", "DejaVu Serif", ship=True)
    args = ["build", FACTS, "-t", "house", "-a", "analyst", "-f", "pdf", "-f", "docx"]
    local = briefgen(*args, "-o", tmp_path / "local", cwd=tmp_path)
    remote = briefgen(*args, "-o", tmp_path / "remote", "--cluster", bare_worker.address,
                      cwd=tmp_path)
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert remote.stderr == local.stderr
    for name in ("japan-nato-mission-analyst.pdf", "japan-nato-mission-analyst.docx"):
        assert (tmp_path / "remote" / name).read_bytes() == \
            (tmp_path / "local" / name).read_bytes(), name
    assert b"DejaVuSerif" in (tmp_path / "remote" / "japan-nato-mission-analyst.pdf").read_bytes()


def test_a_family_missing_on_the_worker_fails_located(bare_worker, tmp_path):
    """DejaVu Serif is installed here, not on the worker: locally the brief builds; on the
    cluster it fails at the theme's line that names the family, and nothing is written."""
    template(tmp_path / "house", "DejaVu Serif", ship=False)
    args = ["build", FACTS, "-t", "house", "-f", "pdf"]
    assert briefgen(*args, "-o", tmp_path / "local", cwd=tmp_path).returncode == 0
    remote = briefgen(*args, "-o", tmp_path / "remote", "--cluster", bare_worker.address,
                      cwd=tmp_path)
    assert remote.returncode == 1 and remote.stdout == ""
    assert remote.stderr.startswith("error: house/theme.yaml:2: font: no font family "
                                    "'DejaVu Serif' in the template's folder or installed")
    assert len(remote.stderr.splitlines()) == 1
    assert not (tmp_path / "remote").exists()
