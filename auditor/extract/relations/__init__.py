"""Relations between figures: one protocol (:mod:`.base`), one module per kind."""
