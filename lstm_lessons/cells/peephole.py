"""The LSTM with peephole connections (Gers & Schmidhuber 2000).

The gates also look at the cell state, through diagonal (elementwise) weights:

    f_t  = sigmoid(W_f @ z_t + p_f * C_{t-1} + b_f)
    i_t  = sigmoid(W_i @ z_t + p_i * C_{t-1} + b_i)
    C~_t = tanh(W_C @ z_t + b_C)
    C_t  = f_t * C_{t-1} + i_t * C~_t
    o_t  = sigmoid(W_o @ z_t + p_o * C_t + b_o)      (o sees the *new* cell state)
    h_t  = o_t * tanh(C_t)

``p_f, p_i, p_o`` have shape ``(hidden,)``: unit j's gate sees only unit j's cell,
the form of the papers and of TensorFlow's peephole cell. With ``p = 0`` this is the LSTM.
"""

from .._validate import check_step_inputs
from .activations import sigmoid
from .lstm import LSTMCell, LSTMStep, candidate, cell_state, concat, hidden_state


def peephole_step(params, x_t, h_prev, C_prev):
    """One peephole-LSTM step. Same arguments and result as ``lstm_step``; ``params`` adds ``p_f, p_i, p_o``."""
    x_t, h_prev, C_prev = check_step_inputs(params, "W_f", x_t, h_prev, C_prev)
    z_t = concat(h_prev, x_t)  # (B, H+D)
    f_t = sigmoid(z_t @ params["W_f"].T + params["p_f"] * C_prev + params["b_f"])  # (B, H)
    i_t = sigmoid(z_t @ params["W_i"].T + params["p_i"] * C_prev + params["b_i"])  # (B, H)
    C_tilde = candidate(params, z_t)  # (B, H)
    C_t = cell_state(f_t, C_prev, i_t, C_tilde)  # (B, H)
    o_t = sigmoid(z_t @ params["W_o"].T + params["p_o"] * C_t + params["b_o"])  # (B, H)
    h_t = hidden_state(o_t, C_t)  # (B, H)
    return LSTMStep(f_t, i_t, C_tilde, o_t, C_t, h_t)


class PeepholeLSTMCell(LSTMCell):
    """``LSTMCell`` plus diagonal peephole weights ``p_f, p_i, p_o`` (initialised to zero)."""

    variant = "peephole"

    def _param_shapes(self):
        shapes = super()._param_shapes()
        shapes.update({f"p_{g}": (self.hidden_size,) for g in ("f", "i", "o")})
        return shapes
