"""Sources: where pages come from. One module per kind of source."""
