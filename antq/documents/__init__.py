"""Plans and documents (issue 14): reading DOCX/PDF/text documents, extracting what they say by
named rules, the registry of the plan cascade, and plan versus result.

readers (file -> text), dates (Vietnamese formats; numbers: antq.vietnamese_numbers), extract (the rules), figures (the
indicator catalogue's figures in text), places (names -> registry units), registry (store),
cascade (the tree and plan versus result), seeds (the five real plans in the demo data).
"""
