"""The reporting cycle (issue 27): obligations, reporting progress, review up the chain."""
