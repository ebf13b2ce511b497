"""`python -m briefing.kernels.warmup` (run by scripts/bootstrap.sh) calls into every compiled module, so
numba compiles (or loads from its cache) their functions before the first run needs them."""
from __future__ import annotations

import json
import subprocess
import sys

# in a fresh interpreter: in this one, other tests may have called the functions already
_CHECK = """
import importlib, json, pkgutil
from numba.core.registry import CPUDispatcher
import briefing
from briefing.kernels.warmup import warm

def dispatchers(module):
    return [v for v in vars(module).values() if isinstance(v, CPUDispatcher) and v.__module__ == module.__name__]

modules = [importlib.import_module(i.name) for i in pkgutil.walk_packages(briefing.__path__, "briefing.")
           if i.name != "briefing.__main__"]
compiled = [m for m in modules if dispatchers(m)]
before = {m.__name__: any(d.signatures for d in dispatchers(m)) for m in compiled}
warm()
print(json.dumps({"before": before, "after": {m.__name__: any(d.signatures for d in dispatchers(m)) for m in compiled}}))
"""


def test_the_warm_up_compiles_functions_of_every_compiled_module():
    done = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, timeout=600, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    names = {name.rsplit(".", 1)[1] for name in result["after"]}
    assert names >= {"splitter", "tokens", "termids", "bandindex", "shingling", "neighbours", "grouping", "rownorm",
                     "centroids"}
    assert not any(result["before"].values())  # importing compiles nothing
    assert all(result["after"].values()), [name for name, done in result["after"].items() if not done]
