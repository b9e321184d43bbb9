"""The edge: the command line, the process that writes the DOCX alongside the PDF, atomic
output, and the user's cache folder. The only code that prints, exits or touches the disk.
"""
