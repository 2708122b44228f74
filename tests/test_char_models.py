"""The recipe of the character models, and the weights shipped with the package."""

import numpy as np
import pytest

from lstm_lessons.text import char_models
from lstm_lessons.training.stream import bits_per_char


def test_the_recipe_builds_models_and_texts():
    train, held_out = char_models.texts()
    assert len(train) >= char_models.TRAIN and len(held_out) >= char_models.HELD_OUT
    model = char_models.new_model("gru", seed=1)
    assert model.per_step and model.cell.hidden_size == char_models.HIDDEN and model.cell.input_size == 46
    with pytest.raises(ValueError, match="kind must be one of"):
        char_models.new_model("transformer", 0)


@pytest.mark.parametrize("kind", sorted(char_models.KINDS))
def test_every_shipped_model_loads_and_beats_the_uniform_guess(kind):
    _, held_out = char_models.texts()
    ids = char_models.vocabulary().encode(held_out.text[:3000])
    for seed in char_models.SEEDS:
        model = char_models.load(kind, seed)
        assert isinstance(model.params["readout.W"], np.ndarray) and model.params["readout.W"].dtype == np.float64
        assert bits_per_char(model, ids) < 0.9  # uniform: log2(46) = 5.5 bits
    with pytest.raises(ValueError, match="has no lstm model for seed 7"):
        char_models.load("lstm", 7)


def test_the_shipped_file_is_small():
    assert char_models.DATA.stat().st_size < 1_000_000


@pytest.mark.slow
def test_the_shipped_lstm_is_what_the_recipe_makes():
    """Retrain the seed-0 LSTM (about 90 s on one core) and compare with the shipped weights.

    On the machine that made the file the weights agree to float32 rounding; elsewhere a different
    BLAS may round differently and training can drift, so the held-out loss is compared too.
    """
    model, _ = char_models.train("lstm", 0)
    shipped = char_models.load("lstm", 0)
    ids = char_models.vocabulary().encode(char_models.texts()[1].text)
    assert abs(bits_per_char(model, ids) - bits_per_char(shipped, ids)) < 0.01
    gap = max(np.abs(model.params[k].astype(np.float32) - shipped.params[k]).max() for k in model.params)
    print(f"largest weight difference from the shipped file: {gap:.1e}")
