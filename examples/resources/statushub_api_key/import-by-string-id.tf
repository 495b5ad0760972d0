import {
  to = statushub_api_key.example
  id = "mem_0d1e2f3a4b5c6d7e8f90/key_9a8b7c6d5e4f3a2b1c0d"
}
