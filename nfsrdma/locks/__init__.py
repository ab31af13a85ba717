"""The one byte-range lock manager NFSv4 (LOCK/LOCKT/LOCKU) and NLM share: sans-I/O tables of
who holds which bytes of which file, and who waits (``manager``), and what each protocol's
(offset, length) means (``ranges``)."""
