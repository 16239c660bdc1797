"""The torch-free sentence encoder: shapes, unit vectors, and that it captures meaning at all."""

from __future__ import annotations

import numpy as np
import pytest

from manysides.errors import ModelLoadError
from manysides.nlp.embeddings import DEFAULT_MODEL, DIMENSIONS, SentenceEncoder, default_encoder, map_threaded


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


def test_a_vector_does_not_depend_on_what_else_is_encoded():
    # The int8 model quantises activations per run: one sentence per run keeps every vector the same
    # whatever corpus, story grouping or engine it is encoded in (fresh encoders: no shared memo).
    text = "The port authority refused to pay for maintenance of the new sea wall."
    alone = SentenceEncoder().encode([text])[0]
    crowd = ["Shares fell 4 per cent in early trading, the steepest drop since 2020 " * 3, "Yes.", text,
             "Engineers expect the first section of the wall to be finished by the end of next year."]
    assert np.array_equal(SentenceEncoder().encode(crowd)[2], alone)


def test_shipped_encoder_is_the_recorded_build():
    import hashlib
    import json

    recorded = json.loads((DEFAULT_MODEL.parent / "config.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(DEFAULT_MODEL.read_bytes()).hexdigest() == recorded["sha256"]


def test_held_cores_leave_the_rest_to_model_runs(monkeypatch):
    from manysides.nlp import embeddings

    monkeypatch.setattr(embeddings, "available_cores", lambda: 3)
    assert embeddings.spare_cores() == 3
    with embeddings.cores_taken(1):
        assert embeddings.spare_cores() == 2
        with embeddings.cores_taken(2):
            assert embeddings.spare_cores() == 1  # never fewer than one
    with pytest.raises(RuntimeError), embeddings.cores_taken(1):
        raise RuntimeError("a failed parse still gives its core back")
    assert embeddings.spare_cores() == 3
    with pytest.raises(ValueError, match="non-negative integer"), embeddings.cores_taken(-1):
        pass


def test_quick_handover_shortens_the_switch_interval_while_held_and_restores_it_after_the_last_user():
    import sys

    from manysides.nlp import embeddings

    before = sys.getswitchinterval()
    with embeddings.quick_handover():
        assert sys.getswitchinterval() == min(before, embeddings.HANDOVER_SECONDS)
        with embeddings.quick_handover():  # a second user (another thread's run) nests
            pass
        assert sys.getswitchinterval() == min(before, embeddings.HANDOVER_SECONDS)  # the first still holds it
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), embeddings.quick_handover():
        raise RuntimeError("a failed run still restores the interval")
    assert sys.getswitchinterval() == before


def test_annotate_leaves_the_switch_interval_as_it_found_it(nlp):
    import sys

    from manysides.io import document_from_text
    from manysides.pipeline import annotate

    before = sys.getswitchinterval()
    states = list(annotate([document_from_text("Ann Roe praised the harbour plan.", f"d{n}") for n in range(3)], nlp))
    assert len(states) == 3 and sys.getswitchinterval() == before


def test_map_threaded_keeps_input_order():
    work = list(range(40, 0, -1))
    assert map_threaded(lambda n: n * n, work, workers=4) == [n * n for n in work]
    assert map_threaded(lambda n: n * n, work, workers=1) == [n * n for n in work]


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
