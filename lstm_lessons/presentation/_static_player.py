"""Kernel-free HTML player for :func:`lstm_lessons.presentation.widgets.explore` (private).

The player is one ``<div class="lstm-explore">`` holding a range input per
slider, an ``<output>`` showing the slider's current value, one ``<img>`` and
a JSON block with every frame as a ``data:image/png`` URI.  A dozen lines of
inline JavaScript map slider positions to a frame index (row-major over the
sliders, like ``numpy.ravel_multi_index``) and swap the image.  There are no
external URLs, so the page needs no network, no CDN and no kernel.  Without
JavaScript the reader still sees the default frame.  The sliders sit in one grid
(label | track | value), so their tracks line up however long the labels are.
"""

import html
import json

NOTE = (
    "Static preview: frames were computed when the book was built; "
    "launch Binder (rocket icon at the top) to run it live."
)

_STYLE = """<style>
.lstm-explore{margin:.5em 0 1em}
.lstm-explore-title{font-weight:600;margin-bottom:.3em}
.lstm-explore-controls{display:grid;align-items:center;gap:.15em .6em;
grid-template-columns:max-content minmax(6em,16em) minmax(4em,max-content)}
.lstm-explore-slider{display:contents}
.lstm-explore-label{text-align:right}
.lstm-explore-slider input{width:100%;margin:0}
.lstm-explore-slider output{font-family:monospace}
.lstm-explore img{display:block;max-width:100%;height:auto;margin-top:.3em}
.lstm-explore-note{font-size:.85em;opacity:.75;margin:.3em 0 0}
.lstm-explore-live{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style>"""

# Runs once, where it is inserted: finds its own player through currentScript,
# so several players on one page (even identical ones) never clash.
_SCRIPT = """<script>(function () {
  var root = document.currentScript.parentNode;
  var data = JSON.parse(root.querySelector("script.lstm-explore-data").textContent);
  var inputs = root.querySelectorAll("input.lstm-explore-input");
  var img = root.querySelector("img.lstm-explore-frame");
  var live = root.querySelector(".lstm-explore-live");
  function update() {
    var k = 0;
    for (var d = 0; d < inputs.length; d++) {
      var j = parseInt(inputs[d].value, 10), text = data.values[d][j];
      k = k * data.values[d].length + j;
      root.querySelectorAll("output.lstm-explore-value")[d].textContent = text;
      inputs[d].setAttribute("aria-valuetext", text);
    }
    img.src = data.frames[data.index[k]];
    img.alt = data.alts[k];
    live.textContent = data.alts[k];
  }
  for (var d = 0; d < inputs.length; d++) inputs[d].addEventListener("input", update);
  update();
})();</script>"""


def render_player(title, labels, values, start, frames, index, note=NOTE, alts=None):
    """Return the self-contained HTML of a static slider player.

    Parameters
    ----------
    title : str
        Shown above the sliders and used in the image's alt text.
    labels : list of str, length D
        One label per slider.
    values : list of list of str
        ``values[d][j]`` is the text shown for position ``j`` of slider ``d``.
    start : list of int, length D
        Initial position of each slider.
    frames : list of str
        Distinct frames as ``data:`` URIs.
    index : list of int, length prod(len(v) for v in values)
        Frame (into ``frames``) for each grid point, row-major over sliders.
    note : str
        The line under the figure saying that this is a static preview.
    alts : list of str, optional, same length as ``index``
        What each grid point's frame shows, in words: its alt text, also announced in an
        ``aria-live`` region when a slider moves. Default: the title and the slider values.
    """
    k = 0
    for d, j in enumerate(start):
        k = k * len(values[d]) + j
    if alts is None:
        alts = []
        for flat in range(len(index)):
            js, rest = [], flat
            for vals in reversed(values):
                js.append(rest % len(vals))
                rest //= len(vals)
            shown = ", ".join(f"{lab} = {vals[j]}" for lab, vals, j in zip(labels, values, reversed(js), strict=True))
            alts.append((f"{title}: " if title else "") + shown)
    if len(alts) != len(index):
        raise ValueError(f"alts must have one entry per grid point ({len(index)}); got {len(alts)}")
    data = {"title": title, "labels": labels, "values": values, "frames": frames, "index": index, "alts": alts}
    blob = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    esc = html.escape
    rows = "".join(
        f'<label class="lstm-explore-slider"><span class="lstm-explore-label">{esc(lab)}</span>'
        f'<input class="lstm-explore-input" type="range" min="0" max="{len(vals) - 1}" step="1"'
        f' value="{j}" aria-label="{esc(lab)}">'
        f'<output class="lstm-explore-value">{esc(vals[j])}</output></label>'
        for lab, vals, j in zip(labels, values, start, strict=True)
    )
    heading = f'<div class="lstm-explore-title">{esc(title)}</div>' if title else ""
    return (
        f'<div class="lstm-explore">{_STYLE}{heading}'
        f'<div class="lstm-explore-controls">{rows}</div>'
        f'<img class="lstm-explore-frame" src="{frames[index[k]]}" alt="{esc(alts[k])}">'
        f'<p class="lstm-explore-live" aria-live="polite">{esc(alts[k])}</p>'
        f'<p class="lstm-explore-note">{esc(note)}</p>'
        f'<script type="application/json" class="lstm-explore-data">{blob}</script>'
        f"{_SCRIPT}</div>"
    )
