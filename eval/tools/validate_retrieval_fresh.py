#!/usr/bin/env python3
"""Validate retrieval_fresh.jsonl and retrieval_fresh_conversations.jsonl against bank_dump.json."""
import json, sys, os, re
from collections import Counter
HERE = os.path.dirname(os.path.abspath(__file__))
bank = json.load(open(os.path.join(HERE, "bank_dump.json"), encoding="utf-8"))
phr2can = {}
for c in bank:
    for p in c["phrasings"]:
        phr2can.setdefault(p, set()).add(c["id"])
can = {c["id"]: c for c in bank}
bank_topics = {c["topic"] for c in bank}
errors, warns = [], []

def check_expected(exp, where):
    if not isinstance(exp, list):
        errors.append(f"{where}: expected not a list"); return set()
    ids = set()
    for s in exp:
        if s not in phr2can:
            errors.append(f"{where}: not a bank phrasing: {s!r}")
        else:
            ids |= phr2can[s]
    if len(exp) != len(set(exp)):
        errors.append(f"{where}: duplicate strings in expected")
    for i in ids:  # completeness: all phrasings of each referenced canonical present
        missing = [p for p in can[i]["phrasings"] if p not in exp]
        if missing:
            errors.append(f"{where}: canonical {i} only partially listed, missing {missing}")
    return ids

def norm(s): return re.sub(r"[^a-z0-9 ]", "", s.lower()).strip()
bank_norm = {norm(p) for p in phr2can}

# ---------- single queries ----------
STYLES = ["symptom", "casual", "eli5", "description", "oneword", "typo", "paraphrase"]
NEAR_T = {"other-dl", "classical-ml", "statistics", "mlops"}
FAR_T = {"everyday", "other-cs", "behavioural", "chitchat", "gibberish"}
rows = []
with open(os.path.join(HERE, "retrieval_fresh.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            rows.append((n, json.loads(line)))
        except Exception as e:
            errors.append(f"retrieval_fresh.jsonl line {n}: parse error {e}")
style_c, topic_c, cans = Counter(), Counter(), set()
seen = Counter()
for n, r in rows:
    w = f"retrieval_fresh.jsonl line {n}"
    q, st = r.get("query"), r.get("style")
    if not isinstance(q, str) or not q.strip(): errors.append(f"{w}: bad query")
    else:
        seen[q.strip().lower()] += 1
        if norm(q) in bank_norm: errors.append(f"{w}: query copies a bank phrasing verbatim")
    ids = check_expected(r.get("expected"), w)
    style_c[st] += 1; topic_c[(st if st in ("near", "far") else "in", r.get("topic"))] += 1
    if st in STYLES:
        if set(r) != {"query", "expected", "style", "topic"}: errors.append(f"{w}: wrong fields {sorted(r)}")
        if not ids: errors.append(f"{w}: in-domain with empty expected")
        first = phr2can.get(r["expected"][0], {None}) if r.get("expected") else {None}
        if r.get("topic") not in {can[i]["topic"] for i in first if i}:
            errors.append(f"{w}: topic {r.get('topic')!r} is not the first canonical's topic")
        cans |= ids
        if st == "oneword" and len(q.split()) > 2: errors.append(f"{w}: oneword query longer than 2 words")
    elif st == "near":
        if set(r) != {"query", "expected", "style", "topic", "concept"}: errors.append(f"{w}: wrong fields {sorted(r)}")
        if r.get("expected"): errors.append(f"{w}: near with non-empty expected")
        if r.get("topic") not in NEAR_T: errors.append(f"{w}: bad near topic")
        if not r.get("concept"): errors.append(f"{w}: missing concept")
    elif st == "far":
        if set(r) != {"query", "expected", "style", "topic"}: errors.append(f"{w}: wrong fields {sorted(r)}")
        if r.get("expected"): errors.append(f"{w}: far with non-empty expected")
        if r.get("topic") not in FAR_T: errors.append(f"{w}: bad far topic")
    else:
        errors.append(f"{w}: unknown style {st!r}")
for q, k in seen.items():
    if k > 1: errors.append(f"duplicate query: {q!r}")
n_in = sum(style_c[s] for s in STYLES)
if len(rows) < 220: errors.append(f"only {len(rows)} lines (<220)")
if n_in < 120: errors.append(f"only {n_in} in-domain (<120)")
for s in STYLES:
    if style_c[s] < 15: errors.append(f"style {s}: {style_c[s]} (<15)")
if style_c["near"] < 60: errors.append(f"near: {style_c['near']} (<60)")
if style_c["far"] < 40: errors.append(f"far: {style_c['far']} (<40)")
if len(cans) < 70: warns.append(f"only {len(cans)} distinct canonicals")

# ---------- conversations ----------
convs = []
with open(os.path.join(HERE, "retrieval_fresh_conversations.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            convs.append((n, json.loads(line)))
        except Exception as e:
            errors.append(f"conversations line {n}: parse error {e}")
kind_c, ids_seen = Counter(), set()
n_fu_conv = n_off_after = 0
conv_cans = set()
for n, c in convs:
    w = f"conversations line {n} ({c.get('id')})"
    if set(c) != {"id", "turns"}: errors.append(f"{w}: wrong fields")
    if c.get("id") in ids_seen: errors.append(f"{w}: duplicate id")
    ids_seen.add(c.get("id"))
    turns = c.get("turns", [])
    if not (3 <= len(turns) <= 5): errors.append(f"{w}: {len(turns)} turns")
    answered = False; off_after = False
    for t_i, t in enumerate(turns):
        tw = f"{w} turn {t_i+1}"
        if set(t) != {"query", "expected", "kind"}: errors.append(f"{tw}: wrong fields")
        k = t.get("kind"); kind_c[k] += 1
        ids = check_expected(t.get("expected"), tw)
        conv_cans |= ids
        if k in ("standalone", "followup", "switch"):
            if not ids: errors.append(f"{tw}: {k} with empty expected")
        elif k == "offtopic":
            if t.get("expected"): errors.append(f"{tw}: offtopic with expected")
            if answered: off_after = True
        else:
            errors.append(f"{tw}: bad kind {k!r}")
        if k in ("followup", "switch") and t_i == 0: errors.append(f"{tw}: {k} as first turn")
        if k in ("standalone", "followup", "switch"): answered = True
    if not any(t.get("kind") == "followup" for t in turns): errors.append(f"{w}: no followup")
    else: n_fu_conv += 1
    n_off_after += off_after
if len(convs) < 30: errors.append(f"only {len(convs)} conversations (<30)")
if n_off_after < 20: errors.append(f"only {n_off_after} conversations with offtopic after answered turn (<20)")

print("retrieval_fresh.jsonl:", len(rows), "lines;", "in-domain", n_in, "near", style_c["near"], "far", style_c["far"])
print("  styles:", dict(style_c))
print("  distinct canonicals (in-domain expected):", len(cans), "of", len(bank))
print("  topics:", {f"{a}:{b}": v for (a, b), v in sorted(topic_c.items())})
print("conversations:", len(convs), "turns:", sum(kind_c.values()), "kinds:", dict(kind_c))
print("  with followup:", n_fu_conv, " with offtopic after answered in-domain turn:", n_off_after)
print("  distinct canonicals in conversations:", len(conv_cans))
for x in warns: print("WARN", x)
for x in errors: print("ERROR", x)
print("RESULT:", "PASS" if not errors else f"FAIL ({len(errors)} errors)")
sys.exit(1 if errors else 0)
