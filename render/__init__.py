"""Renderers and the language layer: one explanation as text, JSON, Markdown, HTML and SVG,
in English or French. Renderers format; they decide nothing."""
