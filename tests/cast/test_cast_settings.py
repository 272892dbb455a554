"""The cast stage's settings: one place holds the clustering's tuned parameters, and everything that clusters
names (the stage, `cluster_names` called alone, the cross-validation grid) starts from it."""

from __future__ import annotations

import inspect
from collections import Counter
from dataclasses import asdict, replace

from ficlens.cast import build_cast
from ficlens.cast.aliases import cluster_names
from ficlens.cast.settings import CAST_DEFAULTS, CastSettings
from ficlens.eval.cast_scores import GRID


def test_the_defaults_are_the_tuned_values_and_the_stage_runs_with_them():
    assert asdict(CastSettings()) == {
        "dominance": 1.1,
        "surname_factor": 1.0,
        "use_tags": True,
        "need_person_evidence": True,
        "known": (),  # no cast given by the user
    }  # CV on PDNC
    assert build_cast.settings == CAST_DEFAULTS
    assert inspect.signature(build_cast.func).parameters["settings"].default == CAST_DEFAULTS


def test_cluster_names_alone_runs_the_tuned_values():
    params = inspect.signature(cluster_names).parameters
    assert (params["dominance"].default, params["surname_factor"].default) == (1.1, 1.0)


def test_the_cross_validation_grid_tries_the_defaults_among_others():
    assert CAST_DEFAULTS in GRID and len(set(GRID)) == len(GRID) == 10


def owner(short: str, counts: dict[str, int], settings: CastSettings) -> set[str]:
    genders = dict.fromkeys(counts, "female")
    del genders[short]
    out = cluster_names(
        Counter(counts), genders, dominance=settings.dominance, surname_factor=settings.surname_factor
    )
    return next(set(c.names) for c in out if short in c.names)


def test_dominance_decides_who_takes_an_ambiguous_short_name():
    # "Jane" between Jane Fairfax (60 mentions) and Jane Bennet (50): 60 >= 1.1 * 50, not 1.5 * 50
    janes = {"Jane Fairfax": 60, "Jane Bennet": 50, "Jane": 30}
    assert owner("Jane", janes, CAST_DEFAULTS) == {"Jane Fairfax", "Jane"}
    assert owner("Jane", janes, replace(CAST_DEFAULTS, dominance=1.5)) == {"Jane"}
    # "Weston", a surname of both sisters, needs `surname_factor` times that
    westons = {"Anne Weston": 60, "Mary Weston": 50, "Weston": 30}
    assert owner("Weston", westons, CAST_DEFAULTS) == {"Anne Weston", "Weston"}
    assert owner("Weston", westons, replace(CAST_DEFAULTS, surname_factor=2.0)) == {"Weston"}
