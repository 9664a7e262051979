"""Qt widgets: thin views over domain objects that emit intent signals with plain ids."""
