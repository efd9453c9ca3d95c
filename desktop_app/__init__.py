"""The Slidepress window: a thin Qt layer over the job API in ``worker.jobs``."""
