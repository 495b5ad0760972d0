# A key is imported by its member's id and its own id, joined by a slash.
# The secret cannot be read back: it stays null in the state until the key
# is reset or replaced.
terraform import statushub_api_key.example mem_0d1e2f3a4b5c6d7e8f90/key_9a8b7c6d5e4f3a2b1c0d
