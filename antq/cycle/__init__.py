"""The reporting cycle (issue 27): obligations, progress, and the review of reports up the chain."""
