"""Rules as data: the YAML rule catalogue, its expression language, and its compiled form."""
