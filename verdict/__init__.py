"""verdict: a legal-reasoning rule engine for French criminal complicity."""

__version__ = "0.1.0"
