"""Presentation: the book's colours, cell diagrams, plots, sliders and result tables.

* ``style``: one colour per gate and per model across the book.
* ``diagrams`` (with ``_drawing``, ``_cell_layouts``, ``_symbols``, ``_unrolled``): cell diagrams.
* ``plots`` (with ``_heatmap``): the plots several chapters share.
* ``widgets`` (with ``_sliders``, ``_static_player``): ``explore``, sliders that also work in
  the static book.
* ``_tables``, ``_text_image``: result tables as HTML or Markdown; coloured text as an image.

May import: ``lstm_lessons.cells``, ``lstm_lessons.training`` and the top-level helpers.
Never ``text``, ``series``, ``experiments`` or ``figures``: it draws what it is given.
"""
