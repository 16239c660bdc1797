"""The torch-free sentence encoder: shapes, unit vectors, and that it captures meaning at all."""

from __future__ import annotations

import numpy as np
import pytest

from manysides.errors import ModelLoadError
from manysides.nlp.embeddings import DIMENSIONS, SentenceEncoder, default_encoder


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return default_encoder()


def test_shape_dtype_and_unit_length(encoder):
    vectors = encoder.encode(["The council approved the budget on Monday.", "Rain is expected.", "Hi"])
    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_list_gives_empty_matrix(encoder):
    vectors = encoder.encode([])
    assert vectors.shape == (0, DIMENSIONS)
    assert vectors.dtype == np.float32


def test_paraphrase_closer_than_unrelated(encoder):
    a, b, c = encoder.encode([
        "The mayor announced that the old bridge will be closed for repairs next month.",
        "Next month the aging bridge will shut for maintenance, the mayor said.",
        "The football team won its third championship in a row on Saturday.",
    ])
    assert float(a @ b) > 0.6
    assert float(a @ b) > float(a @ c) + 0.3


def test_order_is_kept_across_batches():
    small_batches = SentenceEncoder(batch_size=2)
    texts = ["A short one.", "A much longer sentence about the harbour and the ships that sail from it.",
             "Mid length sentence here.", "x"]
    together = small_batches.encode(texts)
    one_by_one = np.vstack([small_batches.encode([t]) for t in texts])
    assert np.allclose(together, one_by_one, atol=1e-4)


def test_long_input_is_truncated_not_rejected(encoder):
    vectors = encoder.encode(["word " * 2000])
    assert vectors.shape == (1, DIMENSIONS)


def test_default_encoder_is_cached():
    assert default_encoder() is default_encoder()


@pytest.mark.parametrize("kwargs", [{"max_length": 4}, {"max_length": 513}, {"batch_size": 0}, {"batch_size": 1.5}])
def test_bad_settings_fail_with_a_clear_message(kwargs):
    with pytest.raises(ValueError, match="must be an integer between"):
        SentenceEncoder(**kwargs)


def test_missing_model_file_is_a_load_error(tmp_path):
    with pytest.raises(ModelLoadError, match="sentence encoder"):
        SentenceEncoder(model_path=tmp_path / "nothing.onnx")


def test_single_string_is_refused(encoder):
    with pytest.raises(TypeError):
        encoder.encode("not a list")
