"""The demo articles, one module per group of topics."""
