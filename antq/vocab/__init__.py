"""The project's one vocabulary: every rule and category list that schema, queries, importer,
demo, i18n and charts share lives in a module of this package, and nowhere else.

Each module names what it holds (the unit-system rule, categories, plausibility bounds,
the indicator catalogue); a test checks that the schema and SQL agree with it.
"""
