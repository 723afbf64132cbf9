"""Composition root: wires config -> transports -> drivers -> services -> flow -> UI. Nothing imports it."""
