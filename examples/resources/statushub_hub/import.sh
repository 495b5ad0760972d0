# A hub is imported by its id.
terraform import statushub_hub.example hub_5f0c2d9e8b7a6f1e4d3c
