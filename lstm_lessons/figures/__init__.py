"""Chapter-specific computations and figures, one module per chapter topic.

The top layer: may import every other layer (``cells``, ``training``, ``text``, ``series``,
``presentation``, ``experiments``) but not ``exercises`` or ``interop``; nothing imports it.
"""
