"""Chapter 6, the whole cell: one step as a table, a hand-set cell that reads the story, its slider.

* :func:`format_step` prints every intermediate of one ``lstm_step`` as a small table.
* :func:`story_params` builds a two-unit LSTM, by hand, that answers the ``Story`` task
  (``tasks.Story``): unit 0 remembers the gender of the *latest* subject, unit 1 counts subjects.
* :func:`story_answers` runs it on a batch of stories; :func:`plot_story_slider` is the
  chapter's slider figure (the gender unit's forget bias and how hard a new subject erases).
"""

import matplotlib.pyplot as plt
import numpy as np

from ..activations import sigmoid
from ..lstm import LSTMCell
from ..style import GATE_COLORS, INK, style_context
from ..tasks import Story

READOUT = 10.0  # weight of the fixed readout p(she) = sigmoid(-READOUT * h_T)
STEP_COLUMNS = ("C_prev", "f", "i", "C_tilde", "C", "o", "h")
_HEADERS = {
    "C_prev": "C_{t-1}",
    "f": "f_t",
    "i": "i_t",
    "C_tilde": "C~_t",
    "C": "C_t",
    "o": "o_t",
    "h": "h_t",
}


def format_step(step, C_prev):
    """One LSTM step as a text table: one row per hidden unit, one column per quantity.

    Parameters
    ----------
    step : LSTMStep
        What ``lstm_step`` returns for one example: ``f, i, C_tilde, o, C, h``, each of
        shape (hidden,) or (1, hidden).
    C_prev : array, shape (hidden,) or (1, hidden)
        The cell state the step started from.

    Returns
    -------
    str
        The table, columns ``C_{t-1}, f_t, i_t, C~_t, C_t, o_t, h_t``, values to 3 decimals.
    """
    cols = {"C_prev": C_prev, **{k: getattr(step, k, None) for k in STEP_COLUMNS[1:]}}
    arrays = {}
    for name, value in cols.items():
        if value is None:
            raise ValueError(
                f"step must be an LSTMStep with fields f, i, C_tilde, o, C, h; it has no {name!r}"
            )
        arr = np.asarray(value, dtype=np.float64)
        if arr.ndim == 2 and arr.shape[0] == 1:
            arr = arr[0]
        if arr.ndim != 1:
            raise ValueError(
                f"{name} must have shape (hidden,) or (1, hidden), one example; "
                f"got {np.shape(value)}"
            )
        arrays[name] = arr
    sizes = {a.size for a in arrays.values()}
    if len(sizes) != 1:
        raise ValueError(
            f"every quantity must have the same number of units; got sizes {sorted(sizes)}"
        )
    lines = ["unit " + "".join(f"{_HEADERS[k]:>9s}" for k in STEP_COLUMNS)]
    for j in range(sizes.pop()):
        lines.append(f"{j:4d} " + "".join(f"{arrays[k][j]:9.3f}" for k in STEP_COLUMNS))
    return "\n".join(lines)


