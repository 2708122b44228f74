"""Chapter 6, the whole cell: one step as a table, a hand-set cell that reads the story, its slider.

* :func:`format_step` prints every intermediate of one ``lstm_step`` as a small table.
* :func:`story_params` builds a two-unit LSTM, by hand, that answers the ``Story`` task
  (``tasks.Story``): unit 0 remembers the gender of the *latest* subject, unit 1 counts subjects.
* :func:`story_answers` runs it on a batch of stories; :func:`plot_story_slider` is the
  chapter's slider figure (the gender unit's forget bias and how hard a new subject erases),
  :func:`describe_story_slider` says in words what each of its frames shows. The heat map and
  the slider draw the same story, the one :func:`middle_change` picks.
* :func:`marker_unit` finds the unit of a trained adding-problem LSTM whose input gate opens at
  the marked steps; :func:`plot_adding_gates` and :func:`plot_adding_unit` show it.
"""

import matplotlib.pyplot as plt
import numpy as np

from ..cells.activations import sigmoid
from ..cells.lstm import LSTMCell
from ..presentation.style import GATE_COLORS, INK, style_context
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


def middle_change(tokens, margin=3):
    """The first story whose subject changes in the middle: the story the chapter draws.

    A new subject must enter at least ``margin`` words after the first one and at least
    ``margin`` words before the final ``?``, so the held memory is visible on both sides.

    Parameters
    ----------
    tokens : int array, shape (T, batch)
    margin : int

    Returns
    -------
    int
        The story's column in ``tokens``.
    """
    tokens = np.asarray(tokens)
    if tokens.ndim != 2 or not np.issubdtype(tokens.dtype, np.integer):
        raise ValueError(
            f"tokens must be an int array of shape (T, batch); got {tokens.dtype} {tokens.shape}"
        )
    subjects = [Story.vocab.index(w) for w in Story.he + Story.she]
    T = tokens.shape[0]
    inside = np.isin(tokens[margin : T - margin], subjects).any(axis=0)  # (batch,)
    found = np.flatnonzero(inside)
    if not found.size:
        raise ValueError(
            f"no story in these {tokens.shape[1]} changes its subject between word {margin} "
            f"and word {T - 1 - margin}; sample more stories"
        )
    return int(found[0])


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
        Picks the stories; the one :func:`middle_change` picks is drawn.
    n_stories : int
        How many stories the accuracy in the title is measured on.

    Returns
    -------
    matplotlib.figure.Figure
    """
    accuracy, confidence, (task, tokens, cell) = story_scores(f_bias, erase, seed, n_stories)
    k = middle_change(tokens)
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


def describe_story_slider(f_bias=6.0, erase=12.0, seed=3, n_stories=500):
    """One sentence saying what the slider frame at ``f_bias, erase`` shows (its alt text)."""
    accuracy, confidence, (task, tokens, cell) = story_scores(f_bias, erase, seed, n_stories)
    k = middle_change(tokens)
    words = task.decode(tokens[:, k]).split()
    f, C = cell.gates["f"][:, k, 0], cell.states["C"][:, k, 0]
    h_T = cell.states["h"][-1, k, 0]
    subjects = [t for t, w in enumerate(words) if w in Story.he + Story.she]
    filler = [t for t in range(len(words)) if t not in subjects and words[t] != "?"]
    new = subjects[-1]
    return (
        f"Forget bias {f_bias:g}, erase weight {erase:g}: on the story '{' '.join(words)}', "
        f"unit 0's forget gate is {f[filler].min():.2f} to {f[filler].max():.2f} at the filler "
        f"words and {f[new]:.2f} at '{words[new]}'; its memory is {C[new]:+.2f} after "
        f"'{words[new]}' and it answers h_T = {h_T:+.3f} ('{'he' if h_T > 0 else 'she'}'). "
        f"Over {n_stories} stories {accuracy:.0%} are right and p(right answer) = {confidence:.2f}."
    )


def marker_unit(cell, xs):
    """The unit of a trained adding-problem LSTM that writes at the marked steps, and how it does.

    Runs ``cell`` on ``xs``. The unit chosen is the one whose mean input gate at the marked
    steps most exceeds its mean input gate at the other steps.

    Parameters
    ----------
    cell : LSTMCell
        A cell trained on ``tasks.AddingProblem`` (``input_size=2``).
    xs : array, shape (T, batch, 2)
        Adding-problem sequences: numbers in channel 0, the 0/1 markers in channel 1.

    Returns
    -------
    dict
        ``unit``; ``i_marked``, ``i_rest``: every unit's mean input gate at the marked steps and
        at the other steps, shape (hidden,); and for the chosen unit: ``jump_marked``,
        ``jump_rest``, the mean of ``abs(C_t - C_{t-1})`` at the marked and at the other steps;
        ``r_jump``, the correlation between ``C_t - C_{t-1}`` at a marked step and the number it
        marks; ``f_hold``, the lowest forget gate at the unmarked steps after the first mark;
        ``kept``, the mean over sequences of the product of the forget gates after the first
        mark: the share of the first write still in the cell at the last step.
    """
    xs = np.asarray(xs, dtype=np.float64)
    if xs.ndim != 3 or xs.shape[2] != 2:
        raise ValueError(
            f"xs must be adding-problem sequences of shape (T, batch, 2); got {xs.shape}"
        )
    marked = xs[:, :, 1] == 1  # (T, B)
    if not marked.any() or marked.all():
        raise ValueError("xs must have marked (channel 1 = 1) and unmarked steps")
    cell.forward(xs)
    i = cell.gates["i"]  # (T, B, H)
    i_marked, i_rest = i[marked].mean(axis=0), i[~marked].mean(axis=0)  # (H,) each
    u = int(np.argmax(i_marked - i_rest))
    C = cell.states["C"][:, :, u]  # (T, B)
    jump = np.diff(C, axis=0, prepend=0.0)  # C_t - C_{t-1}, with C_0 = 0
    after_first = np.cumsum(marked, axis=0) > 0  # (T, B): at or after the first mark
    hold = after_first & ~marked
    f = cell.gates["f"][:, :, u]  # (T, B)
    later = np.cumsum(after_first, axis=0) > 1  # (T, B): strictly after the first mark
    kept = np.prod(np.where(later, f, 1.0), axis=0)  # (B,)
    return {
        "unit": u,
        "i_marked": i_marked,
        "i_rest": i_rest,
        "jump_marked": float(np.abs(jump[marked]).mean()),
        "jump_rest": float(np.abs(jump[~marked]).mean()),
        "r_jump": float(np.corrcoef(jump[marked], xs[:, :, 0][marked])[0, 1]),
        "f_hold": float(f[hold].min()) if hold.any() else float("nan"),
        "kept": float(kept.mean()),
    }


def plot_adding_gates(
    cell, xs, units=None, highlight=None,
    title="Inside the trained LSTM: one adding-problem sequence",
):  # fmt: skip
    """Input gate, forget gate and cell state over one adding-problem sequence, markers shown.

    Parameters
    ----------
    cell : LSTMCell
        A cell trained on ``tasks.AddingProblem`` (``input_size=2``).
    xs : array, shape (T, 1, 2)
        One sequence: numbers in channel 0, the 0/1 markers in channel 1.
    units : sequence of int, optional
        Which hidden units to show (all by default).
    highlight : int, optional
        A unit to mark: a box around its row in every panel and its label in bold.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..presentation.plots import plot_gate_heatmap

    xs = np.asarray(xs, dtype=np.float64)
    if xs.ndim != 3 or xs.shape[1:] != (1, 2):
        raise ValueError(
            f"xs must be one adding-problem sequence of shape (T, 1, 2); got {xs.shape}"
        )
    units = list(range(cell.hidden_size)) if units is None else list(units)
    if highlight is not None and highlight not in units:
        raise ValueError(f"highlight must be one of the units shown {units}; got {highlight!r}")
    cell.forward(xs)
    shown = {
        "i": cell.gates["i"][:, 0, units],
        "f": cell.gates["f"][:, 0, units],
        "C": cell.states["C"][:, 0, units],
    }
    with style_context():
        fig, axes = plt.subplots(3, 1, figsize=(8, 1.4 + 0.3 * len(units) * 3), sharex=True)
    plot_gate_heatmap(shown, ax=axes, title=title)
    marks = np.flatnonzero(xs[:, 0, 1])  # the two marked steps
    T = xs.shape[0]
    for ax in axes:
        ax.plot(
            marks, np.full(marks.size, -0.5), "v", color=INK, ms=7, clip_on=False
        )  # above the top row
        ax.set_yticks(range(len(units)), [str(u) for u in units], fontsize=8)
        if highlight is not None:
            row = units.index(highlight)
            ax.add_patch(
                plt.Rectangle((-0.5, row - 0.5), T, 1, fill=False, ec=INK, lw=1.6, clip_on=False)
            )
            label = ax.get_yticklabels()[row]
            label.set_fontweight("bold")
    axes[0].annotate(
        "marked steps",
        (marks[0], -0.5),
        xytext=(8, 4),
        textcoords="offset points",
        fontsize=9,
        va="bottom",
        annotation_clip=False,
    )
    if highlight is not None:
        axes[-1].annotate(
            f"boxed: unit {highlight}",
            (1.0, -0.02),
            xycoords="axes fraction",
            xytext=(0, -28),
            textcoords="offset points",
            ha="right",
            fontsize=9,
            annotation_clip=False,
        )
    return fig


