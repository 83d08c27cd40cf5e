"""Reading rule folders, cases and overlays from YAML into the validated model, with every
check a schema cannot make."""