def story_params(gate=6.0, f_bias=None, erase=None):
    """Hand-set weights of a two-unit LSTM that reads ``tasks.Story`` sequences.

    The input is one-hot, so each weight column belongs to one word, and the recurrent
    columns (which read ``h_{t-1}``) are zero: each gate's pre-activation is its bias
    plus the weight of the current word.

    * Unit 0, *gender*: a subject word closes the forget gate (erasing the old subject),
      opens the input gate and writes ``C~ = +0.995`` for "he" words, ``-0.995`` for "she"
      words; filler words keep the memory (forget gate open, input gate shut). The output
      gate opens only at the final ``?``, so the memory is shown only when it is asked for.
    * Unit 1, *counter*: never forgets (forget bias ``3 * gate``), writes ``+0.5`` at every
      subject and always shows it.

    Parameters
    ----------
    gate : float
        How decisively gates open and close: pre-activations are ``+-gate``.
    f_bias : float, optional
        Unit 0's forget-gate bias, i.e. its forget pre-activation on filler words
        (``gate`` by default).
    erase : float, optional
        How much a subject word lowers unit 0's forget pre-activation (``2 * gate`` by default).

    Returns
    -------
    params : dict
        ``W_f, W_i, W_C, W_o`` of shape (2, 2 + 17) and ``b_f, b_i, b_C, b_o`` of shape (2,),
        ready for ``LSTMCell(Story.input_size, 2).params``.
    """
    gate = float(gate)
    if not gate > 0:
        raise ValueError(f"gate must be a positive pre-activation size; got {gate!r}")
    f_bias = gate if f_bias is None else float(f_bias)
    erase = 2 * gate if erase is None else float(erase)
    H, V = 2, Story.input_size
    he = [Story.vocab.index(w) for w in Story.he]
    she = [Story.vocab.index(w) for w in Story.she]
    subj, query = he + she, Story.vocab.index("?")
    W = {g: np.zeros((H, H + V)) for g in "fiCo"}
    b = {
        "f": np.array([f_bias, 3 * gate]),
        "i": np.array([-gate, -gate]),
        "C": np.zeros(H),
        "o": np.array([-gate, gate]),
    }
    col = np.array(subj) + H  # the columns that read x_t come after the H that read h_{t-1}
    W["f"][0, col] = -erase  # a new subject erases the gender memory ...
    W["i"][:, col] = 2 * gate  # ... and both units write at a subject
    W["C"][0, np.array(he) + H], W["C"][0, np.array(she) + H] = 3.0, -3.0  # tanh(3) = 0.995
    W["C"][1, col] = np.arctanh(0.5)  # the counter adds 0.5 per subject
    W["o"][0, query + H] = 2 * gate  # show the gender only when asked
    return {**{f"W_{g}": W[g] for g in "fiCo"}, **{f"b_{g}": b[g] for g in "fiCo"}}


def story_answers(params, tokens):
    """Run the hand-set cell on stories and read the answer off unit 0 at the last step.

    Parameters
    ----------
    params : dict from :func:`story_params`
    tokens : int array, shape (T, batch)
        Token ids, as ``Story.sample_tokens`` gives them.

    Returns
    -------
    answers : int array, shape (batch,)
        0 ("he") where ``h_T`` of unit 0 is positive, else 1 ("she").
    p_she : array, shape (batch,)
        A fixed readout's probability of "she": ``sigmoid(-READOUT * h_T)``, 0.5 when
        unit 0 shows nothing, near 0 or 1 when it shows a clear memory.
    cell : LSTMCell
        The cell after the forward pass (``cell.gates``, ``cell.states`` hold every step).
    """
    tokens = np.asarray(tokens)
    if tokens.ndim != 2 or not np.issubdtype(tokens.dtype, np.integer):
        raise ValueError(
            f"tokens must be an int array of shape (T, batch); got {tokens.dtype} {tokens.shape}"
        )
    story = Story(T=max(tokens.shape[0], 4))
    cell = LSTMCell(Story.input_size, 2)
    cell.params.update({k: np.array(v, dtype=np.float64) for k, v in params.items()})
    hs, _ = cell.forward(story.encode(tokens))  # (T, B, 2)
    h_T = hs[-1, :, 0]  # (B,) unit 0 at the "?"
    return np.where(h_T > 0, 0, 1), sigmoid(-READOUT * h_T), cell


def story_scores(f_bias=6.0, erase=12.0, seed=3, n_stories=500):
    """The hand-set cell on ``n_stories`` stories: ``(accuracy, p(right answer), run)``.

    ``p(right answer)`` is the mean probability the readout gives the correct pronoun;
    ``run`` is ``(task, tokens, cell)`` for drawing one of the stories.
    """
    task = Story(T=12, p_change=0.5)
    tokens, labels = task.sample_tokens(n_stories, np.random.default_rng(seed))
    answers, p_she, cell = story_answers(story_params(f_bias=f_bias, erase=erase), tokens)
    confidence = float(np.mean(np.where(labels == 1, p_she, 1 - p_she)))
    return float(np.mean(answers == labels)), confidence, (task, tokens, cell)


