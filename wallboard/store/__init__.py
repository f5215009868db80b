"""The response store: tables, engine, schema, and one module of reads per consumer."""
