"""Checks for the "Your turn" exercises: you write the function, a check says whether it is right.

Each ``check_<name>(fn)`` takes your function (the same signature and result as the package
function it mirrors), runs it on a fixed small case and on seeded random ones (batch > 1,
hidden != input, nonzero biases), compares it with the package, prints a short verdict and
returns True or False. When the answer is wrong it says which output and which entry,
expected against got, and, where it recognises one, the mistake in the book's notation.
It never raises: a stub that raises ``NotImplementedError`` is reported as "not implemented yet".

    >>> from lstm_lessons.exercises import check_forget_gate
    >>> def my_forget_gate(params, z_t):
    ...     raise NotImplementedError  # your code here
    >>> check_forget_gate(my_forget_gate)
    check_forget_gate: not implemented yet (your function raises NotImplementedError).
    False

| check | your function |
|---|---|
| ``check_rnn_step`` | ``fn(params, x_t, h_prev) -> h_t`` |
| ``check_forget_gate`` | ``fn(params, z_t) -> f_t`` |
| ``check_cell_state`` | ``fn(f_t, C_prev, i_t, C_tilde) -> C_t`` |
| ``check_cell_state_gradient`` | ``fn(fs) -> dC_T/dC_0`` |
| ``check_lstm_step`` | ``fn(params, x_t, h_prev, C_prev) -> (h_t, C_t)`` |
| ``check_lstm_step_backward`` | ``fn(params, x_t, h_prev, C_prev, dh_t, dC_t) -> (grads, dx_t, dh_prev, dC_prev)`` |
| ``check_peephole_step`` | ``fn(params, x_t, h_prev, C_prev) -> (h_t, C_t)`` |
| ``check_coupled_step`` | ``fn(params, x_t, h_prev, C_prev) -> (h_t, C_t)`` |
| ``check_gru_step`` | ``fn(params, x_t, h_prev) -> h_t`` |
| ``check_gru_step_backward`` | ``fn(params, x_t, h_prev, dh_t) -> (grads, dx_t, dh_prev)`` |
| ``check_clip_grad_norm`` | ``fn(grads, max_norm) -> dict of clipped gradients`` |
| ``check_softmax_temperature`` | ``fn(logits, temperature) -> probs`` |
| ``check_causal_attention`` | ``fn(Q, K, V) -> out`` |
| ``check_bidirectional`` | ``fn(forward_cell, backward_cell, xs) -> hs`` |

The checkers compare with the package: they may import ``cells``, ``training``, ``text`` and
``series`` (never ``presentation``, ``experiments`` or ``figures``), and nothing imports them.
"""

from .attention import check_causal_attention
from .backward import check_lstm_step_backward
from .bidirectional import check_bidirectional
from .clipping import check_clip_grad_norm
from .gradients import check_cell_state_gradient
from .gru import check_gru_step, check_gru_step_backward
from .lstm import check_cell_state, check_forget_gate, check_lstm_step
from .rnn import check_rnn_step
from .sampling import check_softmax_temperature
from .variants import check_coupled_step, check_peephole_step

__all__ = [
    "check_rnn_step",
    "check_forget_gate",
    "check_cell_state",
    "check_cell_state_gradient",
    "check_lstm_step",
    "check_lstm_step_backward",
    "check_peephole_step",
    "check_coupled_step",
    "check_gru_step",
    "check_gru_step_backward",
    "check_clip_grad_norm",
    "check_softmax_temperature",
    "check_causal_attention",
    "check_bidirectional",
]
