"""Embedded query engine for `ketagraph query`: pyoxigraph or rdflib? Measured, not assumed.

For each engine: the time to build the store from the graph, and the median latency of each
competency question over --repeat runs (after one warm-up). Prints a table and the medians.

    python benchmarks/query_engines.py [--data data] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from ketagraph.reading.pipeline import read_data
from ketagraph.release.export.rdf import serialize
from ketagraph.stores.query import list_queries


def _drain(result) -> None:
    """Read every answer: ASK gives a boolean, the others iterate."""
    if isinstance(result, ox.QueryBoolean) or not hasattr(result, "__iter__"):
        bool(result)
    else:
        for _ in result:
            pass


def _time(fn, repeat: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("data"))
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    built = read_data(args.data)
    nq = serialize(built, "N_QUADS")

    def ox_store() -> ox.Store:
        s = ox.Store()
        s.bulk_load(nq, format=ox.RdfFormat.N_QUADS)
        return s

    t_ox_load = _time(ox_store, 5)
    store = ox_store()
    t_rdflib_load = _time(lambda: read_data(args.data).graph, 3)  # rdflib's graph is what read_data builds
    graph = built.graph

    print(f"triples: {len(graph)}")
    print(f"store build     pyoxigraph {t_ox_load * 1000:8.1f} ms   rdflib (read_data) {t_rdflib_load * 1000:8.1f} ms")
    print(f"{'query':<44} {'pyoxigraph ms':>14} {'rdflib ms':>10} {'ratio':>7}")
    ox_all, rl_all = [], []
    for q in list_queries():
        text = q.text
        t_ox = _time(lambda text=text: _drain(store.query(text, use_default_graph_as_union=True)), args.repeat)
        t_rl = _time(lambda text=text: _drain(graph.query(text)), max(3, args.repeat // 3))
        ox_all.append(t_ox)
        rl_all.append(t_rl)
        print(f"{q.name:<44} {t_ox * 1000:14.2f} {t_rl * 1000:10.2f} {t_rl / t_ox:7.1f}x")
    print(
        f"{'median over the questions':<44} {statistics.median(ox_all) * 1000:14.2f} "
        f"{statistics.median(rl_all) * 1000:10.2f} {statistics.median(rl_all) / statistics.median(ox_all):7.1f}x"
    )


if __name__ == "__main__":
    main()
