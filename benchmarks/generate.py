"""A seeded synthetic evidence base in ketagraph's YAML schema, at any size.

    python benchmarks/generate.py --triples 100000 --seed 1 --out /tmp/corpus [--violation-rate 0.01]

The corpus repeats the shape of the shipped data: each *bundle* is a popular review (sections,
claims, an attribution) citing a source paper, the paper's systematic review as a study, and
its trials (reports, arms, drug administrations with doses, inclusion links, risk-of-bias
judgements, findings), over shared pools of drugs, conditions, symptoms, routes, people,
journals and registered identifiers. Ratios follow the shipped data. Bundles are added until
the corpus reaches about N triples (calibrated on the first bundle).

With ``--violation-rate R``, each planted-defect site is broken with probability R, in a way
each of the shapes can see; ``planted.json`` beside the data lists every defect (id, YAML
kind, the shape and constraint component expected). The identifiers are synthetic (they are
registered with a synthetic source), never to be mistaken for real ones.
Same seed, same arguments: byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

CHUNK = 4000  # records per YAML file: a curator-sized file, and many files like a real library


class Corpus:
    def __init__(self, seed: int, violation_rate: float) -> None:
        self.rng = random.Random(seed)
        self.rate = violation_rate
        self.kinds: dict[str, list[dict[str, Any]]] = {}
        self.planted: list[dict[str, str]] = []
        self.next_curie = 1_000_000
        self._pools()

    # -- helpers --------------------------------------------------------------------------------

    def add(self, kind: str, item: dict[str, Any]) -> dict[str, Any]:
        self.kinds.setdefault(kind, []).append(item)
        return item

    def plant(self, item: dict[str, Any], kind: str, shape: str, component: str, mutate) -> None:
        if self.rate and self.rng.random() < self.rate:
            mutate(item)
            self.planted.append({"id": item["id"], "kind": kind, "shape": shape, "component": component})

    def curie(self, prefix: str, label: str) -> str:
        self.next_curie += 1
        n = self.next_curie
        local = {
            "CHEBI": str(n),
            "MESH": f"D{n}",
            "HP": f"{n % 10_000_000:07d}",
            "MONDO": f"{n % 10_000_000:07d}",
            "doi": f"10.99999/synthetic.{n}",
            "PMID": str(n),
        }[prefix]
        curie = f"{prefix}:{local}"
        self.add("identifier_register", {"curie": curie, "label": label, "sources": ["ref-synthetic"]})
        return curie

    def text(self, words: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(words)).capitalize() + "."

    # -- shared pools ---------------------------------------------------------------------------

    def _pools(self) -> None:
        self.add(
            "reference_sources",
            {
                "id": "ref-synthetic",
                "key": "SYN",
                "label": "Synthetic register",
                "description": "The generator's stand-in for a registry: every identifier here is synthetic.",
                "url": "https://example.org/synthetic-register",
            },
        )
        self.add(
            "organizations",
            {"id": "curators", "label": "Synthetic curators", "description": "The curators of this synthetic corpus."},
        )
        self.routes = [
            self.add(
                "routes",
                {
                    "id": f"route-{i}",
                    "label": f"route {i}",
                    "description": self.text(8),
                    "identifiers": {"exact": [self.curie("MESH", f"route {i}")]},
                },
            )["id"]
            for i in range(4)
        ]
        self.symptoms = [
            self.add(
                "symptoms",
                {
                    "id": f"symptom-{i}",
                    "label": f"symptom {i}",
                    "description": self.text(10),
                    "identifiers": {"close": [self.curie("HP", f"symptom {i}")]},
                },
            )["id"]
            for i in range(12)
        ]
        self.conditions = []
        for i in range(20):
            c = self.add(
                "conditions",
                {
                    "id": f"condition-{i}",
                    "label": f"condition {i}",
                    "description": self.text(12),
                    "symptoms": self.rng.sample(self.symptoms, 3),
                    "identifiers": {"exact": [self.curie("MONDO", f"condition {i}")]},
                },
            )
            self.conditions.append(c["id"])
        self.classes = [
            self.add(
                "drug_classes",
                {
                    "id": f"drug-class-{i}",
                    "label": f"drug class {i}",
                    "description": self.text(8),
                    "identifiers": {"exact": [self.curie("CHEBI", f"class {i}")]},
                },
            )["id"]
            for i in range(6)
        ]
        self.drugs = [
            self.add(
                "drugs",
                {
                    "id": f"drug-{i}",
                    "label": f"drug {i}",
                    "description": self.text(12),
                    "drug_classes": [self.rng.choice(self.classes)],
                    "identifiers": {"exact": [self.curie("CHEBI", f"drug {i}"), self.curie("MESH", f"drug {i}")]},
                },
            )["id"]
            for i in range(40)
        ]
        self.effects = [
            self.add(
                "adverse_effects",
                {"id": f"adverse-effect-{i}", "label": f"adverse effect {i}", "description": self.text(8)},
            )["id"]
            for i in range(10)
        ]
        self.add(
            "therapies",
            {
                "id": "therapy-0",
                "label": "therapy 0",
                "description": self.text(10),
                "drugs": [self.drugs[0]],
                "condition": self.conditions[0],
                "adverse_effects": self.effects,
                "routes": self.routes[:2],
            },
        )
        self.add(
            "periodicals",
            {
                "id": "journal-0",
                "label": "Journal of Synthetic Evidence",
                "description": self.text(6),
                "issn": ["1234-5678"],
            },
        )
        self.people = []
        for i in range(300):
            p = self.add(
                "people",
                {
                    "id": f"person-{i}",
                    "label": f"Person {i}",
                    "given_name": "Person",
                    "family_name": f"Number{i}",
                    "affiliations": ["curators"],
                },
            )
            self.people.append(p["id"])

    # -- one bundle: a review, its source paper, the systematic review and its trials ------------

    def bundle(self, b: int) -> None:
        rng = self.rng
        review, paper, study = f"review-{b}", f"paper-{b}", f"study-{b}"
        doc = self.add(
            "documents",
            {
                "id": review,
                "type": "article",
                "label": f"Review {b}",
                "title": f"Review {b}",
                "description": self.text(20),
                "cites": [paper],
            },
        )
        self.plant(doc, "documents", "ArticleShape", "MinCountConstraintComponent", lambda d: d.pop("title"))
        sections = []
        for s in range(8):
            sec = self.add(
                "sections",
                {
                    "id": f"{review}-section-{s + 1}",
                    "label": f"Section {s + 1}",
                    "description": self.text(6),
                    "document": review,
                    "position": s + 1,
                },
            )
            self.plant(
                sec, "sections", "SectionShape", "MinInclusiveConstraintComponent", lambda d: d.update(position=0)
            )
            sections.append(sec["id"])
        claims = []
        for c in range(30):
            claim = self.add(
                "claims",
                {
                    "id": f"{review}-claim-{c}",
                    "label": f"claim {c} of review {b}",
                    "text": self.text(18),
                    "about": [rng.choice(self.drugs), rng.choice(self.conditions)],
                    "category": rng.choice(_CATEGORIES),
                    "strength": rng.choice(_STRENGTHS),
                    "source": review,
                    "section": rng.choice(sections),
                    "paragraph": rng.randint(1, 3),
                    "sentences": [rng.randint(1, 4)],
                },
            )
            self.plant(claim, "claims", "ClaimShape", "MinCountConstraintComponent", lambda d: d.pop("text"))
            claims.append(claim["id"])
        att = self.add(
            "attributions",
            {
                "id": f"{review}-attribution",
                "claim": claims[0],
                "label": "credit",
                "attributed_to": paper,
                "asserted_by": "curators",
                "basis": self.text(12),
                "evidence": ["ref-synthetic"],
            },
        )
        self.plant(att, "attributions", "AttributionShape", "MinCountConstraintComponent", lambda d: d.pop("basis"))

        authors = rng.sample(self.people, 5)
        self.add(
            "documents",
            {
                "id": paper,
                "type": "scholarly-article",
                "label": f"Paper {b}",
                "title": self.text(10),
                "authors": authors,
                "date_published": "2021-10-01",
                "journal": "journal-0",
                "volume": 1 + b // 12,
                "issue": 1 + b % 12,
                "page_start": 1 + b,
                "page_end": 10 + b,
                "language": "en",
                "identifiers": {"exact": [self.curie("doi", f"paper {b}"), self.curie("PMID", f"paper {b}")]},
            },
        )
        self.add(
            "sections",
            {
                "id": f"{paper}-abstract",
                "label": "Abstract",
                "document": paper,
                "position": 1,
                "description": "The abstract.",
            },
        )
        trials = []
        for t in range(5):
            trial = f"{paper}-trial-{t}"
            report = f"{trial}-report"
            self.add(
                "documents",
                {
                    "id": report,
                    "type": "scholarly-article",
                    "label": f"Report of trial {t}",
                    "title": self.text(9),
                    "authors": rng.sample(self.people, 4),
                    "date_published": "2018-01-01",
                    "identifiers": {"exact": [self.curie("doi", f"report {b}-{t}")]},
                },
            )
            self.add(
                "sections",
                {
                    "id": f"{report}-abstract",
                    "label": "Abstract",
                    "document": report,
                    "position": 1,
                    "description": "The abstract.",
                },
            )
            enrolled = rng.randint(20, 60)
            tr = self.add(
                "trials",
                {
                    "id": trial,
                    "label": f"Trial {t} of paper {b}",
                    "description": self.text(14),
                    "designs": ["randomized", "double-blinded"],
                    "allocation": "parallel-group",
                    "conditions": [rng.choice(self.conditions)],
                    "subjects": [self.drugs[0]],
                    "setting": self.text(5),
                    "population": self.text(6),
                    "enrolled": enrolled,
                    "completed": enrolled - rng.randint(0, 5),
                    "primary_outcome": self.text(10),
                    "timepoint_minutes": rng.choice([30, 60, 120]),
                    "reported_in": [report],
                    "adverse_effects": rng.sample(self.effects, 2),
                },
            )
            self.plant(
                tr,
                "trials",
                "TrialShape",
                "LessThanOrEqualsConstraintComponent",
                lambda d: d.update(completed=d["enrolled"] + 1),
            )
            for a, role in enumerate(("intervention", "comparator")):
                arm = self.add(
                    "arms",
                    {
                        "id": f"{trial}-arm-{a}",
                        "label": f"arm {a}",
                        "trial": trial,
                        "role": role,
                        "participants": enrolled // 2,
                    },
                )
                self.plant(arm, "arms", "TrialArmShape", "MinCountConstraintComponent", lambda d: d.pop("role"))
                adm = self.add(
                    "administrations",
                    {
                        "id": f"{trial}-arm-{a}-drug",
                        "label": f"drug of arm {a}",
                        "arm": arm["id"],
                        "drug": self.drugs[0] if role == "intervention" else rng.choice(self.drugs[1:]),
                        "route": rng.choice(self.routes),
                        "dose": {"value": rng.choice([0.2, 0.3, 25, 80]), "unit": rng.choice(["mg", "mg/kg", "ug/kg"])},
                    },
                )
                self.plant(
                    adm,
                    "administrations",
                    "DrugAdministrationShape",
                    "MinCountConstraintComponent",
                    lambda d: d.pop("route"),
                )
            self.add(
                "inclusions",
                {
                    "id": f"{study}-includes-{t}",
                    "label": f"inclusion {t}",
                    "review": study,
                    "trial": trial,
                    "status": "inferred",
                    "asserted_by": "curators",
                    "basis": self.text(14),
                    "evidence": ["ref-synthetic"],
                },
            )
            self.add(
                "risk_of_bias",
                {
                    "id": f"{study}-rob-{t}",
                    "label": f"risk of bias {t}",
                    "review": study,
                    "trial": trial,
                    "judgement": "not-known",
                    "source": paper,
                },
            )
            for f in range(3):
                self.add(
                    "claims",
                    {
                        "id": f"{trial}-finding-{f}",
                        "label": f"finding {f} of trial {t}",
                        "text": self.text(16),
                        "about": [trial, self.drugs[0]],
                        "category": "efficacy",
                        "strength": "limited",
                        "direction": rng.choice(
                            ["favours-intervention", "no-difference", "favours-comparator", "mixed"]
                        ),
                        "source": report,
                        "section": f"{report}-abstract",
                        "paragraph": 1,
                        "sentences": [f + 1],
                        "related": [rng.choice(claims)],
                    },
                )
            trials.append(trial)
        self.add(
            "systematic_reviews",
            {
                "id": study,
                "label": f"Systematic review {b}",
                "description": self.text(12),
                "reported_in": [paper],
                "question": self.text(12),
                "conditions": [self.conditions[0]],
                "subjects": [self.drugs[0]],
                "databases": ["Medline", "EMBASE"],
                "searched_up_to": "2021-02",
                "records_screened": rng.randint(100, 900),
                "studies_included": 5,
                "participants_total": rng.randint(100, 300),
                "risk_of_bias_method": "Cochrane Handbook",
                "trials_at_low_risk": 0,
                "trials_at_unclear_risk": 2,
                "trials_at_high_risk": 3,
                "conclusion": self.text(14),
                "limitations": [self.text(8), self.text(8)],
            },
        )
        for c in range(6):
            self.add(
                "claims",
                {
                    "id": f"{paper}-claim-{c}",
                    "label": f"claim {c} of paper {b}",
                    "text": self.text(15),
                    "about": [study],
                    "category": "conclusion",
                    "strength": "inconclusive",
                    "source": paper,
                    "section": f"{paper}-abstract",
                    "paragraph": 1,
                    "sentences": [c + 1],
                    "disagrees_with": [claims[c]],
                },
            )

    def finish(self) -> None:
        self.add(
            "dataset",
            {
                "id": "synthetic",
                "label": "Synthetic evidence base",
                "description": self.text(12),
                "version": "0.0.1",
                "issued": "2026-01-01",
                "license": "https://creativecommons.org/licenses/by/4.0/",
                "creators": ["curators"],
                "publisher": "curators",
            },
        )


def write(corpus: Corpus, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for kind, items in corpus.kinds.items():
        if kind == "dataset":
            text = yaml.safe_dump({"dataset": items[0]}, sort_keys=False, allow_unicode=True, width=120)
            (out / "dataset.yaml").write_text(text, encoding="utf-8")
            continue
        for n, start in enumerate(range(0, len(items), CHUNK)):
            text = yaml.safe_dump({kind: items[start : start + CHUNK]}, sort_keys=False, allow_unicode=True, width=120)
            (out / f"{kind.replace('_', '-')}-{n:04d}.yaml").write_text(text, encoding="utf-8")
    if corpus.rate:
        (out.parent / f"{out.name}.planted.json").write_text(json.dumps(corpus.planted, indent=1) + "\n")


def generate(triples: int, seed: int, out: Path, violation_rate: float = 0.0) -> dict[str, int]:
    corpus = Corpus(seed, violation_rate)
    base = _estimate(seed)
    per_bundle = base["bundle"]
    n = max(1, round((triples - base["pools"]) / per_bundle))
    for b in range(n):
        corpus.bundle(b)
    corpus.finish()
    write(corpus, out)
    return {"bundles": n, "records": sum(len(v) for v in corpus.kinds.values()), "planted": len(corpus.planted)}


def _estimate(seed: int) -> dict[str, int]:
    """Triples of the shared pools and of one bundle, measured by building tiny corpora."""
    import tempfile

    from ketagraph.reading.pipeline import read_data

    sizes = []
    for bundles in (1, 2):
        c = Corpus(seed, 0.0)
        for b in range(bundles):
            c.bundle(b)
        c.finish()
        with tempfile.TemporaryDirectory() as tmp:
            write(c, Path(tmp) / "d")
            sizes.append(len(read_data(Path(tmp) / "d")))
    return {"bundle": sizes[1] - sizes[0], "pools": sizes[0] - (sizes[1] - sizes[0])}


_WORDS = [
    "ketamine",
    "migraine",
    "trial",
    "relief",
    "pain",
    "dose",
    "placebo",
    "patients",
    "acute",
    "chronic",
    "receptor",
    "evidence",
    "effect",
    "outcome",
    "minutes",
    "infusion",
    "nasal",
    "emergency",
    "review",
    "safety",
    "signal",
    "response",
]
_CATEGORIES = [
    "background",
    "epidemiology",
    "pharmacology",
    "mechanism",
    "efficacy",
    "safety",
    "patient-selection",
    "open-question",
    "future-direction",
    "conclusion",
]
_STRENGTHS = ["established", "promising", "mixed", "limited", "inconclusive", "uncertain"]


def _size(text: str) -> int:
    text = text.lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * mult)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=_size, required=True, help="about how many triples (10k, 1M, 250000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--violation-rate", type=float, default=0.0)
    args = ap.parse_args()
    info = generate(args.triples, args.seed, args.out, args.violation_rate)
    print(json.dumps({"out": str(args.out), **info}))


if __name__ == "__main__":
    main()
