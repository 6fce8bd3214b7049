"""The Tweede and Eerste Kamer registers: files a user downloaded or saved (readers.py), stored
beside the letters (store.py), and compared with what the letters say (compare.py)."""
