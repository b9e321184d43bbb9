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


def _halving(self, dropped: frozenset[str], high: int) -> int:
    """The loosest step found by halving alone (the search before it was aimed)."""
    low = 0
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if self.fits(dropped, middle) else (middle + 1, high)
    return high


def _decisions(names: list[str]) -> dict:
    """For each facts file and audience: what the fit chose (items dropped, sizes, notes) and
    how many times it measured."""
    found = {}
    for name in names:
        for audience in (None, "executive", "analyst"):
            fitted = []
            fit = pipeline.fit
            pipeline.fit = lambda *a, **k: fitted.append(fit(*a, **k)) or fitted[-1]
            try:
                pipeline.build_with(pipeline.design_for(None, audience), FACTS_DIR / name,
                                    formats=(), allow_overflow=True)
            finally:
                pipeline.fit = fit
            [result] = fitted
            found[name, audience] = ((result.notes, result.theme, result.height),
                                     result.measures)
    return found


def test_the_aimed_search_chooses_what_halving_chooses_in_fewer_measures(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The loosest step is first looked for next to where the estimates point: the same choice,
    brief by brief, as halving the steps alone, and fewer measures over crowded briefs."""
    from briefgen.layout.fit_choice import Chooser as _Chooser

    names = sorted(p.name for p in FACTS_DIR.glob("*.yaml") if p.name != "tiny.yaml")
    aimed = _decisions(names)
    monkeypatch.setattr(_Chooser, "loosest", _halving)
    halved = _decisions(names)
    assert {k: v[0] for k, v in aimed.items()} == {k: v[0] for k, v in halved.items()}
    assert all(aimed[k][1] <= halved[k][1] for k in aimed)
    assert sum(v[1] for v in aimed.values()) < 0.85 * sum(v[1] for v in halved.values())
