"""How the benchmark lists move from one list to the next: the real published lists against the
synthetic demo's, so that a backtest on the demo says something about real lists.

    .venv/bin/python benchmarks/bench_list_dynamics.py

Per benefit group, over the consecutive pairs of lists (five real pairs 2020QMAT02 … 2022QMAT04
from tests/fixtures/jobindsats/, fourteen demo pairs 2018QMAT02 … 2025QMAT02 from the generator
in memory), min–max and median of:
- the Spearman rank correlation of consecutive lists;
- the correlation across municipalities of the changes in expected and in actual share;
- "same rank as last list": median and 90th percentile of the absolute rank error;
- the residual variance left when the change of the centred difference is predicted from the
  change of the actual share known exactly, (1 − b) × change, b fitted on the previous pair:
  as a share of the variance without it (below 1 = knowing the actual helps).
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
GROUPS = ("Ydelsesgrupper i alt", "A-dagpenge mv.", "Sygedagpenge mv.", "Kontanthjælp mv.")


def _lists(files: list[tuple[str, bytes]]) -> dict[str, dict[str, dict[str, np.ndarray]]]:
    """period → group → measure → values in kommune order."""
    out: dict[str, dict[str, dict[str, list[float]]]] = {}
    for _, content in sorted(files):
        rows = list(csv.reader(io.StringIO(content.decode("utf-8")), delimiter=";"))[1:]
        for row in sorted((r for r in rows if r), key=lambda r: (r[2], r[0])):
            group = out.setdefault(row[1], {}).setdefault(row[2], {})
            for key, cell in (("e", row[6]), ("a", row[7]), ("d", row[8]), ("rank", row[9])):
                group.setdefault(key, []).append(float(cell.replace(",", ".")))
    return {
        p: {g: {k: np.array(v) for k, v in m.items()} for g, m in gs.items()}
        for p, gs in out.items()
    }


def _ranks(values: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(values)).astype(float)


def _centred(values: np.ndarray) -> np.ndarray:
    return values - values.mean()


def dynamics(lists: dict) -> dict[str, dict[str, list[float]]]:
    periods = sorted(lists)
    stats: dict[str, dict[str, list[float]]] = {}
    for group in GROUPS:
        s = stats.setdefault(group, {k: [] for k in ("rho", "corr", "mae", "p90", "ratio")})
        previous_b = None
        for before, after in itertools.pairwise(periods):
            x, y = lists[before][group], lists[after][group]
            s["rho"].append(np.corrcoef(_ranks(x["rank"]), _ranks(y["rank"]))[0, 1])
            de, da = _centred(y["e"] - x["e"]), _centred(y["a"] - x["a"])
            s["corr"].append(np.corrcoef(de, da)[0, 1])
            errors = np.abs(y["rank"] - x["rank"])
            s["mae"].append(float(np.median(errors)))
            s["p90"].append(float(np.percentile(errors, 90)))
            dd = _centred(y["d"] - x["d"])
            if previous_b is not None:
                s["ratio"].append(float(np.var(dd - (1 - previous_b) * da) / np.var(dd)))
            previous_b = float((da * de).sum() / (da * da).sum())
    return stats


def _row(values: list[float], digits: int) -> str:
    return (
        f"{min(values):.{digits}f}–{max(values):.{digits}f} (median {np.median(values):.{digits}f})"
    )


def main() -> None:
    from orchestration.demo.generator import generate

    real = [(p.name, p.read_bytes()) for p in (REPO / "tests/fixtures/jobindsats").glob("*.csv")]
    demo = [(f.name, f.content) for f in generate() if f.table == "y30r21"]
    measures = (
        ("rho", "Spearman rank correlation, consecutive lists", 3),
        ("corr", "corr(change in expected, change in actual share)", 2),
        ("mae", "same rank as last list: median |rank error|", 1),
        ("p90", "same rank as last list: 90th percentile", 1),
        ("ratio", "variance left when the actual is known exactly", 2),
    )
    results = {"real (5 pairs)": dynamics(_lists(real)), "demo (14 pairs)": dynamics(_lists(demo))}
    for group in GROUPS:
        print(f"\n{group}")
        for key, label, digits in measures:
            cells = "  |  ".join(
                f"{source}: {_row(stats[group][key], digits)}" for source, stats in results.items()
            )
            print(f"  {label:50s} {cells}")


if __name__ == "__main__":
    main()
