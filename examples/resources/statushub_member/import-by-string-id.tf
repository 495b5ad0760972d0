import {
  to = statushub_member.example
  id = "mem_0d1e2f3a4b5c6d7e8f90"
}
