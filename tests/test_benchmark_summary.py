"""The benchmark summary reads the bench modules' saved results and nothing
else in benchmarks/results/ (the mutation scores live there too)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_summary_reads_every_bench_family_and_only_those(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks.run import RESULTS, load_results

    families = {p.stem.removeprefix("bench_") for p in (ROOT / "benchmarks").glob("bench_*.py")}
    saved = {p.stem for p in RESULTS.glob("*.json")}
    assert "mutation" in saved
    results = load_results()
    assert set(results) == families & saved
    assert all("machine" in result and "rows" in result for result in results.values())
