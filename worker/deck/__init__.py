"""Reading decks: the package, its theme and its parts."""
