"""Fail if the dev-corpus score falls below the floor recorded on main.

Usage: python .ci/ratchet.py SCORE.json FLOOR.json [--update]
Higher-is-better keys must not fall; lower-is-better keys must not rise.
"""

from __future__ import annotations

import json
import sys

HIGHER = ("f1", "precision", "recall", "depth_acc", "parent_acc", "content_recall_min", "joins_ok")
LOWER = ("footer_residue", "boilerplate_residue", "noise_residue", "traps_hit", "errors")


def main(argv: list[str]) -> int:
    score = json.load(open(argv[0], encoding="utf-8"))["summary"]
    floor_path = argv[1]
    floor = json.load(open(floor_path, encoding="utf-8"))
    if "--update" in argv:
        json.dump({k: score[k] for k in HIGHER + LOWER}, open(floor_path, "w"), indent=1)
        print("ratchet: floor updated")
        return 0
    bad = [f"{k}: {score[k]} < floor {floor[k]}" for k in HIGHER if k in floor and score[k] < floor[k]]
    bad += [f"{k}: {score[k]} > ceiling {floor[k]}" for k in LOWER if k in floor and score[k] > floor[k]]
    print("ratchet: " + ", ".join(f"{k}={score[k]}" for k in HIGHER + LOWER))
    for line in bad:
        print("ratchet FAIL " + line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
