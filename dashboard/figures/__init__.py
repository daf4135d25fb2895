"""Figure builders: DataFrame in, a plotly figure as a plain dict (base.py says why) and its text description out."""
