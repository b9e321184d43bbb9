from briefgen.edge.cli import entry_point

entry_point()
