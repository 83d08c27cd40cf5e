"""verdict's engine: loading, evaluation, explanation. Version of the verdict distribution below."""

__version__ = "0.1.0"
