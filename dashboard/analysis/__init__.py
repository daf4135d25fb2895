"""Analysis layer: filter, weight, estimate and suppress. DataFrames in, DataFrames out."""
