"""Builds in threads of one process (the Python API under a thread pool) take turns
(`pipeline.one_at_a_time`). reportlab numbers the glyphs shaping makes (ligatures, conjuncts,
marks) per font for the whole process, and a document's font subsets and the layout's caches are
the process's too: two builds at once could number glyphs in either order (a reviewer's thread
pool of shaped, logo and PNG briefs gave another PDF in one fresh run of four). What is checked:
no two builds are ever inside the layout at once, and the briefs come out as built alone."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import ROOT

import briefgen
from briefgen import pipeline

SHAPED = [ROOT / "facts" / "scripts" / "iran-nuclear-talks.yaml",
          ROOT / "tests" / "data" / "bidi" / "egypt-float-2024.yaml",
          ROOT / "facts" / "japan-nato-mission.yaml"]


def _pdf(path) -> bytes:
    return briefgen.build(path, formats=("pdf",), pages=2, allow_overflow=True)["pdf"]


def test_builds_in_threads_take_turns_and_make_the_briefs_built_alone(monkeypatch):
    alone = [_pdf(path) for path in SHAPED]
    inside, most, lock = [0], [0], threading.Lock()
    real_fit = pipeline.fit_brief

    def counting_fit(*args, **kwargs):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.05)  # long enough for another thread to come in, were it let
        try:
            return real_fit(*args, **kwargs)
        finally:
            with lock:
                inside[0] -= 1

    monkeypatch.setattr(pipeline, "fit_brief", counting_fit)
    with ThreadPoolExecutor(len(SHAPED) * 2) as pool:
        at_once = list(pool.map(_pdf, SHAPED * 2))
    assert most[0] == 1
    assert at_once == alone * 2
