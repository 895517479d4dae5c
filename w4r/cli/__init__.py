"""The w4r command line: Typer commands only; layout and rules live elsewhere."""
