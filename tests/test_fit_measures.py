"""The fit stage counts the times it measures the page (`Layout.measured`, `Fitted.measures`):
the benchmark reports it per brief."""

from __future__ import annotations

import pytest
from conftest import FACTS_DIR, SEED

from briefgen import pipeline
from briefgen.layout.measure import Layout


@pytest.mark.parametrize("name", [SEED, "crowded.yaml", "tiny.yaml"])
def test_fitted_measures_counts_every_measurement(name: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = Layout.measure

    def counted(self: Layout, *args: object) -> object:
        calls.append(id(self))
        return real(self, *args)

    fitted = []
    fit = pipeline.fit
    monkeypatch.setattr(Layout, "measure", counted)
    monkeypatch.setattr(pipeline, "fit", lambda *a, **k: fitted.append(fit(*a, **k)) or fitted[-1])
    pipeline.build_with(pipeline.design_for(None, None), FACTS_DIR / name, formats=())
    [result] = fitted
    assert result.measures == len(calls) == result.layout.measured >= 1
    assert set(calls) == {id(result.layout)}
