# A component is imported by its hub's id and its own id, joined by a slash.
terraform import statushub_component.example hub_5f0c2d9e8b7a6f1e4d3c/cmp_a1b2c3d4e5f60718293a
