import numpy as np
import pytest

from lstm_lessons.tasks import AddingProblem, FirstSymbol, SpikeInterval, Story


def rng(seed=0):
    return np.random.default_rng(seed)


def test_adding_problem_shapes_markers_and_targets():
    xs, y = AddingProblem(T=50).sample(64, rng())
    assert xs.shape == (50, 64, 2) and y.shape == (64, 1)
    assert np.all(xs[:, :, 1].sum(axis=0) == 2)  # exactly two markers per sequence
    assert np.all(xs[:25, :, 1].sum(axis=0) == 1)  # one in each half
    np.testing.assert_allclose((xs[:, :, 0] * xs[:, :, 1]).sum(axis=0), y[:, 0])


def test_adding_problem_constant_predictor_scores_about_one_sixth():
    _, y = AddingProblem(T=20).sample(20000, rng())
    assert np.mean((y - 1.0) ** 2) == pytest.approx(AddingProblem.chance, abs=0.005)


def test_tasks_are_deterministic_given_the_seed():
    for task in (AddingProblem(10), FirstSymbol(10), Story(10)):
        a, b, c = task.sample(4, rng(1)), task.sample(4, rng(1)), task.sample(4, rng(2))
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        assert not np.array_equal(a[0], c[0])


def test_first_symbol_label_is_the_first_input():
    task = FirstSymbol(T=15, n_symbols=3, n_distractors=2)
    xs, labels = task.sample(100, rng())
    assert xs.shape == (15, 100, 6)
    np.testing.assert_array_equal(xs[0].argmax(axis=1), labels)
    assert np.all(xs[1:, :, :3] == 0)  # no symbol after the first step
    assert np.all(xs[-1, :, -1] == 1) and np.all(xs.sum(axis=2)[:-1] == 1)


def test_story_label_is_the_latest_subjects_pronoun():
    task = Story(T=10, p_change=0.5)
    tokens, labels = task.sample_tokens(200, rng())
    for b in range(200):
        subjects = [task.vocab[k] for k in tokens[:, b] if task.vocab[k] in task.he + task.she]
        assert labels[b] == (subjects[-1] in task.she)
    changed = [len({task.vocab[k] in task.she for k in tokens[:, b] if k < 6}) == 2 for b in range(200)]
    assert 60 < sum(changed) < 140  # about half the stories change subject
    assert task.decode(tokens[:, 0]).endswith("?")


def test_bad_task_arguments():
    with pytest.raises(ValueError, match="T >= 2"):
        AddingProblem(T=1)
    with pytest.raises(TypeError, match="T must be a positive integer"):
        FirstSymbol(T=2.0)
    with pytest.raises(ValueError, match="p_change must be a probability"):
        Story(p_change=2)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        AddingProblem(5).sample(3, 0)


def test_story_with_several_changes_labels_the_last_subject():
    task = Story(T=20, p_change=0.7, changes=3)
    tokens, labels = task.sample_tokens(2000, np.random.default_rng(0))
    n_subj = len(Story.he) + len(Story.she)
    for b in range(tokens.shape[1]):
        subjects = [int(k) for k in tokens[:, b] if k < n_subj]
        assert 1 <= len(subjects) <= 4
        assert labels[b] == (subjects[-1] >= len(Story.he))
    first = (tokens[0] >= len(Story.he)).astype(int)
    # neither the first subject nor its opposite answers the task
    assert 0.3 < np.mean(labels == first) < 0.95
    assert 0.05 < np.mean(labels != first) < 0.7
    n_changes = (tokens[1:-1] < n_subj).sum(axis=0)
    assert set(np.unique(n_changes)) == {0, 1, 2, 3}


def test_story_with_one_change_keeps_its_stream():
    a = Story(T=12, p_change=0.5).sample_tokens(50, np.random.default_rng(3))
    b = Story(T=12, p_change=0.5, changes=1).sample_tokens(50, np.random.default_rng(3))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@pytest.mark.parametrize("changes", [0, 10, 2.0])
def test_story_refuses_bad_changes(changes):
    with pytest.raises((TypeError, ValueError), match="changes"):
        Story(T=12, changes=changes)


def _gaps(xs):
    spikes = np.argwhere(xs[:, :, 0].T)  # (2 * batch, 2): (sequence, step), in order
    assert np.all(spikes[::2, 0] == np.arange(xs.shape[1])), "two spikes per sequence"
    return spikes[1::2, 1] - spikes[::2, 1]


def test_spike_interval_gaps_labels_and_positions():
    task = SpikeInterval(T=30, k=10, spread=3)
    xs, y = task.sample(4000, rng())
    assert xs.shape == (30, 4000, 1) and y.shape == (4000,)
    assert np.all(xs.sum(axis=(0, 2)) == 2) and set(np.unique(xs)) == {0.0, 1.0}
    gaps = _gaps(xs)
    assert set(gaps) == set(range(7, 13))  # k - spread ... k + spread - 1
    np.testing.assert_array_equal(y, gaps >= 10)
    assert 0.45 < y.mean() < 0.55  # balanced
    first = np.argmax(xs[:, :, 0], axis=0)
    assert first.min() == 0 and first.max() >= 15  # the first spike's time varies
    assert task.loss == "xent" and task.input_size == 1 and task.output_size == 2


def test_spike_interval_is_deterministic_and_checks_its_arguments():
    a, b = SpikeInterval().sample(8, rng(5)), SpikeInterval().sample(8, rng(5))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    with pytest.raises(ValueError, match="spread must be below k"):
        SpikeInterval(k=3, spread=3)
    with pytest.raises(ValueError, match="must fit"):
        SpikeInterval(T=12, k=10, spread=3)
    with pytest.raises(TypeError, match="k must be a positive integer"):
        SpikeInterval(k=2.5)
    with pytest.raises(TypeError, match="rng must be"):
        SpikeInterval().sample(2, 0)
