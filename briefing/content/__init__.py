"""Read and check the content: files, front matter, fields, registries, validation, assembly."""
