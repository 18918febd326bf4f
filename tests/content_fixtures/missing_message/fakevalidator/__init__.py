"""A stand-in validator package for the content check test: one module declares its codes."""
