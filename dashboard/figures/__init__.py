"""Figure builders: DataFrame in, a plotly figure and a text description of it out."""
