"""Chapter-specific computations and figures, one module per chapter topic."""
