"""Statistics layer: frames in, frames out. Distributions, reliability, rater effects, source
gaps, trend attribution, potential, and the shared helpers they use.

Never imports the store, findings, export or Streamlit: a statistic knows nothing of where its
rows came from or who reads its result.
"""
