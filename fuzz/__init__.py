"""The API fuzzer (run_api_fuzz.py) and the data it runs against (seed.py)."""
