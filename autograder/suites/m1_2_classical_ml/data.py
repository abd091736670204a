"""Shared constants and helpers of the m1_2_classical_ml hidden suite (not a test module)."""

from __future__ import annotations

PARADIGMS = ("supervised", "unsupervised", "self-supervised")
SCENARIOS = (
    "spam_filter",
    "customer_segments",
    "llm_pretraining",
    "house_prices",
    "masked_words",
    "fraud_density",
    "tumour_scans",
    "image_inpainting",
    "embedding_pca",
)


def shape_id(shape: tuple[int, ...]) -> str:
    """A readable test id for an array shape: (5, 3) → "5x3"."""
    return "x".join(str(n) for n in shape)
