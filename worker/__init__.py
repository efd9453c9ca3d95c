"""Slidepress core: jobs, queue, pool, engines and command line. Imports no widgets."""

__version__ = "0.1.0"
