#!/usr/bin/env bash
# Snapshot every user-visible output that a behaviour-preserving change must leave identical:
# the three eval scripts and the CLI's batch JSON on the dev sets. Compare two snapshots with
#   diff -r OUT_BEFORE OUT_AFTER
# Lines with timings (ms, seconds, "x" ratios) are filtered out: they differ from run to run.
# Usage: scripts/snapshot_outputs.sh OUT_DIR [SEMEVAL_CSV]
set -euo pipefail
out=${1:?usage: snapshot_outputs.sh OUT_DIR [SEMEVAL_CSV]}
semeval=${2:-../shared/data/semeval2013/semeval2013_3way_flat.csv}
cd "$(dirname "$0")/.."
py=${PY:-.venv/bin/python}
cli="$py -m interviewbot"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p "$out"
data=${EVAL_DATA:-eval}
[ -d "$data" ] || data=eval
untimed() { grep -v -E '[0-9.]+ ?(ms|s)\b|[0-9.]+x\b|speed|ratio|elapsed|per second' || true; }
"$py" - "$data" "$out" <<'PY'
import json, sys
data, out = sys.argv[1], sys.argv[2]
with open(f"{out}/ask_in.jsonl", "w") as f:
    for name in ("retrieval_dev.jsonl", "retrieval_test.jsonl"):
        for line in open(f"{data}/{name}"):
            f.write(json.dumps({"question": json.loads(line)["query"]}) + "\n")
with open(f"{out}/grade_in.jsonl", "w") as f:
    for name in ("grading_gaming_dev.jsonl", "grading_gaming.jsonl"):
        for line in open(f"{data}/{name}"):
            row = json.loads(line)
            for kind in ("good", "partial", "copy", "keywords", "gibberish", "off_topic", "contradict"):
                f.write(json.dumps({"question": row["question"], "answer": row[kind]}) + "\n")
    for line in open(f"{data}/grading_tune.jsonl"):
        row = json.loads(line)
        f.write(json.dumps({"question": row["question"], "answer": row["answer"],
                            "reference": row["references"][0]}) + "\n")
PY
$cli ask --batch "$out/ask_in.jsonl" --json > "$out/ask.jsonl"
$cli grade --batch "$out/grade_in.jsonl" --json > "$out/grade.jsonl"
"$py" scripts/eval_contradict.py -v 2>&1 | untimed > "$out/eval_contradict.txt"
"$py" scripts/eval_retrieval.py --runs 1 2>&1 | untimed > "$out/eval_retrieval.txt"
if [ -f "$semeval" ]; then
  "$py" scripts/eval_grading.py "$semeval" 2>&1 | untimed > "$out/eval_grading.txt"
fi
echo "snapshot in $out"
