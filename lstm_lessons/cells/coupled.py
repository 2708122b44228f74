"""The LSTM with coupled forget and input gates (CIFG).

The cell writes exactly as much as it forgets: the input gate is ``1 - f_t``.

    f_t  = sigmoid(W_f @ z_t + b_f)
    C~_t = tanh(W_C @ z_t + b_C)
    C_t  = f_t * C_{t-1} + (1 - f_t) * C~_t
    o_t  = sigmoid(W_o @ z_t + b_o)
    h_t  = o_t * tanh(C_t)

Three weight matrices instead of four: a quarter fewer parameters than the LSTM.
"""

from .._validate import check_step_inputs
from .lstm import (
    LSTMCell,
    LSTMStep,
    candidate,
    cell_state,
    concat,
    forget_gate,
    hidden_state,
    output_gate,
)


def coupled_step(params, x_t, h_prev, C_prev):
    """One coupled-gate step. Returns ``LSTMStep`` with ``i = 1 - f``."""
    x_t, h_prev, C_prev = check_step_inputs(params, "W_f", x_t, h_prev, C_prev)
    z_t = concat(h_prev, x_t)  # (B, H+D)
    f_t = forget_gate(params, z_t)  # (B, H)
    i_t = 1.0 - f_t  # (B, H): only forget when something new comes in
    C_tilde = candidate(params, z_t)  # (B, H)
    C_t = cell_state(f_t, C_prev, i_t, C_tilde)  # (B, H)
    o_t = output_gate(params, z_t)  # (B, H)
    h_t = hidden_state(o_t, C_t)  # (B, H)
    return LSTMStep(f_t, i_t, C_tilde, o_t, C_t, h_t)


class CoupledLSTMCell(LSTMCell):
    """The LSTM with ``i_t = 1 - f_t``. ``cell.gates`` holds ``"f", "C_tilde", "o"``."""

    gate_names = ("f", "C_tilde", "o")
    variant = "coupled"

    def _param_shapes(self):
        H, D = self.hidden_size, self.input_size
        shapes = {f"W_{g}": (H, H + D) for g in ("f", "C", "o")}
        shapes.update({f"b_{g}": (H,) for g in ("f", "C", "o")})
        return shapes
