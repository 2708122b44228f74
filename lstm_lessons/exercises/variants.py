"""Checks for the LSTM's variants: the peephole step (chapter 7) and the coupled step (chapter 8)."""

from ..cells.coupled import CoupledLSTMCell, coupled_step
from ..cells.peephole import PeepholeLSTMCell, peephole_step
from ._checking import Hypothesis, run
from .lstm import step_check

_O_RULE = "o_t = sigmoid(W_o @ z_t + p_o * C_t + b_o)"


def check_peephole_step(fn):
    """Check ``fn(params, x_t, h_prev, C_prev) -> (h_t, C_t)``, one peephole-LSTM step, against ``peephole_step``.

    ``params`` is the LSTM's plus the peephole weights ``p_f, p_i, p_o`` of shape (hidden,):
    f_t and i_t add ``p * C_{t-1}``; o_t adds ``p_o * C_t``, the *new* cell state.
    Prints a verdict and returns True or False.
    """
    check = step_check("check_peephole_step", peephole_step, "peephole", PeepholeLSTMCell)
    peep = (
        Hypothesis(
            {"o_peeks": "C_prev"},
            f"the output gate's peephole reads C_{{t-1}}; o_t looks at the new cell "
            f"state C_t: {_O_RULE}.",
        ),
        Hypothesis(
            {"no_peep": ("f", "i", "o")},
            "the peepholes are missing (this is the plain LSTM): f_t and i_t "
            f"add p_f * C_{{t-1}} and p_i * C_{{t-1}}, and {_O_RULE}.",
        ),
        Hypothesis({"no_peep": ("f",)}, "the peephole term p_f * C_{t-1} is missing from f_t."),
        Hypothesis({"no_peep": ("i",)}, "the peephole term p_i * C_{t-1} is missing from i_t."),
        Hypothesis(
            {"no_peep": ("o",)}, f"the peephole term p_o * C_t is missing from o_t: {_O_RULE}."
        ),
    )
    return run(check._replace(hypotheses=peep + check.hypotheses), fn)


def check_coupled_step(fn):
    """Check ``fn(params, x_t, h_prev, C_prev) -> (h_t, C_t)``, one coupled-gate step, against ``coupled_step``.

    The input gate is ``1 - f_t``: ``C_t = f_t * C_{t-1} + (1 - f_t) * C~_t``. ``params`` holds
    ``W_f, W_C, W_o`` and ``b_f, b_C, b_o`` (no ``W_i``). Prints a verdict and returns True or False.
    """
    check = step_check("check_coupled_step", coupled_step, "coupled", CoupledLSTMCell)

    def hint(err, case):
        if isinstance(err, KeyError) and "_i" in str(err):
            return ["The coupled cell has no input-gate weights: its input gate is 1 - f_t."]
        return check.hint(err, case)

    return run(check._replace(hint=hint), fn)
