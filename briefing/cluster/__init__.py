"""Clustering: article features and vectors, the neighbour graph, stories with stable ids."""