def plot_adding_unit(cell, xs, unit, title=None):
    """One unit over one adding-problem sequence: its input and forget gates, and its cell state.

    Dotted vertical lines mark the two marked steps, each labelled with the number it marks.

    Parameters
    ----------
    cell : LSTMCell
        A cell trained on ``tasks.AddingProblem``.
    xs : array, shape (T, 1, 2)
        One sequence.
    unit : int
        The hidden unit to draw.

    Returns
    -------
    matplotlib.figure.Figure
    """
    xs = np.asarray(xs, dtype=np.float64)
    if xs.ndim != 3 or xs.shape[1:] != (1, 2):
        raise ValueError(
            f"xs must be one adding-problem sequence of shape (T, 1, 2); got {xs.shape}"
        )
    if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not (
        0 <= unit < cell.hidden_size
    ):
        raise ValueError(f"unit must be an int in [0, {cell.hidden_size}); got {unit!r}")
    cell.forward(xs)
    t = np.arange(xs.shape[0])
    i, f = cell.gates["i"][:, 0, unit], cell.gates["f"][:, 0, unit]
    C = cell.states["C"][:, 0, unit]
    marks = np.flatnonzero(xs[:, 0, 1])
    with style_context():
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 4.6), sharex=True)
        ax1.plot(t, i, "-", color=GATE_COLORS["input"], lw=2, label="input gate $i_t$")
        ax1.plot(t, f, "--", color=GATE_COLORS["forget"], lw=2, label="forget gate $f_t$")
        ax1.set(ylim=(-0.05, 1.05), ylabel="gate value",
                title=title or f"Unit {unit}: its gates and its cell state")  # fmt: skip
        ax1.legend(loc="center left", ncol=2)
        ax2.plot(t, C, "-", color=GATE_COLORS["cell"], lw=2, label="cell state $C_t$")
        ax2.axhline(0, color=INK, lw=0.6)
        ax2.set(xlabel="time step $t$", ylabel=f"$C_t$ of unit {unit}")
        for ax in (ax1, ax2):
            for m in marks:
                ax.axvline(m, color=INK, ls=":", lw=1.2)
        for m in marks:
            ax2.annotate(
                f"marked number {xs[m, 0, 0]:.2f}",
                (m, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -4),
                textcoords="offset points",
                rotation=90,
                fontsize=9,
                ha="left",
                va="top",
                bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85),
            )
    return fig
