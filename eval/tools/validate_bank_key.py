"""Validate eval/banks/ANSWER_KEY.json against the bank files.

Checks: the key parses; every bank file has an entry and vice versa; answered and
unanswered are disjoint; topics cover exactly the listed questions; difficulty
labels are valid; every listed question text occurs in its file once markup is
ignored (Markdown/HTML stripped for .md and Anki, parsed fields for CSV/TSV/JSON);
for structured files, answered rows have a non-empty answer and unanswered rows an
empty one; for Markdown files, every question-looking line is covered by the key.
"""
import csv, html, io, json, os, re, sys

BANKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "banks")
errors = []

def err(msg):
    errors.append(msg)

TAG = r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"
BLOCK = r"</?(?:br|div|p|li|ul|ol|summary|details|tr|td|th)\b[^<>]*>"

def strip_tags(s):
    s = re.sub(BLOCK, " ", s)
    return re.sub(TAG, "", s)

def strip_md(s):
    s = strip_tags(s)
    s = html.unescape(s).replace("\u00a0", " ")
    for _ in range(3):
        s = re.sub(r"!?\[([^\[\]]*)\]\([^)]*\)", r"\1", s)
    s = s.replace("\\|", "|").replace("**", "").replace("__", "").replace("`", "")
    s = re.sub(r"(?<![\w(])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w)])", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()

def strip_html(s):
    s = strip_tags(s)
    s = html.unescape(s).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()

with open(os.path.join(BANKS, "ANSWER_KEY.json"), encoding="utf-8") as f:
    key = json.load(f)

bank_files = sorted(n for n in os.listdir(BANKS) if n not in ("ANSWER_KEY.json", "README.md"))
if sorted(key) != bank_files:
    err(f"key files {sorted(key)} != bank files {bank_files}")

def structured_rows(name, text):
    """Return list of (question, answer, topic) from a structured bank, markup stripped."""
    if name == "cards.csv":
        r = list(csv.DictReader(io.StringIO(text, newline="")))
        return [(x["Question"], x["Answer"], x["Topic"]) for x in r]
    if name == "cards_noheader.tsv":
        return [(a, b, None) for a, b in csv.reader(io.StringIO(text), delimiter="\t")]
    if name == "cards_odd_header.csv":
        r = list(csv.DictReader(io.StringIO(text), delimiter=";"))
        return [(x["Prompt"], x["Response"], x["Deck"]) for x in r]
    if name == "anki_export.txt":
        body = "".join(l for l in io.StringIO(text) if not l.startswith("#"))
        return [(strip_html(a), strip_html(b), c) for a, b, c in csv.reader(io.StringIO(body), delimiter="\t")]
    if name == "bank.json":
        return [(o["question"], o["answer"], o.get("topic")) for o in json.loads(text)]
    if name == "bank.jsonl":
        return [(o["question"], o["answer"], o.get("topic")) for o in map(json.loads, text.splitlines()) ]
    raise KeyError(name)

QLINE = re.compile(r"^\s*(#|\*\*|<summary>|[*-] |\d+[.)] |Q\d*[:.]|Question:|\|)")

for name in bank_files:
    ent = key.get(name)
    if ent is None:
        continue
    for field in ("answered", "unanswered", "topics", "difficulty"):
        if field not in ent:
            err(f"{name}: missing field {field}")
    ans, una = ent["answered"], ent["unanswered"]
    allq = ans + una
    if len(set(allq)) != len(allq):
        err(f"{name}: duplicate question texts")
    if set(ans) & set(una):
        err(f"{name}: answered/unanswered overlap {set(ans) & set(una)}")
    if set(ent["topics"]) != set(allq):
        err(f"{name}: topics keys differ from questions")
    for q, d in ent["difficulty"].items():
        if q not in allq or d not in ("easy", "medium", "hard"):
            err(f"{name}: bad difficulty entry {q!r}: {d!r}")
    if not 8 <= len(ans) <= 20:
        err(f"{name}: {len(ans)} answered questions (want 8-20)")
    text = open(os.path.join(BANKS, name), encoding="utf-8").read()
    if name.endswith(".md"):
        norm = strip_md(text)
        for q in allq:
            if q not in norm:
                err(f"{name}: question not found: {q!r}")
        title = ent.get("title")
        for q, t in ent["topics"].items():
            for part in (t or "").split(" › "):
                if part and not re.search(r"^#+ " + re.escape(part) + r"\s*$", text, re.M):
                    err(f"{name}: topic part {part!r} is not a heading")
        # completeness: every question-looking line must contain a key question
        for line in text.splitlines():
            if not QLINE.match(line):
                continue
            n = strip_md(line)
            bold_line = re.fullmatch(r"\*\*.+\*\*", line.strip()) and "Back to Top" not in line
            if ("?" in n or bold_line) and not any(q in n for q in allq):
                err(f"{name}: question-looking line not in key: {line.strip()[:90]!r}")
    else:
        rows = structured_rows(name, text)
        by_q = {q.strip(): (a, t) for q, a, t in rows}
        if len(by_q) != len(rows):
            err(f"{name}: duplicate rows")
        if set(by_q) != set(allq):
            err(f"{name}: key questions differ from file rows: "
                f"missing={set(by_q) - set(allq)} extra={set(allq) - set(by_q)}")
        for q in allq:
            if q not in by_q:
                continue
            a, t = by_q[q]
            if (q in ans) != bool(a.strip()):
                err(f"{name}: answered/unanswered mismatch for {q!r}")
            if (t or None) != ent["topics"][q]:
                err(f"{name}: topic mismatch for {q!r}: file {t!r} key {ent['topics'][q]!r}")

if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"OK: {len(key)} files")
for name in sorted(key):
    print(f"{name:30s} answered={len(key[name]['answered']):3d} unanswered={len(key[name]['unanswered']):2d}")
