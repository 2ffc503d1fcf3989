"""Text layer: codes and parameters rendered as words in 中文 or English, from one catalogue.
Imports nothing else of the project: every layer may use it."""
