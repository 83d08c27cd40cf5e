"""Reading and writing files: YAML that remembers where each value stood, the cache on disk,
the limits of one file and of a whole rule base."""
