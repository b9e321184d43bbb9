"""The edge: the command line, the process that writes the DOCX alongside the PDF, and atomic
output. The only code that prints, exits or writes an output file; no other stage imports it (the
user's cache folder is the caches', `briefgen.disk_cache`).
"""
