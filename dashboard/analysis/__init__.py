"""Analysis layer: filter, weight, estimate and suppress. Frames and cell tables in; estimate
tables out, by column or as DataFrames."""