def plot_story_slider(f_bias=6.0, erase=12.0, seed=3, n_stories=500):
    """The slider figure: unit 0's forget gate and memory over one story, and the accuracy on many.

    Parameters
    ----------
    f_bias, erase : float
        Passed to :func:`story_params` (the gender unit's forget bias and erase weight).
    seed : int
        Picks the stories (the first one, in which the subject changes, is drawn).
    n_stories : int
        How many stories the accuracy in the title is measured on.

    Returns
    -------
    matplotlib.figure.Figure
    """
    accuracy, confidence, (task, tokens, cell) = story_scores(f_bias, erase, seed, n_stories)
    subjects = [Story.vocab.index(w) for w in Story.he + Story.she]
    k = int(np.flatnonzero(np.isin(tokens[1:-1], subjects).any(axis=0))[0])  # subject changes
    words = task.decode(tokens[:, k]).split()
    t = np.arange(len(words))
    f, C, h = cell.gates["f"][:, k, 0], cell.states["C"][:, k, 0], cell.states["h"][:, k, 0]
    with style_context():
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7.5, 4.6), sharex=True)
        ax1.bar(t, f, color=GATE_COLORS["forget"], width=0.6)
        ax1.set(
            ylim=(0, 1.05),
            ylabel="forget gate $f_t$",
            title=f"{n_stories} stories: {accuracy:.0%} right, p(right answer) = {confidence:.2f}",
        )
        ax2.axhline(0, color=INK, lw=0.8)
        ax2.plot(t, C, "o-", color=GATE_COLORS["cell"], lw=2, label="cell state $C_t$")
        ax2.plot(t, h, "s--", color=GATE_COLORS["hidden"], lw=1.5, label="hidden state $h_t$")
        ax2.set(ylim=(-1.15, 1.15), ylabel="unit 0 (gender)", xlabel="input token")
        ax2.set_xticks(t, words, rotation=30, ha="right")
        ax2.legend(loc="lower left", ncol=2)
        answer = "he" if h[-1] > 0 else "she"
        ax2.annotate(
            f"$h_T$ = {h[-1]:+.3f}: '{answer}'",
            (t[-1], h[-1]),
            xytext=(-120, 18 if h[-1] < 0.5 else -28),
            textcoords="offset points",
            arrowprops=dict(arrowstyle="->", color=INK),
        )
    return fig


def plot_adding_gates(
    cell, xs, units=None, title="Inside the trained LSTM: one adding-problem sequence"
):
    """Input gate, forget gate and cell state over one adding-problem sequence, markers shown.

    Parameters
    ----------
    cell : LSTMCell
        A cell trained on ``tasks.AddingProblem`` (``input_size=2``).
    xs : array, shape (T, 1, 2)
        One sequence: numbers in channel 0, the 0/1 markers in channel 1.
    units : sequence of int, optional
        Which hidden units to show (all by default).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..plots import plot_gate_heatmap

    xs = np.asarray(xs, dtype=np.float64)
    if xs.ndim != 3 or xs.shape[1:] != (1, 2):
        raise ValueError(
            f"xs must be one adding-problem sequence of shape (T, 1, 2); got {xs.shape}"
        )
    cell.forward(xs)
    units = list(range(cell.hidden_size)) if units is None else list(units)
    shown = {
        "i": cell.gates["i"][:, 0, units],
        "f": cell.gates["f"][:, 0, units],
        "C": cell.states["C"][:, 0, units],
    }
    fig = plot_gate_heatmap(shown, title=title)
    maps = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    marks = np.flatnonzero(xs[:, 0, 1])  # the two marked steps
    for ax in maps:
        ax.plot(
            marks, np.full(marks.size, -0.5), "v", color=INK, ms=7, clip_on=False
        )  # above the top row
        ax.set_yticks(range(len(units)), [str(u) for u in units], fontsize=8)
    maps[0].annotate(
        "marked steps",
        (marks[0], -0.5),
        xytext=(8, 4),
        textcoords="offset points",
        fontsize=9,
        va="bottom",
        annotation_clip=False,
    )
    return fig
