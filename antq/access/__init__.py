"""Accounts and province-scoped access (docs/access.md).

- `store`: the grants in DuckDB and their recorded changes;
- `policy.decide`: who is this user -> role and scope, in one function, deny by default;
- `scope`: what a scope covers in either unit system (the 2025 -> 2008 lineage);
- `imports`: an import's author and the scope check of its rows;
- `web`: the Streamlit side (sign-in gate, the scope inside every Selection);
- `cli`: `python -m antq access grant|revoke|list`.
"""
