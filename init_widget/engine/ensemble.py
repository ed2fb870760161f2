"""Seed ensembles: which models a run with several seeds trains, and how their results spread.

``train(..., seeds=range(10))`` trains every initializer with every seed in one stacked run
(``executor=`` spreads them over processes); benchmarks/seeds.py prints its time against ten
separate runs. Models whose initial parameters are identical (zeros gives the
same network for every seed) would train identically, so they are trained once and share one
record; ``plan`` finds them and says so.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np

from .initializers import Batch, InitializerSpec, initial_parameters
from .validation import bounded_list, seed_value, short_repr

BAND = (10.0, 90.0)  # the percentiles of the spread band
MAX_SEEDS = 10_000  # more is never needed to see a spread; an endless iterable is refused after this many


def seed_list(seeds: Any) -> list[int]:
    """``seeds`` as a list: an int N means seeds 0 … N-1, any other iterable is taken as given.

    At most MAX_SEEDS: a larger N or a longer (or endless) iterable is refused before it is materialised."""
    usage = "seeds must be a whole number N (seeds 0…N-1) or a list of seeds"
    if isinstance(seeds, bool):
        raise TypeError(f"{usage}; got {seeds!r}")
    if isinstance(seeds, Integral):
        if not 1 <= seeds <= MAX_SEEDS:
            raise ValueError(
                f"seeds must be between 1 and {MAX_SEEDS:,} (the number of seeds, 0…N-1); got {short_repr(seeds)}"
            )
        return list(range(int(seeds)))
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"{usage}; got {short_repr(seeds)}")
    out = [seed_value(s, "seeds") for s in bounded_list(seeds, "seeds", MAX_SEEDS)]
    if not out:
        raise ValueError("seeds is empty; give at least one seed, e.g. seeds=range(10)")
    repeated = sorted(s for s, n in Counter(out).items() if n > 1)
    if repeated:
        raise ValueError(f"seeds has repeated values {short_repr(repeated)}; each seed once")
    return out


def unique_names(names: Sequence[str]) -> list[str]:
    """Names made unique the way every result keyed by name is: a second ``<lambda>`` is ``<lambda> (2)``."""
    seen: dict[str, int] = {}
    taken: set[str] = set()
    out = []
    for n in names:
        k, name = seen.get(n, 1), n
        while name in taken:  # also past a name given as "<lambda> (2)" itself
            k += 1
            name = f"{n} ({k})"
        seen[n] = k
        taken.add(name)
        out.append(name)
    return out


@dataclass
class Plan:
    """The models to train (``initial``, one per distinct network) and where every (initializer, seed) lands.

    ``rows[i]`` is the trained model of entry i, entries ordered initializer by initializer, seeds in order."""

    names: list[str]  # entry i's initializer name
    seeds: list[int]  # entry i's seed
    rows: list[int]  # entry i's trained model
    initial: list[dict[str, np.ndarray]]  # one per trained model
    labels: list[str]  # one per trained model, e.g. "he · seed 4" or "zeros · every seed"
    notes: list[str]  # plain words: which models were found identical and trained once

    def row_info(self) -> list[dict]:
        """Per trained model: its initializer's name and the seeds it stands for (what a grouped view needs)."""
        out = [{"initializer": "", "seeds": []} for _ in self.initial]
        for name, seed, row in zip(self.names, self.seeds, self.rows):
            out[row]["initializer"] = name
            out[row]["seeds"].append(seed)
        return out


def plan(
    specs: Sequence[InitializerSpec],
    names: Sequence[str],
    layers: list[int],
    seeds: list[int],
    data: Batch | None = None,
) -> Plan:
    """Draw every initializer's parameters for every seed; keep one model per distinct network per initializer.
    ``data`` is the batch data-dependent initializers (LSUV) draw from."""
    entry_names, entry_seeds, rows, initial, labels, notes = [], [], [], [], [], []
    for spec, name in zip(specs, names):
        own: list[int] = []
        for seed in seeds:
            params = initial_parameters(spec, layers, seed, data)
            row = next((r for r in own if _same(initial[r], params)), None)
            if row is None:
                row = len(initial)
                initial.append(params)
                own.append(row)
                labels.append(name if len(seeds) == 1 else f"{name} · seed {seed}")
            entry_names.append(name)
            entry_seeds.append(seed)
            rows.append(row)
        if len(seeds) > 1 and len(own) == 1:
            labels[own[0]] = f"{name} · every seed"
            notes.append(
                f"{name} starts from the same parameters for every seed, so it was trained once "
                f"and stands for all {len(seeds)} seeds"
            )
        elif len(own) < len(seeds):
            notes.append(
                f"{name}: {len(seeds) - len(own)} of its {len(seeds)} seeds start from parameters "
                "identical to another seed's, so they share that seed's training"
            )
    return Plan(entry_names, entry_seeds, rows, initial, labels, notes)


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return all(np.array_equal(a[k], b[k]) for k in a)


@dataclass
class Spread:
    """One initializer's results over its seeds: the cost band and the final accuracies."""

    name: str
    seeds: list[int]
    median_cost: np.ndarray  # (iterations,)
    low_cost: np.ndarray  # BAND[0] percentile at each iteration
    high_cost: np.ndarray  # BAND[1] percentile
    final_cost: np.ndarray  # (seeds,)
    train_accuracy: np.ndarray  # (seeds,) final train accuracy
    test_accuracy: np.ndarray | None  # (seeds,) final test accuracy, when a test set was given


def spread(histories: Sequence[Any]) -> dict[str, Spread]:
    """Group Histories by initializer name and summarise each group over its seeds (NaN-aware).

    Non-finite costs (random ×10 starts at inf) are left out of the percentiles at that iteration."""
    groups: dict[str, list[Any]] = {}
    for h in histories:
        groups.setdefault(h.name, []).append(h)
    out = {}
    for name, hs in groups.items():
        n = min(h.costs.size for h in hs)
        if n == 0:
            raise ValueError(f"{name}: no costs recorded yet; train first")
        costs = np.array([h.costs[:n] for h in hs])
        costs[~np.isfinite(costs)] = np.nan
        with warnings.catch_warnings():  # an iteration where every seed's cost is NaN gives NaN, quietly
            warnings.simplefilter("ignore", RuntimeWarning)
            low, median, high = np.nanpercentile(costs, [BAND[0], 50.0, BAND[1]], axis=0)
        test = [h.test_accuracy for h in hs]
        out[name] = Spread(
            name=name,
            seeds=[getattr(h, "seed", None) for h in hs],
            median_cost=median,
            low_cost=low,
            high_cost=high,
            final_cost=costs[:, -1],
            train_accuracy=np.array([h.train_accuracy[-1] for h in hs]),
            test_accuracy=None if any(t is None for t in test) else np.array([t[-1] for t in test]),
        )
    return out
