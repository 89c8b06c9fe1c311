"""The package version (from scripts/generator-config.yaml; pyproject.toml reads it from here)."""

__version__ = "0.1.0"
