"""w4r: Write for Rights letters, solidarity cards and envelopes as print-ready PDFs."""

__version__ = "0.1.0"
