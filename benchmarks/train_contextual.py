"""Issue 16, third round (the ONNX attempt; not shipped): fine-tune all-MiniLM-L6-v2's encoder (word-piece
embeddings frozen) with a logistic head as an abuse classifier of sentences, on the training texts of
``benchmarks/train_abuse.py`` (public corpora only; never a held-out set of ``benchmarks/eval_text.py``), then
export it to ONNX with int8 dynamic quantisation.
Needs the scratch venv of ``benchmarks/minilm_onnx.py`` (torch, onnx, onnxruntime; never the project's venv):

    PYTHONPATH=src:/work/main/.venv/lib/python3.11/site-packages nice -n 10 \
        /tmp/ctx-venv/bin/python benchmarks/train_contextual.py       # ~10-20 minutes on the shared 2 cores

Writes ``benchmarks/out/onnx/abuse_ctx_int8.onnx``: inputs ``ids``, ``mask`` (int64, batch × length, at most
:data:`contextual_onnx.LONGEST` pieces), output ``probability`` (batch). The head starts from a logistic
regression on the frozen model's embeddings; one epoch, AdamW, classes balanced, seed 16.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import contextual_onnx as co  # noqa: E402
from minilm_onnx import OUT, torch_model  # noqa: E402

BATCH = 32
LR_ENCODER = 4e-5
LR_HEAD = 1e-3
SCALE = 20.0  # the head reads the unit-length embedding times this


def main() -> None:
    import torch
    from sklearn.linear_model import LogisticRegression

    torch.manual_seed(16)
    torch.set_num_threads(2)
    train = co.training_texts()
    labels = co.lab(train)
    frozen = np.load(co.CACHE / "train.npy")  # contextual_onnx.py's embeddings of co.training_texts()
    start = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000).fit(frozen * SCALE, labels)
    session = co.Session(co.ONNX / "minilm_l6_int8.onnx")
    encoded = [session.encode(t) for t, _ in train]

    encoder = torch_model(6)
    trained = [p for n, p in encoder.p.items() if n.startswith("encoder_")]
    for p in trained:
        p.requires_grad_(True)
    head = torch.nn.Linear(384, 1)
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(start.coef_.astype(np.float32)))
        head.bias.copy_(torch.from_numpy(start.intercept_.astype(np.float32)))
    optimiser = torch.optim.AdamW(
        [{"params": trained, "lr": LR_ENCODER}, {"params": head.parameters(), "lr": LR_HEAD}], weight_decay=0.01
    )
    positive = float(labels.mean())
    weights = torch.tensor([0.5 / (1 - positive), 0.5 / positive])
    order = list(range(len(train)))
    random.Random(16).shuffle(order)
    steps = len(order) // BATCH
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, s / 100) * max(0.0, 1 - s / steps))
    started, running = time.time(), 0.0
    encoder.train()
    for step in range(steps):
        chosen = order[step * BATCH : (step + 1) * BATCH]
        length = max(len(encoded[i]) for i in chosen)
        ids = torch.zeros((len(chosen), length), dtype=torch.int64)
        mask = torch.zeros_like(ids)
        for j, i in enumerate(chosen):
            ids[j, : len(encoded[i])] = torch.tensor(encoded[i])
            mask[j, : len(encoded[i])] = 1
        y = torch.tensor(labels[chosen], dtype=torch.float32)
        logits = head(encoder(ids, mask) * SCALE).squeeze(1)
        loss = (
            torch.nn.functional.binary_cross_entropy_with_logits(logits, y, reduction="none") * weights[y.long()]
        ).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        running = 0.98 * running + 0.02 * float(loss.detach())
        if step % 100 == 0:
            print(f"step {step}/{steps} loss {running:.3f} {time.time() - started:.0f} s", flush=True)

    class Scorer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder, self.head = encoder, head

        def forward(self, ids, mask):
            return torch.sigmoid(self.head(self.encoder(ids, mask) * SCALE).squeeze(1))

    scorer = Scorer().eval()
    torch.save({n: p.detach() for n, p in scorer.named_parameters() if p.requires_grad}, OUT / "abuse_ctx_trained.pt")
    path = OUT / "abuse_ctx.onnx"
    example = (torch.ones((2, 16), dtype=torch.int64), torch.ones((2, 16), dtype=torch.int64))
    torch.onnx.export(
        scorer,
        example,
        str(path),
        input_names=["ids", "mask"],
        output_names=["probability"],
        dynamic_axes={"ids": {0: "batch", 1: "length"}, "mask": {0: "batch", 1: "length"}},
        opset_version=17,
        dynamo=False,
    )
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(path), str(OUT / "abuse_ctx_int8.onnx"), weight_type=QuantType.QInt8)
    print(f"done in {time.time() - started:.0f} s: {(OUT / 'abuse_ctx_int8.onnx').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
